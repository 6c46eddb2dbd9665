"""`coach quiz` as a rep takes it: a wrong choice is told why it is wrong, then the answer;
a right one is not; `--items` never gives an answer or a why away."""

from __future__ import annotations

import json

import pytest
from helpers import TEAM_QUIZ, write

from coach import training
from coach.playbook import load


def _flat(text: str) -> str:
    return " ".join(text.split())


def _asked(count: int, seed: int, topic: str | None = None):
    return training.select(load().quiz_items, count=count, seed=seed, topic=topic)


def _key(asked, right: bool) -> str:
    values = [v for v, _ in asked.options]
    return str((values.index(asked.answer) if right else
                next(i for i, v in enumerate(values) if v != asked.answer)) + 1)


def _whys(items) -> list[str]:
    return [_flat(o.why) for item in items for o in item.options if o.why]



@pytest.mark.parametrize("topic", ["types", "stages"])

def test_a_wrong_choice_shows_its_why_then_the_answer_and_the_explanation(run, keyboard,
                                                                          topic):
    wrong, right = _asked(2, seed=11, topic=topic)
    keyboard.send_text(_key(wrong, right=False) + _key(right, right=True))
    r = run("quiz", "--count", "2", "--seed", "11", "--topic", topic, "--no-save")
    assert r.code == 0, r.err
    out = _flat(r.out)
    chosen = next(v for v, _ in wrong.options if v != wrong.answer)
    why = _flat(wrong.why(chosen))
    assert why, f"{wrong.id}: {chosen} has no why"
    at = {name: out.find(text) for name, text in (
        ("chose", f"You chose \u201c{wrong.label(chosen)}\u201d."),
        ("why", f"Why not: {why}"),
        ("answer", f"The answer is \u201c{wrong.label(wrong.answer)}\u201d."),
        ("explanation", _flat(wrong.explanation)))}
    assert -1 not in at.values(), (at, out)
    assert at["chose"] < at["why"] < at["answer"] < at["explanation"]
    # the right answer to the second item: praise and the explanation, no why of any option
    assert f"Correct: {right.label(right.answer)}." in out
    assert out.count("Why not:") == 1
    for _, text in right.whys:
        assert _flat(text) not in out


def test_every_wrong_option_of_an_item_shows_its_own_why(run, tmp_path):
    """Graded from a file (no terminal): each wrong value gives that option's why."""
    item = next(i for i in load().quiz_items if i.id == "spot-driver-head-of-it")
    for option in item.options:
        path = write(tmp_path, "a.yaml", f"{item.id}: {option.value}\n")
        out = _flat(run("quiz", "--answers", str(path)).out)
        shown = [o.value for o in item.options if o.why and _flat(o.why) in out]
        assert shown == ([] if option.value == item.answer else [option.value])


def test_graded_json_gives_the_why_of_a_wrong_choice_only(run, tmp_path):
    item = next(i for i in load().quiz_items if i.id == "stage-at-risk-first-move")
    wrong = next(o for o in item.options if o.value != item.answer)
    other = next(i for i in load().quiz_items if i.id == "stage-new")
    path = write(tmp_path, "a.yaml", f"{item.id}: {wrong.value}\n{other.id}: {other.answer}\n")
    data = json.loads(run("quiz", "--answers", str(path), "--json").out)
    by_id = {r["id"]: r for r in data["results"]}
    assert by_id[item.id]["why"] == wrong.why
    assert by_id[other.id]["why"] is None and by_id[other.id]["correct"] is True


@pytest.mark.parametrize("fmt", ["json", "markdown", "terminal"])
def test_items_never_give_an_answer_or_a_why_away(run, fmt):
    r = run("quiz", "--items", "--format", fmt)
    assert r.code == 0, r.err
    out = _flat(r.out)
    items = load().quiz_items
    leaked = [w for w in _whys(items) if w[:40] in out]
    assert leaked == []
    assert not any(_flat(i.explanation)[:40] in out for i in items)
    assert "Why not" not in out and '"why"' not in out and '"answer"' not in out
    if fmt == "json":
        for item in json.loads(r.out):
            assert set(item) == {"id", "topic", "question", "options"}
            assert all(set(o) == {"value", "label"} for o in item["options"])


def test_lint_names_a_trainers_wrong_option_without_why_by_line(run, tmp_path):
    path = write(tmp_path, "team-quiz.yaml", TEAM_QUIZ)
    assert run("playbooks", "validate", str(path)).code == 0  # it loads; the quiz runs
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    assert done.err.startswith(f"{path}:10: items[0].options[1]: pricing-1: the wrong option "
                               "'history' has no why")


def test_a_trainers_item_without_whys_still_gives_the_answer_and_explanation(run, tmp_path):
    layer = write(tmp_path, "layer/team-quiz.yaml", TEAM_QUIZ)
    answers = write(tmp_path, "a.yaml", "pricing-1: history\n")
    r = run("quiz", "--answers", str(answers), "--playbooks", str(layer.parent))
    assert r.code == 0, r.err
    out = _flat(r.out)
    assert ("You chose \u201cOur history\u201d; the answer is \u201cThe result first\u201d. "
            "Drivers want the result first.") in out
    assert "Why not" not in out
