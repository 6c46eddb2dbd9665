"""Flags and formats shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coach.errors import UsageError
from coach.vocab import TextFormat, ViewFormat

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks

__all__ = [
    "DbOpt", "MeOpt", "PlaybooksOpt", "SinceOpt", "StageFilter", "StyleFilter", "TextFormat",
    "UntilOpt", "ViewFormat", "deliver", "format_for", "journal_filters", "journal_target",
    "stdout_dash",
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


def format_for(fmt, output: Optional[Path], suffixes: dict, default):
    """The --format given, else the one `output`'s suffix names, else `default`."""
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


def deliver(text: str, output: Optional[Path], force: bool) -> None:
    """Text to stdout, or to `output` through the one writer (no clobber unless --force)."""
    if output is None:
        sys.stdout.write(text)
        return
    from coach.writefile import write_new

    write_new(output, text, force=force)
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

