"""`coach prep`, `brief`, `identify`, `questions`: from what the rep knows to a brief."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.commands.options import MeOpt, PlaybooksOpt, TextFormat, ViewFormat, stdout_dash
from coach.errors import CoachError
from coach.render.brief import brief_format, emit_brief

# Options shared by prep and brief (Typer reads them off the signature).
NameOpt = Annotated[str, typer.Option("--name", help="The prospect's name.")]
CompanyOpt = Annotated[str, typer.Option("--company", help="Their company.")]
RoleOpt = Annotated[str, typer.Option("--role", help="Their role.")]
GoalOpt = Annotated[str, typer.Option("--goal", help="What you want from this call.")]
StageOpt = Annotated[
    Optional[str],
    typer.Option(
        "--stage", metavar="[new|loyal|potential|at-risk]", help="Where the account stands."
    ),
]
FormatOpt = Annotated[
    Optional[TextFormat], typer.Option("--format", help="terminal (default), markdown or json.")
]
OutputOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        callback=stdout_dash,
        help="Write the brief to FILE (format from .md/.json if not given).",
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite --output if it exists.")]
ShortOpt = Annotated[bool, typer.Option("--short", help="First screen only.")]
NoSaveOpt = Annotated[
    bool, typer.Option("--no-save", help="Don't record this prep in the call journal.")
]
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




def _record(record, brief, answers: dict) -> None:
    """Journal the prep once the brief is out: a journal that cannot be written costs the
    debrief link, not the brief the rep already has, so it is a warning and exit 0."""
    try:
        record(brief, answers)
    except CoachError as exc:
        print(f"coach: warning: the brief is fine but the prep was not journalled: {exc}",
              file=sys.stderr)


def _save(interview, prompter, brief, suggestion: str, short: bool) -> None:
    """The save question after an interactive prep: a file that exists gets the choice of
    another name or overwriting, and a file that cannot be written is asked again, so the
    rep never has to redo the interview."""
    while True:
        choice = interview.ask_save(prompter, suggestion)
        if choice is None:
            return
        target, overwrite = choice
        try:
            emit_brief(brief, TextFormat.markdown, Path(target).expanduser(), overwrite, short)
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


def register(app: typer.Typer) -> None:  # noqa: C901 - one place that lists the commands
    @app.command()
    def prep(
        name: NameOpt = "",
        company: CompanyOpt = "",
        role: RoleOpt = "",
        goal: GoalOpt = "",
        stage: StageOpt = None,
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
        no_input: Annotated[
            bool, typer.Option("--no-input", help="Never prompt: missing answers are an error.")
        ] = False,
        seen: SeenOpt = None,
        me: MeOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        short: ShortOpt = False,
        playbooks: PlaybooksOpt = None,
        no_save: NoSaveOpt = False,
        accounts: AccountsOpt = None,
        account: AccountOpt = None,
        as_of: AsOfOpt = None,
    ) -> None:
        """The guided interview, then the brief. Takes under two minutes."""
        from coach import interview
        from coach.playbook import load
        from coach.prep import PrepRequest, prepare, record, save_name

        books = load(playbooks)
        fmt = brief_format(fmt, output)
        request = PrepRequest(name=name, company=company, role=role, goal=goal, stage=stage,
                              style=style, answers=answers, me=me, accounts=accounts,
                              account=account, as_of=as_of, no_input=no_input, seen=seen)
        prompter = None if no_input or not sys.stdin.isatty() else interview.Prompter()
        result = prepare(request, books, prompter)
        emit_brief(result.brief, fmt, output, force, short, (answers, accounts))
        # the brief is delivered: the prep is journalled whatever happens to the save
        if not no_save:
            _record(record, result.brief, result.answers)
        if result.asked and prompter and output is None and fmt is TextFormat.terminal:
            _save(interview, prompter, result.brief, save_name(result.brief), short)

    @app.command()
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
        name: NameOpt = "",
        company: CompanyOpt = "",
        role: RoleOpt = "",
        goal: GoalOpt = "",
        stage: StageOpt = None,
        me: MeOpt = None,
        fmt: FormatOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        short: ShortOpt = False,
        playbooks: PlaybooksOpt = None,
        no_save: NoSaveOpt = False,
        accounts: AccountsOpt = None,
        account: AccountOpt = None,
        as_of: AsOfOpt = None,
    ) -> None:
        """The brief for a style you already know (or a discovery brief): no interview."""
        from coach.playbook import load
        from coach.prep import PrepRequest, prepare, record

        books = load(playbooks)
        fmt = brief_format(fmt, output)
        request = PrepRequest(name=name, company=company, role=role, goal=goal, stage=stage,
                              style=style, me=me, accounts=accounts, account=account,
                              as_of=as_of, interview=False)
        result = prepare(request, books, None).brief
        emit_brief(result, fmt, output, force, short, (accounts,))
        if not no_save:
            _record(record, result, {})

    @app.command()
    def identify(
        answers: Annotated[
            Optional[Path],
            typer.Option(
                "--answers", metavar="FILE", help="YAML/JSON answers keyed by question id."
            ),
        ] = None,
        fmt: Annotated[ViewFormat, typer.Option("--format")] = ViewFormat.terminal,
        no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt.")] = False,
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
        fmt: Annotated[ViewFormat, typer.Option("--format")] = ViewFormat.terminal,
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
