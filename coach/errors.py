"""The project's exceptions. The CLI's one handler turns them into a line and an exit code."""

import msgspec


class CoachError(Exception):
    """A problem the user can fix: shown as one line on stderr, exit 1."""

    exit_code = 1


class UsageError(CoachError):
    """A wrong flag or flag combination: exit 2, like Click's own usage errors."""

    exit_code = 2


class InputRequired(CoachError):
    """The command needs answers and there is no terminal to ask them on."""


def os_reason(exc: OSError) -> str:
    """An OS error in everyday words."""
    import errno

    words = {errno.ENOSPC: "the disk is full", errno.EROFS: "the file system is read-only",
             errno.EACCES: "permission denied", errno.EPERM: "permission denied",
             errno.ENOTDIR: "part of the path is a file, not a folder",
             errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
             errno.EDQUOT: "the disk quota is used up"}
    return words.get(exc.errno or 0) or exc.strerror or str(exc)


def os_error_line(exc: OSError) -> str:
    """One line for an OS error: the file it is about (or the output), and why."""
    where = exc.filename if exc.filename is not None else "cannot write the output"
    return f"{where}: {os_reason(exc)}"


class Problem(msgspec.Struct, frozen=True, order=True):
    """One thing wrong in a playbook, pointing at the line a trainer must edit."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line > 0 else self.file  # no ':0:'
        return f"{where}: {self.field or '(file)'}: {self.message}"


class PlaybookError(CoachError):
    """Every problem found in the playbooks of one run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
