"""Flags and formats shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.vocab import TextFormat, ViewFormat

__all__ = ["DbOpt", "PlaybooksOpt", "TextFormat", "ViewFormat", "stdout_dash"]

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
