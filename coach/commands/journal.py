"""`coach journal list|show|meeting|export|delete|push`: the debriefed calls, read back.

Flags are parsed here and handed to coach.journal (storage); coach.render.journal turns its
plain rows into a terminal page, Markdown, CSV or JSON.
"""


import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from coach.commands.options import (
    DbOpt,
    ForceOpt,
    OutcomeFilter,
    OutputOpt,
    PlaybooksOpt,
    SinceOpt,
    StageFilter,
    StyleFilter,
    UntilOpt,
    ViewFormat,
    ViewFormatOpt,
    journal_filters,
    journal_target,
)
from coach.render.journal import (
    export_csv,
    export_json,
    export_markdown,
    list_terminal,
    meeting_terminal,
    meetings_terminal,
    preps_terminal,
    show_terminal,
)
from coach.text import plural
from coach.vocab import ExportFormat


def register(app: typer.Typer) -> None:
    journal_app = typer.Typer(
        help="The call journal: list, show, export or delete debriefs; meetings; push to a "
        "team.", no_args_is_help=True)
    app.add_typer(journal_app, name="journal")
    journal_app.command("list")(list_command)
    journal_app.command("show")(show_command)
    journal_app.command("meeting")(meeting_command)
    journal_app.command("export")(export_command)
    journal_app.command("delete")(delete_command)
    journal_app.command("push")(push_command)


def list_command(
    style: StyleFilter = None,
    stage: StageFilter = None,
    outcome: OutcomeFilter = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, metavar="N", help="Newest N calls; 0 = all.")
    ] = 50,
    preps: Annotated[
        bool,
        typer.Option("--preps", help="List the recorded preps instead (for debrief --prep ID)."),
    ] = False,
    fmt: ViewFormatOpt = ViewFormat.terminal,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Debriefed calls, newest first."""
    from coach import journal
    from coach.playbook import load

    filters = journal_filters(load(playbooks), style, stage, outcome, since, until)
    path = journal_target(db)
    if preps:
        from coach.errors import UsageError

        if any(filters.values()):
            raise UsageError("--preps lists every recent prep; the filters apply to calls")
        _view(fmt, journal.recent_preps(path, limit=limit or None, newest_first=True),
              preps_terminal)
        return
    _view(fmt, journal.list_calls(path, limit=limit or None, **filters),
          lambda calls: list_terminal(calls, journal.count_calls(path, **filters),
                                      filtered=any(filters.values())))


def show_command(
    call_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: ViewFormatOpt = ViewFormat.terminal,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """One call as a case study, with what the prep said beforehand."""
    from coach import journal
    from coach.playbook import load

    path = journal_target(db)
    call = journal.get_call(path, call_id) or _missing("call", call_id, path)
    _view(fmt, call, lambda found: show_terminal(found, load(playbooks)))


def meeting_command(
    meeting_id: Annotated[Optional[int], typer.Argument(
        metavar="[ID]", help="The meeting to show; without it, the recent meetings.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, metavar="N", help="Newest N meetings; 0 = all.")
    ] = 20,
    fmt: ViewFormatOpt = ViewFormat.terminal,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """A meeting from 'coach meeting': who was there, their reads and their debriefs."""
    from coach import journal
    from coach.playbook import load

    path = journal_target(db)
    if meeting_id is None:
        _view(fmt, journal.list_meetings(path, limit=limit or None), meetings_terminal)
        return
    meeting = journal.get_meeting(path, meeting_id) or _missing("meeting", meeting_id, path)
    _view(fmt, meeting, lambda found: meeting_terminal(found, load(playbooks)))


def _view(fmt: ViewFormat, found, terminal: Callable[[Any], None]) -> None:
    """JSON for a script, else the terminal page."""
    if fmt is ViewFormat.json:
        from coach.render.json import dumps

        print(dumps(found))
    else:
        terminal(found)


def _missing(what: str, ident: int, path) -> NoReturn:
    from coach import journal
    from coach.errors import CoachError

    raise CoachError(f"no {what} {ident} in {journal.describe(path)} "
                     f"(see 'coach journal {'list' if what == 'call' else what}')")


def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.csv,
    output: OutputOpt = None,
    force: ForceOpt = False,
    style: StyleFilter = None,
    stage: StageFilter = None,
    outcome: OutcomeFilter = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Every call (oldest first): CSV or JSON for other tools, Markdown case studies to share."""
    import io

    from coach import journal
    from coach.playbook import load

    books = load(playbooks)
    filters = journal_filters(books, style, stage, outcome, since, until)
    calls = journal.iter_calls(journal_target(db), oldest_first=True, **filters)
    export = {ExportFormat.csv: export_csv, ExportFormat.json: export_json,
              ExportFormat.markdown: export_markdown}[fmt]
    if output is None:
        export(calls, sys.stdout, books)
        return
    from coach.writefile import write_new

    out = io.StringIO()
    count = export(calls, out, books)
    write_new(output, out.getvalue(), force=force, inputs=[journal_target(db)])
    print(f"wrote {output}: {plural(count, 'call')}", file=sys.stderr)


def delete_command(
    call_id: Annotated[int, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
    any_rep: Annotated[
        bool, typer.Option("--any", help="Delete it even if another rep logged it.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Delete one call you logged and everything recorded with it."""
    from coach import journal

    path = journal_target(db)
    call = journal.get_call(path, call_id) or _missing("call", call_id, path)
    journal.check_owner(call, any_rep)
    if not yes:
        from coach.interview import Prompter, require_terminal

        require_terminal(["confirmation"], "Add --yes to delete without a question.")
        if not Prompter().confirm(f"Delete call {call_id} ({call['name']}, {call['day']})?",
                                  default=False):
            print("not deleted", file=sys.stderr)
            return
    gone = journal.delete_call(path, call_id, any_rep=any_rep) or _missing("call", call_id, path)
    print(f"deleted call {call_id}: {gone['name']} ({gone['day']})")


def push_command(
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="URL", help="The team's journal: postgresql://user@host/database."
        ),
    ],
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db", metavar="FILE", help="The SQLite journal to copy (default: your own)."
        ),
    ] = None,
) -> None:
    """Copy your own journal into the team's; run it again and nothing doubles."""
    from coach import journal
    from coach.errors import UsageError

    if not journal.is_server(to):
        raise UsageError(f"--to {to}: give the team's journal as "
                         "postgresql://user@host/database")
    if journal.is_server(db):
        raise UsageError("--db: push copies an SQLite journal file; give its path")
    source = Path(db).expanduser() if db else journal.default_db_path()
    added = journal.push(source, to)
    print(f"pushed {plural(added['calls'], 'call')}, {plural(added['preps'], 'prep')} and "
          f"{plural(added['quiz_results'], 'quiz result')} from {source} to "
          f"{journal.describe(to)} (what was there already is skipped)")

