"""Quiz feedback that teaches: every wrong option says why it is wrong, and the scenario
people vary, so a rep learns the style from behaviour, never from a job title or a gender."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from helpers import TEAM_QUIZ, write

from coach.errors import PlaybookError
from coach.playbook.lint import lint
from coach.playbook.loader import files, parse

STYLES = ("analytical", "amiable", "driver", "expressive")
PRONOUNS = {
    "woman": {"she", "her", "hers", "herself"},
    "man": {"he", "him", "his", "himself"},
    "they": {"they", "them", "their", "theirs", "themselves", "themself"},
}
# Kinds of job a stereotype ties to one style; each may appear under several styles but
# must never be confined to one.
ROLES = {
    "tech": ("engineer", "it manager", "head of it", "lab", "developer", "technical"),
    "finance": ("finance", "controller", "bursar", "cfo", "accountant"),
    "sales or marketing": ("sales", "marketing", "creative"),
}


def _scenarios(books):
    return [i for i in books.quiz_items if i.answers]


def _who(question: str) -> str:
    """Whom a scenario is about, from its pronouns: woman, man or they (else 'unclear')."""
    words = Counter(re.findall(r"[a-z]+", question.lower()))
    count = {who: sum(words[w] for w in ws) for who, ws in PRONOUNS.items()}
    if count["woman"] and not count["man"]:
        return "woman"
    if count["man"] and not count["woman"]:
        return "man"
    if count["they"] and not count["woman"] and not count["man"]:
        return "they"
    return "unclear"


# --------------------------------------------------------------------------- whys


def test_every_wrong_option_in_the_shipped_quizzes_says_why(books):
    """A new shipped item without whys fails here (and `coach playbooks lint` in CI)."""
    missing = [f"{item.id}: {o.value}" for item in books.quiz_items for o in item.options
               if o.value != item.answer and not o.why.strip()]
    assert missing == []
    assert sum(1 for item in books.quiz_items for o in item.options
               if o.value != item.answer) >= 150


def test_no_right_answer_has_a_why_and_whys_do_not_repeat(books):
    for item in books.quiz_items:
        right = next(o for o in item.options if o.value == item.answer)
        assert right.why is None, item.id
    whys = [" ".join(o.why.split()) for i in books.quiz_items for o in i.options if o.why]
    assert len(whys) == len(set(whys)), "a why copied between options says nothing specific"


def test_a_scenarios_why_names_the_style_it_rules_out(books):
    """"Why not Driver?" is answered in terms of the Driver, so the rep learns the cue."""
    names = {sid: s.name for sid, s in books.styles.items()}
    for item in _scenarios(books):
        for option in item.options:
            if option.value != item.answer:
                assert names[option.value] in option.why, f"{item.id}: {option.value}"


def test_a_why_on_the_answer_is_refused_at_its_line(tmp_path):
    path = write(tmp_path, "team-quiz.yaml", TEAM_QUIZ.replace(
        "      - {value: result, label: The result first}\n",
        "      - value: result\n        label: The result first\n"
        "        why: Because it is right.\n"))
    with pytest.raises(PlaybookError) as caught:
        parse(files((), (path,)))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:11: items[0].options[0].why: 'result' is the answer: a why is only for a "
        "wrong option (say why it is right in the explanation)"]


def test_an_overlay_item_without_whys_loads_and_lint_reports_each_wrong_option(tmp_path):
    """A trainer's new item is not an error (the quiz still runs); lint names each option
    that lacks a why, at its line."""
    path = write(tmp_path, "more.yaml", """\
kind: quiz
version: 1
id: types-of-customers
items+:
  - id: team-pricing
    topic: tailoring
    question: Which opening suits a Driver?
    options:
      - {value: result, label: The result first}
      - {value: history, label: Our history}
      - value: weekend
        label: How was your weekend?
        why: Small talk is what a Driver wants you to skip.
    answer: result
    explanation: Drivers want the result first.
""")
    docs: dict = {}
    books = parse(files((), (path,)), docs)
    assert any(i.id == "team-pricing" for i in books.quiz_items)
    found, _ = lint(books, docs)
    at = len(books.of("quiz")["types-of-customers"].items) - 1
    assert [str(p) for p in found] == [
        f"{path}:10: items[{at}].options[1]: team-pricing: the wrong option 'history' has no "
        "why: say in a sentence or two why a rep who picks it is wrong here"]


# --------------------------------------------------------------------------- people


def test_each_style_has_a_woman_and_a_man_and_someone_is_they(books):
    """Pronoun counts from the scenario text: a trainer's edit that makes one style all
    women (or all men) fails here."""
    by_style: dict[str, Counter] = {s: Counter() for s in STYLES}
    for item in _scenarios(books):
        who = _who(item.question)
        assert who != "unclear", f"{item.id}: whom is it about? ({item.question!r})"
        by_style[item.answer][who] += 1
    for style, count in by_style.items():
        assert count["woman"] >= 1 and count["man"] >= 1, f"{style}: {dict(count)}"
    assert sum(c["they"] for c in by_style.values()) >= 1, by_style


def test_no_kind_of_job_belongs_to_one_style(books):
    """Style comes from behaviour: engineers, finance people and salespeople appear under
    more than one style."""
    for kind, words in ROLES.items():
        styles = {item.answer for item in _scenarios(books)
                  if any(re.search(rf"\b{w}\b", item.question.lower()) for w in words)}
        assert len(styles) >= 3, f"{kind} jobs only under {sorted(styles)}"


def test_who_reads_pronouns():
    assert _who("Her email is long. Which style is she?") == "woman"
    assert _who("He talks. His team waits.") == "man"
    assert _who("They question it. Which style are they?") == "they"
    assert _who("She asks about his team.") == "unclear"
