"""A follow-up email draft: the style and stage's playbook template, filled with the call's facts.

Pure: playbooks + facts -> Draft. Templates come from trainers; the facts (names, notes) come
from reps and are inserted as plain text in one pass, never read as a template themselves, so a
name like `{0.__class__}` or `{date}` stays exactly as typed. A fact nobody gave becomes a
`[slot]` for the rep to fill in before sending.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import TYPE_CHECKING

import msgspec

from coach.errors import CoachError
from coach.playbook import Playbooks
from coach.playbook.kinds.followup import PLACEHOLDERS, Template
from coach.text import PLACEHOLDER

if TYPE_CHECKING:
    from coach.records import CallRow

SLOTS = {"name": "[name]", "company": "[company]", "next_step": "[next step]",
         "date": "[date]", "rep": "[your name]", "problem": "[the problem]"}
"""What stands in for a fact nobody gave. Without `support` the template's
`body_without_support` is used (the rep supports them), so no `{support}` is left to fill."""


class Facts(msgspec.Struct, kw_only=True):
    """What the email is about: from a debriefed call, from flags, or both."""

    style: str
    stage: str
    name: str = ""
    company: str = ""
    next_step: str = ""
    date: str = ""
    """YYYY-MM-DD."""
    rep: str = ""
    support: str = ""
    problem: str = ""
    call_id: int | None = None


class Draft(msgspec.Struct, kw_only=True):
    style: str
    style_name: str
    stage: str
    stage_name: str
    to: str
    subject: str
    greeting: str
    body: list[str]
    figures: list[str]
    attachments: list[str]
    ask: str
    closing: str
    rep: str
    call_id: int | None = None

    def words(self) -> int:
        parts = [self.greeting, *self.body, *self.figures, *self.attachments, self.ask,
                 self.closing, self.rep]
        return sum(len(p.split()) for p in parts)


def long_date(day: str) -> str:
    """'2026-12-10' -> 'Thursday 10 December 2026' (English, whatever the machine's locale)."""
    when = _dt.date.fromisoformat(day)
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    days = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return f"{days[when.weekday()]} {when.day} {months[when.month - 1]} {when.year}"


def _values(facts: Facts) -> dict[str, str]:
    given = {key: " ".join(str(getattr(facts, key) or "").split()) for key in PLACEHOLDERS}
    if given["date"]:
        given["date"] = long_date(given["date"])
    values = {key: given[key] or SLOTS.get(key, "") for key in PLACEHOLDERS}
    values["support"] = given["support"] or "[support contact]"
    return values


_SENTENCE_END = re.compile(r"[.?!]\s+$")


def _fill(text: str, values: dict[str, str]) -> str:
    """`fill`, with a value that starts a sentence or the subject given a capital ("Want to
    see it? Pilot start on...", "Pilot start confirmed for..."); values are never re-read."""
    def value(m: re.Match) -> str:
        found = values[m.group(1)]
        if m.start() == 0 or _SENTENCE_END.search(text, 0, m.start()):
            return found[:1].upper() + found[1:]
        return found

    return PLACEHOLDER.sub(value, text)


def template_for(books: Playbooks, style: str, stage: str) -> Template:
    templates = [book.styles.get(style, {}).get(stage)
                 for book in books.of("followup").values()]
    template = next((t for t in templates if t is not None), None)
    if template is None:
        raise CoachError(f"the playbooks have no follow-up template for style {style!r} at "
                         f"stage {stage!r}; add one under styles.{style}.{stage} in a "
                         "followup playbook")
    return template


def build_draft(books: Playbooks, facts: Facts) -> Draft:
    """The draft for one call."""
    template = template_for(books, facts.style, facts.stage)
    values = _values(facts)

    def each(items: list[str]) -> list[str]:
        return [one(t) for t in items]

    def one(text: str) -> str:
        return _fill(text, values)

    return Draft(
        style=facts.style, style_name=books.style(facts.style).name,
        stage=facts.stage, stage_name=books.stage(facts.stage).name,
        to=values["name"], subject=one(template.subject),
        greeting=one(template.greeting),
        body=each(template.body if facts.support.strip() or not template.body_without_support
                  else template.body_without_support),
        figures=each(template.figures), attachments=each(template.attachments),
        ask=one(template.ask), closing=one(template.closing),
        rep=values["rep"], call_id=facts.call_id)


def facts_from_call(call: CallRow, **given) -> Facts:
    """A debriefed call's facts; anything in `given` (the flags) wins.

    When the read did not hold, the email is written for the style the person turned out to be.
    """
    style = (call.get("actual_style") if call.get("read_held") is False else None) \
        or call.get("style") or ""
    base = {"style": style, "stage": call.get("stage") or "", "name": call.get("name") or "",
            "company": call.get("company") or "", "next_step": call.get("next_step") or "",
            "date": str(call.get("next_date") or "")}
    base.update({k: v for k, v in given.items() if v})
    return Facts(**base, call_id=call.get("id"))


def _checked(books: Playbooks, facts: Facts, flags: dict[str, str]) -> Facts:
    from coach.errors import UsageError

    for key, kind in (("style", books.styles), ("stage", books.stages)):
        value = getattr(facts, key).strip().lower()
        setattr(facts, key, value)
        if not value:
            raise UsageError(f"{flags[key]}: needed (the call has no {key}); choose from: "
                             f"{', '.join(kind)}")
        if value not in kind:
            raise UsageError(f"{flags[key]}: unknown {key} {value!r}; choose from: "
                             f"{', '.join(kind)}")
    if facts.date:
        from coach.text import iso_day

        facts.date = iso_day(facts.date, flags["date"]) or ""
    return facts


def prepare(books: Playbooks, db, call_id: int | None = None, **given: str) -> Draft:
    """The draft from the flags alone (when --style is given), else from a debriefed call
    (`call_id`, or the latest one) with the flags on top."""
    flags = {"style": "--style", "stage": "--stage", "date": "--date"}
    if call_id is None and given.get("style"):
        return build_draft(books, _checked(books, Facts(**given), flags))  # type: ignore[arg-type]
    from coach import journal

    if call_id is None:
        latest = journal.list_calls(db, limit=1)
        if not latest:
            raise CoachError("no debriefed call in the journal yet; give --call ID, or "
                             "--style and --stage to draft from the flags")
        call_id = latest[0]["id"]
    call = journal.get_call(db, call_id)
    if call is None:
        raise CoachError(f"--call {call_id}: no call with that id in the journal "
                         "(see 'coach journal list')")
    if call.get("name") == journal.NO_NAME:
        call["name"] = ""
    flags["style"] = f"--style (call {call_id})"
    flags["stage"] = f"--stage (call {call_id})"
    return build_draft(books, _checked(books, facts_from_call(call, **given), flags))
