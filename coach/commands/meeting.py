"""`coach meeting`: one call with several people, a read per person and a plan for the room."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from coach.commands.options import PLAYBOOKS as O_PLAYBOOKS
from coach.commands.options import TextFormat, stdout_dash
from coach.errors import UsageError

SUFFIXES = {".md": TextFormat.markdown, ".markdown": TextFormat.markdown,
            ".json": TextFormat.json}


def register(app: typer.Typer) -> None:
    @app.command()
    def meeting(
        attendee: Optional[list[str]] = typer.Option(
            None, "--attendee", metavar="NAME:ROLE:STYLE",
            help="Someone in the meeting, e.g. 'Ines:CFO:driver'; the style may be 'unknown' "
                 "or left out (repeatable)."),
        answers: Optional[list[Path]] = typer.Option(
            None, "--answers", metavar="FILE",
            help="One person's answers file (with their name), for a read (repeatable)."),
        decider: Optional[str] = typer.Option(None, "--decider", metavar="NAME",
                                              help="The attendee who decides."),
        company: str = typer.Option("", "--company", help="Their company."),
        goal: str = typer.Option("", "--goal", help="What you want from this meeting."),
        stage: Optional[str] = typer.Option(None, "--stage",
                                            metavar="[new|loyal|potential|at-risk]"),
        no_input: bool = typer.Option(False, "--no-input",
                                      help="Never prompt: attendees come from the flags."),
        fmt: Optional[TextFormat] = typer.Option(
            None, "--format", help="terminal (default), markdown or json."),
        output: Optional[Path] = typer.Option(
            None, "--output", "-o", metavar="FILE", callback=stdout_dash,
            help="Write the plan to FILE (format from .md/.json if not given)."),
        force: bool = typer.Option(False, "--force", help="Overwrite --output if it exists."),
        no_save: bool = typer.Option(False, "--no-save",
                                     help="Don't record the meeting in the call journal."),
        playbooks: Optional[list[Path]] = O_PLAYBOOKS,
    ) -> None:
        """Prepare a meeting with several people: who they are, who decides, how to run it."""
        from coach import interview
        from coach.meeting import MeetingRequest, prepare, record
        from coach.playbook import load

        if fmt is None and output is not None:
            fmt = SUFFIXES.get(output.suffix.lower())
            if fmt is None:
                raise UsageError("--output: say --format markdown or json (or use a .md/.json "
                                 "name)")
        fmt = fmt or TextFormat.terminal
        if fmt is TextFormat.terminal and output is not None:
            raise UsageError("--output: the terminal format cannot be saved; use --format "
                             "markdown")
        request = MeetingRequest(attendees=attendee or [], answers=answers or [],
                                 decider=decider, company=company, goal=goal, stage=stage)
        prompter = None if no_input or not sys.stdin.isatty() else interview.Prompter()
        plan = prepare(request, load(playbooks or ()), prompter)
        if not no_save:
            record(plan)
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
            if output is None:
                sys.stdout.write(text)
            else:
                from coach.writefile import write_new

                write_new(output, text, force=force)
                print(f"saved {output}", file=sys.stderr)
        if plan.meeting_id is not None:
            print(f"recorded as meeting {plan.meeting_id}; after it, debrief each person: "
                  + "; ".join(f"coach debrief --prep {a.prep_id} ({a.name})"
                              for a in plan.attendees), file=sys.stderr)
