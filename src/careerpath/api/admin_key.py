"""The local admin API key of `careerpath serve`: made once per database, kept in a 0600 file.

The key (role hr_admin, subject ``local-admin``) lives in ``<config_dir>/local-admin-<db>.key``,
where ``<db>`` is a short hash of the database URL, so restarts reuse it and several databases
keep separate keys. A key that no longer authenticates (revoked, or the database was replaced) is
replaced by a new one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from careerpath.domain.errors import AuthenticationError
from careerpath.engine.api_keys import authenticate_api_key, create_api_key
from careerpath.engine.ports import UnitOfWork

SUBJECT = "local-admin"


def key_path(config_dir: Path, database_url: str) -> Path:
    """Where the local admin key of this database is kept."""
    digest = hashlib.sha256(database_url.encode("utf-8")).hexdigest()[:10]
    return config_dir.expanduser() / f"local-admin-{digest}.key"


def ensure_local_admin_key(
    *, path: Path, uow_factory: Callable[[], UnitOfWork], now: datetime
) -> tuple[str, bool]:
    """The working local admin token kept at ``path`` (made and stored when needed); (token, made)."""
    if path.is_file():
        token = path.read_text(encoding="utf-8").strip()
        try:
            principal = authenticate_api_key(token, uow=uow_factory())
        except AuthenticationError:
            principal = None
        if principal is not None and principal.role == "hr_admin":
            os.chmod(path, 0o600)
            return token, False
    _, token = create_api_key(
        role="hr_admin",
        subject=SUBJECT,
        description="local admin of careerpath serve",
        uow=uow_factory(),
        now=now,
    )
    _write_private(path, token)
    return token, True


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by the owner only (0600; folder 0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(prefix=".key-", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
