"""Writing the user's files: all or nothing, and never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.errors import CoachError


@contextmanager
def new_file(target: Path, force: bool = False, flag: str = "--output") -> Iterator[str]:
    """Yield a temp path beside `target`; on success it is renamed into place (atomic), on
    any error removed. Whoever fills it (Python, or DuckDB's COPY) gets the same promise:
    never over an existing file unless forced, nothing half-written left behind."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CoachError(f"{flag}: folder does not exist: {folder}")
    if target.is_dir():
        raise CoachError(f"{flag}: {target} is a folder; give a file name")
    if target.exists() and not force:
        raise CoachError(f"{flag}: {target} already exists (use --force to overwrite)")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write in {folder}: {exc.strerror}") from None
    try:
        yield tmp
        if not force and target.exists():
            raise CoachError(f"{flag}: {target} already exists (use --force to overwrite)")
        os.replace(tmp, target)
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write {target}: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_new(target: Path, text: str, force: bool = False, flag: str = "--output") -> None:
    """Write `text` to `target` atomically (temp file + rename in the same folder)."""
    with new_file(target, force, flag) as tmp, open(tmp, "w", encoding="utf-8",
                                                    newline="\n") as handle:
        handle.write(text)


def slug(text: str) -> str:
    """A file-name-safe version of a name: 'Dana O'Neil' -> 'dana-o-neil'."""
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "prospect"
