"""A social style: everything a rep needs to sell to one kind of person."""

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import Base, Part, Text, TextList


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
    top_actions: TextList
    """The most important things to do on a call; the brief shows the first few."""
    confirm_cues: TextList
    """What to listen for on the call to confirm (or correct) the read."""
    checklist: TextList
