"""Quiz items: scenarios with options, the right answer and why."""

from __future__ import annotations

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text


class Choice(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    value: Id
    label: Text


class Item(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: Id
    topic: Id
    question: Text
    options: Annotated[list[Choice], msgspec.Meta(min_length=2)]
    answer: Id
    explanation: Text
    answers: dict[str, str] = {}
    """For "which style is this?" scenarios: the interview answers the scenario amounts to."""


class Quiz(Base, tag="quiz", kw_only=True):
    title: Text = "Quiz"
    items: Annotated[list[Item], msgspec.Meta(min_length=1)]
