"""Numbers a trainer may tune: scoring thresholds, what the brief leads with, the quiz pass mark."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base

Fraction = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]


class Scoring(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    prior_answers: Annotated[float, msgspec.Meta(gt=0.0, le=20.0)] = 1.0
    """How many answers' worth the prior belief 'somewhere near the middle' weighs."""
    answer_noise: Annotated[float, msgspec.Meta(gt=0.0, le=2.0)] = 0.5
    """How far one person's answers are expected to scatter around where they sit."""
    noise_answers: Annotated[float, msgspec.Meta(gt=0.0, le=20.0)] = 2.0
    """How many answers' worth that expected scatter weighs against the observed one."""
    max_share: Annotated[float, msgspec.Meta(ge=0.25, lt=1.0)] = 0.95
    """The most any style's share may be: a read from observation is never certain."""
    min_share: Fraction = 0.4
    """Below this top share no style is named: the brief is a discovery brief."""
    second: Fraction = 0.2
    """A runner-up with at least this share is named as the second style ('leaning')."""
    strong: Fraction = 0.8
    """A top share at least this, with no second style: a 'strong' read, else 'balanced'."""
    sure_side: Fraction = 0.8
    """An axis whose likelier side has less chance than this is 'close to the middle'."""
    min_confidence: Fraction = 0.6
    """Below this top share the brief says the read is a guess."""


class BriefSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    first_screen: Annotated[int, msgspec.Meta(ge=1, le=6)] = 4
    """How many top actions the first screen shows, chosen by priority from the style,
    the stage and the style x stage part."""
    blend_points: Annotated[int, msgspec.Meta(ge=0, le=5)] = 2
    """How many of the second style's points a blended read folds in, per section."""


class QuizSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass_mark: Fraction = 0.8
    min_items: Annotated[int, msgspec.Meta(ge=1, le=100)] = 10
    """A run with fewer items than this is practice: it is never recorded as passed."""


class Settings(Base, tag="settings", kw_only=True):
    scoring: Scoring = msgspec.field(default_factory=Scoring)
    brief: BriefSettings = msgspec.field(default_factory=BriefSettings)
    quiz: QuizSettings = msgspec.field(default_factory=QuizSettings)
