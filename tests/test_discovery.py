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


def test_your_own_style_gets_its_own_watch_points_until_theirs_is_known(books):
    """`--style unknown --me driver`: the rep's own habits are what may lose the prospect in
    the first minutes, so the discovery brief says what to hold back."""
    from coach.brief import Prospect, build_discovery_brief
    from coach.scoring import unknown

    for me, lines in books.discovery.yours.items():
        brief = build_discovery_brief(books, Prospect(stage="new"), unknown(books.styles),
                                      me=me)
        section = brief.section("flex")
        assert books.styles[me].name in section.title
        assert [str(i) for i in section.items] == [str(t) for t in lines]
        assert brief.me == me
    plain = build_discovery_brief(books, Prospect(stage="new"), unknown(books.styles))
    assert "flex" not in [s.id for s in plain.sections]
    assert set(books.discovery.yours) == set(books.styles)


def test_a_misspelt_style_in_the_discovery_brief_is_a_lint_finding(tmp_path, monkeypatch,
                                                                   capsys):
    from helpers import write

    from coach.cli import main

    write(tmp_path, "d.yaml", "kind: discovery\nversion: 1\nid: discovery\nyours:\n"
          "  drivr:\n    - \"Slow down.\"\n")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    import pytest

    with pytest.raises(SystemExit) as stopped:
        main(["playbooks", "lint"])
    assert stopped.value.code == 1
    assert "d.yaml:5: yours.drivr: no style 'drivr'" in capsys.readouterr().err
