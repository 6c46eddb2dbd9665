"""The discovery brief: what to do on a call when the style is not known yet."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, TextList


class Probe(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A question for the first minutes, and what the answer tells you."""

    ask: Text
    reveals: Text


class Signal(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What you hear on the call, which style it points to, and what to switch to."""

    hear: Text
    style: Id
    """A style id (driver, analytical...)."""
    switch_to: Text


class Discovery(Base, tag="discovery", kw_only=True):
    title: Text = "Style not known yet"
    summary: Text
    """One line under the read: why this brief is different."""
    top_actions: TextList
    """The first screen's actions, before the stage's."""
    opening: TextList
    """An opening that works whatever the style: neutral pace, short, an early question."""
    first_questions: Annotated[list[Probe], msgspec.Meta(min_length=3)]
    """Questions for the first minutes whose answers reveal the style."""
    signals: Annotated[list[Signal], msgspec.Meta(min_length=4)]
    """What you hear -> which style -> what to switch to."""
    say: TextList
    """Lines that are safe with any style."""
    avoid: TextList
    """Lines that lose one style or another before you know which."""

