"""A social style: everything a rep needs to sell to one kind of person."""

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import Base, Part, Text, TextList, TopAction


class Position(msgspec.Struct, forbid_unknown_fields=True):
    """Where the style sits on the two axes of the Social Styles model."""

    assertiveness: Literal["ask", "tell"]
    responsiveness: Literal["controls", "emotes"]


class Concern(msgspec.Struct, forbid_unknown_fields=True):
    concern: Text
    address: Text


class Objection(msgspec.Struct, forbid_unknown_fields=True):
    objection: Text
    response: Text


class Communication(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    objective: Text
    how_to_talk: TextList
    use: Annotated[list[Text], msgspec.Meta(min_length=1)]
    avoid: Annotated[list[Text], msgspec.Meta(min_length=1)]
    actions: TextList


class Stress(msgspec.Struct, forbid_unknown_fields=True):
    signs: TextList
    respond: TextList


class Situation(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """What changes for this style at one stage: the brief puts it ahead of the style's
    general advice. `use` replaces the style's general Say lines; the rest adds to them."""

    why: Text = ""
    """Why this stage matters with this style, in one line (else the stage's own `why`)."""
    top_actions: list[TopAction] = []
    instead_of: list[Text] = []
    """Ids of the stage's top actions that this part's own actions say better for this style."""
    use: list[Text] = []
    avoid: list[Text] = []
    concerns: list[Concern] = []
    objections: list[Objection] = []
    checklist: list[Text] = []


class Style(Base, tag="style", kw_only=True):
    name: Text
    summary: Text
    position: Position
    identify: Part
    """How to recognise and cater to them (the module's 'characteristics' block)."""
    characteristics: TextList
    preferences: TextList
    motivations: TextList
    decision_making: TextList
    concerns: Annotated[list[Concern], msgspec.Meta(min_length=1)]
    communication: Communication
    strategy: Part
    engagement: Part
    relationship: Part
    stress: Stress
    objections: Annotated[list[Objection], msgspec.Meta(min_length=1)]
    top_actions: Annotated[list[TopAction], msgspec.Meta(min_length=1)]
    """What matters on any call with this style; ranked with the stage's and the pair's."""
    confirm_cues: TextList
    """What to listen for on the call to confirm (or correct) the read."""
    checklist: TextList
    stages: dict[str, Situation] = {}
    """Style x stage: keyed by stage id (new, loyal, potential, at-risk, or a trainer's)."""
    refuses: list[Text] = []
    """Words that mark a second style's point as wrong for this style (it contradicts this
    style's Avoid): a blend never folds such a point into this style's brief."""
