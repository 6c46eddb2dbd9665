"""How customers are grouped: the three criteria, and the rules that stage accounts."""

from __future__ import annotations

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Part, Text, TextList


class Criterion(Part, kw_only=True):
    id: Id
    name: Text
    covers: TextList
    """The factors this criterion looks at (age, income, values, usage rate...)."""


class Importance(Part, kw_only=True):
    title: Text


class Segmentation(Base, tag="segmentation", kw_only=True):
    name: Text
    summary: Text
    importance: Annotated[list[Importance], msgspec.Meta(min_length=1)]
    criteria: Annotated[list[Criterion], msgspec.Meta(min_length=1)]
    accounts: dict[str, object] = {}
    """Rules that stage accounts from a CRM export (see `coach accounts`)."""
