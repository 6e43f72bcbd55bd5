"""`careerpath policy show|set`: the organization's versioned recommendation policy."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
import yaml

from careerpath.cli import hooks
from careerpath.cli.output import Format, render
from careerpath.config import Settings
from careerpath.domain.errors import DataError, UnknownCodeError, ValidationError
from careerpath.domain.policy import PolicyVersion, rules_to_json
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.policies import PolicyValidationError
from careerpath.engine.ports import UnitOfWork

app = typer.Typer(
    help="The recommendation policy: show the one in force (or its history); set a new version.",
    no_args_is_help=True,
)

#: Hooks for tests and embedding (None: the people commands' hooks, then bootstrap).
UOW_FACTORY: Callable[[Settings], UnitOfWork] | None = None
TAXONOMY_FACTORY: Callable[[Settings], Taxonomy] | None = None


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


#: Hook for tests: the current time.
CLOCK: Callable[[], datetime] = utc_now
MAX_FILE_BYTES = 1_000_000


class Out(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"


_FORMAT = typer.Option(Out.table, "--format", "-f", help="table or json.")
_FILE = typer.Argument(..., help="The policy, a .yaml/.yml or .json file.")


@app.command("show")
def show(
    version: int | None = typer.Option(None, "--version", "-v", help="One version by number."),
    history: bool = typer.Option(False, "--history", help="Every version, oldest first."),
    fmt: Out = _FORMAT,
) -> None:
    """The policy in force, one version (--version N) or every version (--history)."""
    from careerpath.engine import policies

    uow = _uow(Settings())
    if history:
        versions = policies.policy_history(uow=uow)
        if fmt is Out.json:
            _dump([policies.policy_document(v) for v in versions])
        elif not versions:
            typer.echo("no policy was set yet: recommendations use the defaults")
        else:
            render([_summary(v) for v in versions], _SUMMARY_COLUMNS, Format.table, title="history")
        return
    found = (
        policies.policy_version(version, uow=uow)
        if version is not None
        else policies.current_policy(uow=uow)
    )
    if fmt is Out.json:
        _dump(policies.policy_document(found) if found else None)
    elif found is None:
        typer.echo("no policy was set yet: recommendations use the defaults")
    else:
        _print_version(found)


@app.command("set")
def set_(
    file: Path = _FILE,
    author: str = typer.Option(..., "--author", help="Who sets it (kept with the version)."),
    comment: str = typer.Option("", "--comment", help="Why (kept with the version)."),
) -> None:
    """Store the file's policy as a new version (the old ones stay readable)."""
    from careerpath.engine import policies

    settings = Settings()
    document = read_policy_file(file)
    role_ids: Collection[str] = policies.stored_role_ids(uow=_uow(settings))
    try:
        policies.parse_policy(document, role_ids=role_ids)
    except UnknownCodeError as unknown:  # maybe occupation codes: check against the taxonomy too
        role_ids = _with_occupations(settings, role_ids, unknown)
    except PolicyValidationError as exc:
        raise _located(exc, file) from None
    saved = policies.set_policy(
        document,
        author=author,
        comment=comment,
        uow=_uow(settings),
        role_ids=role_ids,
        now=CLOCK(),
    )
    typer.echo(
        f"Policy version {saved.version} set by {saved.author} ({saved.created.isoformat()})."
    )


def read_policy_file(path: Path) -> Any:
    """The parsed YAML or JSON document; DataError with the file and line for syntax errors."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise ValidationError(
            f"a policy file is .yaml, .yml or .json, not {suffix or 'a file without suffix'}",
            path=str(path),
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the policy file: {exc.strerror}", path=str(path)) from None
    if len(data) > MAX_FILE_BYTES:
        raise DataError(f"the policy file is over {MAX_FILE_BYTES} bytes", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            "not UTF-8 text", path=str(path), line=line, hint="save it as UTF-8"
        ) from None
    return _parse_json(text, path) if suffix == ".json" else _parse_yaml(text, path)


def _parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"JSON syntax error: {exc.msg} (column {exc.colno})", path=str(path), line=exc.lineno
        ) from None


def _parse_yaml(text: str, path: Path) -> Any:
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(
            f"YAML syntax error: {problem}",
            path=str(path),
            line=mark.line + 1 if mark is not None else None,
            hint="check indentation and quoting on this line or the one before it",
        ) from None
    return {} if loaded is None else loaded  # an empty file is an empty policy


def _located(exc: PolicyValidationError, file: Path) -> ValidationError:
    """A PolicyValidationError with the file, and for YAML the line of each bad field."""
    lines = _field_lines(file) if file.suffix.lower() in (".yaml", ".yml") else {}
    parts = []
    for field, message, hint in exc.problems:
        at = f" (line {lines[field]})" if field in lines else ""
        parts.append(f"{field}{at}: {message}" + (f" ({hint})" if hint else ""))
    first = lines.get(exc.field)
    return ValidationError("invalid policy: " + "; ".join(parts), path=str(file), line=first)


def _field_lines(file: Path) -> dict[str, int]:
    """Field path (as the policy parser names it) -> 1-based line, from the YAML node tree."""
    try:
        root = yaml.compose(file.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    out: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        _walk(root, "", out)
        for key, value in root.value:
            if key.value == "rules" and isinstance(value, yaml.MappingNode):
                _walk(value, "", out)  # the stored-document form: rules are named without prefix
    return out


def _walk(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    """Record the line of every key and item below ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}.{key.value}" if prefix else str(key.value)
            out.setdefault(path, key.start_mark.line + 1)
            _walk(value, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = f"{prefix}[{i}]"
            out.setdefault(path, item.start_mark.line + 1)
            _walk(item, path, out)


def _with_occupations(
    settings: Settings, org_ids: Collection[str], unknown: UnknownCodeError
) -> frozenset[str]:
    """The org role ids plus every taxonomy occupation code (the taxonomy loaded on demand)."""
    try:
        taxonomy = _taxonomy(settings)
    except DataError as exc:
        raise UnknownCodeError(
            unknown.message,
            hint=f"{unknown.hint}; occupation codes could not be checked, the taxonomy did not"
            f" load: {exc}",
        ) from None
    return frozenset(org_ids) | frozenset(taxonomy.occupations)


_SUMMARY_COLUMNS = ("version", "created", "author", "comment", "rules")


def _summary(v: PolicyVersion) -> tuple[Any, ...]:
    rules = json.dumps(rules_to_json(v.rules), ensure_ascii=False)
    return (v.version, v.created.isoformat(), v.author, v.comment, rules)


def _print_version(v: PolicyVersion) -> None:
    """One version: a header line, then its rules as YAML."""
    typer.echo(f"# policy version {v.version}, set {v.created.isoformat()} by {v.author}")
    if v.comment:
        typer.echo(f"# {v.comment}")
    rules = rules_to_json(v.rules)
    text = yaml.safe_dump(rules, sort_keys=False, allow_unicode=True) if rules else "{}\n"
    sys.stdout.write(text)


def _dump(data: Mapping[str, Any] | list[Any] | None) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _uow(settings: Settings) -> UnitOfWork:
    """The unit of work (this module's hook, else the people commands' one)."""
    return hooks.unit_of_work(settings, UOW_FACTORY)


def _taxonomy(settings: Settings) -> Taxonomy:
    """The taxonomy (this module's hook, else the people commands' one)."""
    return hooks.taxonomy(settings, TAXONOMY_FACTORY)
