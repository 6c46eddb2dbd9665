"""`coach prep`, `brief`, `identify`, `questions`, `config`: from what the rep knows to a brief."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from coach.commands.options import PLAYBOOKS as O_PLAYBOOKS
from coach.commands.options import TextFormat as Format
from coach.commands.options import ViewFormat
from coach.errors import CoachError, UsageError

STAGES = ("new", "loyal", "potential", "at-risk")
SUFFIX_FORMATS = {".md": Format.markdown, ".markdown": Format.markdown, ".json": Format.json}

# Options shared by prep and brief (Typer reads them off the signature).
O_NAME = typer.Option("", "--name", help="The prospect's name.")
O_COMPANY = typer.Option("", "--company", help="Their company.")
O_ROLE = typer.Option("", "--role", help="Their role.")
O_GOAL = typer.Option("", "--goal", help="What you want from this call.")
O_STAGE = typer.Option(None, "--stage", metavar="[new|loyal|potential|at-risk]",
                       help="Where the account stands.")
O_ME = typer.Option(None, "--me", metavar="STYLE",
                    help="Your own style for this call (default: 'coach config set my-style').")
O_FORMAT = typer.Option(None, "--format", help="terminal (default), markdown or json.")
O_OUTPUT = typer.Option(None, "--output", "-o", metavar="FILE",
                        help="Write the brief to FILE (format from .md/.json if not given).")
O_FORCE = typer.Option(False, "--force", help="Overwrite --output if it exists.")
O_SHORT = typer.Option(False, "--short", help="First screen only.")
O_NO_SAVE = typer.Option(False, "--no-save", help="Don't record this prep in the call journal.")
O_ACCOUNTS = typer.Option(None, "--accounts", metavar="FILE.csv",
                          help="A CRM order export: with --account, fills in name and stage.")
O_ACCOUNT = typer.Option(None, "--account", metavar="ID", help="The account id in --accounts.")
O_AS_OF = typer.Option(None, "--as-of", metavar="DATE",
                       help="Stage --accounts as of this day, YYYY-MM-DD (default today).")


def _load(extra):
    from coach.playbook import load

    return load(extra or ())


def _style_id(books, value: Optional[str], flag: str) -> Optional[str]:
    if value is None:
        return None
    key = value.strip().lower()
    if key not in books.styles:
        raise UsageError(f"{flag}: unknown style {value!r}; choose from: "
                         f"{', '.join(books.styles)}")
    return key


def _my_style(books, me: Optional[str]) -> Optional[str]:
    if me:
        return _style_id(books, me, "--me")
    from coach.config import config_file, load_config

    saved = load_config().get("my-style")
    if saved and saved not in books.styles:
        raise CoachError(f"{config_file()}: my-style {saved!r} is not a style in the playbooks")
    return saved


def _resolve_format(fmt: Optional[Format], output: Optional[Path]) -> Format:
    if output is not None and output.is_dir():
        raise CoachError(f"--output: {output} is a folder; give a file name")
    if fmt is not None:
        return fmt
    if output is not None:
        found = SUFFIX_FORMATS.get(output.suffix.lower())
        if found is None:
            raise UsageError("--output: say --format markdown or json (or use a .md/.json name)")
        return found
    return Format.terminal


def _clean(text: str) -> str:
    """Drop control characters (an ESC in a pasted name must not reach the terminal)."""
    return "".join(ch for ch in text if ch >= " " and ch != "\x7f").strip()


def _prospect(books, name, company, role, goal, stage, accounts, account, as_of=None):
    from coach.brief import Prospect

    if stage is not None:
        stage = stage.strip().lower()
        if stage not in books.stages:
            raise UsageError(f"--stage: unknown stage {stage!r}; choose from: "
                             f"{', '.join(books.stages)}")
    prospect = Prospect(name=_clean(name), company=_clean(company), role=_clean(role),
                        goal=_clean(goal), stage=stage or "")
    record = None
    if accounts is not None or account is not None:
        if accounts is None or account is None:
            raise UsageError("--accounts and --account go together")
        import datetime

        from coach.accounts import account_record

        try:
            day = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise UsageError(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)") from None
        # a bad row elsewhere in a big export must not stop a rep's prep
        record = account_record(accounts, account, books, as_of=day, skip_bad=True)
        record = record if isinstance(record, dict) else vars(record)
        prospect.company = prospect.company or str(record.get("account_name") or "")
        prospect.stage = prospect.stage or str(record.get("stage") or "")
    return prospect, record


def _emit(brief, fmt: Format, output: Optional[Path], force: bool, short: bool) -> None:
    if fmt is Format.terminal and output is None:
        from coach.render.terminal import print_brief

        print_brief(brief, short=short, page=True)
        return
    if fmt is Format.markdown:
        from coach.render.markdown import render_markdown

        text = render_markdown(brief, short=short)
    elif fmt is Format.json:
        from coach.render.json import dumps

        text = dumps(brief) + "\n"
    else:
        raise UsageError("--output: the terminal format cannot be saved; use --format markdown")
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from coach.writefile import write_new

    write_new(output, text, force=force)
    print(f"saved {output}", file=sys.stderr)


def _record(brief, answers: dict, no_save: bool) -> None:
    """Remember the prep so a debrief can link to what the rep believed before the call."""
    p = brief.prospect
    if no_save or not (p.name or p.company):
        return  # an anonymous brief is study, not a call to debrief later
    try:
        from coach import journal
    except ImportError:  # the journal is optional until it lands
        return
    from coach.render.json import _plain

    journal.record_prep(journal.default_db_path(), name=p.name, company=p.company, role=p.role,
                        goal=p.goal, stage=brief.stage, style=brief.style,
                        profile=_plain(brief.profile), answers=answers)


def register(app: typer.Typer) -> None:  # noqa: C901 - one place that lists the commands
    @app.command()
    def prep(
        name: str = O_NAME, company: str = O_COMPANY, role: str = O_ROLE, goal: str = O_GOAL,
        stage: Optional[str] = O_STAGE,
        style: Optional[str] = typer.Option(
            None, "--style", metavar="STYLE",
            help="Skip the behaviour questions: analytical, amiable, driver or expressive "
                 "(or a style your playbooks add)."),
        answers: Optional[Path] = typer.Option(
            None, "--answers", metavar="FILE",
            help="YAML/JSON answers keyed by question id (see 'coach questions --template')."),
        no_input: bool = typer.Option(False, "--no-input",
                                      help="Never prompt: missing answers are an error."),
        me: Optional[str] = O_ME, fmt: Optional[Format] = O_FORMAT,
        output: Optional[Path] = O_OUTPUT, force: bool = O_FORCE, short: bool = O_SHORT,
        playbooks: Optional[list[Path]] = O_PLAYBOOKS, no_save: bool = O_NO_SAVE,
        accounts: Optional[Path] = O_ACCOUNTS, account: Optional[str] = O_ACCOUNT,
        as_of: Optional[str] = O_AS_OF,
    ) -> None:
        """The guided interview, then the brief. Takes under two minutes."""
        from coach import interview, scoring
        from coach.answers import read_answers
        from coach.brief import build_brief

        books = _load(playbooks)
        fmt = _resolve_format(fmt, output)
        given_style = _style_id(books, style, "--style")
        mine = _my_style(books, me)
        file_prospect, known = read_answers(answers) if answers else ({}, {})
        questions = books.questions
        scoring.check_answers(questions, known, str(answers) if answers else "answers")
        prospect, record = _prospect(
            books, name or file_prospect.get("name", ""),
            company or file_prospect.get("company", ""), role or file_prospect.get("role", ""),
            goal or file_prospect.get("goal", ""), stage or file_prospect.get("stage"),
            accounts, account, as_of)

        missing = [] if prospect.stage else ["stage"]
        if given_style is None:
            missing += [q.id for q in questions if q.id not in known]
        asked = False
        if missing or not prospect.name:
            if no_input or not sys.stdin.isatty():
                if missing:
                    hint = ("give them in --answers FILE ('unsure' counts as an answer; "
                            "a template: coach questions --template)")
                    if "stage" in missing:
                        hint += ", --stage for the stage"
                    if len(missing) > 1 or "stage" not in missing:
                        hint += ", or --style if you know it"
                    raise CoachError(f"{'--no-input' if no_input else 'no terminal to ask on'}:"
                                     f" missing answers: {', '.join(missing)}; {hint}")
            else:
                prompter = interview.Prompter()
                interview.ask_prospect(prompter, prospect, books.stages)
                for key in ("name", "company", "role", "goal"):
                    setattr(prospect, key, _clean(getattr(prospect, key)))
                if given_style is None:
                    known = interview.ask_behaviour(prompter, questions, known)
                asked = True
        if given_style is not None:
            profile = scoring.given(given_style, books.style(given_style).position,
                                    len(questions))
        else:
            profile = scoring.score(questions, known, books.settings.scoring, books.styles)
            if profile.style is None:
                if not asked:
                    raise CoachError("not enough to identify a style: "
                                     + "; ".join(profile.reasons[1:])
                                     + ". Answer more questions or pass --style")
                prompter = interview.Prompter()
                while profile.style is None:
                    more = any(q.id not in known for q in questions)
                    choice = interview.ask_style(
                        prompter, books.styles, scoring.candidates(profile, books.styles), more)
                    if choice == interview.MORE:
                        known = interview.ask_behaviour(prompter, questions, known)
                        profile = scoring.score(questions, known, books.settings.scoring,
                                                books.styles)
                        continue
                    chosen = books.style(choice)
                    profile = scoring.picked(profile, choice, chosen.position, chosen.name)
        brief = build_brief(books, prospect, profile, me=mine, account=record)
        _emit(brief, fmt, output, force, short)
        if asked and output is None and fmt is Format.terminal:
            from coach.writefile import slug

            target = interview.ask_save(interview.Prompter(),
                                        f"brief-{slug(prospect.name or 'prospect')}"
                                        f"-{brief.created}.md")
            if target:
                _emit(brief, Format.markdown, Path(target).expanduser(), False, short)
        # recorded last, so Ctrl-C at the save question leaves nothing behind
        _record(brief, known, no_save)

    @app.command()
    def brief(
        style: str = typer.Option(
            ..., "--style", metavar="STYLE",
            help="analytical, amiable, driver or expressive (or a style your playbooks add)."),
        name: str = O_NAME, company: str = O_COMPANY, role: str = O_ROLE, goal: str = O_GOAL,
        stage: Optional[str] = O_STAGE, me: Optional[str] = O_ME,
        fmt: Optional[Format] = O_FORMAT, output: Optional[Path] = O_OUTPUT,
        force: bool = O_FORCE, short: bool = O_SHORT,
        playbooks: Optional[list[Path]] = O_PLAYBOOKS, no_save: bool = O_NO_SAVE,
        accounts: Optional[Path] = O_ACCOUNTS, account: Optional[str] = O_ACCOUNT,
        as_of: Optional[str] = O_AS_OF,
    ) -> None:
        """The brief for a style you already know: no interview."""
        from coach import scoring
        from coach.brief import build_brief

        books = _load(playbooks)
        fmt = _resolve_format(fmt, output)
        sid = _style_id(books, style, "--style")
        prospect, record = _prospect(books, name, company, role, goal, stage, accounts, account,
                                     as_of)
        profile = scoring.given(sid, books.style(sid).position, len(books.questions))
        result = build_brief(books, prospect, profile, me=_my_style(books, me), account=record)
        _emit(result, fmt, output, force, short)
        _record(result, {}, no_save)

    @app.command()
    def identify(
        answers: Optional[Path] = typer.Option(
            None, "--answers", metavar="FILE", help="YAML/JSON answers keyed by question id."),
        fmt: ViewFormat = typer.Option(ViewFormat.terminal, "--format"),
        no_input: bool = typer.Option(False, "--no-input", help="Never prompt."),
        playbooks: Optional[list[Path]] = O_PLAYBOOKS,
    ) -> None:
        """The style read alone, with the evidence behind it."""
        from coach import interview, scoring
        from coach.answers import read_answers
        from coach.brief import grid

        books = _load(playbooks)
        known = read_answers(answers)[1] if answers else {}
        scoring.check_answers(books.questions, known, str(answers) if answers else "answers")
        if answers is None:
            if no_input or not sys.stdin.isatty():
                raise CoachError("identify needs --answers FILE when there is no terminal "
                                 "(a template: coach questions --template)")
            known = interview.ask_behaviour(interview.Prompter(), books.questions, known)
        profile = scoring.score(books.questions, known, books.settings.scoring, books.styles)
        if fmt is ViewFormat.json:
            from coach.render.json import dumps

            print(dumps(profile))
            return
        from coach.render.terminal import print_profile

        print_profile(profile, {k: s.name for k, s in books.styles.items()},
                      grid(profile, books))

    @app.command()
    def questions(
        template: bool = typer.Option(False, "--template",
                                      help="Print an answers file to fill in."),
        fmt: ViewFormat = typer.Option(ViewFormat.terminal, "--format"),
        playbooks: Optional[list[Path]] = O_PLAYBOOKS,
    ) -> None:
        """The interview's questions, with their ids and options."""
        from coach.questions_view import question_rows, template_text

        books = _load(playbooks)
        if template:
            sys.stdout.write(template_text(books))
            return
        if fmt is ViewFormat.json:
            import json

            import msgspec

            print(json.dumps(msgspec.to_builtins(books.questions), indent=2, ensure_ascii=False))
            return
        from coach.render.terminal import print_table

        print_table("Behaviour questions", ["id", "axis", "question", "options"],
                    question_rows(books))

    config_app = typer.Typer(help="Your own settings (for example your own social style).",
                             no_args_is_help=True)
    app.add_typer(config_app, name="config")

    @config_app.command("set")
    def config_set(key: str = typer.Argument(..., help="my-style"),
                   value: str = typer.Argument(...)):
        """Save a setting: `coach config set my-style expressive`."""
        from coach.config import KEYS, load_config, save_config

        if key not in KEYS:
            raise UsageError(f"unknown setting {key!r}; settings: {', '.join(KEYS)}")
        books = _load(None)
        data = load_config()
        data[key] = _style_id(books, value, key)
        save_config(data)
        print(f"{key} = {data[key]}")

    @config_app.command("show")
    def config_show():
        """Your saved settings."""
        from coach.config import KEYS, load_config

        data = load_config()
        for key, about in KEYS.items():
            print(f"{key} = {data.get(key, '(not set)')}    # {about}")

    @config_app.command("unset")
    def config_unset(key: str = typer.Argument(...)):
        """Forget a setting."""
        from coach.config import load_config, save_config

        data = load_config()
        data.pop(key, None)
        save_config(data)
        print(f"{key} unset")
