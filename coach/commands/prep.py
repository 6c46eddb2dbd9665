"""`coach prep`, `brief`, `identify`, `questions`: from what the rep knows to a brief."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import msgspec
import typer

from coach.commands.options import (
    CompanyOpt,
    ForceOpt,
    MeOpt,
    NoInputOpt,
    NoSaveOpt,
    OutputOpt,
    PlaybooksOpt,
    StageOpt,
    TextFormat,
    TextFormatOpt,
    ViewFormat,
    ViewFormatOpt,
    deliver,
    text_format,
    with_options,
)
from coach.errors import CoachError
from coach.prep import PrepRequest

# Options of prep and brief alone (Typer reads them off the signature).
NameOpt = Annotated[str, typer.Option("--name", help="The prospect's name.")]
RoleOpt = Annotated[str, typer.Option("--role", help="Their role.")]
GoalOpt = Annotated[str, typer.Option("--goal", help="What you want from this call.")]
ShortOpt = Annotated[bool, typer.Option("--short", help="First screen only.")]
AccountsOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--accounts",
        metavar="FILE.csv",
        help="A CRM order export: with --account, fills in name and stage.",
    ),
]
AccountOpt = Annotated[
    Optional[str], typer.Option("--account", metavar="ID", help="The account id in --accounts.")
]
AsOfOpt = Annotated[
    Optional[str],
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="Stage --accounts as of this day, YYYY-MM-DD (default today).",
    ),
]


class BriefCall(msgspec.Struct, kw_only=True):
    """What prep and brief share: who the call is with, and where the brief goes."""

    request: PrepRequest
    fmt: TextFormat
    output: Optional[Path]
    force: bool
    short: bool
    no_save: bool
    playbooks: Optional[list[Path]]


def call_options(
    name: NameOpt = "",
    company: CompanyOpt = "",
    role: RoleOpt = "",
    goal: GoalOpt = "",
    stage: StageOpt = None,
    me: MeOpt = None,
    fmt: TextFormatOpt = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    short: ShortOpt = False,
    playbooks: PlaybooksOpt = None,
    no_save: NoSaveOpt = False,
    accounts: AccountsOpt = None,
    account: AccountOpt = None,
    as_of: AsOfOpt = None,
) -> BriefCall:
    """The options of prep and brief, declared once (see `with_options`)."""
    request = PrepRequest(name=name, company=company, role=role, goal=goal, stage=stage, me=me,
                          accounts=accounts, account=account, as_of=as_of)
    return BriefCall(request=request, fmt=text_format(fmt, output), output=output, force=force,
                     short=short, no_save=no_save, playbooks=playbooks)


def _brief(call: BriefCall, prompter) -> None:
    """prep and brief from the request on: the brief, out where --output says, then journalled
    (and, after an interview on the terminal, the offer to save it)."""
    from coach.playbook import load
    from coach.prep import prepare, record, save_name

    result = prepare(call.request, load(call.playbooks), prompter)
    _emit(result.brief, call.fmt, call.output, call.force, call.short,
          (call.request.answers, call.request.accounts))
    # the brief is delivered: the prep is journalled whatever happens to the save
    if not call.no_save:
        _record(record, result.brief, result.answers)
    if result.asked and prompter and call.output is None and call.fmt is TextFormat.terminal:
        _save(prompter, result.brief, save_name(result.brief), call.short)


def _emit(brief, fmt: TextFormat, output: Optional[Path], force: bool, short: bool,
          inputs: tuple = ()) -> None:
    if fmt is TextFormat.terminal:
        from coach.render.terminal import print_brief

        print_brief(brief, short=short, page=True)
        return
    if fmt is TextFormat.markdown:
        from coach.render.markdown import render_markdown

        text = render_markdown(brief, short=short)
    else:
        from coach.render.json import dumps

        text = dumps(brief) + "\n"
    deliver(text, output, force, inputs)


def _record(record, brief, answers: dict) -> None:
    """Journal the prep once the brief is out: a journal that cannot be written costs the
    debrief link, not the brief the rep already has, so it is a warning and exit 0."""
    try:
        record(brief, answers)
    except CoachError as exc:
        print(f"coach: warning: the brief is fine but the prep was not journalled: {exc}",
              file=sys.stderr)


def _save(prompter, brief, suggestion: str, short: bool) -> None:
    """The save question after an interactive prep: a file that exists gets the choice of
    another name or overwriting, and a file that cannot be written is asked again, so the
    rep never has to redo the interview."""
    from coach import interview

    while True:
        choice = interview.ask_save(prompter, suggestion)
        if choice is None:
            return
        target, overwrite = choice
        try:
            _emit(brief, TextFormat.markdown, Path(target).expanduser(), overwrite, short)
            return
        except CoachError as exc:
            print(f"coach: {exc}", file=sys.stderr)
            suggestion = target


SeenOpt = Annotated[
    Optional[str],
    typer.Option(
        "--seen",
        metavar="CHANNELS",
        help="How you know them, comma-separated: email, phone, video, in-person. Only "
        "questions observable there are asked (answers-file key: seen).",
    ),
]


def register(app: typer.Typer) -> None:
    @app.command()
    @with_options(call_options)
    def prep(
        style: Annotated[
            Optional[str],
            typer.Option(
                "--style",
                metavar="STYLE",
                help="Skip the behaviour questions: analytical, amiable, driver or expressive "
                "(or a style your playbooks add).",
            ),
        ] = None,
        answers: Annotated[
            Optional[Path],
            typer.Option(
                "--answers",
                metavar="FILE",
                help="YAML/JSON answers keyed by question id (see 'coach questions --template').",
            ),
        ] = None,
        no_input: NoInputOpt = False,
        seen: SeenOpt = None,
        *,
        call: BriefCall,
    ) -> None:
        """The guided interview, then the brief. Takes under two minutes."""
        from coach import interview

        call.request = msgspec.structs.replace(call.request, style=style, answers=answers,
                                               no_input=no_input, seen=seen)
        _brief(call, None if no_input or not sys.stdin.isatty() else interview.Prompter())

    @app.command()
    @with_options(call_options)
    def brief(
        style: Annotated[
            Optional[str],
            typer.Option(
                "--style",
                metavar="STYLE",
                help="analytical, amiable, driver or expressive (or a style your playbooks add); "
                "'unknown' (or none) gives the discovery brief for finding out on the call.",
            ),
        ] = None,
        *,
        call: BriefCall,
    ) -> None:
        """The brief for a style you already know (or a discovery brief): no interview."""
        call.request = msgspec.structs.replace(call.request, style=style, interview=False)
        _brief(call, None)

    @app.command()
    def identify(
        answers: Annotated[
            Optional[Path],
            typer.Option(
                "--answers", metavar="FILE", help="YAML/JSON answers keyed by question id."
            ),
        ] = None,
        fmt: ViewFormatOpt = ViewFormat.terminal,
        no_input: NoInputOpt = False,
        seen: SeenOpt = None,
        playbooks: PlaybooksOpt = None,
    ) -> None:
        """The style read alone, with the evidence behind it."""
        from coach import interview
        from coach.brief import grid
        from coach.playbook import load
        from coach.prep import identify

        books = load(playbooks)
        prompter = None if no_input or not sys.stdin.isatty() else interview.Prompter()
        profile = identify(answers, books, prompter, seen)
        if fmt is ViewFormat.json:
            from coach.render.json import dumps

            print(dumps(profile))
            return
        from coach.render.terminal import print_profile

        print_profile(profile, {k: s.name for k, s in books.styles.items()},
                      grid(profile, books))

    @app.command()
    def questions(
        template: Annotated[
            bool, typer.Option("--template", help="Print an answers file to fill in.")
        ] = False,
        seen: SeenOpt = None,
        fmt: ViewFormatOpt = ViewFormat.terminal,
        playbooks: PlaybooksOpt = None,
    ) -> None:
        """The interview's questions, with their ids, options and where each is observable."""
        from coach.playbook import load
        from coach.prep import observable, seen_channels
        from coach.questions_view import question_rows, template_text

        books = load(playbooks)
        channels = seen_channels(books, seen, "--seen") if seen else None
        asked = observable(books, channels, {})
        if template:
            sys.stdout.write(template_text(books, asked, channels))
            return
        if fmt is ViewFormat.json:
            import json

            import msgspec

            print(json.dumps(msgspec.to_builtins(asked), indent=2, ensure_ascii=False))
            return
        from coach.render.terminal import print_table

        print_table("Behaviour questions", ["id", "axis", "seen in", "question", "options"],
                    question_rows(asked))
