"""The guided debrief: what it asks, what it skips when flags already said it, what it stores,
and that Ctrl-C part-way stores nothing. Driven by ScriptedPrompter, and once end to end by
the real questionary prompts through prompt_toolkit's pipe input."""

from __future__ import annotations

import pytest
from helpers import ScriptedPrompter
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach import debrief, journal
from coach.cli import main
from coach.errors import InputRequired, UsageError
from coach.interview import Prompter


def flags(**kw):
    return debrief.given_from_flags(prep=kw.pop("prep", None), **kw)


class FeedingPrompter(Prompter):
    """The real prompts; before each one, the keys a rep would press for it."""

    def __init__(self, pipe, keys):
        super().__init__(input=pipe, output=DummyOutput())
        self.pipe, self.keys = pipe, list(keys)

    def _ask(self, question):
        self.pipe.send_text(self.keys.pop(0))
        return super()._ask(question)


def test_real_prompts_walk_the_whole_case_template(books):
    styles, stages = list(books.styles), list(books.stages)
    keys = [
        "Dana\r", "Northwind\r",                      # a new prospect
        str(styles.index("driver") + 1),              # read as Driver (digit answers at once)
        str(stages.index("loyal") + 1),               # stage
        "4",                                          # outcome: stalled
        str(2 + [s for s in styles if s != "driver"].index("analytical")),  # read missed
        " \x1b[B \r",                                 # tick the first two approaches
        "Asked about their deadline; Sent a summary\r",
        " \r",                                        # the first playbook objection came up
        "2", "We can start small\r",                  # answered in my own words
        "Budget is frozen\r", "Offered a pilot\r",    # one more, in their words
        "\r",                                         # no more objections
        "Short call\r", "\r",                         # worked / didn't
        "Send the contract\r", "2025-07-01\r",
        "y",                                          # save
    ]
    with create_pipe_input() as pipe:
        call = debrief.ask(FeedingPrompter(pipe, keys), books, flags(), [])
    actions = debrief.approach_choices(books, "driver", "loyal")
    objections = debrief.objection_choices(books, "driver", "loyal")
    assert call["name"] == "Dana" and call["company"] == "Northwind"
    assert (call["style"], call["stage"], call["outcome"]) == ("driver", "loyal", "stalled")
    assert (call["read_held"], call["actual_style"]) == (False, "analytical")
    assert call["approaches"] == [*actions[:2], "Asked about their deadline", "Sent a summary"]
    assert call["objections"] == [
        {"objection": objections[0][0], "response": "We can start small"},
        {"objection": "Budget is frozen", "response": "Offered a pilot"}]
    assert (call["worked"], call["missed"]) == ("Short call", None)
    assert (call["next_step"], call["next_date"]) == ("Send the contract", "2025-07-01")


def test_ctrl_c_in_a_real_prompt_raises(books):
    with create_pipe_input() as pipe:
        with pytest.raises(KeyboardInterrupt):
            debrief.ask(FeedingPrompter(pipe, ["Dana\r", "\x03"]), books, flags(), [])


def test_picking_a_prep_fills_in_who_and_the_read(books):
    preps = [{"id": 7, "name": "Ann", "company": "Acme", "style": "analytical",
              "stage": "potential", "created": "2025-06-01T10:00:00+00:00",
              "debriefed": False}]
    actions = debrief.approach_choices(books, "analytical", "potential")
    objections = debrief.objection_choices(books, "analytical", "potential")
    prompter = ScriptedPrompter([
        "7", "won", "held", [actions[0]], "", ["1"], "playbook", "",
        "The trial", "Pushing for a date", "", True])
    call = debrief.ask(prompter, books, flags(), preps)
    assert call["prep_id"] == 7 and call["name"] == "Ann" and call["stage"] == "potential"
    assert call["read_held"] is True and call["actual_style"] is None
    assert call["objections"] == [{"objection": objections[1][0],
                                   "response": objections[1][1]}]
    assert call["next_step"] is None
    assert not any("name" in q.lower() or "stage" in q.lower() for q in prompter.asked)
    assert "Which call are you debriefing?" in prompter.asked[0]
    assert prompter.replies == []


def test_flags_given_are_not_asked_again(books):
    given = flags(name="Bo", style="expressive", stage="new", outcome="advanced",
                  read_held=True, approaches=["Told a story"], objections=["Price"],
                  responses=["Payback"], worked="Energy", missed="Too long",
                  next_step="Demo")
    prompter = ScriptedPrompter([True])
    call = debrief.ask(prompter, books, given, preps=[{"id": 1, "name": "Other"}])
    assert prompter.asked == ["Save this debrief to the journal?"]
    assert call["approaches"] == ["Told a story"]
    assert call["objections"] == [{"objection": "Price", "response": "Payback"}]


def test_declining_to_save_returns_nothing(books):
    given = flags(name="Bo", style="driver", stage="new", outcome="won", read_held=True,
                  approaches=["x"], objections=["y"], worked="", missed="", next_step="")
    assert debrief.ask(ScriptedPrompter([False]), books, given, []) is None


def test_no_input_needs_name_style_and_outcome(books):
    with pytest.raises(InputRequired, match="--name, --style, --outcome"):
        debrief.from_flags(books, flags())
    call = debrief.from_flags(books, flags(prep={"id": 3, "name": "Ann", "style": "amiable"},
                                           outcome="lost"))
    assert (call["prep_id"], call["name"], call["style"]) == (3, "Ann", "amiable")


@pytest.mark.parametrize("kw, message", [
    ({"style": "drivr"}, "--style: unknown style 'drivr'"),
    ({"actual_style": "nope"}, "--actual-style: unknown style"),
    ({"stage": "old"}, "--stage: unknown stage 'old'"),
    ({"read_held": True, "actual_style": "amiable"}, "disagree"),
    ({"read_held": False, "actual_style": "driver"}, "give the style they really were"),
])
def test_contradictory_or_unknown_flags(books, kw, message):
    given = flags(**{"name": "A", "style": "driver", "outcome": "won", **kw})
    with pytest.raises(UsageError, match=message):
        debrief.check(books, given)


def test_actual_style_alone_settles_the_read(books):
    assert debrief.check(books, flags(name="A", style="driver", outcome="won",
                                      actual_style="amiable"))["read_held"] is False
    same = debrief.check(books, flags(name="A", style="driver", outcome="won",
                                      actual_style="driver"))
    assert same["read_held"] is True and same["actual_style"] is None


def test_objections_pair_with_responses_in_order():
    call = flags(objections=["Price", "Timing", "Team"], responses=["Payback", "Pilot"])
    assert [o["response"] for o in call["objections"]] == ["Payback", "Pilot", None]
    with pytest.raises(UsageError, match="more answers"):
        flags(objections=["Price"], responses=["a", "b"])


@pytest.mark.parametrize("flag, kw", [("--next-date", {"next_date": "next week"}),
                                      ("--date", {"day": "31/12/2025"})])
def test_dates_are_checked(flag, kw):
    with pytest.raises(UsageError, match=flag):
        flags(**kw)


def test_ctrl_c_mid_debrief_writes_nothing(monkeypatch, capsys, tmp_path, books):
    """The CLI path: the prompter raises part-way, nothing reaches the journal, exit 130."""
    import coach.interview as interview

    db = tmp_path / "j.sqlite3"
    journal.add_debrief(db, {"name": "Before", "style": "driver", "outcome": "won"})
    prompter = ScriptedPrompter(["won", "held", KeyboardInterrupt])
    monkeypatch.setattr(interview, "require_terminal", lambda *a, **k: None)
    monkeypatch.setattr(interview, "Prompter", lambda: prompter)
    with pytest.raises(SystemExit) as stop:
        main(["debrief", "--name", "Dana", "--style", "driver", "--stage", "new",
              "--db", str(db)])
    assert stop.value.code == 130
    assert "nothing was written" in capsys.readouterr().err
    assert len(prompter.asked) == 3  # it really stopped in the middle
    assert [c["name"] for c in journal.list_calls(db)] == ["Before"]


def test_ctrl_c_before_any_journal_exists_creates_no_file(monkeypatch, tmp_path, coach_home):
    import coach.interview as interview

    monkeypatch.setattr(interview, "require_terminal", lambda *a, **k: None)
    monkeypatch.setattr(interview, "Prompter",
                        lambda: ScriptedPrompter(["Dana", KeyboardInterrupt]))
    with pytest.raises(SystemExit) as stop:
        main(["debrief"])
    assert stop.value.code == 130
    assert not journal.default_db_path().exists()


# --------------------------------------------------------------------------- what the rep sees


class Recording(ScriptedPrompter):
    """Scripted replies; keeps every choice list and its descriptions, as shown."""

    def __init__(self, replies):
        super().__init__(list(replies))
        self.shown: dict[str, tuple[list, dict]] = {}

    def select(self, message, choices, descriptions=None, **kw):
        self.shown[message] = (list(choices), descriptions or {})
        return super().select(message, choices, **kw)

    def checkbox(self, message, choices, **kw):
        self.shown[message] = (list(choices), {})
        return super().checkbox(message, choices, **kw)


def test_the_prep_picker_tells_preps_apart_by_time_and_labels_nameless_ones(books, utc):
    preps = [{"id": 4, "name": journal.NO_NAME, "company": None, "style": "driver",
              "stage": None, "created": "2025-06-01T09:15:00+00:00", "debriefed": False},
             {"id": 5, "name": journal.NO_NAME, "company": "Acme", "style": "driver",
              "stage": "new", "created": "2025-06-01T14:40:00+00:00", "debriefed": True}]
    prompter = Recording(["4", "Dana", "Northwind", "won", "held", [], "", [], "", "", "",
                          "", True])
    call = debrief.ask(prompter, books, flags(), preps, width=72)
    labels = dict(prompter.shown["Which call are you debriefing?"][0])
    assert labels["4"] == "Unnamed prep 4: Driver, prepped 2025-06-01 09:15"
    assert labels["5"] == ("Unnamed prep 5 (Acme): Driver, new, prepped 2025-06-01 "
                           "14:40, debriefed")
    assert prompter.asked[1] == "Prospect's name:"  # a nameless prep still needs a name
    assert (call["prep_id"], call["name"], call["style"]) == (4, "Dana", "driver")
    with pytest.raises(InputRequired, match="--name"):
        debrief.from_flags(books, flags(prep=preps[0], outcome="won"))


def test_long_choices_are_cut_to_the_width_and_kept_whole_elsewhere(books):
    actions = debrief.approach_choices(books, "amiable", "new")
    objections = debrief.objection_choices(books, "amiable", "new")
    assert any(len(a) > 40 for a in actions)
    drafts = []
    prompter = Recording(["won", "held", [actions[0]], "", ["0"], "playbook", "", "", "",
                          "", True])
    call = debrief.ask(prompter, books, flags(name="Ann", style="amiable", stage="new"), [],
                       width=40, show=drafts.append)
    for message, (choices, full) in prompter.shown.items():
        for value, label in choices:
            assert len(label) <= 40, (message, label)
            assert "\n" not in label
            if label.endswith("\u2026") and message.startswith("How did"):
                assert " ".join(full[value].split()).startswith(label[:-1].rstrip())
    read = dict(prompter.shown["Did the Amiable read hold on the call?"][0])
    assert read["held"] == "Yes: they were an Amiable" and read["driver"] == \
        "No: they were a Driver"
    # the value ticked is the playbook's whole line, and the draft shows it whole
    assert call["approaches"] == [actions[0]]
    assert call["objections"][0]["response"] == objections[0][1]
    assert drafts and drafts[0]["approaches"] == [actions[0]]


def test_debrief_help_explains_every_flag(capsys):
    with pytest.raises(SystemExit):
        main(["debrief", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--company TEXT Their company." in text
    assert "--next-step TEXT The next step agreed" in text
    assert "analytical, amiable, driver or expressive" in text
    assert "potential, new, loyal or at-risk" in text


@pytest.mark.parametrize("style", ["amiable", "driver", "analytical", "expressive"])
@pytest.mark.parametrize("stage", ["potential", "at-risk"])
def test_the_debrief_offers_what_the_brief_said(books, style, stage):
    """The debrief asks about the brief the rep had: its actions and its objections for this
    style and stage, never a line the stage held back; so lessons and --suggest link
    outcomes to the advice actually given."""
    from coach.brief import Prospect, build_brief
    from coach.scoring import given

    brief = build_brief(books, Prospect(stage=stage),
                        given(style, books.style(style).position))
    actions = debrief.approach_choices(books, style, stage)
    assert [str(a) for a in brief.top_actions] == actions[:len(brief.top_actions)]
    offered = [o for o, _ in debrief.objection_choices(books, style, stage)]
    assert offered == [str(p.point) for p in brief.section("objections").items]
    held = {str(t) for t in books.style(style).strategy.actions} - {
        str(i) for s in brief.sections for i in s.items}
    assert not held & set(actions)


def test_the_picker_lists_the_newest_preps_and_says_how_to_reach_older_ones(books):
    preps = [{"id": i, "name": f"P{i}", "company": None, "style": "driver", "stage": "new",
              "created": "2026-12-01T10:00:00+00:00", "debriefed": False}
             for i in range(20, 20 - debrief.PICKER - 1, -1)]
    seen = {}

    class Picker(ScriptedPrompter):
        def select(self, message, choices, **kw):
            seen[message] = (choices, kw.get("instruction"))
            return super().select(message, choices, **kw)

    prompter = Picker(["20", "won", "held", [], "", [], "", "", "", "", True])
    debrief.ask(prompter, books, flags(), preps)
    choices, hint = seen["Which call are you debriefing?"]
    assert [v for v, _ in choices] == [str(p["id"]) for p in preps[:debrief.PICKER]] + ["new"]
    assert "coach debrief --prep ID" in hint
    seen.clear()
    debrief.ask(Picker(["20", "won", "held", [], "", [], "", "", "", "", True]), books,
                flags(), preps[:3])
    assert seen["Which call are you debriefing?"][1] is None


def test_who_is_being_debriefed_is_said_in_one_line(books):
    prep = {"id": 12, "name": "Tom", "company": "Acme", "style": "analytical",
            "stage": "at-risk"}
    assert debrief.who(prep, books) == "Tom (Acme), prep 12: read as Analytical, at-risk"
    assert debrief.who({"id": 3, "name": "(no name)", "style": None}, books) == \
        "(no name given), prep 3: style not read"
