"""The shipped quiz: enough items on every topic, each answerable, in step with the interview."""

from __future__ import annotations

from collections import Counter

import msgspec
import pytest

from coach import training
from coach.playbook import load
from coach.playbook.kinds.quiz import Quiz
from coach.scoring import score

STYLES = ("analytical", "amiable", "driver", "expressive")


@pytest.fixture(scope="module")
def items(books):
    return books.quiz_items


def _scenarios(items):
    return [i for i in items if i.answers]


def test_at_least_32_items_with_unique_ids(items):
    assert len(items) >= 32
    ids = [i.id for i in items]
    assert len(ids) == len(set(ids))


def test_every_answer_is_among_its_options(books, items):
    for item in items:
        values = [o.value for o in item.options]
        assert item.answer in values, f"{item.id}: {item.answer!r} not in {values}"
        assert len(values) == len(set(values)), f"{item.id}: repeated option values"
        assert item.explanation.strip() and item.question.strip()
    for quiz in books.of("quiz").values():
        assert quiz.lint() == []


def test_at_least_five_style_scenarios_per_style(items):
    counts = Counter(i.answer for i in _scenarios(items))
    for style in STYLES:
        assert counts[style] >= 5, f"only {counts[style]} scenarios for {style}"
    for item in _scenarios(items):
        assert item.topic == "types"
        assert sorted(o.value for o in item.options) == sorted(STYLES)


def test_items_cover_strategy_communication_segmentation_stages_and_cases(items):
    topics = Counter(i.topic for i in items)
    for topic in ("tailoring", "segmentation", "stages", "case-studies", "motivations",
                  "engagement"):
        assert topics[topic] >= 3 if topic != "engagement" else topics[topic] >= 2, topic


def test_every_item_topic_is_a_learn_topic(books, items):
    learn = {t.id for t in training.topics(books)}
    assert {i.topic for i in items} <= learn


def test_scenario_answers_use_real_interview_questions_and_options(books, items):
    questions = {q.id: q for q in books.questions}
    for item in _scenarios(items):
        assert len(item.answers) >= 3, f"{item.id}: too little behaviour to go on"
        for qid, value in item.answers.items():
            assert qid in questions, f"{item.id}: unknown interview question {qid!r}"
            assert questions[qid].option(value), f"{item.id}: {qid}: no option {value!r}"
            assert value != "unsure"


@pytest.mark.parametrize("item_id", [i.id for i in _scenarios(load(use_cache=False)
                                                               .quiz_items)])
def test_scoring_a_scenarios_answers_gives_the_scenarios_style(books, item_id):
    """The quiz and the interview can never teach two different things."""
    item = next(i for i in books.quiz_items if i.id == item_id)
    profile = score(books.questions, item.answers, books.settings.scoring, books.styles)
    assert profile.style == item.answer, (
        f"{item_id}: the interview reads these answers as {profile.style}, "
        f"the quiz says {item.answer}")
    assert profile.second_style is None, f"{item_id}: too close to a border to teach from"


def test_lint_reports_an_answer_that_is_not_an_option():
    def item(ident, answer, values):
        return {"id": ident, "topic": "types", "question": "q", "answer": answer,
                "explanation": "e", "options": [{"value": v, "label": v.upper()} for v in values]}

    quiz = msgspec.convert({"kind": "quiz", "version": 1, "id": "t", "items": [
        item("a", "x", "xy"), item("b", "z", "xx"), item("a", "x", "xy")]}, Quiz)
    found = dict(quiz.lint())
    assert "items[1].answer" in found and "'z'" in found["items[1].answer"]
    assert "items[1].options[1].value" in found
    assert "items[2].id" in found
    assert "items[0].answer" not in found


def test_the_right_option_is_not_given_away_by_its_length_or_place(items):
    """A rep who always picks the longest option, or the first, must not pass."""
    longest = [i.id for i in items
               if (lengths := [len(o.label) for o in i.options])
               and len(next(o.label for o in i.options if o.value == i.answer)) == max(lengths)
               and lengths.count(max(lengths)) == 1]
    assert len(longest) <= 0.4 * len(items), longest
    prose = [i for i in items if any(len(o.label.split()) > 3 for o in i.options)]
    prose_longest = [i for i in prose if i.id in longest]
    assert len(prose_longest) <= 0.4 * len(prose), [i.id for i in prose_longest]
    first = [i.id for i in prose if i.options[0].value == i.answer]
    assert len(first) <= 0.4 * len(prose), first


def test_every_option_fits_one_line_at_80_columns(items):
    """The prompt's pointer and number take 6 columns; a longer option would be cut."""
    for item in items:
        for option in item.options:
            assert len(option.label) <= 72, f"{item.id}: {option.label!r}"
