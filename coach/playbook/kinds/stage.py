"""An account's lifecycle stage: it changes the plan, not the style."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Tags, Text, TextList, TopAction


class Rule(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Style advice a stage holds back: items tagged with `tags`, lines containing `phrases`."""

    why: Text
    """Shown in the brief when something was held back."""
    tags: Tags = []
    phrases: list[Text] = []
    """Matched without case: a style line containing one is not shown at this stage."""


class Stage(Base, tag="stage", kw_only=True):
    name: Text
    hint: Text
    """One line shown beside the choice in the interview."""
    meaning: Text
    why: Text = ""
    """Why this stage matters, in one line: shown on the brief's first screen."""
    signals: TextList
    goals: TextList
    actions: TextList
    risks: TextList
    top_actions: Annotated[list[TopAction], msgspec.Meta(min_length=1)]
    rules_out: list[Rule] = []
    """Kinds of style advice that do not fit this stage (at-risk: no pitch before listening)."""
    priority: int = 100
    """Lower is called first in the accounts call list."""
