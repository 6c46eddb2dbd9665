"""The interview's behaviour questions and the weight each answer puts on the two axes."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import Base, Id, Text

Weight = Annotated[float, msgspec.Meta(ge=-1.0, le=1.0)]

UNSURE = "unsure"
UNSURE_LABEL = "Not sure / haven't seen it"


class Option(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    value: Id
    label: Text
    assertiveness: Weight = 0.0
    responsiveness: Weight = 0.0


class Question(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: Id
    text: Text
    axis: Literal["assertiveness", "responsiveness", "both"]
    options: Annotated[list[Option], msgspec.Meta(min_length=2)]
    help: str = ""

    def __post_init__(self) -> None:
        # "Not sure" is always on offer and always worth nothing, whatever the YAML says.
        self.options = [o for o in self.options if o.value != UNSURE]
        self.options.append(Option(value=UNSURE, label=UNSURE_LABEL))

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Questions(Base, tag="questions", kw_only=True):
    title: Text = "Behaviour questions"
    questions: Annotated[list[Question], msgspec.Meta(min_length=1)]
