"""Building blocks shared by several playbook kinds, and `doc`, which gives a field the words
that both `coach playbooks schema` and `coach playbooks new` show a trainer."""

from typing import Annotated

import msgspec

# Not empty and not only spaces: msgspec itself enforces it, so the loader's fast path agrees
# with its line-by-line checker.
Text = Annotated[str, msgspec.Meta(min_length=1, pattern=r"\S")]
ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
Id = Annotated[str, msgspec.Meta(pattern=ID_PATTERN)]
TextList = Annotated[list[Text], msgspec.Meta(min_length=1)]


def placeholder_problems(path: str, text: str, allowed: dict[str, str],
                         required: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(field, message) for a `{placeholder}` the filler would not know, a stray brace, or a
    placeholder the wording must keep (`required`). `allowed`: name -> what fills it."""
    from coach.text import PLACEHOLDER

    known = ", ".join("{" + p + "}" for p in allowed) or "none here"
    names = PLACEHOLDER.findall(text)
    unknown = [n for n in names if n not in allowed]
    if unknown:
        return [(path, f"unknown placeholder {{{unknown[0]}}}; use: {known}")]
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        return [(path, f"a brace that is not a placeholder; braces are only for placeholders: "
                 f"{known}")]
    missing = [n for n in required if n not in names]
    if missing:
        return [(path, f"keep the placeholder {{{missing[0]}}}: it says {allowed[missing[0]]}")]
    return []


def doc(text: str) -> msgspec.Meta:
    """A field's description, written once beside it: `name: Annotated[Text, doc("...")]`.
    Spaces and line breaks fold to single spaces, so long texts can be split over lines."""
    return msgspec.Meta(description=" ".join(text.split()))


class Base(
    msgspec.Struct,
    kw_only=True,
    forbid_unknown_fields=True,
    tag_field="kind",
    omit_defaults=True,
):
    """Every playbook file: a kind (the tag), an id and a format version."""

    version: Annotated[int, msgspec.Meta(ge=1, le=1), doc(
        "The file format's version: 1. Lets a later coach read old files.")]
    id: Annotated[Id, doc(
        "This file's name inside its kind (lower-case, digits, '-' or '_'): a file with the "
        "same kind and id in a later layer changes this one.")]


Tags = Annotated[list[Id], doc(
    "Kinds of advice this is (\"pitch\", \"first-sale\"...): a stage's `rules_out` can hold "
    "back everything with one of its tags.")]


class Part(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A module-style block: what it is for, the points to know, what to do."""

    objective: Annotated[Text, doc("What this block helps the rep achieve, in one line.")]
    key_points: Annotated[TextList, doc("What the rep should know, one point a line.")]
    actions: Annotated[TextList, doc("What the rep should do, one action a line.")]
    tags: Tags = []


class Ranked(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A top action with its rank: the first screen shows the lowest `priority` numbers."""

    do: Annotated[Text, doc("The action, as the rep reads it on the first screen.")]
    priority: Annotated[int, msgspec.Meta(ge=1, le=9), doc(
        "1 (first) to 9 (last): the first screen shows the lowest numbers from the style, "
        "the stage and the style x stage part together. Plain text counts as 5.")] = 5
    tags: Tags = []
    id: Annotated[Id, doc(
        "A name for this action, so a style x stage part can replace it with `instead_of`.")] = ""

    def __str__(self) -> str:
        return self.do


TopAction = Text | Ranked
"""Plain text ranks as priority 5."""
