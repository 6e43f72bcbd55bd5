"""The careerpath command line: parse, call a use case, render. Errors become one line and exit 2."""

from __future__ import annotations

import sys

import typer

from careerpath.domain.errors import CareerpathError

app = typer.Typer(
    name="careerpath",
    help="Career path optimization engine: taxonomy, skills, titles and role routes.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_REGISTERED: list[bool] = []


def _register() -> None:
    """Add the commands to ``app`` (once per process: main() may run many times in one process)."""
    if _REGISTERED:
        return
    _REGISTERED.append(True)
    from careerpath.cli import data, demo, people, recommend, roles, text

    app.add_typer(data.app, name="data")
    app.command("demo")(demo.demo)
    app.command("recommend")(recommend.recommend)
    app.command("simulate")(recommend.simulate)
    app.add_typer(people.app, name="people")
    app.add_typer(text.skills_app, name="skills")
    app.add_typer(text.titles_app, name="titles")
    app.add_typer(roles.app, name="roles")
    from careerpath.cli import keys, policy

    app.add_typer(keys.app, name="keys")
    app.add_typer(policy.app, name="policy")
    from careerpath.cli.serve import serve

    app.command("serve")(serve)
    from careerpath.cli.worker import worker

    app.command("worker")(worker)


def main() -> None:
    """Entry point: run the app, turning careerpath errors into one line on stderr and exit code 2."""
    _register()
    try:
        code = app(standalone_mode=False)  # returns typer.Exit's code instead of exiting
        if isinstance(code, int) and code:
            sys.exit(code)
    except CareerpathError as exc:
        sys.stderr.write(f"careerpath: error: {exc}\n")
        sys.exit(2)
    except (typer.Abort, KeyboardInterrupt):
        sys.stderr.write("careerpath: aborted\n")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # click usage errors (typer >= 0.20 raises its vendored click's)
        if isinstance(exc, _usage_errors()):
            exc.show()  # type: ignore[attr-defined]  # a ClickException
            sys.exit(2)
        raise


def _usage_errors() -> tuple[type[Exception], ...]:
    """The ClickException classes of click and of the copy of click that typer vendors."""
    import importlib

    classes: list[type[Exception]] = []
    for name in ("click.exceptions", "typer._click.exceptions"):
        try:
            classes.append(importlib.import_module(name).ClickException)
        except (ImportError, AttributeError):
            continue
    return tuple(classes)
