"""API keys: create (the token is shown once), authenticate, revoke, list.

A token reads ``cpk_<key_id>_<secret>``: ``key_id`` is 12 URL-safe characters (it may itself hold
``_`` or ``-``, so it is read by position), ``secret`` 32 random bytes in URL-safe base64. Only the
SHA-256 hex digest of the secret is stored; checking compares digests in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

from careerpath.domain.access import ROLES, Principal, Role
from careerpath.domain.errors import AuthenticationError, InvalidRequestError, NotFoundError
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.service_ports import ApiKeyRecord

PREFIX = "cpk_"
KEY_ID_CHARS = 12
SECRET_BYTES = 32
#: Roles whose keys act as one person (and so need ``person_id``).
PERSONAL_ROLES: frozenset[str] = frozenset({"employee", "manager"})
_TOKEN = re.compile(rf"{PREFIX}([A-Za-z0-9_-]{{{KEY_ID_CHARS}}})_([A-Za-z0-9_-]{{43}})")
_MAX_SUBJECT = 200
_MAX_DESCRIPTION = 1_000
_DUMMY_HASH = hashlib.sha256(b"no such key").hexdigest()


def hash_secret(secret: str) -> str:
    """The stored form of a secret: SHA-256 of its UTF-8 bytes, as 64 hex digits."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_api_key(
    *,
    role: str,
    subject: str,
    person_id: str | None = None,
    description: str = "",
    uow: UnitOfWork,
    now: datetime,
) -> tuple[ApiKeyRecord, str]:
    """Store a new key and return it with its token (the only time the token is available)."""
    checked = _role(role)
    subject, person = subject.strip(), (person_id or "").strip() or None
    if not subject or len(subject) > _MAX_SUBJECT:
        raise InvalidRequestError(
            f"subject: give a name of 1 to {_MAX_SUBJECT} characters",
            hint="who or what uses the key, e.g. hris-sync or ada@example.org",
        )
    if checked in PERSONAL_ROLES and person is None:
        raise InvalidRequestError(
            f"{checked} keys act as one person: give the person id",
            hint="--person E0001 (the employee or manager the key belongs to)",
        )
    if len(description) > _MAX_DESCRIPTION:
        raise InvalidRequestError(f"description: at most {_MAX_DESCRIPTION} characters")
    key_id = secrets.token_urlsafe(KEY_ID_CHARS * 3 // 4)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    record = ApiKeyRecord(key_id, hash_secret(secret), checked, subject, now, person, description)
    with uow:
        uow.api_keys.add(record)
        uow.commit()
    return record, f"{PREFIX}{key_id}_{secret}"


def authenticate_api_key(token: str, *, uow: UnitOfWork) -> Principal:
    """The principal of a valid, unrevoked key; AuthenticationError for anything else."""
    match = _TOKEN.fullmatch(token.strip())
    if match is None:
        raise AuthenticationError(
            "malformed API key", hint=f"a key looks like {PREFIX}<12 characters>_<43 characters>"
        )
    key_id, secret = match.groups()
    with uow:
        record = uow.api_keys.get(key_id)
    stored = record.secret_hash if record is not None else _DUMMY_HASH
    matches = hmac.compare_digest(stored.encode("ascii"), hash_secret(secret).encode("ascii"))
    if record is None or not matches or record.revoked is not None:
        raise AuthenticationError(
            "invalid API key (unknown, revoked or mistyped)",
            hint="ask an hr_admin for a new key (`careerpath keys create`)",
        )
    return Principal(record.subject, record.role, record.person_id, "api_key")


def revoke_api_key(key_id: str, *, uow: UnitOfWork, now: datetime) -> ApiKeyRecord:
    """Revoke a key from now on (idempotent); NotFoundError when there is no such key."""
    with uow:
        uow.api_keys.revoke(key_id, now)
        record = uow.api_keys.get(key_id)
        if record is None:
            raise NotFoundError(
                f"no API key {key_id!r}", hint="`careerpath keys list` shows the key ids"
            )
        uow.commit()
    return record


def list_api_keys(*, uow: UnitOfWork) -> list[ApiKeyRecord]:
    """Every key, oldest first (records hold hashes, never secrets)."""
    with uow:
        return uow.api_keys.all()


def _role(role: str) -> Role:
    """``role`` as a Role; InvalidRequestError naming the valid roles otherwise."""
    for known in ROLES:
        if role == known:
            return known
    raise InvalidRequestError(
        f"role: {role!r} is not a role", hint=f"use one of {', '.join(ROLES)}"
    )
