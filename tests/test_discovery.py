"""The unknown-style path: discovery content that fits every style, a picker that never
forces a guess, and question numbers that continue when the rep goes back for more."""

from __future__ import annotations

from helpers import ScriptedPrompter

from coach import interview


def test_discovery_names_every_style_and_only_real_ones(books):
    d = books.discovery
    assert d is not None and len(d.first_questions) == 3
    assert {s.style for s in d.signals} == set(books.styles)
    for style in books.styles.values():
        assert any(style.name in p.reveals for p in d.first_questions), style.name


def test_the_picker_always_offers_i_dont_know_yet(books):
    prompter = ScriptedPrompter([interview.NOT_KNOWN])
    choice = interview.ask_style(prompter, books, ["driver", "expressive"], more=False)
    assert choice == interview.NOT_KNOWN


def test_going_back_for_more_continues_the_numbering(books):
    questions = books.questions[:4]
    prompter = ScriptedPrompter([questions[2].options[0].value, interview.DONE])
    interview.ask_behaviour(prompter, books, questions, {questions[0].id: "unsure",
                                                         questions[1].id: "unsure"})
    assert prompter.asked[0].startswith("(3/4) ")
    assert prompter.asked[1].startswith("(4/4) ")
