"""The journal's rows as typed records, the same from SQLite and PostgreSQL.

coach.journal returns these; the debrief flow, lessons and the renderers read them. They are
TypedDicts rather than Structs because every consumer already indexes them by key and the
JSON renderers print them as they are.
"""

from __future__ import annotations

from typing import Any, TypedDict


class Objection(TypedDict):
    objection: str
    response: str | None


class _Prep(TypedDict):
    id: int
    created: str
    name: str
    company: str | None
    role: str | None
    goal: str | None
    stage: str | None
    style: str | None
    rep: str | None


class PrepRow(_Prep):
    """What the rep believed before a call (a prep), with the interview answers."""

    profile: dict[str, Any] | None
    answers: dict[str, str]


class PrepSummary(_Prep):
    """A prep as lists show it: no profile or answers, and whether it has a debrief yet."""

    debriefed: bool


class CallRow(TypedDict):
    """One debriefed call; `rep` is who logged it (None in journals from before reps)."""

    id: int
    day: str
    name: str
    company: str | None
    style: str
    stage: str | None
    outcome: str
    read_held: bool | None
    actual_style: str | None
    worked: str | None
    missed: str | None
    next_step: str | None
    next_date: str | None
    prep_id: int | None
    created: str
    rep: str | None
    approaches: list[str]
    objections: list[Objection]


class CallDetail(CallRow):
    """A call with the prep it was linked to, and the meeting that prep was part of."""

    prep: PrepRow | None
    meeting_id: int | None


class AttendeeDebrief(TypedDict):
    call_id: int
    day: str
    outcome: str
    read_held: bool | None
    actual_style: str | None


class MeetingAttendee(TypedDict):
    """One person in a meeting: their prep, and the debriefs logged against it."""

    prep_id: int
    name: str
    role: str | None
    style: str | None
    debriefs: list[AttendeeDebrief]


class _Meeting(TypedDict):
    id: int
    created: str
    company: str | None
    goal: str | None
    stage: str | None
    decider: str | None


class MeetingDetail(_Meeting):
    attendees: list[MeetingAttendee]


class MeetingSummary(_Meeting):
    """A meeting as the list shows it: how many people, how many of them debriefed."""

    attendees: int
    debriefed: int


class DeletedCall(TypedDict):
    id: int
    day: str
    name: str
    style: str
    outcome: str
    rep: str | None


class QuizRow(TypedDict):
    id: int
    taken: str
    score: int
    total: int
    passed: bool
    topics: dict[str, Any]
