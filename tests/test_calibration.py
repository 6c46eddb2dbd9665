"""Calibration: a stated share means what it says.

Simulated prospects sit at known places on the two axes. A rep answers each question as they
would after seeing that person: usually the option nearest to what they saw, seen through
noise, sometimes a misleading option, and often "not sure". Then, among reads stated at about
70%, about 70% must name the right style. Seeded, so the figures are the same on every run.
"""

from __future__ import annotations

import random

import pytest

from coach.playbook import load
from coach.scoring import positions_of, quadrant, score

PROSPECTS = 3000
NOISE = 0.5  # how far off the rep's view of the person is, on the -1..1 scale
MISLEADING = 0.05  # the chance an answer is any option at all
BANDS = [(0.40, 0.55), (0.55, 0.70), (0.70, 0.85), (0.85, 1.00)]


def _answer(rng: random.Random, question, a: float, r: float, unsure: float) -> str:
    if rng.random() < unsure:
        return "unsure"
    options = question.options[:-1]
    if rng.random() < MISLEADING:
        return rng.choice(options).value
    seen_a, seen_r = a + rng.gauss(0, NOISE), r + rng.gauss(0, NOISE)

    def distance(option) -> float:
        d = 0.0
        if question.axis in ("assertiveness", "both"):
            d += (option.assertiveness - seen_a) ** 2
        if question.axis in ("responsiveness", "both"):
            d += (option.responsiveness - seen_r) ** 2
        return d

    return min(options, key=distance).value


@pytest.fixture(scope="module")
def reads():
    books = load(use_cache=False)
    positions = positions_of(books.styles)
    rng = random.Random(12)
    out = []
    for _ in range(PROSPECTS):
        a, r = rng.uniform(-1, 1), rng.uniform(-1, 1)
        unsure = rng.choice([0.1, 0.3, 0.5, 0.7])
        answers = {q.id: _answer(rng, q, a, r, unsure) for q in books.questions}
        profile = score(books.questions, answers, books.settings.scoring, books.styles)
        out.append((a, r, quadrant(a > 0, r > 0, positions), profile))
    return out


def calibration(reads) -> list[tuple[tuple[float, float], int, float, float]]:
    """Per band of stated top share: how many reads, the mean stated share, the hit rate."""
    rows = []
    for low, high in BANDS:
        inside = [(truth, p) for _, _, truth, p in reads
                  if p.style and low <= p.confidence < high + (high == 1.0)]
        stated = sum(p.confidence for _, p in inside) / len(inside)
        right = sum(p.style == truth for truth, p in inside) / len(inside)
        rows.append(((low, high), len(inside), stated, right))
    return rows


def test_stated_shares_match_how_often_the_read_is_right(reads):
    for band, count, stated, right in calibration(reads):
        assert count >= 100, f"band {band}: only {count} reads, too few to judge"
        assert abs(stated - right) <= 0.10, (
            f"band {band}: stated {stated:.0%} but right {right:.0%} of {count}")


def test_the_second_style_is_named_near_a_border_and_rarely_far_from_one_when_clear(reads):
    near = [p for a, r, _, p in reads
            if p.style and min(abs(a), abs(r)) < 0.1 and max(abs(a), abs(r)) > 0.4]
    far = [p for a, r, _, p in reads
           if p.style and min(abs(a), abs(r)) > 0.6 and p.answered >= 8]
    named_near = sum(p.second_style is not None for p in near) / len(near)
    named_far = sum(p.second_style is not None for p in far) / len(far)
    assert named_near >= 0.45, f"near a border the second style is named {named_near:.0%}"
    assert named_far <= 0.10, f"far from the borders a second style is named {named_far:.0%}"


def test_an_honest_read_is_never_certain_and_often_admits_it_cannot_tell(reads):
    assert all(p.confidence < 1 for *_, p in reads)
    unknown = sum(p.style is None for *_, p in reads) / len(reads)
    assert 0.02 < unknown < 0.35
