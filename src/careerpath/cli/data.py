"""`careerpath data fetch|info`: get the publishers' releases and show what the taxonomy holds."""

from __future__ import annotations

import json
import sys
from collections import Counter
from enum import StrEnum
from functools import partial
from typing import Annotated

import typer

from careerpath.cli.output import stderr_console
from careerpath.config import Settings
from careerpath.domain.taxonomy import TAXONOMIES, Taxonomy

app = typer.Typer(
    help="Fetch the O*NET, BLS and ESCO releases; show what is loaded.", no_args_is_help=True
)


class Source(StrEnum):
    """A source `data fetch` can get."""

    onet = "onet"
    bls = "bls"
    esco = "esco"


_STATUS = {"ok": "ok", "present": "already present", "manual": "by hand", "failed": "failed"}


@app.command("fetch")
def fetch(
    only: Annotated[
        list[Source] | None,
        typer.Option(
            "--only", help="Fetch only this source (repeatable; its failure exits 2). Default: all."
        ),
    ] = None,
    release: str = typer.Option("29.3", help="O*NET database release to download."),
    oews_year: int | None = typer.Option(
        None, help="Year of the BLS OEWS May estimates; default CAREERPATH_BLS_OEWS_YEAR."
    ),
) -> None:
    """Download O*NET, BLS and ESCO into the data folder, verified; exit 2 if O*NET is missing."""
    from careerpath.taxonomy.fetch import SOURCES, fetch_sources, manual_steps, require

    settings = Settings()
    if oews_year is not None:
        settings = settings.model_copy(update={"bls_oews_year": oews_year})
    err = stderr_console()
    chosen = [s.value for s in only or ()] or list(SOURCES)
    say = partial(err.print, markup=False, highlight=False)
    outcomes = fetch_sources(settings, dict.fromkeys(chosen), onet=release, progress=say)
    for outcome in outcomes:
        print(f"{outcome.source}: {_STATUS[outcome.status]} — {outcome.detail}")
    if not only:
        for step in manual_steps(settings.data_dir):
            say(f"optional: {step}")
    require(outcomes, strict=bool(only))


@app.command("info")
def info(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a summary."),
) -> None:
    """Load (or compile) the taxonomy and print what it holds: counts, facets, sources, notes."""
    from careerpath.bootstrap import load_taxonomy

    settings = Settings()
    err = stderr_console()
    with err.status("loading the taxonomy…"):
        taxonomy = load_taxonomy(settings, progress=err.print)
    summary = summarize(taxonomy)
    if as_json:
        json.dump(summary, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return
    _print_summary(summary)


def summarize(taxonomy: Taxonomy) -> dict[str, object]:
    """Counts per taxonomy, facet shapes, source files and loader notes, as plain data."""
    out: dict[str, object] = {"fingerprint": taxonomy.fingerprint()}
    for name in TAXONOMIES:
        occs = taxonomy.occupations_of(name)
        if not occs:
            continue
        kinds = Counter(s.kind for s in taxonomy.skills.values() if s.taxonomy == name)
        facets = {
            f: {"rows": len(x.row_ids), "cols": len(x.col_ids), "links": int(x.importance.nnz)}
            for f, x in sorted(taxonomy.facets_of(name).items())
        }
        out[name] = {
            "occupations": len(occs),
            "with_wages": sum(o.wages is not None for o in occs),
            "with_outlook": sum(o.outlook is not None for o in occs),
            "skills_by_kind": dict(sorted(kinds.items())),
            "facets": facets,
        }
    releases = Counter((s.dataset, s.release) for s in taxonomy.sources)
    out["sources"] = [
        {"dataset": d, "release": r, "files": n} for (d, r), n in sorted(releases.items())
    ]
    out["crosswalk_links"] = len(taxonomy.crosswalk)
    out["notes"] = list(taxonomy.notes)
    return out


def _print_summary(summary: dict[str, object]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="careerpath taxonomy")
    for col in ("taxonomy", "occupations", "skills by kind", "facets (rows × cols, links)"):
        table.add_column(col)
    for name in TAXONOMIES:
        part = summary.get(name)
        if not isinstance(part, dict):
            continue
        kinds = ", ".join(f"{k} {v:,}" for k, v in part["skills_by_kind"].items())
        facets = "\n".join(
            f"{f}: {x['rows']:,}×{x['cols']:,}, {x['links']:,}" for f, x in part["facets"].items()
        )
        occ = f"{part['occupations']:,} ({part['with_wages']:,} with BLS wages)"
        table.add_row(name, occ, kinds, facets)
    console.print(table)
    sources = summary["sources"]
    assert isinstance(sources, list)
    console.print(
        "sources: "
        + "; ".join(f"{s['dataset']} {s['release']} ({s['files']} files)" for s in sources)
    )
    console.print(f"ESCO↔O*NET crosswalk links: {summary['crosswalk_links']:,}")
    notes = summary["notes"]
    assert isinstance(notes, list)
    for note in notes:
        console.print(f"[dim]note:[/] {note}")
