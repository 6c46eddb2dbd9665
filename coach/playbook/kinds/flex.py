"""Versatility: how a rep of one style flexes toward a prospect of another."""

from coach.playbook.kinds.common import Base, Text, TextList


class Flex(Base, tag="flex", kw_only=True):
    title: Text = "Flex your style"
    to_ask: TextList
    """For a rep who tells, meeting a prospect who asks: slow down, ask more."""
    to_tell: TextList
    to_controls: TextList
    """For a rep who emotes, meeting a prospect who controls: bring data, cut small talk."""
    to_emotes: TextList
    same_style: TextList
    """When rep and prospect share a style: the blind spots you share."""
