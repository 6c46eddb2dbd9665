"""The plan for a room of several styles: every style present is served, clashes are named,
unknown styles get the whole plan, and the shipped meeting playbook covers every style."""

from __future__ import annotations

import itertools

import pytest
from helpers import write

from coach.errors import PlaybookError, UsageError
from coach.meeting import MeetingRequest, Spec, build_meeting, prepare, read_attendee
from coach.playbook import load


@pytest.fixture(scope="module")
def books():
    return load(use_cache=False)


def meeting(books, *people, decider=None, **kw):
    attendees = [read_attendee(Spec(name=n, style=s), books) for n, s in people]
    return build_meeting(books, attendees, decider, **kw)


def test_the_shipped_playbook_covers_every_style_and_every_pair(books):
    book = books.of("meeting")["meeting"]
    assert set(book.people) == set(books.styles)
    pairs = {frozenset(c.between) for c in book.clashes}
    assert pairs == {frozenset(p) for p in itertools.combinations(books.styles, 2)}
    for style in books.styles:
        assert any(style in i.for_ for i in book.opening), style
        assert any(style in i.for_ for i in book.agenda), style


def test_every_section_serves_each_style_in_the_room(books):
    for size in (2, 3, 4):
        for styles in itertools.combinations(books.styles, size):
            m = meeting(books, *((f"P{i}", s) for i, s in enumerate(styles)))
            names = {books.styles[s].name for s in styles}
            for section in (m.opening, m.agenda):
                served = {n for item in section for n in item.styles}
                assert served == names, (styles, section)
            assert {p.style_name for p in m.needs} == names
            assert {p.style_name for p in m.afterwards} == names
            assert len(m.clashes) == size * (size - 1) // 2


def test_items_for_styles_not_in_the_room_are_left_out(books):
    m = meeting(books, ("Ines", "driver"), ("Tom", "analytical"))
    text = " ".join(i.text for i in m.opening + m.agenda)
    assert "Go round the room" not in text      # for Amiables and Expressives
    assert "Who it affects" not in text          # the Amiable's agenda item
    assert [c.styles for c in m.clashes] == [["Driver", "Analytical"]]
    assert "decision today" in m.clashes[0].risk and "dated review" in m.clashes[0].handle


def test_someone_unknown_gets_the_whole_plan_and_a_discovery_line(books):
    m = meeting(books, ("Ines", "driver"), ("Sam", "unknown"))
    book = books.of("meeting")["meeting"]
    assert len(m.opening) == len(book.opening) and len(m.agenda) == len(book.agenda)
    sam = next(p for p in m.needs if p.name == "Sam")
    assert sam.style_name == "unknown" and sam.text == book.unknown.needs
    assert any("unknown" in n for n in m.notes)
    assert m.clashes == []


def test_the_decider_is_first_and_said_so(books):
    m = meeting(books, ("Tom", "analytical"), ("Ines", "driver"), decider="Ines")
    assert [a.name for a in m.attendees] == ["Ines", "Tom"]
    assert m.attendees[0].decides and not m.attendees[1].decides
    assert m.notes[0].startswith("Ines decides.")
    assert "not known" in meeting(books, ("Tom", "analytical")).notes[0]


def test_answers_that_place_nobody_leave_the_style_unknown(books):
    vague = read_attendee(Spec(name="Lee", answers={"pace": "unsure"}), books)
    assert vague.style == "" and vague.read == "unknown: the answers do not place them"


def test_request_errors_name_the_flag(books):
    with pytest.raises(UsageError, match="--attendee: 'a:b:c:d' is not Name:role:style"):
        prepare(MeetingRequest(attendees=["a:b:c:d"]), books, None)
    with pytest.raises(UsageError, match="--attendee Ines: unknown style 'drivr'"):
        prepare(MeetingRequest(attendees=["Ines:CFO:drivr"]), books, None)
    with pytest.raises(UsageError, match="--decider: 'Bob' is not one of the attendees: Ines"):
        prepare(MeetingRequest(attendees=["Ines:CFO:driver"], decider="Bob"), books, None)
    with pytest.raises(UsageError, match="'ines' is named twice"):
        prepare(MeetingRequest(attendees=["Ines", "ines:CFO"]), books, None)


def test_a_clash_naming_one_style_twice_is_an_error_at_its_line(tmp_path):
    path = write(tmp_path, "meeting.yaml", (
        "kind: meeting\nversion: 1\nid: meeting\nclashes+:\n"
        "  - between: [driver, driver]\n    risk: x\n    handle: y\n"))
    with pytest.raises(PlaybookError) as caught:
        load([tmp_path], use_cache=False)
    assert f"{path}:5: clashes[6].between: name two different styles" in str(caught.value)



def test_the_reps_own_style_adds_how_to_flex_towards_each_person(books):
    """An Expressive rep (tells + emotes) flexes towards the controllers' facts and the
    askers' pace; someone of the rep's own style gets the same-style caution; nobody
    unknown gets a guess."""
    flex = books.flex
    m = meeting(books, ("Ines", "driver"), ("Tom", "analytical"), ("Eva", "expressive"),
                ("Sam", "unknown"), me="expressive")
    lines = {p.name: p.text for p in m.flex}
    assert m.me == "Expressive" and set(lines) == {"Ines", "Tom", "Eva"}
    assert lines["Ines"] == flex.to_controls[0]
    assert lines["Tom"] == f"{flex.to_ask[0]} {flex.to_controls[0]}"
    assert lines["Eva"] == flex.same_style[0]
    assert meeting(books, ("Ines", "driver")).flex == []


def test_the_flex_section_is_in_the_plan_only_with_a_style_for_the_rep(books, tmp_path,
                                                                      monkeypatch):
    from coach.render.meeting import render_markdown

    monkeypatch.setenv("COACH_HOME", str(tmp_path))
    request = MeetingRequest(attendees=["Ines:CFO:driver", "Priya:Office manager:amiable"])
    assert "Flex your style" not in render_markdown(prepare(request, books, None))
    request.me = "driver"
    text = render_markdown(prepare(request, books, None))
    assert "## Flex your style (you: Driver)" in text
    assert f"- Priya (Amiable): {books.flex.to_ask[0]} {books.flex.to_emotes[0]}" in text
    request.me = "boss"
    with pytest.raises(UsageError, match="--me"):
        prepare(request, books, None)


STAGES = ("potential", "new", "loyal", "at-risk")
EVERYONE = (("Ines", "driver"), ("Raj", "analytical"), ("Mia", "amiable"), ("Leo", "expressive"))


def _plan_text(m) -> list[str]:
    return ([i.text for i in m.opening + m.agenda] + [p.text for p in m.needs + m.afterwards]
            + [c.risk + " " + c.handle for c in m.clashes] + [p.text for p in m.flex])


def test_an_at_risk_meeting_starts_by_listening_and_never_sells(books):
    """The room of a slipping account hears what went wrong first; no part of the plan
    talks about the return, a decision today or a new idea."""
    from coach.brief import contains

    stems = books.stages["at-risk"].never_in_brief
    for size in (1, 2, 4):
        for people in itertools.combinations(EVERYONE, size):
            for me in (None, *books.styles):
                m = meeting(books, *people, stage="at-risk", me=me)
                assert "went wrong" in m.agenda[0].text and "heard" in m.agenda[0].text
                assert "went wrong" in m.opening[0].text
                for text in _plan_text(m):
                    assert not any(contains(text, s) for s in stems), (people, me, text)
                    assert "decide" not in text.casefold(), text
    m = meeting(books, ("Ines", "driver"), ("Raj", "analytical"), stage="at-risk")
    assert m.afterwards[0].text.startswith("Three lines the same day: what went wrong")
    assert "written cause" in m.clashes[0].handle and "decides today" not in m.clashes[0].handle


def test_the_plan_changes_with_the_stage_and_serves_every_style_at_each(books):
    plans = {stage: meeting(books, *EVERYONE, stage=stage) for stage in STAGES}
    agendas = {stage: [i.text for i in m.agenda] for stage, m in plans.items()}
    assert len({tuple(a) for a in agendas.values()}) == 4
    names = {books.styles[s].name for _, s in EVERYONE}
    for stage, m in plans.items():
        served = {n for item in m.agenda for n in item.styles}
        assert served == names, stage
    loyal = " ".join(_plan_text(plans["loyal"]))
    assert "decision you need" not in loyal and "decides today" not in loyal
    assert "Thank them" in plans["loyal"].opening[0].text


def test_the_flex_in_a_meeting_follows_the_stage(books):
    flex = books.flex.stages["at-risk"]
    m = meeting(books, ("Ines", "driver"), ("Mia", "amiable"), stage="at-risk", me="driver")
    lines = {p.name: p.text for p in m.flex}
    assert lines["Mia"] == f"{flex.to_ask[0]} {flex.to_emotes[0]}"
    assert lines["Ines"] == str(flex.same_style[0])
    assert "click easily" not in lines["Ines"]


def test_the_account_stage_leads_the_printed_plan(books):
    from coach.render.meeting import sections

    m = meeting(books, ("Ines", "driver"), ("Leo", "expressive"), stage="at-risk")
    titles = [t for t, _ in sections(m)]
    assert titles[1] == "For the account (At-risk customer)"
    assert titles.index("For the account (At-risk customer)") < titles.index(
        "Agenda, in this order")
    assert sections(m)[1][1][0] == "Ask what has changed and listen before offering any fix."
