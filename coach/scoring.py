"""Answers -> StyleProfile: where the prospect sits on the two axes, and how sure we are.

Pure functions. Each axis score is the mean pull of the answered questions that bear on
that axis, so it lies in [-1, 1], does not depend on answer order, and never falls when one
answer moves toward "tells" (or "emotes"). Confidence multiplies how much was answered by
how clearly each axis leans one way: conflicting answers cancel out and land near the axis,
and both lower it. "Not sure" answers are no evidence at all.
"""


from collections.abc import Iterable, Mapping

import msgspec

from coach.errors import CoachError
from coach.playbook.kinds.questions import UNSURE, Question
from coach.playbook.kinds.settings import Scoring

AXES = ("assertiveness", "responsiveness")
# Which pole of each axis a positive score means, and the quadrant it gives.
POLES = {"assertiveness": ("ask", "tell"), "responsiveness": ("controls", "emotes")}
# The poles in a rep's words, for the "why this read" lines.
PLAIN = {"ask": "measured, asks more than tells", "tell": "direct, fast-paced, tells",
         "controls": "reserved, facts and task first", "emotes": "open, people and feelings first"}


class Evidence(msgspec.Struct, frozen=True):
    """One answer and its pull on each axis: the "why" behind a read."""

    question_id: str
    question: str
    value: str
    answer: str
    assertiveness: float
    responsiveness: float

    def pulls(self) -> str:
        parts = []
        for axis in AXES:
            weight = getattr(self, axis)
            if weight:
                pole = POLES[axis][weight > 0]
                parts.append(f"{weight:+.1f} {pole}")
        return ", ".join(parts) or "no pull"


class StyleProfile(msgspec.Struct, kw_only=True):
    style: str | None
    assertiveness: float
    responsiveness: float
    confidence: float
    second_style: str | None
    strength: str  # "strong", "balanced", "blend", "tentative", "unknown", "given", "picked"
    answered: int
    asked: int
    evidence: list[Evidence] = []
    reasons: list[str] = []
    given: bool = False
    """True when the rep named the style (--style) instead of answering questions."""

    @property
    def blend(self) -> bool:
        return self.second_style is not None


class AnswerError(CoachError):
    pass


def check_answers(questions: Iterable[Question], answers: Mapping[str, str],
                  source: str = "answers") -> None:
    """Unknown question ids or option values are an error that lists the valid ones."""
    by_id = {q.id: q for q in questions}
    for qid, value in answers.items():
        question = by_id.get(qid)
        if question is None:
            raise AnswerError(f"{source}: unknown question id {qid!r}; valid ids: "
                              f"{', '.join(by_id)}")
        if question.option(str(value)) is None:
            raise AnswerError(f"{source}: {qid}: {value!r} is not an option; valid: "
                              f"{', '.join(o.value for o in question.options)}")


def quadrant(tell: bool, emotes: bool, positions: Mapping[str, tuple[str, str]]) -> str | None:
    want = (POLES["assertiveness"][tell], POLES["responsiveness"][emotes])
    return next((sid for sid, pos in positions.items() if pos == want), None)


def positions_of(styles: Mapping) -> dict[str, tuple[str, str]]:
    return {sid: (s.position.assertiveness, s.position.responsiveness)
            for sid, s in styles.items()}


def score(questions: Iterable[Question], answers: Mapping[str, str], settings: Scoring,
          styles: Mapping) -> StyleProfile:
    """The profile the answers support; style is None when they support none."""
    questions = list(questions)
    check_answers(questions, answers)
    positions = positions_of(styles)
    evidence: list[Evidence] = []
    totals = dict.fromkeys(AXES, 0.0)
    magnitude = dict.fromkeys(AXES, 0.0)
    counts = dict.fromkeys(AXES, 0)
    for question in questions:
        value = answers.get(question.id)
        if value is None or value == UNSURE:
            continue
        option = question.option(value)
        evidence.append(Evidence(question.id, question.text, option.value, option.label,
                                 option.assertiveness, option.responsiveness))
        for axis in AXES:
            weight = getattr(option, axis)
            if question.axis in (axis, "both") or any(getattr(o, axis) for o in question.options):
                totals[axis] += weight
                magnitude[axis] += abs(weight)
                counts[axis] += 1
    scores = {axis: round(totals[axis] / counts[axis], 3) if counts[axis] else 0.0
              for axis in AXES}
    answered = len(evidence)
    reasons = [f"{answered} of {len(questions)} behaviour questions answered"]
    base = dict(assertiveness=scores["assertiveness"], responsiveness=scores["responsiveness"],
                answered=answered, asked=len(questions), evidence=evidence, reasons=reasons)
    missing = [axis for axis in AXES if counts[axis] == 0 or scores[axis] == 0]
    if missing:
        for axis in missing:
            reasons.append(f"nothing yet shows their {axis}" if counts[axis] == 0 else
                           f"the {axis} answers cancel out exactly")
        return StyleProfile(style=None, confidence=0.0, second_style=None, strength="unknown",
                            **base)

    coverage = min(1.0, answered / settings.full_evidence)
    clarity = {axis: min(1.0, abs(scores[axis]) / settings.strong) for axis in AXES}
    confidence = round(coverage * (clarity["assertiveness"] * clarity["responsiveness"]) ** 0.5,
                       2)
    style = quadrant(scores["assertiveness"] > 0, scores["responsiveness"] > 0, positions)

    if coverage < 1:
        reasons.append(f"few answers: full confidence needs {settings.full_evidence} answered")
    for axis in AXES:
        low, high = POLES[axis]
        pole = high if scores[axis] > 0 else low
        agreement = abs(totals[axis]) / magnitude[axis] if magnitude[axis] else 0.0
        line = f"{axis} {scores[axis]:+.2f}: {PLAIN[pole]} ({pole})"
        if agreement < 0.75:
            line += " (answers conflict)"
        elif abs(scores[axis]) < settings.border:
            line += " (close to the middle)"
        reasons.append(line)

    near = [axis for axis in AXES if abs(scores[axis]) < settings.border]
    second = None
    if near:
        flip = min(near, key=lambda axis: abs(scores[axis]))
        tell = scores["assertiveness"] > 0
        emotes = scores["responsiveness"] > 0
        if flip == "assertiveness":
            tell = not tell
        else:
            emotes = not emotes
        second = quadrant(tell, emotes, positions)
        if second:
            name = getattr(styles.get(second), "name", second)
            reasons.append(f"close to the {flip} middle, so {name} is near")
    if second:
        strength = "blend"
    elif confidence < settings.min_confidence:
        strength = "tentative"
    elif min(abs(scores[a]) for a in AXES) >= settings.strong and confidence >= 0.7:
        strength = "strong"
    else:
        strength = "balanced"
    return StyleProfile(style=style, confidence=confidence, second_style=second,
                        strength=strength, **base)


def given(style: str, position, questions_count: int = 0) -> StyleProfile:
    """A profile for a style the rep named: placed mid-quadrant, no evidence, and said so."""
    return StyleProfile(style=style,
                        assertiveness=0.5 if position.assertiveness == "tell" else -0.5,
                        responsiveness=0.5 if position.responsiveness == "emotes" else -0.5,
                        confidence=1.0,
                        second_style=None, strength="given", answered=0,
                        asked=questions_count, reasons=["style given by the rep"], given=True)


def picked(profile: StyleProfile, style: str, position, name: str = "") -> StyleProfile:
    """The rep's own pick when the answers were not enough: keep the evidence, say so."""
    placed = {
        "assertiveness": profile.assertiveness or (0.5 if position.assertiveness == "tell"
                                                   else -0.5),
        "responsiveness": profile.responsiveness or (0.5 if position.responsiveness == "emotes"
                                                     else -0.5),
    }
    return StyleProfile(style=style, confidence=0.0, second_style=None, strength="picked",
                        answered=profile.answered, asked=profile.asked,
                        evidence=profile.evidence,
                        reasons=[*profile.reasons, f"you picked {name or style}"], **placed)


def candidates(profile: StyleProfile, styles: Mapping) -> list[str]:
    """Styles the evidence so far allows (an axis with no lean allows both sides)."""
    out = []
    for sid, style in styles.items():
        tell = style.position.assertiveness == "tell"
        emotes = style.position.responsiveness == "emotes"
        if profile.assertiveness and (profile.assertiveness > 0) != tell:
            continue
        if profile.responsiveness and (profile.responsiveness > 0) != emotes:
            continue
        out.append(sid)
    return out or list(styles)
