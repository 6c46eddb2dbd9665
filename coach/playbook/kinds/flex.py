"""Versatility: how a rep of one style flexes toward a prospect of another."""

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import Base, Text, TextList, doc


class SameLine(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A blind spot that only two people who share one pole have."""

    text: Annotated[Text, doc("The line, as the rep reads it.")]
    pole: Annotated[Literal["ask", "tell", "controls", "emotes"], doc(
        "The pole rep and prospect share for this line to apply: a Driver with a Driver "
        "(tell, controls) gets the tell and controls lines, never the ask or emotes ones.")]

    def __str__(self) -> str:
        return self.text


class FlexStage(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Flex advice for one stage: each list given replaces the general one at that stage."""

    to_ask: Annotated[list[Text], doc("Replaces `to_ask` at this stage.")] = []
    to_tell: Annotated[list[Text], doc("Replaces `to_tell` at this stage.")] = []
    to_controls: Annotated[list[Text], doc("Replaces `to_controls` at this stage.")] = []
    to_emotes: Annotated[list[Text], doc("Replaces `to_emotes` at this stage.")] = []
    same_style: Annotated[list[Text | SameLine], doc(
        "Replaces `same_style` at this stage (two people of one style at an unhappy account "
        "do not \"click easily\"); `pole:` works as in the general list.")] = []


class Flex(Base, tag="flex", kw_only=True):
    title: Annotated[Text, doc("The heading of the flex advice.")] = "Flex your style"
    to_ask: Annotated[TextList, doc(
        "For a rep who tells, meeting a prospect who asks: slow down, ask more.")]
    to_tell: Annotated[TextList, doc(
        "For a rep who asks, meeting a prospect who tells: get to the point, be direct.")]
    to_controls: Annotated[TextList, doc(
        "For a rep who emotes, meeting a prospect who controls: bring data, cut small talk.")]
    to_emotes: Annotated[TextList, doc(
        "For a rep who controls, meeting a prospect who emotes: warm up, talk about people.")]
    same_style: Annotated[list[Text | SameLine], msgspec.Meta(min_length=1), doc(
        "When rep and prospect share a style: the blind spots you share. A line that only "
        "holds for one pole is {text: ..., pole: tell}: it shows only when both have it.")]
    stages: Annotated[dict[str, FlexStage], doc(
        "Flex advice that changes at a stage, keyed by stage id (at-risk: a proposal comes "
        "after listening).")] = {}
