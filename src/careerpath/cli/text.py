"""`careerpath skills link` and `careerpath titles normalize`: text to ranked taxonomy concepts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum

import typer

from careerpath.cli.output import Format, read_inputs, render, stderr_console
from careerpath.config import Settings
from careerpath.domain.matching import Match
from careerpath.domain.taxonomy import Taxonomy

skills_app = typer.Typer(help="Link free text to taxonomy skills.", no_args_is_help=True)
titles_app = typer.Typer(
    help="Normalise job titles to occupations or org roles.", no_args_is_help=True
)

COLUMNS = ("input_index", "rank", "id", "label", "score")


class Semantic(StrEnum):
    """Whether to fuse sentence-embedding scores with the lexical ones."""

    auto = "auto"
    on = "on"
    off = "off"


_INPUT = typer.Option(None, "--input", "-i", help="File with one item per line ('-' for stdin).")
_TOP = typer.Option(10, "--top", "-k", help="How many results per input line (1-100).")
_FORMAT = typer.Option(Format.table, "--format", "-f", help="table, tsv or json.")
_SEMANTIC = typer.Option(Semantic.auto, "--semantic", help="auto (when installed), on or off.")


@skills_app.command("link")
def link(
    text: str | None = typer.Argument(None, help="A resume line or job-ad sentence."),
    input_file: str | None = _INPUT,
    taxonomy: str = typer.Option(
        "auto", "--taxonomy", "-t", help="esco, onet, or auto (ESCO when loaded, else O*NET)."
    ),
    top: int = _TOP,
    fmt: Format = _FORMAT,
    semantic: Semantic = _SEMANTIC,
) -> None:
    """Ranked skills for each input line (TSV columns: input_index, rank, id, label, score)."""
    from careerpath.bootstrap import load_skill_linker
    from careerpath.engine.normalize import link_skills

    texts = read_inputs(text, input_file)

    def call(settings: Settings, tax: Taxonomy) -> list[list[Match]]:
        linker = load_skill_linker(settings, tax)
        return link_skills(texts, linker=linker, taxonomy=_resolve(taxonomy, tax), top=top)

    _run(texts, fmt, "skills", call, semantic)


@titles_app.command("normalize")
def normalize(
    title: str | None = typer.Argument(None, help="A job title as people write it."),
    input_file: str | None = _INPUT,
    taxonomy: str = typer.Option(
        "auto", "--taxonomy", "-t", help="esco, onet, org, or auto (ESCO when loaded, else O*NET)."
    ),
    top: int = _TOP,
    fmt: Format = _FORMAT,
    semantic: Semantic = _SEMANTIC,
) -> None:
    """Ranked occupations or roles for each title (TSV columns: input_index, rank, id, label, score)."""
    from careerpath.bootstrap import load_title_normalizer
    from careerpath.engine.normalize import normalize_titles

    titles = read_inputs(title, input_file)

    def call(settings: Settings, tax: Taxonomy) -> list[list[Match]]:
        normalizer = load_title_normalizer(settings, tax)
        which = _resolve(taxonomy, tax)
        return normalize_titles(titles, normalizer=normalizer, taxonomy=which, top=top)

    _run(titles, fmt, "titles", call, semantic)


def _resolve(which: str, taxonomy: Taxonomy) -> str:
    """``auto`` means ESCO when the taxonomy holds it, else O*NET (ESCO is a manual download)."""
    if which != "auto":
        return which
    if taxonomy.occupations_of("esco"):
        return "esco"
    stderr_console().print("[dim]ESCO is not loaded; matching against O*NET[/dim]")
    return "onet"


def _run(
    items: Sequence[str],
    fmt: Format,
    what: str,
    call: Callable[[Settings, Taxonomy], list[list[Match]]],
    semantic: Semantic,
) -> None:
    from careerpath.bootstrap import load_taxonomy

    settings = Settings().model_copy(update={"semantic": semantic.value})
    err = stderr_console()
    with err.status("loading the taxonomy…"):
        taxonomy = load_taxonomy(settings, progress=err.print)
    with err.status(f"matching {len(items)} line(s) to {what}…"):
        results = call(settings, taxonomy)
    render(_rows(results), COLUMNS, fmt, title=what)


def _rows(results: Sequence[Sequence[Match]]) -> list[tuple[int, int, str, str, float]]:
    return [
        (i, rank, m.id, m.label, m.score)
        for i, matches in enumerate(results)
        for rank, m in enumerate(matches, 1)
    ]
