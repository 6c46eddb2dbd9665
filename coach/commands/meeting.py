"""`coach meeting`: one call with several people, a read per person and a plan for the room."""


import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.commands.options import (
    CompanyOpt,
    DbOpt,
    ForceOpt,
    MeOpt,
    NoSaveOpt,
    OutputOpt,
    PlaybooksOpt,
    StageOpt,
    TextFormat,
    TextFormatOpt,
    deliver,
    journal_target,
    text_format,
)


def register(app: typer.Typer) -> None:
    @app.command()
    def meeting(
        attendee: Annotated[
            Optional[list[str]],
            typer.Option(
                "--attendee",
                metavar="NAME:ROLE:STYLE",
                help="Someone in the meeting, e.g. 'Ines:CFO:driver'; the style may be 'unknown' "
                "or left out (repeatable).",
            ),
        ] = None,
        answers: Annotated[
            Optional[list[Path]],
            typer.Option(
                "--answers",
                metavar="FILE",
                help="One person's answers file (with their name), for a read (repeatable).",
            ),
        ] = None,
        decider: Annotated[
            Optional[str],
            typer.Option("--decider", metavar="NAME", help="The attendee who decides."),
        ] = None,
        company: CompanyOpt = "",
        goal: Annotated[str, typer.Option("--goal", help="What you want from this meeting.")] = "",
        stage: StageOpt = None,
        no_input: Annotated[
            bool, typer.Option("--no-input", help="Never prompt: attendees come from the flags.")
        ] = False,
        fmt: TextFormatOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        no_save: NoSaveOpt = False,
        me: MeOpt = None,
        db: DbOpt = None,
        playbooks: PlaybooksOpt = None,
    ) -> None:
        """Prepare a meeting with several people: who they are, who decides, how to run it."""
        from coach import interview
        from coach.meeting import MeetingRequest, prepare, record
        from coach.playbook import load

        fmt = text_format(fmt, output)
        request = MeetingRequest(attendees=attendee or [], answers=answers or [],
                                 decider=decider, company=company, goal=goal, stage=stage,
                                 me=me)
        prompter = None if no_input or not sys.stdin.isatty() else interview.Prompter()
        plan = prepare(request, load(playbooks or ()), prompter)
        if not no_save:
            record(plan, journal_target(db, read=False))
        if fmt is TextFormat.terminal:
            from coach.render.meeting import print_meeting

            print_meeting(plan)
        else:
            if fmt is TextFormat.json:
                from coach.render.json import dumps

                text = dumps(plan) + "\n"
            else:
                from coach.render.meeting import render_markdown

                text = render_markdown(plan)
            deliver(text, output, force)
        if plan.meeting_id is not None:
            # one command a line: a terminal would break one long line mid-word
            print(f"recorded as meeting {plan.meeting_id}; after it, debrief each person:\n"
                  + "".join(f"  coach debrief --prep {a.prep_id}   ({a.name})\n"
                            for a in plan.attendees), end="", file=sys.stderr)
