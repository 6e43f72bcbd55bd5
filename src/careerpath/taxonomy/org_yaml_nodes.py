"""Composing YAML with a line number on every node; syntax errors as located problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from careerpath.taxonomy.org_model import FrameworkValidationError, Loc, Problem, Problems


@dataclass
class YScalar:
    """A YAML scalar, constructed (str, int, float, bool, None, date), with its line."""

    value: object
    line: int


@dataclass
class YSeq:
    """A YAML sequence with its line."""

    items: list[YNode]
    line: int


@dataclass
class YMap:
    """A YAML mapping with text keys, the line of each key, and its own line."""

    items: dict[str, YNode]
    key_lines: dict[str, int]
    line: int


YNode = YScalar | YSeq | YMap


def _syntax_error(exc: yaml.YAMLError, display: str) -> FrameworkValidationError:
    """A YAML syntax error as a located problem (the line where the parser gave up)."""
    line, what = 1, str(exc)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        what = str(exc.problem or "")
        if exc.context:
            started = f" on line {exc.context_mark.line + 1}" if exc.context_mark else ""
            what += f" ({exc.context}{started})"
    hint = "check indentation and quoting on this line or the one before it"
    return FrameworkValidationError(
        display, [Problem(Loc(display, line, ""), f"YAML syntax error: {what}", hint)]
    )


def _decode(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrameworkValidationError(
            display,
            [Problem(Loc(display, line, ""), "not valid UTF-8 text", "save the file as UTF-8")],
        ) from None


def describe(node: YNode) -> str:
    """How a node reads in a wrong-type message: ``a list``, ``the number 3``, ..."""
    if isinstance(node, YMap):
        return "a mapping (key: value lines)"
    if isinstance(node, YSeq):
        return "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"the {type(value).__name__} {value}"


def compose_located(path: Path, display: str, problems: Problems) -> YNode | None:
    """The YAML file as a YNode tree (None when empty); syntax errors raise at once."""
    text = _decode(path.read_bytes(), display)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, display) from None
    if node is None:
        return None
    return _convert(node, Loc(display, 1, ""), set(), _Context(problems, yaml.SafeLoader("")))


@dataclass
class _Context:
    problems: Problems
    loader: yaml.SafeLoader


def _convert(node: yaml.Node, loc: Loc, active: set[int], ctx: _Context) -> YNode:
    """Turn a composed node into YNodes, reporting duplicate and non-text keys."""
    line = node.start_mark.line + 1
    if id(node) in active:
        ctx.problems.add(Loc(loc.path, line, loc.field), "recursive YAML alias", "remove it")
        return YScalar(None, line)
    if isinstance(node, yaml.ScalarNode):
        try:
            return YScalar(ctx.loader.construct_object(node, deep=True), line)
        except (yaml.YAMLError, ValueError, TypeError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            ctx.problems.add(Loc(loc.path, line, loc.field), f"unreadable YAML value: {problem}")
            return YScalar(None, line)
    active = active | {id(node)}
    if isinstance(node, yaml.SequenceNode):
        items = [_convert(c, loc.at(f"[{i}]"), active, ctx) for i, c in enumerate(node.value)]
        return YSeq(items, line)
    assert isinstance(node, yaml.MappingNode)
    out = YMap({}, {}, line)
    for key_node, value_node in node.value:
        key_line = key_node.start_mark.line + 1
        key = _convert(key_node, loc, active, ctx)
        if not (isinstance(key, YScalar) and isinstance(key.value, str)):
            ctx.problems.add(Loc(loc.path, key_line, loc.field), "field names must be text")
            continue
        if key.value in out.items:
            first = out.key_lines[key.value]
            ctx.problems.add(
                loc.at(key.value, key_line), f"duplicate field (first on line {first})"
            )
            continue
        out.key_lines[key.value] = key_line
        out.items[key.value] = _convert(value_node, loc.at(key.value, key_line), active, ctx)
    return out
