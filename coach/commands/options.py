"""Options several commands take, declared once so they read and behave the same everywhere.

The `Annotated` aliases (`output: OutputOpt = None`), `with_options` for a group that two
commands share whole, and the rules behind the options: the format from `-o`'s file name,
writing the result, which journal to use and its filters checked against the playbooks.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from coach.errors import UsageError
from coach.vocab import Outcome, TextFormat, ViewFormat

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks

__all__ = [
    "CompanyOpt", "DbOpt", "ForceOpt", "MeOpt", "NoInputOpt", "NoSaveOpt", "OutcomeFilter",
    "OutputOpt", "PlaybooksOpt", "SinceOpt", "StageFilter", "StageOpt", "StyleFilter",
    "TextFormat", "TextFormatOpt", "UntilOpt", "ViewFormat", "ViewFormatOpt", "deliver",
    "format_for", "journal_filters", "journal_target", "stdout_dash", "text_format",
    "with_options",
]

# Every option is declared as `name: Annotated[type, typer.Option(...)] = default`;
# the ones several commands share are these aliases (`playbooks: PlaybooksOpt = None`).
PlaybooksOpt = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--playbooks",
        metavar="DIR",
        help="Extra playbook folder or file, applied on top of the others (repeatable).",
    ),
]
MeOpt = Annotated[
    Optional[str],
    typer.Option(
        "--me",
        metavar="STYLE",
        help="Your own style for this call (default: 'coach config set my-style').",
    ),
]
DbOpt = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        metavar="FILE|URL",
        help="The journal: an SQLite file, or a team's postgresql://user@host/db (default: "
        "COACH_DB, else 'coach config set db', else journal.sqlite3 in your data folder).",
    ),
]


def stdout_dash(value: Optional[Path]) -> Optional[Path]:
    """`--output -` means standard output, as for most Unix tools: the same as no --output."""
    return None if value is not None and str(value) == "-" else value


# What a command writes, and where
OutputOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        callback=stdout_dash,
        help="Write to FILE instead of the screen ('-' is the screen).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite the --output file.")]
TextFormatOpt = Annotated[
    Optional[TextFormat],
    typer.Option(
        "--format",
        help="terminal (default), markdown or json; with --output, a .md or .json name "
        "picks it.",
    ),
]
ViewFormatOpt = Annotated[ViewFormat, typer.Option("--format", help="terminal or json.")]
NoInputOpt = Annotated[
    bool, typer.Option("--no-input", help="Never prompt: missing answers are an error.")
]
NoSaveOpt = Annotated[
    bool, typer.Option("--no-save", help="Don't record this in the call journal.")
]
# The call (prep, brief, followup, meeting)
CompanyOpt = Annotated[str, typer.Option("--company", help="Their company.")]
StageOpt = Annotated[
    Optional[str],
    typer.Option(
        "--stage", metavar="[new|loyal|potential|at-risk]", help="Where the account stands."
    ),
]
TEXT_SUFFIXES = {".md": TextFormat.markdown, ".markdown": TextFormat.markdown,
                 ".json": TextFormat.json}


def with_options(make: Callable[..., Any]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Options several commands share, declared once.

    Typer reads a command's options off its signature. `make` declares the shared ones as
    its parameters and builds one value from them; the decorated command takes that value as
    its last parameter (keyword-only), and Typer sees `make`'s options in its place."""
    import functools
    import inspect

    shared = inspect.signature(make).parameters

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        *own, slot = inspect.signature(command).parameters.values()

        @functools.wraps(command)
        def run(**given: Any) -> None:
            made = make(**{name: given.pop(name) for name in shared})
            command(**given, **{slot.name: made})

        run.__signature__ = inspect.Signature([*own, *shared.values()])  # type: ignore[attr-defined]
        return run

    return decorate


def format_for(fmt, output: Optional[Path], suffixes: dict, default):
    """The --format given, else the one `output`'s suffix names, else `default`."""
    if output is not None and output.is_dir():  # said before any work (or interview) is done
        from coach.errors import CoachError

        raise CoachError(f"--output: {output} is a folder; give a file name")
    if fmt is not None:
        return fmt
    if output is None:
        return default
    found = suffixes.get(output.suffix.lower())
    if found is None:
        names = ", ".join(dict.fromkeys(f.value for f in suffixes.values()))
        raise UsageError(f"--output: say --format ({names}), or use a "
                         f"{'/'.join(suffixes)} name")
    return found


def text_format(fmt: Optional[TextFormat], output: Optional[Path]) -> TextFormat:
    """--format for what a rep reads (terminal, markdown, json): as given, else from --output's
    name, else the terminal, which is for the screen only."""
    found = format_for(fmt, output, TEXT_SUFFIXES, TextFormat.terminal)
    if found is TextFormat.terminal and output is not None:
        raise UsageError("--output: the terminal format cannot be saved; use --format markdown "
                         "or json")
    return found


def deliver(text: str, output: Optional[Path], force: bool, inputs=()) -> None:
    """Text to stdout, or to `output` through the one writer (no clobber unless --force, and
    never over one of the command's `inputs`)."""
    if output is None:
        sys.stdout.write(text)
        return
    from coach.writefile import write_new

    write_new(output, text, force=force, inputs=[p for p in inputs if p])
    print(f"saved {output}", file=sys.stderr)


# Filters over the journal (debrief, lessons, journal list/export)
StyleFilter = Annotated[
    Optional[str], typer.Option("--style", metavar="STYLE", help="Only calls read as this style.")
]
StageFilter = Annotated[
    Optional[str], typer.Option("--stage", metavar="STAGE", help="Only calls at this stage.")
]
SinceOpt = Annotated[
    Optional[str], typer.Option("--since", metavar="DATE", help="Only calls on or after this day.")
]
OutcomeFilter = Annotated[
    Optional[Outcome], typer.Option("--outcome", help="Only calls with this outcome.")
]
UntilOpt = Annotated[
    Optional[str], typer.Option("--until", metavar="DATE", help="Only calls on or before this day.")
]


def journal_target(db: Optional[str], read: bool = True):
    """The journal to use (a file or a postgresql:// URL; see journal.resolve). A --db FILE
    given to a command that only reads must exist: a typo would otherwise look like an empty
    journal. (A write may create it, in a folder that exists.)"""
    from coach.journal import resolve

    target = resolve(db)
    if db is None or isinstance(target, str):
        return target
    if read:
        from coach.errors import CoachError

        path = target
        if not path.parent.is_dir():
            raise CoachError(f"--db {db}: no such folder: {path.parent}")
        if not path.exists():
            raise CoachError(f"--db {db}: no such file (a journal is created by the first "
                             "'coach debrief')")
    return target


def journal_filters(books: Playbooks, style, stage, outcome, since, until) -> dict:
    """Filter flags checked against the playbooks, so a typo is an error, not an empty list."""
    from coach.text import iso_day, unknown

    if style and style not in books.styles:
        raise unknown("style", style, books.styles, "--style")
    if stage and stage not in books.stages:
        raise unknown("stage", stage, books.stages, "--stage")
    return {"style": style, "stage": stage, "outcome": outcome.value if outcome else None,
            "since": iso_day(since, "--since"), "until": iso_day(until, "--until")}

