"""`coach debrief`: log a call in a minute, guided or from flags."""


import sys
from typing import Annotated, Optional

import typer

from coach.commands.options import DbOpt, NoInputOpt, PlaybooksOpt, journal_target
from coach.render.journal import (
    show_draft,
)
from coach.vocab import Outcome


def register(app: typer.Typer) -> None:
    app.command("debrief")(debrief_command)


def debrief_command(
    name: Annotated[
        Optional[str], typer.Option("--name", metavar="TEXT", help="The prospect's name.")
    ] = None,
    company: Annotated[
        Optional[str], typer.Option("--company", metavar="TEXT", help="Their company.")
    ] = None,
    style: Annotated[
        Optional[str],
        typer.Option(
            "--style",
            metavar="STYLE",
            help="The style you read them as before the call: analytical, amiable, driver or "
            "expressive (or a style your playbooks add).",
        ),
    ] = None,
    stage: Annotated[
        Optional[str],
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="The account's lifecycle stage: potential, new, loyal or at-risk (or one your "
            "playbooks add).",
        ),
    ] = None,
    outcome: Annotated[
        Optional[Outcome],
        typer.Option(
            "--outcome",
            help="How the call went: won, advanced (a next step agreed), "
            "no-change, stalled or lost.",
        ),
    ] = None,
    read_held: Annotated[
        Optional[bool],
        typer.Option("--read-held/--read-missed", help="Did the style read hold on the call?"),
    ] = None,
    actual_style: Annotated[
        Optional[str],
        typer.Option(
            "--actual-style",
            metavar="STYLE",
            help="The style they turned out to be, if the read missed (same names as --style).",
        ),
    ] = None,
    approach: Annotated[
        Optional[list[str]],
        typer.Option("--approach", metavar="TEXT", help="An approach you used (repeatable)."),
    ] = None,
    objection: Annotated[
        Optional[list[str]],
        typer.Option("--objection", metavar="TEXT", help="An objection they raised (repeatable)."),
    ] = None,
    response: Annotated[
        Optional[list[str]],
        typer.Option(
            "--response",
            metavar="TEXT",
            help="How you answered it: the n-th --response answers the n-th --objection.",
        ),
    ] = None,
    worked: Annotated[
        Optional[str], typer.Option("--worked", metavar="TEXT", help="What worked.")
    ] = None,
    missed: Annotated[
        Optional[str], typer.Option("--missed", metavar="TEXT", help="What did not work.")
    ] = None,
    next_step: Annotated[
        Optional[str],
        typer.Option("--next-step", metavar="TEXT",
                     help="The next step agreed, as a short phrase ('pilot start'): the "
                     "follow-up email puts it in a sentence."),
    ] = None,
    next_date: Annotated[
        Optional[str],
        typer.Option("--next-date", metavar="DATE", help="When the next step is due (YYYY-MM-DD)."),
    ] = None,
    day: Annotated[
        Optional[str],
        typer.Option("--date", metavar="DATE", help="The day of the call (default today)."),
    ] = None,
    prep: Annotated[
        Optional[int],
        typer.Option(
            "--prep",
            metavar="ID",
            help="Link to a prep: who, stage and read come from it (see 'coach journal list "
            "--preps').",
        ),
    ] = None,
    no_input: NoInputOpt = False,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Log a call in a minute: the outcome, whether the read held, what you tried, what came up."""
    from coach import debrief, journal
    from coach.errors import CoachError
    from coach.playbook import load

    books = load(playbooks)
    path = journal_target(db, read=False)
    linked = None
    if prep is not None:
        linked = journal.get_prep(path, prep)
        if linked is None:
            raise CoachError(f"--prep {prep}: no prep with that id in "
                             f"{journal.describe(path)}")
    call = debrief.given_from_flags(
        prep=linked, name=name, company=company, style=style, stage=stage,
        outcome=outcome.value if outcome else None, read_held=read_held,
        actual_style=actual_style, approaches=approach or (), objections=objection or (),
        responses=response or (), worked=worked, missed=missed, next_step=next_step,
        next_date=next_date, day=day)
    debrief.check(books, call)
    if no_input:
        call = debrief.from_flags(books, call)
    else:
        from coach.interview import Prompter, require_terminal

        require_terminal(debrief.to_ask(call) or ["the confirmation"],
                         "Add --no-input to log the call with the flags given (--name, "
                         "--style and --outcome are needed).")
        if linked is not None:  # say who, before asking about them
            print(f"Debriefing {debrief.who(linked, books)}", file=sys.stderr)
        asked = debrief.ask(Prompter(), books, call,
                            journal.recent_preps(path, limit=debrief.PICKER + 1),
                            load_prep=lambda i: journal.get_prep(path, i),
                            show=lambda draft: show_draft(draft, books))
        if asked is None:
            print("not saved", file=sys.stderr)
            return
        call = asked
    call_id = journal.add_debrief(path, call)
    print(f"saved call {call_id}: {call['name']} ({call['style']}, {call['outcome']}) "
          f"in {journal.describe(path)}")


