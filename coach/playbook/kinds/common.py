"""Building blocks shared by several playbook kinds, and `doc`, which gives a field the words
that both `coach playbooks schema` and `coach playbooks new` show a trainer."""

import re
from typing import Annotated, Literal

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


def wording_problems(words: msgspec.Struct, prefix: str, allowed: dict[str, dict[str, str]],
                     required: dict[str, tuple[str, ...]] | None = None
                     ) -> list[tuple[str, str]]:
    """placeholder_problems for every field of a block of wording: `allowed` and `required`
    by field name (a field not named may use no placeholder at all)."""
    return [problem for field in words.__struct_fields__
            for problem in placeholder_problems(f"{prefix}.{field}", getattr(words, field),
                                                allowed.get(field, {}),
                                                (required or {}).get(field, ()))]


def doc(text: str) -> msgspec.Meta:
    """A field's description, written once beside it: `name: Annotated[Text, doc("...")]`.
    Spaces and line breaks fold to single spaces, so long texts can be split over lines."""
    return msgspec.Meta(description=" ".join(text.split()))


# --------------------------------------------------------------------------- provenance

# Where in the training module "Types of customers" a point comes from: its part, then its
# section, as the module is laid out. Fixed by the module itself, so a pointer is checked
# like any other value (a typo is an error at its line, and editors offer these).
MODULE_SECTIONS = (
    "Introduction",
    "Customer segmentation > Importance of segmenting customers",
    "Customer segmentation > Common segmentation criteria",
    "Identifying customer types > Characteristics of different customers",
    "Identifying customer types > Understanding customer motivations",
    "Tailoring sales approaches > Matching sales strategies to customer types",
    "Tailoring sales approaches > Adapting communication styles",
    "Building relationships > Techniques for customer engagement",
    "Building relationships > Long-term relationship building",
    "Case studies > Analysing interactions with customer types",
    "Case studies > Lessons learned from customer scenarios",
)
ModuleRef = Literal[MODULE_SECTIONS]  # type: ignore[valid-type]
SourceOf = Annotated[Literal["module", "coach"], doc(
    "Where this block's text comes from: `module` if it restates the training module's own "
    "points (then give `module:`), `coach` (the default) for the coach's own advice.")]
ModuleAt = Annotated[ModuleRef, doc(
    "With `source: module`: the part and section of the training module it restates, "
    "such as \"Tailoring sales approaches > Adapting communication styles\".")]
Ours = Annotated[list[Text], doc(
    "With `source: module`: what in this block is the coach's own all the same, as a field "
    "(`actions`) or one line of it (`actions[3]`, counting from 0); `coach learn` marks "
    "those as the coach's.")]
# Fields that are part of the marking or a heading, never an item the marking applies to.
_NOT_ITEMS = frozenset({"source", "module", "ours", "tags", "id", "title", "name"})


class Sourced(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """A block that may restate the training module: `coach learn` marks its items."""

    source: SourceOf = "coach"
    module: ModuleAt = ""
    ours: Ours = []


def source_of(block, field: str, index: int | None = None) -> tuple[str, str]:
    """("module", "Part > Section") if `field` of `block` (or its line `index`) restates the
    module, else ("coach", "")."""
    if getattr(block, "source", "coach") != "module":
        return "coach", ""
    if field in block.ours or (index is not None and f"{field}[{index}]" in block.ours):
        return "coach", ""
    return "module", block.module or ""


_OURS = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


def source_problems(value, path: str = "") -> list[tuple[str, str]]:
    """(field, message) for every marking in `value` (a model, walked whole) that does not
    add up: `source: module` without its pointer, a pointer on the coach's own text, or an
    `ours` naming no field of its block."""
    found: list[tuple[str, str]] = []
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found += source_problems(item, f"{path}[{i}]")
        return found
    if isinstance(value, dict):
        for key, item in value.items():
            found += source_problems(item, f"{path}.{key}" if path else str(key))
        return found
    fields = getattr(value, "__struct_fields__", None)
    if fields is None:
        return found
    at = f"{path}." if path else ""
    if "source" in fields and "ours" in fields:
        if value.source == "module" and not value.module:
            found.append((f"{at}source", "says module but gives no `module:` pointer; add "
                          "the module's part and section, e.g. module: \""
                          f"{MODULE_SECTIONS[5]}\""))
        if value.source == "coach" and value.module:
            found.append((f"{at}module", "points into the module but `source` is coach; "
                          "write source: module, or drop the pointer"))
        items = [f for f in fields if f not in _NOT_ITEMS]
        for i, entry in enumerate(value.ours):
            match = _OURS.match(entry)
            name = match.group(1) if match else entry
            if name not in items:
                found.append((f"{at}ours[{i}]", f"{entry!r} is not a field of this block, "
                              f"nor one line of one (like {items[0]}[0]); fields: "
                              f"{', '.join(items)}"))
            elif match and match.group(2) is not None:
                lines = getattr(value, name)
                if not isinstance(lines, list) or int(match.group(2)) >= len(lines):
                    found.append((f"{at}ours[{i}]", f"{entry!r}: {name} has "
                                  f"{len(lines) if isinstance(lines, list) else 'no'} lines "
                                  "(counting from 0)"))
    for name in fields:
        found += source_problems(getattr(value, name), f"{at}{name}")
    return found


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


class Part(Sourced, kw_only=True):
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


class Line(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """One line of a list with tags, so a stage's `rules_out` can hold back this line alone:
    `{text: "Keep bringing them what is new.", tags: [pitch]}`. Plain text has no tags."""

    text: Annotated[Text, doc("The line, as the rep reads it.")]
    tags: Tags = []
    blend: Annotated[bool, doc(
        "false: a blend never folds this line into another style's brief (an \"Align with "
        "it\" line: a case has one centre, the main style's).")] = True

    def __str__(self) -> str:
        return self.text


Lines = Annotated[list[Text | Line], msgspec.Meta(min_length=1), doc(
    "One point a line; a line may be {text: ..., tags: [...]} so a stage's `rules_out` can "
    "hold back that line alone.")]


def text_and_tags(item) -> tuple[str, list[str]]:
    """The text of a list item (plain text, a `Line` or a `Ranked` action) and its tags."""
    return str(item), list(getattr(item, "tags", ()))
