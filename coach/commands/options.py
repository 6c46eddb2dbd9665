"""Flags and formats shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.errors import UsageError
from coach.vocab import TextFormat, ViewFormat

__all__ = ["DbOpt", "PlaybooksOpt", "TextFormat", "ViewFormat", "deliver", "format_for",
           "stdout_dash"]

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
