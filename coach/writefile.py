"""Writing the files a user names: all or nothing, and never over a file unless asked.

One writer for every `-o FILE` (briefs, exports, CSV/JSON from DuckDB, playbook scaffolds,
the config file), so every command keeps the same promises, as `cp` and `sed -i` users expect:

- a regular file is written to a temp file in its own folder and renamed into place (a reader
  never sees half of it); a new file gets 0666 & ~umask, a replaced one keeps its mode and owner;
- a symlink is written through: its target gets the new text, the link stays a link;
- anything that is not a regular file (`/dev/null`, a FIFO, a terminal, `/dev/stdout`) is
  written to, never replaced; `-` is standard output;
- without `--force` an existing path is refused, atomically (a hard link or `O_EXCL`, so of
  two writers racing for a new name exactly one wins);
- an output that is one of the command's own inputs is refused.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coach.errors import CoachError
from coach.errors import os_reason as _why

STDOUT = "-"
_FD = re.compile(r"/(?:dev/fd|proc/self/fd)/(\d+)")


def is_stdout(target: Path | str | None) -> bool:
    """`-o -` (and `-o /dev/stdout`) mean standard output: no 'wrote FILE' line for those."""
    return target is not None and str(target) in (STDOUT, "/dev/stdout")


@contextmanager
def new_file(target: Path | str, force: bool = False, flag: str = "--output",
             inputs: Iterable[Path | str] = ()) -> Iterator[str]:
    """Yield a temp path to fill (from Python, or DuckDB's COPY); on success its bytes reach
    `target` by the rules above, on any error nothing is left behind."""
    name = str(target)
    stream = _stream(name)
    if stream is not None:
        with _scratch(flag) as tmp:
            yield tmp
            _deliver(tmp, stream, name, flag)
        return
    path = Path(target)
    _refuse_inputs(path, inputs, flag)
    st = _stat(path, flag)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise CoachError(f"{flag}: {path} is a folder; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):  # device, FIFO, socket: write to it
        with _scratch(flag) as tmp:
            yield tmp
            _deliver(tmp, None, name, flag)
        return
    if os.path.lexists(path) and not force:
        raise CoachError(f"{flag}: {path} already exists (use --force to overwrite)")
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    folder = real.parent if str(real.parent) else Path(".")
    if not folder.is_dir():
        raise CoachError(f"{flag}: folder does not exist: {folder}")
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{real.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write in {folder}: {_why(exc)}") from None
    try:
        yield tmp
        _settle(tmp, real, st, force, flag, path)
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write {path}: {_why(exc)}") from None
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def write_new(target: Path | str, text: str, force: bool = False, flag: str = "--output",
              inputs: Iterable[Path | str] = ()) -> None:
    """Write `text` (UTF-8, LF line ends) to `target` by the rules of `new_file`."""
    with new_file(target, force, flag, inputs) as tmp:
        try:
            with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise CoachError(f"{flag}: cannot write {target}: {_why(exc)}") from None


def free_name(path: str) -> str:
    """The first of NAME-2.md, NAME-3.md ... that does not exist: the name offered when the
    one the rep chose is taken."""
    base, dot, suffix = path.rpartition(".")
    if not dot or "/" in suffix:
        base, dot, suffix = path, "", ""
    number = 2
    while os.path.lexists(os.path.expanduser(f"{base}-{number}{dot}{suffix}")):
        number += 1
    return f"{base}-{number}{dot}{suffix}"


def slug(text: str) -> str:
    """A file-name-safe version of a name: 'Dana O'Neil' -> 'dana-o-neil'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "prospect"


def umask() -> int:
    """The process umask (there is no way to read it without setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------- the rules


def _settle(tmp: str, real: Path, st: os.stat_result | None, force: bool, flag: str,
            shown: Path) -> None:
    """Move the finished temp file into place: keep an old file's mode and owner, give a new
    one the umask's, and without force never over anything that appeared meanwhile."""
    if st is not None:
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except OSError:
            pass  # not ours to give away: the file becomes the writer's, as with cp
    else:
        os.chmod(tmp, 0o666 & ~umask())
    if force:
        os.replace(tmp, real)
        return
    try:
        os.link(tmp, real)  # atomic: fails if the name exists, whoever made it
    except FileExistsError:
        raise CoachError(f"{flag}: {shown} already exists (use --force to overwrite)") from None
    except OSError:  # a file system without hard links: O_EXCL is as atomic for the name
        import shutil

        try:
            out = os.open(real, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            raise CoachError(
                f"{flag}: {shown} already exists (use --force to overwrite)") from None
        with os.fdopen(out, "wb") as handle, open(tmp, "rb") as source:
            shutil.copyfileobj(source, handle, 1 << 20)


def _stream(name: str):
    """Standard output and error, or an inherited descriptor, for the names that mean them."""
    if name in (STDOUT, "/dev/stdout"):
        return sys.stdout
    if name == "/dev/stderr":
        return sys.stderr
    match = _FD.fullmatch(name)
    return int(match.group(1)) if match else None


@contextmanager
def _scratch(flag: str) -> Iterator[str]:
    """A temp file for output that goes to a stream or device (not into a folder)."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix="coach-", suffix=".out")
        os.close(fd)
    except OSError as exc:
        raise CoachError(f"{flag}: cannot make a temp file: {_why(exc)}") from None
    try:
        yield tmp
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _deliver(tmp: str, stream, name: str, flag: str) -> None:
    """Copy the finished temp file onto a stream, a descriptor or a non-regular file."""
    import shutil

    with open(tmp, "rb") as source:
        if stream is None:
            try:
                with open(name, "wb", buffering=0) as out:
                    shutil.copyfileobj(source, out, 1 << 20)
            except OSError as exc:
                raise CoachError(f"{flag}: cannot write {name}: {_why(exc)}") from None
        elif isinstance(stream, int):
            stream_out = os.fdopen(os.dup(stream), "wb")
            with stream_out:
                shutil.copyfileobj(source, stream_out, 1 << 20)
        else:
            stream.flush()
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                shutil.copyfileobj(source, buffer, 1 << 20)
                buffer.flush()
            else:
                stream.write(source.read().decode("utf-8"))


def _stat(path: Path, flag: str) -> os.stat_result | None:
    """What the path leads to (links followed), None if nothing; a loop is the user's to fix."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write {path}: {_why(exc)}") from None


def _refuse_inputs(path: Path, inputs: Iterable[Path | str], flag: str) -> None:
    for source in inputs:
        try:
            same = os.path.samefile(path, source)
        except OSError:
            continue
        if same and stat.S_ISREG(os.stat(path).st_mode):
            raise CoachError(f"{flag}: {path} is also an input of this command; "
                             "give another file name")
