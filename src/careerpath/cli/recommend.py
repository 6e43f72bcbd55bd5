"""`careerpath recommend PERSON` and `careerpath simulate PERSON --target ROLE --what-if ...`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from careerpath.cli import hooks
from careerpath.config import Settings
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.ports import UnitOfWork
from careerpath.engine.recommend_types import Recommendations, SimulationComparison

#: Hooks for tests and embedding (None: cli.people's hooks, then bootstrap).
UOW_FACTORY: Callable[[Settings], UnitOfWork] | None = None
TAXONOMY_FACTORY: Callable[[Settings], Taxonomy] | None = None


class Out(StrEnum):
    """Output formats."""

    table = "table"
    json = "json"


_PERSON = typer.Argument(..., help="The person id.")
_FORMAT = typer.Option(Out.table, "--format", "-f", help="table or json.")


def recommend(
    person_id: str | None = typer.Argument(None, help="The person id (or --all)."),
    target: str | None = typer.Option(None, "--target", help="Target org role id."),
    top: int = typer.Option(10, "--top", help="How many next roles."),
    fmt: Out = _FORMAT,
    everybody: bool = typer.Option(
        False, "--all", help="Re-rank everybody's next roles and store them (no paths)."
    ),
    external: bool | None = typer.Option(
        None,
        "--external/--no-external",
        help="Show external O*NET occupations (flagged) / leave them out "
        "(default: at most 3, when they rank among the best).",
    ),
    queue: bool = typer.Option(
        False, "--queue", help="With --all: submit partition jobs to the job queue, not rank here."
    ),
    partition_size: int | None = typer.Option(
        None, "--partition-size", help="With --all --queue: people per partition job (500)."
    ),
) -> None:
    """Next roles, priced paths with learning plans, and mentors for one person (or --all)."""
    from careerpath.engine.recommend import recommend_for

    if everybody == (person_id is not None):
        raise InvalidRequestError(
            "give exactly one of PERSON or --all", hint="careerpath recommend E0001, or --all"
        )
    if (queue or partition_size is not None) and not everybody:
        raise InvalidRequestError("--queue and --partition-size go with --all")
    if partition_size is not None and not queue:
        raise InvalidRequestError("--partition-size goes with --queue", hint="--all --queue")
    settings = Settings()
    if person_id is None:
        if external is not None:
            raise InvalidRequestError(
                "--all ranks external occupations as the policy says; drop --external/--no-external"
            )
        if queue:
            _queue_all(settings, top, target, partition_size, fmt)
        else:
            _recommend_all(settings, top, target, fmt)
        return
    rec = recommend_for(
        person_id,
        uow=_uow(settings),
        taxonomy=_taxonomy(settings),
        target=target,
        top=top,
        today=date.today(),
        external=external,
    )
    if fmt is Out.json:
        _dump(asdict(rec))
    else:
        _print_recommendations(rec)


def _recommend_all(settings: Settings, top: int, target: str | None, fmt: Out) -> None:
    """Rank and store everybody's next roles with a progress bar; print the run's summary."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from careerpath.engine.recommend_all import recommend_all

    if target is not None or top < 1:
        raise InvalidRequestError("--all takes --top >= 1 and no --target")
    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("ranking", total=None)
        summary = recommend_all(
            uow_factory=lambda: _uow(settings),
            taxonomy=_taxonomy(settings),
            top=top,
            today=date.today(),
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    if fmt is Out.json:
        _dump(asdict(summary))
    else:
        Console().print(
            f"run {summary.run_id}: {summary.people} people, {summary.rows} rows stored "
            f"({summary.roles} roles, top {top}) in {summary.seconds:.1f} s"
            + (f", policy v{summary.policy_version}" if summary.policy_version is not None else "")
            + "; "
            "paths and plans are computed per person on demand"
        )


def _queue_all(
    settings: Settings, top: int, target: str | None, partition_size: int | None, fmt: Out
) -> None:
    """Submit everybody's re-ranking as partition jobs to the configured queue; say how to watch."""
    from careerpath import bootstrap
    from careerpath.engine.rerank import DEFAULT_PARTITION, submit_rerank

    if target is not None or top < 1:
        raise InvalidRequestError("--all takes --top >= 1 and no --target")
    size = DEFAULT_PARTITION if partition_size is None else partition_size
    run = submit_rerank(
        queue=bootstrap.job_queue(settings),
        uow=_uow(settings),
        owner=_owner(),
        partition_size=size,
        top=top,
    )
    watch = f"/v1/recommendations/runs/{run.run_id}"
    if fmt is Out.json:
        _dump({"run_id": run.run_id, "partitions": len(run.job_ids), "jobs": run.job_ids,
               "backend": settings.jobs_backend, "watch": watch})  # fmt: skip
        return
    runs_them = (
        "`careerpath worker` processes (Celery) run them"
        if settings.jobs_backend == "celery"
        else "`careerpath worker` runs them (or `careerpath serve` with CAREERPATH_JOB_WORKERS > 0)"
    )
    Console().print(
        f"run {run.run_id}: {len(run.job_ids)} partition job(s) of up to {size} people queued "
        f"(top {top}, {settings.jobs_backend} jobs); {runs_them}.\n"
        f"watch: GET {watch} on the API (or each job: GET /v1/jobs/JOB_ID)",
        soft_wrap=True,
    )


def _owner() -> str:
    """Who submits from the command line: cli:<login name>."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no login name in this environment
        return "cli"


def simulate(
    person_id: str = _PERSON,
    target: str = typer.Option(..., "--target", help="Target org role id."),
    what: list[str] = typer.Option(  # noqa: B008
        [], "--what-if", help="skill=ID, course=ID or project=ID (repeatable)."
    ),
    fmt: Out = _FORMAT,
) -> None:
    """The best path to a target simulated before and after what-if changes."""
    from careerpath.engine.recommend_whatif import simulate_for

    settings = Settings()
    result = simulate_for(
        person_id,
        target=target,
        what_if=[_parse_what_if(w) for w in what],
        uow=_uow(settings),
        taxonomy=_taxonomy(settings),
        today=date.today(),
    )
    if fmt is Out.json:
        _dump(asdict(result))
    else:
        _print_comparison(result)


def _parse_what_if(text: str) -> tuple[str, str]:
    """``kind=id`` as (kind, id)."""
    kind, sep, ident = text.partition("=")
    if not sep or kind not in ("skill", "course", "project") or not ident:
        raise InvalidRequestError(
            f"--what-if {text!r} is not kind=ID", hint="use skill=ID, course=ID or project=ID"
        )
    return kind, ident


def _uow(settings: Settings) -> UnitOfWork:
    """The unit of work (this module's hook, else the people commands' one)."""
    return hooks.unit_of_work(settings, UOW_FACTORY)


def _taxonomy(settings: Settings) -> Taxonomy:
    """The taxonomy (this module's hook, else the people commands' one)."""
    return hooks.taxonomy(settings, TAXONOMY_FACTORY)


def _dump(data: Any) -> None:
    """JSON on stdout (dates as ISO text)."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def _print_recommendations(rec: Recommendations) -> None:
    """Next roles, paths, mentors and notes as tables."""
    console = Console()
    policy = f", policy v{rec.policy_version}" if rec.policy_version is not None else ""
    console.print(
        f"[bold]{rec.person_id}[/bold] from {rec.origin or '-'}  ({rec.model_version}{policy})"
    )
    roles = Table(title="next roles")
    for col in ("#", "role", "score", "conf.", "ready", "move p", "open", "why"):
        roles.add_column(col)
    for i, r in enumerate(rec.next_roles, 1):
        flag = " [yellow](external)[/yellow]" if r.external else ""
        roles.add_row(
            str(i), f"{r.title}{flag}\n[dim]{r.role_id}[/dim]", f"{r.score:.2f}", f"{r.confidence:.2f}",
            f"{r.readiness:.0%}", f"{r.transition_probability:.2f}", str(r.open_positions),
            r.rationale,
        )  # fmt: skip
    console.print(roles)
    paths = Table(title="paths")
    for col in ("path", "months p10/p50/p90", "cost", "success", "learn", "why"):
        paths.add_column(col)
    for p in rec.paths:
        m, lo_hi = p.simulation.months, p.simulation.success_interval
        paths.add_row(
            " -> ".join(p.titles), f"{m.p10:.0f} / {m.p50:.0f} / {m.p90:.0f}",
            f"{p.simulation.cost.mean:.0f}",
            f"{p.simulation.success:.0%} ({lo_hi[0]:.0%}-{lo_hi[1]:.0%})",
            ", ".join(s.title for s in p.plan.steps[:3]) or "-", p.rationale,
        )  # fmt: skip
    console.print(paths)
    if rec.no_route is not None:
        closest = ", ".join(r for r, _ in rec.no_route.closest[:5]) or "none"
        console.print(f"no route: {rec.no_route.reason}; closest: {closest}")
    for mentor in rec.mentors:
        console.print(f"mentor {mentor.person_id} {mentor.name}: {mentor.reason}")
    for project in rec.stretch_projects:
        console.print(f"stretch project {project.project_id} {project.name}: {project.reason}")
    for note in rec.notes:
        console.print(f"note: {note}")


def _print_comparison(c: SimulationComparison) -> None:
    """Before / after as a table."""
    table = Table(title=f"{c.person_id} -> {c.target}: {' + '.join(c.changes) or 'no change'}")
    for col in ("", "before", "after", "change"):
        table.add_column(col)
    b, a = c.before, c.after
    rows = [
        ("months p50", b.months.p50, a.months.p50, c.delta_p50_months),
        ("months p90", b.months.p90, a.months.p90, c.delta_p90_months),
        ("cost", b.cost.mean, a.cost.mean, c.delta_cost),
        ("success", b.success, a.success, c.delta_success),
        (
            "readiness",
            c.readiness_before,
            c.readiness_after,
            c.readiness_after - c.readiness_before,
        ),
    ]
    for name, x, y, d in rows:
        table.add_row(name, f"{x:.2f}", f"{y:.2f}", f"{d:+.2f}")
    console = Console()
    console.print(" -> ".join(c.roles))
    console.print(table)
    for note in c.notes:
        console.print(f"note: {note}")
