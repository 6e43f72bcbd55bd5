"""`careerpath keys create|list|revoke`: API keys for services, people and the local admin."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import typer

from careerpath.cli import hooks
from careerpath.cli.output import Format, render
from careerpath.config import Settings
from careerpath.domain.access import ROLES
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.service_ports import ApiKeyRecord

app = typer.Typer(
    help="API keys: create one (its token is shown once), list them, revoke one.",
    no_args_is_help=True,
)

#: Hooks for tests and embedding (None: the people commands' hook, then bootstrap).
UOW_FACTORY: Callable[[Settings], UnitOfWork] | None = None


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


#: Hook for tests: the current time.
CLOCK: Callable[[], datetime] = utc_now

COLUMNS = ("key_id", "role", "subject", "person_id", "description", "created", "revoked")


class Out(StrEnum):
    """Output of `keys create`."""

    text = "text"
    json = "json"


_ROLE = typer.Option(
    ..., "--role", help=f"What the key may do: {', '.join(ROLES)} (docs/access.md)."
)
_CREATE_FORMAT = typer.Option(Out.text, "--format", "-f", help="text or json.")
_LIST_FORMAT = typer.Option(Format.table, "--format", "-f", help="table, tsv or json.")


@app.command("create")
def create(
    role: str = _ROLE,
    subject: str = typer.Option(..., "--subject", help="Who or what uses it, e.g. hris-sync."),
    person: str | None = typer.Option(
        None, "--person", help="The person id an employee or manager key acts as."
    ),
    description: str = typer.Option("", "--description", help="What the key is for."),
    fmt: Out = _CREATE_FORMAT,
) -> None:
    """Create an API key and print its token (shown only this once)."""
    from careerpath.engine.api_keys import create_api_key

    settings = Settings()
    record, token = create_api_key(
        role=role,
        subject=subject,
        person_id=person,
        description=description,
        uow=_uow(settings),
        now=CLOCK(),
    )
    if fmt is Out.json:
        json.dump(_row(record) | {"token": token}, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    url = f"http://{settings.api_host}:{settings.api_port}/v1/people/{person or 'PERSON_ID'}"
    who = f"role {record.role}, subject {record.subject!r}" + (
        f", person {record.person_id}" if record.person_id else ""
    )
    typer.echo(f"Created API key {record.key_id} ({who}).")
    typer.echo("Token (shown only now; store it in a secret manager, it cannot be recovered):\n")
    typer.echo(f"  {token}\n")
    typer.echo("Use it as a bearer token:")
    typer.echo(f'  curl -H "Authorization: Bearer {token}" {url}/recommendations')
    typer.echo(f"Revoke it with: careerpath keys revoke {record.key_id}")


@app.command("list")
def list_(
    fmt: Format = _LIST_FORMAT,
) -> None:
    """Every API key, oldest first (ids, roles, subjects and dates; never secrets)."""
    from careerpath.engine.api_keys import list_api_keys

    keys = list_api_keys(uow=_uow(Settings()))
    if not keys and fmt is Format.table:
        typer.echo("no API keys yet: create one with `careerpath keys create`")
        return
    rows = [tuple(_row(k).values()) for k in keys]
    render(rows, COLUMNS, fmt, title="API keys")


@app.command("revoke")
def revoke(key_id: str = typer.Argument(..., help="The key id (`careerpath keys list`).")) -> None:
    """Revoke an API key: requests with it are refused from now on."""
    from careerpath.engine.api_keys import revoke_api_key

    record = revoke_api_key(key_id, uow=_uow(Settings()), now=CLOCK())
    revoked = record.revoked.isoformat() if record.revoked else ""
    typer.echo(f"Revoked API key {record.key_id} ({record.role}, {record.subject!r}) at {revoked}.")


def _row(record: ApiKeyRecord) -> dict[str, Any]:
    """The listed fields of a key (no hash)."""
    return {
        "key_id": record.key_id,
        "role": record.role,
        "subject": record.subject,
        "person_id": record.person_id or "",
        "description": record.description,
        "created": record.created.isoformat(),
        "revoked": record.revoked.isoformat() if record.revoked else "",
    }


def _uow(settings: Settings) -> UnitOfWork:
    """The unit of work (this module's hook, else the people commands' one)."""
    return hooks.unit_of_work(settings, UOW_FACTORY)
