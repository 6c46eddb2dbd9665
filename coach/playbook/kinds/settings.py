"""Numbers a trainer may tune: scoring thresholds, what the brief leads with, the quiz pass mark."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base

Fraction = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]


class Scoring(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    full_evidence: Annotated[int, msgspec.Meta(ge=1)] = 8
    """Answered questions (not 'not sure') at which the read counts as well-evidenced."""
    border: Fraction = 0.25
    """An axis score closer to zero than this is 'near the border': a second style is named."""
    strong: Fraction = 0.5
    """Both axis scores at least this far from zero: a 'strong' read, else 'balanced'."""
    min_confidence: Fraction = 0.4
    """Below this confidence the brief says the read is a guess."""


class BriefSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    top_from_style: Annotated[int, msgspec.Meta(ge=0, le=5)] = 2
    top_from_stage: Annotated[int, msgspec.Meta(ge=0, le=5)] = 1
    blend_points: Annotated[int, msgspec.Meta(ge=0, le=5)] = 2
    """How many of the second style's points a blended read folds in, per section."""


class QuizSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass_mark: Fraction = 0.8


class Settings(Base, tag="settings", kw_only=True):
    scoring: Scoring = msgspec.field(default_factory=Scoring)
    brief: BriefSettings = msgspec.field(default_factory=BriefSettings)
    quiz: QuizSettings = msgspec.field(default_factory=QuizSettings)
