"""`careerpath roles similar|transitions|show`: alike roles, feasible moves, and role profiles."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from careerpath.cli.output import Format, render, stderr_console
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.roles import Mode, RoleProfile, RoleRanking

app = typer.Typer(
    help="Similar roles, feasible role transitions and role profiles.", no_args_is_help=True
)

ALL_COLUMNS = ("source", "rank", "target", "score")
_CODE = typer.Argument(None, help="Occupation or role code (O*NET-SOC, ESCO URI, org:<id>).")
_ALL = typer.Option(False, "--all", help="Rank for every occupation of --taxonomy.")
_TOP = typer.Option(10, "--top", "-k", min=1, help="How many roles per origin.")
_FORMAT = typer.Option(Format.table, "--format", "-f", help="table, tsv or json.")
_TAXONOMY = typer.Option("onet", "--taxonomy", "-t", help="onet, esco or org (for --all).")


@app.command("similar")
def similar(
    code: str | None = _CODE,
    every: bool = _ALL,
    top: int = _TOP,
    fmt: Format = _FORMAT,
    taxonomy: str = _TAXONOMY,
) -> None:
    """Roles whose work is most alike: tasks/DWAs, knowledge, skills, technology, titles."""
    _run("similar", code, every=every, top=top, fmt=fmt, which=taxonomy)


@app.command("transitions")
def transitions(
    code: str | None = _CODE,
    every: bool = _ALL,
    top: int = _TOP,
    fmt: Format = _FORMAT,
    taxonomy: str = _TAXONOMY,
) -> None:
    """Most feasible moves from a role: transferable skills, gaps, preparation step (asymmetric)."""
    _run("transitions", code, every=every, top=top, fmt=fmt, which=taxonomy)


@app.command("show")
def show(
    code: str = typer.Argument(..., help="Occupation or role code."),
    top: int = _TOP,
    fmt: Format = _FORMAT,
) -> None:
    """A role's profile: top skills and knowledge, technologies (hot flagged), job zone, wages, outlook."""
    from careerpath.engine.roles import role_profile

    profile = role_profile(code, taxonomy=_load(), top=top)
    if fmt is Format.json:
        _dump(asdict(profile))
    elif fmt is Format.tsv:
        rows = [
            (name, it.id, it.label, it.importance, "" if it.level is None else it.level, it.hot)
            for name, items in profile.facets.items()
            for it in items
        ]
        render(rows, ("facet", "id", "label", "importance", "level", "hot"), Format.tsv)
    else:
        _print_profile(profile)


def _run(mode: Mode, code: str | None, *, every: bool, top: int, fmt: Format, which: str) -> None:
    from careerpath.engine.roles import role_transitions, similar_roles

    if every == (code is not None):
        raise InvalidRequestError("give exactly one of CODE or --all")
    tax = _load()
    if every:
        _run_all(mode, tax, top=top, fmt=fmt, which=which)
        return
    assert code is not None
    use_case = similar_roles if mode == "similar" else role_transitions
    ranking = use_case(code, taxonomy=tax, top=top, why=fmt is not Format.tsv)
    if fmt is Format.tsv:
        rows = [(ranking.origin.id, m.rank, m.id, m.score) for m in ranking.matches]
        render(rows, ALL_COLUMNS, Format.tsv)
    elif fmt is Format.json:
        _dump(_ranking_json(ranking))
    else:
        _print_ranking(ranking)


def _run_all(mode: Mode, tax: Taxonomy, *, top: int, fmt: Format, which: str) -> None:
    from careerpath.engine.roles import all_roles

    columns = [
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=stderr_console(), transient=True) as bar:
        task = bar.add_task(f"roles {mode}", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        rows = list(all_roles(mode, taxonomy=tax, which=which, top=top, progress=tick))
    render(rows, ALL_COLUMNS, fmt, title=f"{mode} roles ({which})")


def _load() -> Taxonomy:
    from careerpath.bootstrap import load_taxonomy
    from careerpath.config import Settings

    err = stderr_console()
    with err.status("loading the taxonomy…"):
        return load_taxonomy(Settings(), progress=err.print)


def _ranking_json(ranking: RoleRanking) -> dict[str, Any]:
    return {
        "origin": {"id": ranking.origin.id, "title": ranking.origin.title},
        "mode": ranking.mode,
        "results": [asdict(m) for m in ranking.matches],
    }


def _dump(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _print_ranking(ranking: RoleRanking) -> None:
    from rich.table import Table

    head = "similar to" if ranking.mode == "similar" else "moves from"
    table = Table(title=f"Roles {head} {ranking.origin.id} {ranking.origin.title}")
    for col in (
        "#",
        "code",
        "title",
        "score",
        "zone step",
        "wage change",
        "shared",
        "missing (gap)",
    ):
        table.add_column(col)
    for m in ranking.matches:
        why = m.explanation
        table.add_row(
            str(m.rank),
            m.id,
            m.title,
            f"{m.score:.3f}",
            _signed(why.job_zone_step if why else None, "{:+.0f}"),
            _signed(why.wage_change_ratio if why else None, "{:+.0%}"),
            ", ".join(g.label for g in why.shared[:3]) if why else "",
            ", ".join(f"{g.label} ({g.gap:.2f})" for g in why.missing[:3]) if why else "",
        )
    console = Console()
    console.print(table)
    if ranking.matches and ranking.matches[0].explanation is not None:
        best = ranking.matches[0].explanation
        scores = ", ".join(
            f"{f.facet} {f.similarity:.2f}" for f in best.facets if f.similarity is not None
        )
        console.print(f"facet similarity with #1 {best.destination}: {scores}")


def _signed(value: float | None, fmt: str) -> str:
    return "" if value is None else fmt.format(value)


def _print_profile(profile: RoleProfile) -> None:
    from rich.table import Table

    occ, console = profile.occupation, Console()
    console.print(f"[bold]{occ.id}[/] {occ.title}")
    if occ.description:
        console.print(occ.description)
    facts: list[tuple[str, float | str | None]] = [
        ("job zone", occ.job_zone),
        ("education level", occ.education_level),
    ]
    if occ.wages is not None:
        facts += [
            ("median annual wage", occ.wages.annual_median),
            ("employment", occ.wages.employment),
        ]
    if occ.outlook is not None:
        facts += [
            ("projected change %", occ.outlook.change_percent),
            ("annual openings (k)", occ.outlook.annual_openings),
            ("typical education", occ.outlook.education),
        ]
    console.print("; ".join(f"{k}: {v}" for k, v in facts if v not in (None, "")))
    for name, items in profile.facets.items():
        table = Table(title=name)
        for col in ("id", "label", "importance", "level", "hot"):
            table.add_column(col)
        for it in items:
            level = "" if it.level is None else f"{it.level:.2f}"
            table.add_row(it.id, it.label, f"{it.importance:.2f}", level, "🔥" if it.hot else "")
        console.print(table)
