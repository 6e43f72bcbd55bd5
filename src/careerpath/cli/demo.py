"""`careerpath demo`: build the seeded demo organization from the real taxonomy and store it."""

from __future__ import annotations

from datetime import date
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn

from careerpath.cli.output import stderr_console
from careerpath.domain.errors import InvalidRequestError
from careerpath.domain.taxonomy import Taxonomy
from careerpath.engine.demo import MAX_SIZE, DemoOrganization, build_demo, write_demo
from careerpath.engine.ports import UnitOfWork

STAGES = {"people": "simulating careers", "profiles": "building profiles", "write": "writing"}


def demo(
    size: int = typer.Option(2000, "--size", "-n", min=1, max=MAX_SIZE, help="Current employees."),
    seed: int = typer.Option(7, "--seed", "-s", help="Random seed: same seed, same organization."),
    replace: bool = typer.Option(False, "--replace", help="Delete what the store holds first."),
    today: str = typer.Option("", "--today", help="Build as of this ISO date (default: today)."),
) -> None:
    """Build the demo organization (people, roles, learning, projects, outcomes) and store it."""
    from careerpath import bootstrap
    from careerpath.config import Settings

    as_of = _date(today)
    settings = Settings()
    console = stderr_console()
    console.print("[dim]loading the taxonomy...[/dim]")
    taxonomy = bootstrap.load_taxonomy(settings)
    made = build_and_store(
        taxonomy,
        bootstrap.unit_of_work(settings)(),
        size=size,
        seed=seed,
        replace=replace,
        today=as_of,
        console=console,
    )
    typer.echo(summary(made))


def build_and_store(
    taxonomy: Taxonomy,
    uow: UnitOfWork,
    *,
    size: int,
    seed: int,
    replace: bool,
    today: date,
    console: Console,
) -> DemoOrganization:
    """Build the demo with a progress display on ``console``, then write it through ``uow``."""
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        made = build_demo(taxonomy=taxonomy, size=size, seed=seed, today=today, progress=progress)
        write_demo(made, uow, replace=replace, progress=progress)
    return made


def summary(made: DemoOrganization) -> str:
    """What the demo made, one count a line, and a person to look at."""
    counts: dict[str, Any] = made.counts()
    width = max(len(k) for k in counts)
    lines = [f"demo organization (seed {made.seed}, as of {made.today.isoformat()}):"]
    lines += [f"  {k.ljust(width)}  {v:>9,}" for k, v in counts.items()]
    sample = made.sample_person()
    if sample:
        lines.append(f"try: careerpath people show {sample}")
    return "\n".join(lines)


def _date(text: str) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidRequestError(f"--today {text!r} is not an ISO date (YYYY-MM-DD)") from None
