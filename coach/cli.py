"""The command line: flags in, one core call, one renderer out.

Every command runs inside `main()`'s one error handler, which turns the project's errors
into one line on stderr and an exit code (1 bad input, 2 usage, 130 interrupted).
Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coach import __version__
from coach.commands.options import ForceOpt, PlaybooksOpt, ViewFormat, ViewFormatOpt
from coach.errors import CoachError, os_error_line

app = typer.Typer(
    name="coach",
    help="A sales-call coach: read a prospect's social style and get a pre-call brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
playbooks_app = typer.Typer(help="For trainers: list, show, validate and scaffold playbooks.",
                            no_args_is_help=True)
app.add_typer(playbooks_app, name="playbooks")


def _version(value: bool) -> None:
    if value:
        print(f"coach {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """A sales-call coach: read a prospect's social style and get a pre-call brief."""


# --------------------------------------------------------------------------- playbooks


@playbooks_app.command("list")
def playbooks_list(
    playbooks: PlaybooksOpt = None,
    fmt: ViewFormatOpt = ViewFormat.terminal,
) -> None:
    """Every playbook in force: kind, id, name, the layer it comes from and its file."""
    from coach.playbook import load
    from coach.render.playbooks import rows

    found = rows(load(playbooks))
    if fmt is ViewFormat.json:
        from coach.render.json import dumps

        print(dumps(found))
        return
    from coach.render.playbooks import list_table
    from coach.render.terminal import console

    out = console()
    out.print(list_table(found, out.width))


@playbooks_app.command("show")
def playbooks_show(
    ident: Annotated[str, typer.Argument(metavar="ID", help="A playbook id, or KIND/ID.")],
    playbooks: PlaybooksOpt = None,
    fmt: ViewFormatOpt = ViewFormat.terminal,
) -> None:
    """One playbook, merged across layers, as the tool sees it."""
    from coach.playbook import load
    from coach.render.playbooks import find

    item = find(load(playbooks), ident)
    if fmt is ViewFormat.json:
        import msgspec

        print(msgspec.json.format(msgspec.json.encode(item), indent=2).decode())
        return
    from coach.render.playbooks import print_show

    print_show(item)


# The files a trainer asks validate and lint to check, on top of the layers in force.
CheckedPaths = Annotated[
    Optional[list[Path]],
    typer.Argument(help="Files or folders to check on top of the playbooks in force."),
]


@playbooks_app.command("validate")
def playbooks_validate(
    paths: CheckedPaths = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Check every playbook; report each problem as FILE:LINE: field: message."""
    from coach.playbook.loader import files, parse, playbook_files

    found = files(playbooks or (), paths or ())
    for path in paths or ():
        if not playbook_files(path):  # "ok" would say it was checked
            raise CoachError(f"validate: {path}: no playbook files in it (*.yaml, *.yml)")
    books = parse(found)
    count = sum(len(v) for v in books.by_kind.values())
    print(f"ok: {len(found)} file(s), {count} playbook(s), no problems")


@playbooks_app.command("lint")
def playbooks_lint(
    paths: CheckedPaths = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Build every brief (style x stage x second style x your own style, and the discovery
    brief per stage) and check the quizzes; report advice that contradicts itself or its
    stage, as FILE:LINE: field: message (exit 1)."""
    from coach.errors import PlaybookError
    from coach.playbook.lint import lint
    from coach.playbook.loader import files, parse

    docs: dict = {}
    books = parse(files(playbooks or (), paths or ()), docs)
    found, built = lint(books, docs)
    if found:
        raise PlaybookError(found)
    print(f"ok: {built} briefs built (style x stage x second style x your own style, and "
          "discovery), quiz feedback checked, no problems")


@playbooks_app.command("schema")
def playbooks_schema(
    kind: Annotated[
        Optional[str], typer.Argument(help="One kind only (style, stage, ...).")
    ] = None,
) -> None:
    """The JSON Schema of playbook files, for editors' YAML language servers."""
    from coach.playbook.schema import schema_json

    print(schema_json(kind))


@playbooks_app.command("new")
def playbooks_new(
    kind: Annotated[str, typer.Argument(help="style, stage, questions, quiz, ...")],
    ident: Annotated[str, typer.Argument(metavar="ID")],
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Where to write (default: ./ID.yaml).")
    ] = None,
    force: ForceOpt = False,
) -> None:
    """Write a valid starter file for a new playbook, with comments that teach the format."""
    from coach.playbook.scaffold import scaffold
    from coach.writefile import is_stdout, write_new

    target = output or Path(f"{ident}.yaml")
    write_new(target, scaffold(kind, ident, str(target)), force=force,
              flag="--output" if output else "new")
    if not is_stdout(target):
        print(f"wrote {target}: edit it, then check it with "
              f"'coach playbooks validate {target}'")


# --------------------------------------------------------------------------- entry point


def _app_for(argv: list[str]) -> typer.Typer:
    """The app with only the command being run, when that is clear from argv.

    Typer inspects every registered command's signature on every run; building one command
    instead of twenty keeps a rep's `coach brief` close to Typer's own import time.
    `coach`, `coach --help` and unknown commands get the whole app.
    """
    import copy

    from coach.commands import command_word, register

    register(app, argv)
    word = command_word(argv)
    commands = [c for c in app.registered_commands
                if (c.name or getattr(c.callback, "__name__", "").replace("_", "-")) == word]
    groups = [g for g in app.registered_groups if g.name == word]
    if not commands and not groups:
        return app
    view = copy.copy(app)
    view.registered_commands, view.registered_groups = commands, groups
    return view


def main(argv: Optional[list[str]] = None) -> None:
    """The one error handler around every command."""
    from typer._click import exceptions as click_errors  # typer 0.28 (pinned) vendors click

    argv = sys.argv[1:] if argv is None else list(argv)
    _streams()
    _watch_ctrl_c()
    try:
        command = typer.main.get_command(_app_for(argv))
        code = command.main(args=argv, prog_name="coach", standalone_mode=False)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, inside the handler
        _done()
        # typer turns Ctrl-C into Exit(130) and, outside standalone mode, returns the code
        if code == 130:
            _fail("stopped: nothing was written", 130)
        if isinstance(code, int) and code:
            sys.exit(code)
    except CoachError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail("stopped: nothing was written", 130)
    except typer.Abort:
        _fail("stopped: nothing was written", 130)
    except click_errors.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        _fail(f"{exc.format_message()}{hint}", 2)
    except click_errors.ClickException as exc:
        _fail(exc.format_message(), exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `coach ... | head`: the reader has all it wanted
        _quiet_stdout()
        sys.exit(0)
    except SystemExit as exc:  # Click exits 1 on a closed pipe; for us that is success
        if isinstance(exc.__context__, BrokenPipeError):
            _quiet_stdout()
            sys.exit(0)
        raise
    except OSError as exc:  # the system said no: a full disk, a read-only or missing folder
        if os.environ.get("COACH_DEBUG"):
            raise
        _fail(os_error_line(exc), 1)
    except Exception as exc:  # a bug: still one line, unless the user asks for the traceback
        if os.environ.get("COACH_DEBUG"):
            raise
        if _ctrl_c:  # a library that turned Ctrl-C into its own error (DuckDB: "interrupted")
            _fail("stopped: nothing was written", 130)
        if isinstance(exc, UnicodeError):  # a flag's bytes were not UTF-8 (argv surrogates)
            _fail("some text given is not valid UTF-8 (a name or note typed in another "
                  "encoding?); type it again in UTF-8", 1)
        _fail(f"unexpected error: {type(exc).__name__}: {exc} "
              "(run with COACH_DEBUG=1 for details, and please report it)", 1)
    sys.exit(0)


_ctrl_c = False
_finished = False


def _done() -> None:
    """The command has returned and its output is out: a Ctrl-C from here on (while the
    process winds down, DuckDB's threads stop...) changes nothing, so it must not turn a
    finished run into a death by signal."""
    global _finished
    _finished = True


def _watch_ctrl_c() -> None:
    """Remember a Ctrl-C, so whatever error a library turns it into still exits 130."""
    import signal

    global _ctrl_c, _finished
    _ctrl_c = _finished = False

    def interrupted(signum, frame):
        global _ctrl_c
        if _ctrl_c or _finished:  # passed on again, or after the work is done: ignore
            return
        _ctrl_c = True
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupted)


def _streams() -> None:
    """Output that cannot go anywhere is an error, not silence; text the output's encoding
    cannot show (PYTHONIOENCODING=ascii, a Latin-1 terminal) is shown as '?', not a crash."""
    if sys.stdout is None:  # started with stdout closed (`coach ... >&-`)
        sys.stdout = _ClosedOutput()
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


class _ClosedOutput:
    """Stands in for a closed stdout: the first write says so, as one line and exit 1."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        if not text:
            return 0
        raise CoachError("standard output is closed: nothing was shown "
                         "(use --output FILE, or leave stdout open)")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("standard output is closed")


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so Python's exit flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _fail(message: str, code: int) -> None:
    for line in message.splitlines() or [""]:
        print(f"coach: {line}" if not _located(line) else line, file=sys.stderr)
    if code == 130 and _ctrl_c:
        # a real Ctrl-C: leave now. At interpreter shutdown a library (DuckDB) may pass the
        # signal on again after Python restored the default handler, killing us by SIGINT
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        os._exit(130)
    sys.exit(code)


def _located(line: str) -> bool:
    """FILE:LINE: lines are printed bare, so editors and CI can jump to them."""
    head = line.split(": ", 1)[0]
    return head.rsplit(":", 1)[-1].isdigit() and ":" in head
