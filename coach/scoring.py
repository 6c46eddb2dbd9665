"""Answers -> StyleProfile: where the prospect sits on the two axes, and how sure we are.

Pure functions. Each answer is a noisy reading of where the person sits on an axis (the
option's weight, -1 to 1). Per axis we keep a Normal model whose noise is itself unknown
(the conjugate Normal-Inverse-Gamma prior), so the read's spread grows when answers
disagree, shrinks as they pile up in agreement, and a prior centred on the middle keeps
doubt when there are few. The chance a person is on the "tells" (or "emotes") side is then a
Student-t tail; a style's share is the product of its two sides' chances, so the four shares
sum to 1. "Not sure" answers are no evidence at all, and no read from observation is ever
certain: the top share is capped at `settings.scoring.max_share`.
"""

import math
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from coach.errors import CoachError
from coach.playbook.kinds.questions import UNSURE, Question
from coach.playbook.kinds.settings import Scoring
from coach.text import plural

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
    """Posterior mean on the axis, -1 (asks) to 1 (tells)."""
    responsiveness: float
    """Posterior mean on the axis, -1 (controls) to 1 (emotes)."""
    confidence: float
    """The top style's share: the chance the read names the right style."""
    second_style: str | None
    strength: str  # "strong", "balanced", "blend", "tentative", "unknown", "given", "picked"
    answered: int
    asked: int
    evidence: list[Evidence] = []
    reasons: list[str] = []
    given: bool = False
    """True when the rep named the style (--style) instead of answering questions."""
    shares: dict[str, float] = {}
    """Each style's probability given the answers; they sum to 1."""
    spread: dict[str, float] = {}
    """Per axis, the read's standard deviation: how far the `@` may be off."""

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


# --------------------------------------------------------------------------- the axis model


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction for the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 200):
        for num in (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
                    -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-12:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    """The regularized incomplete beta I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def student_t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


class AxisRead(msgspec.Struct, frozen=True):
    """What the answers say about one axis."""

    count: int
    mean: float  # posterior mean, shrunk toward the middle
    spread: float  # posterior standard deviation of the position
    positive: float  # the chance the person is on the positive side (tells / emotes)
    agreement: float  # |sum| / sum of |pulls|: 1 when every answer leans the same way


def read_axis(values: list[float], settings: Scoring) -> AxisRead:
    """Normal-Inverse-Gamma posterior of the axis position from the answers' pulls."""
    n = len(values)
    k0, v0, s0 = settings.prior_answers, settings.noise_answers, settings.answer_noise
    total = sum(values)
    mean_obs = total / n if n else 0.0
    kn = k0 + n
    vn = v0 + n
    mean = total / kn
    scatter = sum((x - mean_obs) ** 2 for x in values)
    variance = (v0 * s0 * s0 + scatter + k0 * n * mean_obs ** 2 / kn) / vn
    scale = math.sqrt(variance / kn)
    positive = student_t_cdf(mean / scale, vn) if scale > 0 else 0.5
    magnitude = sum(abs(x) for x in values)
    # the t spread is scale * sqrt(vn / (vn - 2)) once it exists
    spread = scale * math.sqrt(vn / (vn - 2)) if vn > 2 else scale * 2
    return AxisRead(count=n, mean=max(-1.0, min(1.0, mean)), spread=spread, positive=positive,
                    agreement=abs(total) / magnitude if magnitude else 0.0)


def style_shares(reads: Mapping[str, AxisRead], positions: Mapping[str, tuple[str, str]],
                 max_share: float) -> dict[str, float]:
    """Each style's chance: the product of its two sides' chances, kept below `max_share`."""
    raw = {}
    for sid, (assertive, responsive) in positions.items():
        p = 1.0
        for axis, pole in (("assertiveness", assertive), ("responsiveness", responsive)):
            pos = reads[axis].positive
            p *= pos if pole == POLES[axis][1] else 1.0 - pos
        raw[sid] = p
    total = sum(raw.values()) or 1.0
    # Mix in an even spread, the chance that the answers mislead altogether: a style's share
    # reaches `max_share` only when every other side has no chance left, and never passes it.
    even = 1.0 / len(raw) if raw else 0.0
    lapse = (1.0 - max_share) / (1.0 - even) if even < 1 else 0.0
    shares = {sid: (1 - lapse) * p / total + lapse * even for sid, p in raw.items()}
    return shares


def score(questions: Iterable[Question], answers: Mapping[str, str], settings: Scoring,
          styles: Mapping) -> StyleProfile:
    """The profile the answers support; style is None when they support none."""
    questions = list(questions)
    check_answers(questions, answers)
    positions = positions_of(styles)
    evidence: list[Evidence] = []
    pulls: dict[str, list[float]] = {axis: [] for axis in AXES}
    for question in questions:
        value = answers.get(question.id)
        if value is None or value == UNSURE:
            continue
        option = question.option(value)
        if option is None:  # check_answers above makes this impossible
            continue
        evidence.append(Evidence(question.id, question.text, option.value, option.label,
                                 option.assertiveness, option.responsiveness))
        for axis in AXES:
            if question.axis in (axis, "both") or any(getattr(o, axis) for o in question.options):
                pulls[axis].append(getattr(option, axis))
    reads = {axis: read_axis(pulls[axis], settings) for axis in AXES}
    shares = style_shares(reads, positions, settings.max_share)
    ranked = sorted(shares, key=lambda sid: -shares[sid])
    answered = len(evidence)
    reasons = [f"{answered} of {len(questions)} behaviour questions answered"]
    base: dict[str, Any] = dict(assertiveness=round(reads["assertiveness"].mean, 3),
                responsiveness=round(reads["responsiveness"].mean, 3),
                answered=answered, asked=len(questions), evidence=evidence,
                shares={sid: shares[sid] for sid in ranked},
                spread={axis: round(reads[axis].spread, 3) for axis in AXES})
    for axis in AXES:
        r = reads[axis]
        if not r.count:
            reasons.append(f"nothing yet shows their {axis}")
            continue
        pole = POLES[axis][r.mean > 0]
        head = f"{axis} {r.mean:+.2f} ± {r.spread:.2f} from {plural(r.count, 'answer')}"
        if r.agreement < 0.75:
            line = f"{head}: {PLAIN[pole]} ({pole}) (answers conflict)"
        elif max(r.positive, 1 - r.positive) < settings.sure_side:
            # near zero the pole's full description would claim more than the answers show
            line = f"{head}: close to the middle, leaning {pole}"
        else:
            line = f"{head}: {PLAIN[pole]} ({pole})"
        reasons.append(line)

    top = ranked[0] if ranked else None
    tied = len(ranked) > 1 and shares[ranked[0]] - shares[ranked[1]] < 0.01
    if top is None or not all(reads[a].count for a in AXES) or tied or \
            shares[top] < settings.min_share:
        if top is not None and all(reads[a].count for a in AXES):
            reasons.append(f"no style stands out (the best is {shares[top]:.0%})")
        return StyleProfile(style=None, confidence=0.0, second_style=None, strength="unknown",
                            reasons=reasons, **base)
    second = ranked[1] if len(ranked) > 1 and shares[ranked[1]] >= settings.second else None
    if second:
        name = getattr(styles.get(second), "name", second)
        reasons.append(f"{name} is near: {shares[second]:.0%} of the chance")
    confidence = round(shares[top], 2)
    if second:
        strength = "blend"
    elif confidence < settings.min_confidence:
        strength = "tentative"
    elif confidence >= settings.strong:
        strength = "strong"
    else:
        strength = "balanced"
    return StyleProfile(style=top, confidence=confidence, second_style=second,
                        strength=strength, reasons=reasons, **base)


def given(style: str, position, questions_count: int = 0) -> StyleProfile:
    """A profile for a style the rep named: placed mid-quadrant, no evidence, and said so."""
    return StyleProfile(style=style,
                        assertiveness=0.5 if position.assertiveness == "tell" else -0.5,
                        responsiveness=0.5 if position.responsiveness == "emotes" else -0.5,
                        confidence=1.0,
                        second_style=None, strength="given", answered=0,
                        asked=questions_count, reasons=["style given by the rep"], given=True,
                        shares={style: 1.0})


def unknown(styles: Mapping, questions_count: int = 0,
            profile: StyleProfile | None = None) -> StyleProfile:
    """No style: the rep said "I don't know yet" (or --style unknown). Keeps any evidence;
    without any, every style has an even share."""
    if profile is not None:
        return StyleProfile(style=None, assertiveness=profile.assertiveness,
                            responsiveness=profile.responsiveness, confidence=0.0,
                            second_style=None, strength="unknown", answered=profile.answered,
                            asked=profile.asked, evidence=profile.evidence,
                            reasons=[*profile.reasons, "you chose to find out on the call"],
                            shares=profile.shares, spread=profile.spread)
    even = 1.0 / len(styles) if styles else 0.0
    return StyleProfile(style=None, assertiveness=0.0, responsiveness=0.0, confidence=0.0,
                        second_style=None, strength="unknown", answered=0,
                        asked=questions_count, reasons=["style not known yet"],
                        shares={sid: even for sid in styles},
                        spread={axis: 1.0 for axis in AXES})


def picked(profile: StyleProfile, style: str, position, name: str = "") -> StyleProfile:
    """The rep's own pick when the answers were not enough: keep the evidence, say so."""
    placed: dict[str, Any] = {
        "assertiveness": profile.assertiveness or (0.5 if position.assertiveness == "tell"
                                                   else -0.5),
        "responsiveness": profile.responsiveness or (0.5 if position.responsiveness == "emotes"
                                                     else -0.5),
    }
    return StyleProfile(style=style, confidence=0.0, second_style=None, strength="picked",
                        answered=profile.answered, asked=profile.asked,
                        evidence=profile.evidence, shares=profile.shares,
                        spread=profile.spread,
                        reasons=[*profile.reasons, f"you picked {name or style}"], **placed)


def candidates(profile: StyleProfile, styles: Mapping) -> list[str]:
    """Styles the evidence so far allows, likeliest first (all of them when it allows none)."""
    if profile.shares:
        ranked = sorted(styles, key=lambda sid: -profile.shares.get(sid, 0.0))
        return [sid for sid in ranked if profile.shares.get(sid, 0.0) >= 0.15] or list(styles)
    return list(styles)
