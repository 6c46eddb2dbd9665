"""The training module's framing content that is not tied to one style or stage."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import (
    Base,
    Id,
    ModuleAt,
    Ours,
    Part,
    Sourced,
    SourceOf,
    Text,
    TextList,
    doc,
    source_problems,
)


class Topic(Part, kw_only=True):
    title: Annotated[Text, doc("The topic's heading in `coach learn`.")]


class Section(Sourced, kw_only=True):
    id: Annotated[Id, doc(
        "The section's name: `coach learn` shows it with the matching topic, or as its own.")]
    title: Annotated[Text, doc("The section's heading.")]
    objective: Annotated[Text, doc("What a rep can do after this section, in one line.")]
    topics: Annotated[list[Topic], msgspec.Meta(min_length=1), doc(
        "The section's topics, in the order taught.")]
    summary: Annotated[Text, doc("A short paragraph that sums the section up.")] = ""


class Axis(Sourced, kw_only=True):
    """One axis of the grid the four styles sit on, in plain words."""

    name: Annotated[Text, doc("The axis's name (Assertiveness).")]
    meaning: Annotated[Text, doc("What the axis measures, in one or two plain sentences.")]
    low: Annotated[Text, doc(
        "The low end (asks, controls) in a line: how such a person comes across.")]
    high: Annotated[Text, doc(
        "The high end (tells, emotes) in a line: how such a person comes across.")]
    look_at: Annotated[TextList, doc(
        "What to notice to place someone on this axis, one cue a line.")]
    channels: Annotated[dict[Id, Text], doc(
        "Per channel id (email, phone, video, in-person): what this axis looks like there. "
        "`coach learn types` adds the interview's questions for that channel.")] = {}


class Axes(Sourced, kw_only=True):
    """The two axes behind the four styles, for `coach learn types`."""

    summary: Annotated[Text, doc("How two axes give four styles, in a short paragraph.")]
    assertiveness: Annotated[Axis, doc(
        "Asks <-> tells: how much a person pushes their views and steers the talk.")]
    responsiveness: Annotated[Axis, doc(
        "Controls <-> emotes: how much feeling a person shows in dealing with others.")]
    quadrants: Annotated[Text, doc(
        "How to read the grid: where each style sits, in a sentence or two.")]


class Module(Base, tag="module", kw_only=True):
    title: Annotated[Text, doc("The module's title: the heading of `coach learn`.")]
    objective: Annotated[Text, doc("What a rep can do after the module, in one line.")]
    summary: Annotated[Text, doc("A short paragraph introducing the module.")]
    customer_types: Annotated[TextList, doc(
        "The lifecycle types the module opens with (new, loyal, potential, at-risk).")]
    sections: Annotated[list[Section], msgspec.Meta(min_length=1), doc(
        "The module's sections, in the order taught.")]
    axes: Annotated[Axes | None, doc(
        "The two axes of the Social Styles grid, explained for `coach learn types`.")] = None
    source: SourceOf = "coach"
    module: ModuleAt = ""
    ours: Ours = []

    def lint(self) -> list[tuple[str, str]]:
        return source_problems(self)
