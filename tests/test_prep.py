"""The prep flow as a library call: `coach.prep.prepare` without the command line."""

from __future__ import annotations

import pytest
from helpers import ScriptedPrompter

from coach.errors import CoachError, UsageError
from coach.prep import PrepRequest, prepare


def test_a_known_style_needs_no_prompter(books):
    result = prepare(PrepRequest(name="Dana", stage="loyal", style="Driver", interview=False),
                     books, None)
    assert (result.brief.style, result.brief.stage, result.asked) == ("driver", "loyal", False)
    assert result.brief.read.startswith("Driver (your call")


def test_the_prompter_is_asked_only_what_the_request_leaves_open(books):
    count = len(books.questions)
    # the stage comes from the request: not asked; one answer is too few, so the rep picks
    # how the rep knows them: nothing ticked, so every question may be asked
    prompter = ScriptedPrompter(["Acme", "CFO", "Renewal", [], "fast", "__done__", "driver"])
    result = prepare(PrepRequest(name="Dana", stage="new"), books, prompter)
    assert prompter.asked[:3] == ["Company", "Their role", "What do you want from this call?"]
    assert prompter.asked[3].startswith("How do you know them?")
    assert prompter.asked[4].startswith(f"(1/{count}) ")
    assert result.asked and result.answers == {"pace": "fast"}
    assert len(prompter.asked) == 7 and prompter.asked[6].startswith("Not enough to go on")
    assert (result.brief.prospect.company, result.brief.style) == ("Acme", "driver")


def test_answers_that_place_nobody_let_the_rep_pick(books):
    prompter = ScriptedPrompter(["", "", "", [], "fast", "__done__", "expressive"])
    result = prepare(PrepRequest(name="Dana", stage="new"), books, prompter)
    assert result.brief.style == "expressive"
    assert "your pick" in result.brief.read


def test_without_a_prompter_missing_answers_are_an_error(books):
    with pytest.raises(CoachError, match="--no-input: missing answers: stage, pace"):
        prepare(PrepRequest(no_input=True), books, None)
    with pytest.raises(CoachError, match="no terminal to ask on: missing answers: pace"):
        prepare(PrepRequest(stage="new"), books, None)


def test_bad_style_and_stage_name_the_flag(books):
    with pytest.raises(UsageError, match="--style: unknown style 'pilot'"):
        prepare(PrepRequest(style="pilot", interview=False), books, None)
    with pytest.raises(UsageError, match="--stage: unknown stage 'dormant'"):
        prepare(PrepRequest(style="driver", stage="dormant", interview=False), books, None)
