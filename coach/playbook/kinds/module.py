"""The training module's framing content that is not tied to one style or stage."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Part, Text, TextList


class Topic(Part, kw_only=True):
    title: Text


class Section(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Id
    title: Text
    objective: Text
    topics: Annotated[list[Topic], msgspec.Meta(min_length=1)]
    summary: Text = ""


class Module(Base, tag="module", kw_only=True):
    title: Text
    objective: Text
    summary: Text
    customer_types: TextList
    """The lifecycle types the module opens with (new, loyal, potential, at-risk)."""
    sections: Annotated[list[Section], msgspec.Meta(min_length=1)]
