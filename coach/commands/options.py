"""Flags and formats shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class TextFormat(str, Enum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"


class ViewFormat(str, Enum):
    terminal = "terminal"
    json = "json"


PLAYBOOKS = typer.Option(
    None, "--playbooks", metavar="DIR",
    help="Extra playbook folder or file, applied on top of the others (repeatable).")
DB = typer.Option(
    None, "--db", metavar="FILE",
    help="The journal file (default: journal.sqlite3 in your coach data folder).")


def stdout_dash(value: Optional[Path]) -> Optional[Path]:
    """`--output -` means standard output, as for most Unix tools: the same as no --output."""
    return None if value is not None and str(value) == "-" else value
