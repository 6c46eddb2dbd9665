"""The training module's framing content that is not tied to one style or stage."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Part, Text, TextList, doc


class Topic(Part, kw_only=True):
    title: Annotated[Text, doc("The topic's heading in `coach learn`.")]


class Section(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    id: Annotated[Id, doc(
        "The section's name: `coach learn` shows it with the matching topic, or as its own.")]
    title: Annotated[Text, doc("The section's heading.")]
    objective: Annotated[Text, doc("What a rep can do after this section, in one line.")]
    topics: Annotated[list[Topic], msgspec.Meta(min_length=1), doc(
        "The section's topics, in the order taught.")]
    summary: Annotated[Text, doc("A short paragraph that sums the section up.")] = ""


class Module(Base, tag="module", kw_only=True):
    title: Annotated[Text, doc("The module's title: the heading of `coach learn`.")]
    objective: Annotated[Text, doc("What a rep can do after the module, in one line.")]
    summary: Annotated[Text, doc("A short paragraph introducing the module.")]
    customer_types: Annotated[TextList, doc(
        "The lifecycle types the module opens with (new, loyal, potential, at-risk).")]
    sections: Annotated[list[Section], msgspec.Meta(min_length=1), doc(
        "The module's sections, in the order taught.")]
