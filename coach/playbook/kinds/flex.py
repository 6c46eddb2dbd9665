"""Versatility: how a rep of one style flexes toward a prospect of another."""

from typing import Annotated

from coach.playbook.kinds.common import Base, Text, TextList, doc


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
    same_style: Annotated[TextList, doc(
        "When rep and prospect share a style: the blind spots you share.")]
