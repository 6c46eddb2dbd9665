"""One call with several people: a read per person, who decides, and a plan for the room.

`prepare(request, books, prompter)` is the flow (like `coach.prep.prepare` for one person):
attendees from flags and answers files, or asked one by one through the prompter; each read
from a named style, their answers, or left unknown (never a forced guess). `build_meeting`
is pure: attendees + playbooks -> Meeting. The plan's wording is all in the meeting playbook.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from coach.errors import CoachError, UsageError

if TYPE_CHECKING:
    from coach.interview import Prompter
    from coach.playbook import Playbooks
    from coach.playbook.kinds.meeting import Meeting as MeetingBook

UNKNOWN = "unknown"


class Attendee(msgspec.Struct, kw_only=True):
    name: str
    role: str = ""
    style: str = ""
    """The style id, or "" when not known yet."""
    style_name: str = ""
    read: str = "unknown: not read yet"
    decides: bool = False
    profile: dict | None = None
    answers: dict[str, str] = {}
    prep_id: int | None = None
    """The journal prep this attendee is recorded as: `coach debrief --prep ID`."""


class PlanItem(msgspec.Struct):
    text: str
    styles: list[str] = []
    """Names of the styles in the room this item serves (empty: everyone)."""


class PersonLine(msgspec.Struct):
    name: str
    style_name: str
    text: str


class ClashLine(msgspec.Struct):
    styles: list[str]
    people: list[str]
    risk: str
    handle: str


class Meeting(msgspec.Struct, kw_only=True):
    created: str
    company: str = ""
    goal: str = ""
    stage: str = ""
    stage_name: str = ""
    attendees: list[Attendee]
    decider: str | None = None
    styles_present: list[str] = []
    opening: list[PlanItem] = []
    agenda: list[PlanItem] = []
    needs: list[PersonLine] = []
    clashes: list[ClashLine] = []
    afterwards: list[PersonLine] = []
    stage_actions: list[str] = []
    me: str | None = None
    """The rep's own style name, when known (`--me` or `coach config set my-style`)."""
    flex: list[PersonLine] = []
    """How the rep adapts towards each person whose style differs from theirs."""
    notes: list[str] = []
    meeting_id: int | None = None


class Spec(msgspec.Struct, kw_only=True):
    """One attendee as the rep described them, before the read. (Structs, not dataclasses:
    importing dataclasses costs every `coach meeting` about a millisecond.)"""

    name: str
    role: str = ""
    style: str | None = None
    """A style id, "unknown", or None (read from `answers`, else unknown)."""
    answers: dict[str, str] = {}


class MeetingRequest(msgspec.Struct, kw_only=True):
    attendees: list[str] = []
    """`--attendee` values: "Name:role:style" (role and style may be left out)."""
    answers: list[Path] = []
    """Answers files, one per person, matched to an attendee by their `name`."""
    decider: str | None = None
    company: str = ""
    goal: str = ""
    stage: str | None = None
    me: str | None = None
    """The rep's own style (`--me`); None: the saved `my-style`, if any."""


def parse_attendee(value: str, books: Playbooks) -> Spec:
    """'Ines:CFO:driver' -> Spec; the style may be 'unknown' or left out."""
    from coach.text import strip_controls

    parts = value.split(":")
    if len(parts) > 3 or not parts[0].strip():
        raise UsageError(f"--attendee: {value!r} is not Name:role:style (e.g. "
                         "'Ines:CFO:driver'; the style may be 'unknown')")
    name, role = strip_controls(parts[0]), strip_controls(parts[1]) if len(parts) > 1 else ""
    style = parts[2].strip().lower() if len(parts) > 2 and parts[2].strip() else None
    if style is not None and style != UNKNOWN and style not in books.styles:
        raise UsageError(f"--attendee {name}: unknown style {parts[2]!r}; choose from: "
                         f"{', '.join(books.styles)}, {UNKNOWN}")
    return Spec(name=name, role=role, style=style)


def _specs(request: MeetingRequest, books: Playbooks) -> list[Spec]:
    from coach import scoring
    from coach.answers import read_answers
    from coach.text import strip_controls

    specs = [parse_attendee(a, books) for a in request.attendees]
    by_name = {s.name.lower(): s for s in specs}
    for path in request.answers:
        person, known = read_answers(path)
        scoring.check_answers(books.questions, known, str(path))
        name = strip_controls(str(person.get("name") or ""))
        if not name:
            raise UsageError(f"--answers {path}: give the person's name in the file "
                             "(name: ...), so it can be matched to an --attendee")
        spec = by_name.get(name.lower())
        if spec is None:
            spec = Spec(name=name, role=strip_controls(str(person.get("role") or "")))
            specs.append(spec)
            by_name[name.lower()] = spec
        spec.answers = known
    return specs


def read_attendee(spec: Spec, books: Playbooks) -> Attendee:
    """A named style, else the answers' read, else unknown: never a guess."""
    from coach import scoring
    from coach.brief import read_line

    names = {sid: s.name for sid, s in books.styles.items()}
    if spec.style and spec.style != UNKNOWN:
        # the rep's own call: nothing was asked (and the questions need not be read)
        profile = scoring.given(spec.style, books.style(spec.style).position)
    elif spec.answers and spec.style is None:
        profile = scoring.score(books.questions, spec.answers, books.settings.scoring,
                                books.styles)
    else:
        profile = None
    if profile is None or profile.style is None:
        why = "not read yet" if profile is None else "the answers do not place them"
        return Attendee(name=spec.name, role=spec.role, read=f"unknown: {why}",
                        answers=spec.answers)
    return Attendee(name=spec.name, role=spec.role, style=profile.style,
                    style_name=names[profile.style], read=read_line(profile, names),
                    profile=msgspec.to_builtins(profile), answers=spec.answers)


def meeting_book(books: Playbooks) -> MeetingBook:
    book = next(iter(books.of("meeting").values()), None)
    if book is None:
        raise CoachError("the playbooks have no meeting playbook (kind: meeting)")
    return book


def plan_lines(book: MeetingBook, stage: str = "") -> list[tuple[str, str]]:
    """(field, text) of every line the plan can show at `stage`, each at the field a trainer
    edits: the stage's own where `stages:` gives one, else the general one."""
    at = book.stages.get(stage) if stage else None
    out: list[tuple[str, str]] = []
    for part in ("opening", "agenda"):
        own = getattr(at, part) if at is not None else []
        where = f"stages.{stage}.{part}" if own else part
        out += [(f"{where}[{i}]", x.text) for i, x in enumerate(own or getattr(book, part))]
    for style in (*book.people, "unknown"):
        for what in ("needs", "send"):
            out.append(_person_text(book, at, stage, style, what))
    for i in range(len(book.clashes)):
        out += [(f, t) for f, t in _clash(book, at, stage, i)[1:]]
    return out


def _person_text(book: MeetingBook, at, stage: str, style: str, what: str) -> tuple[str, str]:
    special = at.people.get(style) if at is not None else None
    if special is not None and getattr(special, what):
        return f"stages.{stage}.people.{style}.{what}", getattr(special, what)
    entry = book.people.get(style) if style != "unknown" else None
    if entry is None:
        return f"unknown.{what}", getattr(book.unknown, what)
    return f"people.{style}.{what}", getattr(entry, what)


def _clash(book: MeetingBook, at, stage: str, i: int):
    """The clash `i` at this stage: (between, (field, risk), (field, handle))."""
    clash = book.clashes[i]
    pair = frozenset(clash.between)
    special = next(((j, c) for j, c in enumerate(at.clashes if at is not None else [])
                    if frozenset(c.between) == pair), None)
    if special is None:
        return clash.between, (f"clashes[{i}].risk", clash.risk), (
            f"clashes[{i}].handle", clash.handle)
    j, own = special
    risk = ((f"stages.{stage}.clashes[{j}].risk", own.risk) if own.risk
            else (f"clashes[{i}].risk", clash.risk))
    return clash.between, risk, (f"stages.{stage}.clashes[{j}].handle", own.handle)


def build_meeting(books: Playbooks, attendees: list[Attendee], decider: str | None = None,
                  company: str = "", goal: str = "", stage: str = "",
                  today: _dt.date | None = None, me: str | None = None) -> Meeting:
    """The plan for the room, from the meeting playbook (its `stages:` part for this stage
    where it has one); `me` (the rep's style id) adds how to flex towards each person (the
    first line of each flex the pair needs, at this stage)."""
    book = meeting_book(books)
    at = book.stages.get(stage) if stage else None
    names = {sid: s.name for sid, s in books.styles.items()}
    present = list(dict.fromkeys(a.style for a in attendees if a.style))
    anyone_unknown = any(not a.style for a in attendees)
    for a in attendees:
        a.decides = decider is not None and a.name == decider

    def items(part: str) -> list[PlanItem]:
        source = (getattr(at, part) if at is not None else []) or getattr(book, part)
        out = []
        for item in source:
            serves = item.for_ if anyone_unknown else [s for s in item.for_ if s in present]
            if not item.for_ or serves:
                out.append(PlanItem(item.text, [names.get(s, s) for s in serves]))
        return out

    def person(a: Attendee, what: str) -> PersonLine:
        _, text = _person_text(book, at, stage, a.style or "unknown", what)
        return PersonLine(a.name, a.style_name or "unknown", text)

    clashes = []
    for i in range(len(book.clashes)):
        (first, second), (_, risk), (_, handle) = _clash(book, at, stage, i)
        if first in present and second in present:
            people = [a.name for a in attendees if a.style in (first, second)]
            clashes.append(ClashLine([names.get(first, first), names.get(second, second)],
                                     people, risk, handle))
    notes = [book.no_decider if decider is None else f"{decider} decides. {book.decider}"]
    if anyone_unknown:
        notes.append(book.unknown_style)
    stage_book = books.stages.get(stage) if stage else None
    ordered = sorted(attendees, key=lambda a: not a.decides)  # the decider first
    flex = []
    if me is not None:
        from coach.brief import contains, flex_advice

        phrases = [p for rule in (stage_book.rules_out if stage_book else []) for p in rule.phrases]
        for a in ordered:
            if a.style:
                firsts = [text for _, index, text in flex_advice(books, me, a.style, stage)
                          if index == 0 and not any(contains(text, p) for p in phrases)]
                if firsts:
                    flex.append(PersonLine(a.name, a.style_name, " ".join(firsts)))
    return Meeting(
        created=(today or _dt.date.today()).isoformat(), company=company, goal=goal,
        stage=stage, stage_name=stage_book.name if stage_book else "",
        attendees=ordered, decider=decider, styles_present=[names[s] for s in present],
        opening=items("opening"), agenda=items("agenda"),
        needs=[person(a, "needs") for a in ordered], clashes=clashes,
        afterwards=[person(a, "send") for a in ordered],
        stage_actions=[str(a) for a in sorted(stage_book.top_actions,
                                              key=lambda x: getattr(x, "priority", 5))]
        if stage_book else [],
        me=names.get(me) if me else None, flex=flex, notes=notes)


def _decider(value: str | None, attendees: list[Attendee]) -> str | None:
    if not value:
        return None
    for a in attendees:
        if a.name.lower() == value.strip().lower():
            return a.name
    raise UsageError(f"--decider: {value!r} is not one of the attendees: "
                     f"{', '.join(a.name for a in attendees)}")


def prepare(request: MeetingRequest, books: Playbooks, prompter: Prompter | None) -> Meeting:
    """The meeting brief; with nobody given on the command line, asks the prompter."""
    stage = request.stage.strip().lower() if request.stage else ""
    if stage and stage not in books.stages:
        raise UsageError(f"--stage: unknown stage {stage!r}; choose from: "
                         f"{', '.join(books.stages)}")
    specs = _specs(request, books)
    decider = request.decider
    if not specs:
        if prompter is None:
            raise CoachError("no attendees: give --attendee 'Name:role:style' (repeatable) "
                             "or --answers FILE per person, or run it in a terminal")
        from coach import interview

        specs = interview.ask_attendees(prompter, books)
        if decider is None:
            decider = interview.ask_decider(prompter, books, [s.name for s in specs])
        if not stage:
            stage = interview.ask_stage(prompter, books)
    names = [s.name.lower() for s in specs]
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise UsageError(f"--attendee: {twice!r} is named twice; give each person once")
    attendees = [read_attendee(s, books) for s in specs]
    from coach.prep import my_style

    return build_meeting(books, attendees, _decider(decider, attendees), company=request.company,
                         goal=request.goal, stage=stage, me=my_style(books, request.me))


def record(meeting: Meeting, target=None) -> None:
    """Each attendee becomes a prep linked to the meeting, so each can be debriefed.
    `target` is the journal (file or URL); None is the rep's usual one."""
    from coach import journal

    meeting_id, prep_ids = journal.record_meeting(
        journal.resolve(None) if target is None else target, company=meeting.company,
        goal=meeting.goal, stage=meeting.stage, decider=meeting.decider,
        attendees=[{"name": a.name, "role": a.role, "style": a.style, "profile": a.profile,
                    "answers": a.answers} for a in meeting.attendees])
    meeting.meeting_id = meeting_id
    for a, prep_id in zip(meeting.attendees, prep_ids):
        a.prep_id = prep_id
