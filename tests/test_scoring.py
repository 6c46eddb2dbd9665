"""Scoring: the read follows the answers, says how sure it is, and shows why."""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.scoring import AnswerError, check_answers, score


@functools.cache
def _books():
    """The playbooks for the hypothesis tests (a fixture argument would be printed whole in
    every failure report); loaded at test time, after the isolation fixture."""
    from coach.playbook import load

    return load(use_cache=False)


def corner(books, a: int, r: int) -> dict:
    """Pick, for every question, the option furthest toward the corner (a, r)."""
    return {q.id: max(q.options[:-1], key=lambda o: a * o.assertiveness + r * o.responsiveness)
            .value for q in books.questions}


@pytest.mark.parametrize("a,r,style", [(1, -1, "driver"), (1, 1, "expressive"),
                                       (-1, 1, "amiable"), (-1, -1, "analytical")])
def test_each_corner_gives_its_style_with_high_confidence(books, a, r, style):
    profile = score(books.questions, corner(books, a, r), books.settings.scoring, books.styles)
    assert profile.style == style
    assert profile.confidence >= 0.8
    assert profile.strength == "strong"
    assert profile.second_style is None
    assert len(profile.evidence) == len(books.questions)


def test_all_not_sure_claims_nothing(books):
    answers = {q.id: "unsure" for q in books.questions}
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    assert profile.style is None
    assert profile.confidence == 0
    assert profile.evidence == []


def test_few_answers_lower_confidence_and_widen_the_spread(books):
    full = corner(books, 1, -1)
    few = {k: full[k] for k in ("pace", "small_talk")}
    s = books.settings.scoring
    profile = score(books.questions, few, s, books.styles)
    many = score(books.questions, full, s, books.styles)
    assert profile.style == "driver"
    assert profile.confidence < many.confidence - 0.15
    assert all(profile.spread[a] > 2 * many.spread[a] for a in profile.spread)
    assert any("from 1 answer:" in r for r in profile.reasons)


def test_shares_cover_every_style_and_sum_to_one(books):
    profile = score(books.questions, corner(books, -1, 1), books.settings.scoring,
                    books.styles)
    assert set(profile.shares) == set(books.styles)
    assert abs(sum(profile.shares.values()) - 1) < 0.01
    assert profile.confidence == round(profile.shares["amiable"], 2)
    # even every answer at the corner is not certainty
    assert profile.confidence <= books.settings.scoring.max_share


def test_a_runner_up_with_a_real_share_is_named(books):
    answers = corner(books, 1, -1)
    for qid in ("small_talk", "animation", "formality", "time", "laughter"):
        answers[qid] = corner(books, 1, 1)[qid]
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    assert profile.second_style is not None
    assert profile.shares[profile.second_style] >= books.settings.scoring.second


def test_conflicting_answers_lower_confidence_and_name_a_second_style(books):
    answers = corner(books, 1, -1)
    # half the responsiveness answers now say "emotes"
    for qid in ("small_talk", "animation", "formality", "time", "laughter"):
        answers[qid] = corner(books, 1, 1)[qid]
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    clean = score(books.questions, corner(books, 1, -1), books.settings.scoring, books.styles)
    assert profile.confidence < clean.confidence
    assert profile.second_style == "expressive"
    assert profile.strength == "blend"
    assert any("conflict" in r for r in profile.reasons)


def test_evidence_names_each_answer_and_its_pull(books):
    profile = score(books.questions, {"pace": "fast", "evidence": "facts"},
                    books.settings.scoring, books.styles)
    pulls = {e.question_id: e.pulls() for e in profile.evidence}
    assert pulls == {"pace": "+1.0 tell", "evidence": "-1.0 controls"}


def test_unknown_ids_and_values_list_the_valid_ones(books):
    with pytest.raises(AnswerError, match="valid ids: .*pace"):
        check_answers(books.questions, {"paec": "fast"})
    with pytest.raises(AnswerError, match="valid: fast, brisk, measured, slow, unsure"):
        check_answers(books.questions, {"pace": "quick"})


def _answer_sets(books):
    return st.fixed_dictionaries({}, optional={
        q.id: st.sampled_from([o.value for o in q.options]) for q in books.questions})


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_moving_an_answer_toward_tell_never_lowers_assertiveness(data):
    books = _books()
    answers = data.draw(_answer_sets(books))
    question = data.draw(st.sampled_from(books.questions))
    options = sorted(question.options, key=lambda o: o.assertiveness)
    i = data.draw(st.integers(0, len(options) - 2))
    low = dict(answers, **{question.id: options[i].value})
    high = dict(answers, **{question.id: options[i + 1].value})
    s = books.settings.scoring
    before = score(books.questions, low, s, books.styles).assertiveness
    after = score(books.questions, high, s, books.styles).assertiveness
    # "unsure" carries no evidence, so compare only real answers
    if "unsure" not in (options[i].value, options[i + 1].value):
        assert after >= before


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_answers_are_order_independent(data):
    books = _books()
    answers = data.draw(_answer_sets(books))
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    s = books.settings.scoring
    a = score(books.questions, answers, s, books.styles)
    b = score(books.questions, shuffled, s, books.styles)
    assert (a.style, a.assertiveness, a.responsiveness, a.confidence, a.second_style) == (
        b.style, b.assertiveness, b.responsiveness, b.confidence, b.second_style)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_scores_and_confidence_stay_in_range(data):
    books = _books()
    profile = score(books.questions, data.draw(_answer_sets(books)), books.settings.scoring,
                    books.styles)
    assert -1 <= profile.assertiveness <= 1 and -1 <= profile.responsiveness <= 1
    assert 0 <= profile.confidence <= 1
    if profile.style is None:
        assert profile.confidence == 0


def _conflicts(option, a: int, r: int) -> bool:
    """The option pulls against the corner (a, r) on an axis, and toward it on none."""
    against = option.assertiveness * a < 0 or option.responsiveness * r < 0
    toward = option.assertiveness * a > 0 or option.responsiveness * r > 0
    return against and not toward


def _agrees(option, a: int, r: int) -> bool:
    return (option.assertiveness * a > 0 or option.responsiveness * r > 0) and \
        option.assertiveness * a >= 0 and option.responsiveness * r >= 0


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_no_read_from_observation_is_ever_certain(data):
    books = _books()
    profile = score(books.questions, data.draw(_answer_sets(books)), books.settings.scoring,
                    books.styles)
    assert profile.confidence < 1.0
    assert max(profile.shares.values()) < 1.0
    assert abs(sum(profile.shares.values()) - 1) < 0.01


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_one_conflicting_answer_lowers_the_read(data):
    books = _books()
    a, r = data.draw(st.sampled_from([(1, -1), (1, 1), (-1, 1), (-1, -1)]), label="corner")
    from coach.scoring import positions_of, quadrant

    style = quadrant(a > 0, r > 0, positions_of(books.styles))
    by_id = {q.id: q for q in books.questions}
    picks = {}
    for qid in data.draw(st.lists(st.sampled_from(list(by_id)), min_size=3, unique=True),
                         label="answered"):
        agree = [o.value for o in by_id[qid].options if _agrees(o, a, r)]
        if agree:
            picks[qid] = data.draw(st.sampled_from(agree), label=qid)
    turn = [qid for qid in picks if any(_conflicts(o, a, r) for o in by_id[qid].options)]
    if not turn:
        return
    qid = data.draw(st.sampled_from(turn), label="turned")
    conflicting = dict(picks, **{qid: data.draw(st.sampled_from(
        [o.value for o in by_id[qid].options if _conflicts(o, a, r)]), label="to")})
    s = books.settings.scoring
    consistent = score(books.questions, picks, s, books.styles)
    mixed = score(books.questions, conflicting, s, books.styles)
    assert mixed.shares[style] < consistent.shares[style]
    if mixed.style == consistent.style == style:
        assert mixed.confidence <= consistent.confidence


def test_an_axis_near_the_middle_is_not_described_as_one_pole(books):
    """One 'brisk' answer barely leans to tells: the read must not call them 'direct,
    fast-paced' (the pole's full description) when it is close to the middle."""
    weak = score(books.questions, {"pace": "brisk", "small_talk": "straight_in"},
                 books.settings.scoring, books.styles)
    line = next(r for r in weak.reasons if r.startswith("assertiveness"))
    assert "close to the middle, leaning tell" in line and "fast-paced" not in line
    clear = score(books.questions, {"pace": "fast", "voice": "forceful", "ask_or_tell": "tells"},
                  books.settings.scoring, books.styles)
    line = next(r for r in clear.reasons if r.startswith("assertiveness"))
    assert "direct, fast-paced, tells" in line and "middle" not in line
