"""API keys: token format, hashed storage, authentication, revocation, listing."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careerpath.domain.access import Principal
from careerpath.domain.errors import AuthenticationError, InvalidRequestError, NotFoundError
from careerpath.engine.api_keys import (
    authenticate_api_key,
    create_api_key,
    list_api_keys,
    revoke_api_key,
)
from fakes import FakeStore, FakeUnitOfWork

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
TOKEN = re.compile(r"cpk_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})")


def test_create_returns_a_token_and_stores_only_its_hash() -> None:
    store = FakeStore()
    record, token = create_api_key(
        role="service",
        subject=" hris-sync ",
        description="nightly",
        uow=FakeUnitOfWork(store),
        now=NOW,
    )
    match = TOKEN.fullmatch(token)
    assert match is not None and match.group(1) == record.key_id
    secret = match.group(2)
    stored = store.api_keys[record.key_id]
    assert stored == record
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(stored) and token not in repr(stored)
    assert (stored.role, stored.subject, stored.person_id, stored.description) == (
        "service",
        "hris-sync",
        None,
        "nightly",
    )


def test_authenticate_gives_the_principal() -> None:
    store = FakeStore()
    _, token = create_api_key(
        role="employee", subject="ada", person_id="E1", uow=FakeUnitOfWork(store), now=NOW
    )
    assert authenticate_api_key(token, uow=FakeUnitOfWork(store)) == Principal(
        "ada", "employee", "E1", "api_key"
    )
    assert authenticate_api_key(f"  {token}\n", uow=FakeUnitOfWork(store)).subject == "ada"


def test_wrong_unknown_revoked_and_malformed_tokens_are_refused() -> None:
    store = FakeStore()
    record, token = create_api_key(
        role="hr_admin", subject="admin", uow=FakeUnitOfWork(store), now=NOW
    )
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    other_id = "cpk_" + "x" * 12 + token[16:]
    for bad in (flipped, other_id):
        with pytest.raises(AuthenticationError, match="invalid API key"):
            authenticate_api_key(bad, uow=FakeUnitOfWork(store))
    for malformed in (
        "",
        "Bearer " + token,
        token + "x",
        "cpk_short_secret",
        token.replace("cpk_", "cpx_"),
    ):
        with pytest.raises(AuthenticationError, match="malformed API key"):
            authenticate_api_key(malformed, uow=FakeUnitOfWork(store))
    revoked = revoke_api_key(record.key_id, uow=FakeUnitOfWork(store), now=NOW + timedelta(hours=1))
    assert revoked.revoked == NOW + timedelta(hours=1)
    with pytest.raises(AuthenticationError, match="invalid API key"):
        authenticate_api_key(token, uow=FakeUnitOfWork(store))


@given(st.text(max_size=80))
def test_arbitrary_text_never_authenticates(text: str) -> None:
    store = FakeStore()
    create_api_key(role="hr_admin", subject="admin", uow=FakeUnitOfWork(store), now=NOW)
    with pytest.raises(AuthenticationError):
        authenticate_api_key(text, uow=FakeUnitOfWork(store))


def test_personal_keys_need_a_person_and_roles_are_checked() -> None:
    store = FakeStore()
    for role in ("employee", "manager"):
        with pytest.raises(InvalidRequestError, match=f"{role} keys act as one person"):
            create_api_key(
                role=role, subject="x", person_id=" ", uow=FakeUnitOfWork(store), now=NOW
            )
    with pytest.raises(InvalidRequestError, match="'root' is not a role"):
        create_api_key(role="root", subject="x", uow=FakeUnitOfWork(store), now=NOW)
    with pytest.raises(InvalidRequestError, match="subject"):
        create_api_key(role="auditor", subject="  ", uow=FakeUnitOfWork(store), now=NOW)
    assert store.api_keys == {}


def test_revoke_is_idempotent_and_unknown_keys_are_not_found() -> None:
    store = FakeStore()
    record, _ = create_api_key(role="auditor", subject="audit", uow=FakeUnitOfWork(store), now=NOW)
    revoke_api_key(record.key_id, uow=FakeUnitOfWork(store), now=NOW + timedelta(days=1))
    again = revoke_api_key(record.key_id, uow=FakeUnitOfWork(store), now=NOW + timedelta(days=2))
    assert again.revoked == NOW + timedelta(days=1)
    with pytest.raises(NotFoundError, match="no API key 'nope'"):
        revoke_api_key("nope", uow=FakeUnitOfWork(store), now=NOW)


def test_list_oldest_first_with_distinct_ids() -> None:
    store = FakeStore()
    made = [
        create_api_key(
            role="service", subject=f"s{i}", uow=FakeUnitOfWork(store), now=NOW + timedelta(i)
        )[0]
        for i in range(5)
    ]
    listed = list_api_keys(uow=FakeUnitOfWork(store))
    assert listed == made
    assert len({k.key_id for k in listed}) == 5
