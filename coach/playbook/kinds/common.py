"""Building blocks shared by several playbook kinds."""

from typing import Annotated

import msgspec

# Not empty and not only spaces: msgspec itself enforces it, so the loader's fast path agrees
# with its line-by-line checker.
Text = Annotated[str, msgspec.Meta(min_length=1, pattern=r"\S")]
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN)]
TextList = Annotated[list[Text], msgspec.Meta(min_length=1)]


class Base(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    tag_field="kind",
    omit_defaults=True,
):
    """Every playbook file: a kind (the tag), an id and a format version."""

    version: Annotated[int, msgspec.Meta(ge=1, le=1)]
    id: Id


Tags = list[Id]
"""Kinds of advice ("pitch", "first-sale"...) that a stage's `rules_out` can hold back."""


class Part(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A module-style block: what it is for, the points to know, what to do."""

    objective: Text
    key_points: TextList
    actions: TextList
    tags: Tags = []


class Ranked(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A top action with its rank: the first screen shows the lowest `priority` numbers."""

    do: Text
    priority: Annotated[int, msgspec.Meta(ge=1, le=9)] = 5
    tags: Tags = []
    id: Id = ""
    """Lets a style x stage part name this action in `instead_of`."""

    def __str__(self) -> str:
        return self.do


TopAction = Text | Ranked
"""Plain text ranks as priority 5."""
