"""Preparing a call: what the rep knows, the questions still open, a read, a brief.

The one flow behind `coach prep` and `coach brief`, callable without the command line:
`prepare(request, books, prompter)` fills in what the request leaves open by asking the
prompter (a `coach.interview.Prompter`, or None when nobody can be asked), scores the
answers, lets the rep pick a style when the answers place nobody, and builds the brief.
Nothing here imports questionary or Rich: prompting goes through the prompter, output
through `coach.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from coach.errors import CoachError, UsageError
from coach.text import parse_day, plural, strip_controls, unknown

if TYPE_CHECKING:
    from coach.brief import Brief, Prospect
    from coach.interview import Prompter
    from coach.playbook import Playbooks
    from coach.scoring import StyleProfile


class PrepRequest(msgspec.Struct, kw_only=True):
    """What the rep gave up front (flags, an answers file, an accounts export)."""

    name: str = ""
    company: str = ""
    role: str = ""
    goal: str = ""
    stage: str | None = None
    style: str | None = None
    """The rep's own call (`--style`): no behaviour questions are asked."""
    answers: Path | None = None
    """An answers file: the prospect's fields and behaviour answers keyed by question id."""
    me: str | None = None
    """The rep's own style for flex advice (default: the saved `my-style`)."""
    accounts: Path | None = None
    account: str | None = None
    as_of: str | None = None
    seen: str | None = None
    """How the rep knows the prospect (`--seen email,phone`): only what is observable there
    is asked. None: asked in the interview (or everything, when nobody can be asked)."""
    interview: bool = True
    """False for `coach brief`: nothing is asked and only the style is needed."""
    no_input: bool = False
    """The rep said --no-input (so the error for a missing answer says that, not "no terminal")."""


class PrepResult(msgspec.Struct, kw_only=True):
    brief: Brief
    answers: dict[str, str] = msgspec.field(default_factory=dict)
    """The behaviour answers the read came from (given and asked)."""
    asked: bool = False
    """True when the rep was asked anything (so offering to save the brief makes sense)."""


def prepare(request: PrepRequest, books: Playbooks, prompter: Prompter | None) -> PrepResult:
    """The brief for one call; asks the prompter only for what the request leaves open."""
    from coach import scoring
    from coach.brief import build_brief, build_discovery_brief

    not_known = (request.style or "").strip().lower() == UNKNOWN
    given = None if not_known else style_id(books, request.style, "--style")
    mine = my_style(books, request.me)
    from_file, known = ({}, {}) if request.answers is None else _read_answers(request.answers)
    questions = books.questions
    scoring.check_answers(questions, known, str(request.answers or "answers"))
    prospect, record = prospect_for(
        books, request.name or from_file.get("name", ""),
        request.company or from_file.get("company", ""),
        request.role or from_file.get("role", ""), request.goal or from_file.get("goal", ""),
        request.stage or from_file.get("stage"), request.accounts, request.account,
        request.as_of, "--stage" if request.stage else f"{request.answers}: stage")
    seen = given_channels(books, request.seen, from_file, request.answers)
    asked = False
    if request.interview:
        known, asked, seen = _interview(request, books, prompter, prospect, known,
                                        given is None and not not_known, seen)
    questions = observable(books, seen, known)
    known = within(questions, known)
    if not_known:
        profile = scoring.unknown(books.styles, len(questions))
    elif given is not None:
        profile = scoring.given(given, books.style(given).position, len(questions))
    else:
        profile = scoring.score(questions, known, books.settings.scoring, books.styles)
        if profile.style is None and asked and prompter is not None:
            profile, known = _pick_style(books, prompter, profile, known, questions)
    if profile.style is None:
        # nothing places them and nobody guessed: a brief for finding out on the call
        brief = build_discovery_brief(books, prospect, profile, account=record, me=mine)
    else:
        brief = build_brief(books, prospect, profile, me=mine, account=record)
    return PrepResult(brief=brief, answers=known, asked=asked)


def identify(answers: Path | None, books: Playbooks, prompter: Prompter | None,
             seen: str | None = None) -> StyleProfile:
    """The style read alone: from an answers file, or asked when there is none. `seen`
    (`email,phone`; else the file's `seen:` key) keeps to what the rep could observe."""
    from coach import scoring

    from_file, known = _read_answers(answers) if answers else ({}, {})
    scoring.check_answers(books.questions, known, str(answers or "answers"))
    channels = given_channels(books, seen, from_file, answers)
    if answers is None:
        if prompter is None:
            raise CoachError("identify needs --answers FILE when there is no terminal "
                             "(a template: coach questions --template)")
        from coach import interview

        if channels is None:
            channels = interview.ask_seen(prompter, books)
        known = interview.ask_behaviour(prompter, books, observable(books, channels, known),
                                        known)
    questions = observable(books, channels, known)
    return scoring.score(questions, within(questions, known), books.settings.scoring,
                         books.styles)


def _read_answers(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    from coach.answers import read_answers

    return read_answers(path)


def given_channels(books: Playbooks, flag: str | None, from_file: dict[str, str],
                   answers: Path | None) -> list[str] | None:
    """How the rep knows them: --seen, else the answers file's `seen:`, else None (ask)."""
    if flag:
        return seen_channels(books, flag, "--seen")
    if from_file.get("seen"):
        return seen_channels(books, from_file["seen"], f"{answers}: seen")
    return None


def seen_channels(books: Playbooks, value: str, where: str) -> list[str]:
    """`email,phone` as channel ids; an unknown one is an error naming where it came from."""
    from coach.playbook.kinds.questions import channels_of

    known = [c.id for c in channels_of(books.of("questions").values())]
    picked = [part.strip().lower() for part in value.split(",") if part.strip()]
    for channel in picked:
        if channel not in known:
            raise UsageError(f"{where}: unknown channel {channel!r}; choose from: "
                             f"{', '.join(known)}")
    if not picked:
        raise UsageError(f"{where}: name at least one of: {', '.join(known)}")
    return picked


def observable(books: Playbooks, seen: list[str] | None, known: dict[str, str]) -> list:
    """The questions a rep who knows the prospect through `seen` can answer (and any that
    were answered anyway: 'unsure', the template's filler, is not an answer)."""
    from coach.playbook.kinds.questions import UNSURE

    return [q for q in books.questions
            if q.observable(seen) or known.get(q.id, UNSURE) != UNSURE]


def within(questions: list, known: dict[str, str]) -> dict[str, str]:
    """The answers to these questions (a 'not sure' to one that could not be seen drops)."""
    ids = {q.id for q in questions}
    return {q: a for q, a in known.items() if q in ids}


def _interview(request: PrepRequest, books: Playbooks, prompter: Prompter | None,
               prospect: Prospect, known: dict[str, str], behaviour: bool,
               seen: list[str] | None) -> tuple[dict[str, str], bool, list[str] | None]:
    """Ask for the stage and behaviour answers still missing (and the prospect's details
    when there is someone to ask); without a prompter, a missing answer is an error."""
    missing = [] if prospect.stage else ["stage"]
    if behaviour:
        missing += [q.id for q in observable(books, seen, known) if q.id not in known]
    if not missing and prospect.name:
        return known, False, seen
    if prompter is None:
        if missing:
            hint = ("give them in --answers FILE ('unsure' counts as an answer; "
                    "a template: coach questions --template)")
            if "stage" in missing:
                hint += ", --stage for the stage"
            if len(missing) > 1 or "stage" not in missing:
                hint += ", or --style if you know it"
            raise CoachError(f"{'--no-input' if request.no_input else 'no terminal to ask on'}:"
                             f" missing answers: {', '.join(missing)}; {hint}")
        return known, False, seen
    from coach import interview

    interview.ask_prospect(prompter, prospect, books)
    for key in ("name", "company", "role", "goal"):
        setattr(prospect, key, strip_controls(getattr(prospect, key)))
    if behaviour:
        if seen is None:
            seen = interview.ask_seen(prompter, books)
        known = interview.ask_behaviour(prompter, books, observable(books, seen, known), known)
    return known, True, seen


def _pick_style(books: Playbooks, prompter: Prompter, profile: StyleProfile,
                known: dict[str, str], questions: list
                ) -> tuple[StyleProfile, dict[str, str]]:
    """The answers place nobody: the rep answers more questions or picks a style."""
    from coach import interview, scoring

    while profile.style is None:
        more = any(q.id not in known for q in questions)
        choice = interview.ask_style(
            prompter, books, scoring.candidates(profile, books.styles), more)
        if choice == interview.NOT_KNOWN:
            return scoring.unknown(books.styles, profile=profile), known
        if choice == interview.MORE:
            known = interview.ask_behaviour(prompter, books, questions, known)
            profile = scoring.score(questions, known, books.settings.scoring, books.styles)
            continue
        chosen = books.style(choice)
        profile = scoring.picked(profile, choice, chosen.position, chosen.name)
    return profile, known


UNKNOWN = "unknown"
"""`--style unknown`: the discovery brief, for a call where the style is not known yet."""


def style_id(books: Playbooks, value: str | None, flag: str) -> str | None:
    """A style named on the command line (any case) as its playbook id."""
    if value is None:
        return None
    key = value.strip().lower()
    if key not in books.styles:
        allowed = [*books.styles, UNKNOWN] if flag == "--style" else list(books.styles)
        raise unknown("style", value, allowed, flag)
    return key


def my_style(books: Playbooks, me: str | None) -> str | None:
    """The rep's own style: --me, else the saved `my-style`, else None."""
    if me:
        return style_id(books, me, "--me")
    from coach.config import config_file, load_config

    saved = load_config().get("my-style")
    if saved and saved not in books.styles:
        raise CoachError(f"{config_file()}: my-style {saved!r} is not a style in the playbooks")
    return saved


def prospect_for(books: Playbooks, name: str, company: str, role: str, goal: str,
                 stage: str | None, accounts: Path | None, account: str | None,
                 as_of: str | None = None, stage_from: str = "--stage"
                 ) -> tuple[Prospect, dict | None]:
    """The prospect from what was given; an accounts export fills in company and stage.
    `stage_from` is where the stage was given (the flag, or the answers file) for errors."""
    from coach.brief import Prospect

    if stage is not None:
        stage = stage.strip().lower()
        if stage not in books.stages:
            raise unknown("stage", stage, books.stages, stage_from)
    prospect = Prospect(name=strip_controls(name), company=strip_controls(company),
                        role=strip_controls(role), goal=strip_controls(goal), stage=stage or "")
    record = None
    if accounts is not None or account is not None:
        if accounts is None or account is None:
            raise UsageError("--accounts and --account go together")
        from coach.accounts import account_record

        day = parse_day(as_of, "--as-of")
        # a bad row elsewhere in a big export must not stop a rep's prep, but it is said
        try:
            found = account_record(accounts, account, books, as_of=day, skip_bad=True)
        except CoachError as exc:
            if not any(flag in str(exc) for flag in ("--map", "--date-format", "--skip-bad")):
                raise
            raise CoachError(f"{exc} (prep reads the file as it is: those flags are "
                             f"'coach accounts segment {accounts}' ones)") from None
        record = dict(found if isinstance(found, dict) else vars(found))
        if record.get("skipped"):
            n = record["skipped"]
            record["reason"] = (f"{record['reason']} ({plural(n, 'row')} of {accounts.name} "
                                f"could not be read and {'was' if n == 1 else 'were'} left out)")
        prospect.company = prospect.company or str(record.get("account_name") or "")
        prospect.stage = prospect.stage or str(record.get("stage") or "")
    return prospect, record


def save_name(brief: Brief) -> str:
    """The file name offered when the rep saves an interactive brief as Markdown."""
    from coach.writefile import slug

    return f"brief-{slug(brief.prospect.name or 'prospect')}-{brief.created}.md"


def record(brief: Brief, answers: dict[str, str]) -> None:
    """Remember the prep so a debrief can link to what the rep believed before the call."""
    p = brief.prospect
    if not (p.name or p.company):
        return  # an anonymous brief is study, not a call to debrief later
    from coach import journal

    journal.record_prep(journal.resolve(None), name=p.name, company=p.company, role=p.role,
                        goal=p.goal, stage=brief.stage, style=brief.style,
                        profile=msgspec.to_builtins(brief.profile), answers=answers)
