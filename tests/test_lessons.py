"""Lessons from counted rows: no shares on small samples, the right names, and a --suggest
overlay that the playbook loader accepts and that adds exactly what worked."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from coach import journal, lessons
from coach.playbook import load
from coach.text import yaml_quote


def names(books):
    return {"style_names": {k: s.name for k, s in books.styles.items()},
            "stage_names": {k: s.name for k, s in books.stages.items()},
            "questions": {q.id: (q.text, {o.value: o.label for o in q.options})
                          for q in books.questions}}


def add(db, n, **call):
    base = {"name": "P", "style": "driver", "stage": "new", "outcome": "won",
            "read_held": True, "approaches": [], "objections": []}
    journal.insert_many(db, [], [{**base, **call} for _ in range(n)])


def test_small_groups_show_counts_but_no_shares(tmp_path, books):
    db = tmp_path / "j.sqlite3"
    add(db, 12, style="driver", outcome="won")
    add(db, 3, style="driver", outcome="lost", read_held=False, actual_style="analytical")
    add(db, 4, style="amiable", outcome="stalled")
    result = lessons.build(journal.lesson_rows(db), min_sample=10, **names(books))
    driver, amiable = result.styles
    assert (driver.name, driver.calls, driver.enough) == ("Driver", 15, True)
    assert driver.positive_rate == pytest.approx(12 / 15, abs=1e-4)
    assert driver.read_rate == pytest.approx(12 / 15, abs=1e-4)
    assert driver.misread_as == {"Analytical": 3}
    assert (amiable.calls, amiable.enough, amiable.positive_rate, amiable.read_rate) == (
        4, False, None, None)
    assert amiable.outcomes["stalled"] == 4  # counts are always shown
    assert (result.calls, result.positive, result.negative) == (19, 12, 7)
    # a lower threshold turns the shares on
    small = lessons.build(journal.lesson_rows(db), min_sample=4, **names(books))
    assert small.styles[1].positive_rate == 0.0


def test_approaches_split_into_worked_and_failed(tmp_path, books):
    db = tmp_path / "j.sqlite3"
    add(db, 6, outcome="won", approaches=["Short summary", "ROI case"])
    add(db, 5, outcome="lost", approaches=["Long history of our company", "ROI case"])
    add(db, 2, outcome="no-change", approaches=["Short summary"])
    result = lessons.build(journal.lesson_rows(db, top=2), **names(books))
    driver = result.styles[0]
    assert [(i.text, i.positive, i.negative, i.calls) for i in driver.worked] == [
        ("ROI case", 6, 5, 11), ("Short summary", 6, 0, 8)]
    assert [(i.text, i.negative) for i in driver.failed] == [
        ("ROI case", 5), ("Long history of our company", 5)]  # ties: the more used first
    stage = result.stages[0]
    assert stage.name == "New customer" and stage.calls == 13


def test_wrong_read_answers_use_the_question_bank(tmp_path, books):
    db = tmp_path / "j.sqlite3"
    question = books.questions[0]
    option = question.options[0]
    prep = journal.record_prep(db, name="A", company=None, role=None, goal=None, stage=None,
                               style="driver", profile=None,
                               answers={question.id: option.value})
    for _ in range(3):
        journal.add_debrief(db, {"name": "A", "style": "driver", "outcome": "lost",
                                 "prep_id": prep, "read_held": False})
    result = lessons.build(journal.lesson_rows(db), min_sample=3, **names(books))
    seen = result.styles[0].wrong_read_answers[0]
    assert (seen.question, seen.answer, seen.missed, seen.held) == (
        question.text, option.label, 3, 0)
    assert seen.missed_share == 1.0 and seen.held_share is None  # no held reads at all
    assert result.styles[0].reads_with_answers == {"missed": 3, "held": 0}


# --------------------------------------------------------------------------- --suggest


def merged_style(tmp_path, text, style_id):
    """The style as the loader sees it with the overlay on top (raises on any problem)."""
    overlay = tmp_path / "suggested.yaml"
    overlay.write_text(text, encoding="utf-8")
    return load([overlay], use_cache=False).styles[style_id]


HOSTILE = 'She said: "no" # not yet\n\x1b[31mred\x1b[0m \u202eevil\u202c {a: b} - [x] 💡'


def test_overlay_is_valid_and_adds_only_what_worked(tmp_path, books):
    db = tmp_path / "j.sqlite3"
    style = books.styles["driver"]
    known = style.strategy.actions[0]
    add(db, 8, outcome="won", approaches=[known, "Open with the headline number", HOSTILE],
        objections=[{"objection": "Too slow to roll out", "response": "Two-week pilot"},
                    {"objection": style.objections[0].objection,
                     "response": style.objections[0].response}])
    add(db, 2, outcome="lost", approaches=["Open with the headline number", "Talk weather"],
        objections=[{"objection": "Too slow to roll out", "response": "Two-week pilot"}])
    add(db, 9, outcome="lost", approaches=["Talk weather"])
    result = lessons.build(journal.lesson_rows(db), min_sample=5, **names(books))
    group = result.styles[0]
    text, count = lessons.overlay(result, group, style, "suggested.yaml")
    assert count == 3
    assert text.startswith("# ") and "coach playbooks validate suggested.yaml" in text
    merged = merged_style(tmp_path, text, "driver")
    added = merged.communication.use[len(style.communication.use):]
    assert added == ["Open with the headline number", HOSTILE]  # exact text, nothing else
    assert known not in added and "Talk weather" not in added
    new = merged.objections[len(style.objections):]
    assert [(o.objection, o.response) for o in new] == [("Too slow to roll out",
                                                         "Two-week pilot")]
    assert "\x1b" not in text and "\u202e" not in text  # escaped, not raw


def test_overlay_with_nothing_to_suggest_is_still_valid(tmp_path, books):
    db = tmp_path / "j.sqlite3"
    add(db, 3, outcome="won", approaches=["Only three calls"])
    result = lessons.build(journal.lesson_rows(db), **names(books))
    text, count = lessons.overlay(result, result.styles[0], books.styles["driver"],
                                  "odd\nkind: quiz.yaml")  # a file name can't break the YAML
    assert count == 0 and "Nothing qualifies yet" in text
    merged = merged_style(tmp_path, text, "driver")
    assert merged == books.styles["driver"]


def test_items_below_the_styles_own_success_rate_are_not_suggested(tmp_path, books):
    db = tmp_path / "j.sqlite3"
    add(db, 20, outcome="won")
    add(db, 6, outcome="won", approaches=["Mediocre line"])
    add(db, 4, outcome="lost", approaches=["Mediocre line"])  # 60% vs the style's 87%
    result = lessons.build(journal.lesson_rows(db), min_sample=5, **names(books))
    use, answers = lessons.suggestions(result.styles[0], books.styles["driver"], 5)
    assert use == [] and answers == []


@given(st.text(max_size=60))
def test_yaml_quote_round_trips_any_text(text):
    assert yaml.safe_load(yaml_quote(text)) == text
