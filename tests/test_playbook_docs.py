"""Every playbook field says what a trainer puts there, in one place (the model), and both
`coach playbooks schema` (an editor's hover) and `coach playbooks new` (the starter file's
comments) show those same words."""

import textwrap
from typing import Annotated

import pytest

from coach.playbook.kinds import KINDS, Base
from coach.playbook.kinds.common import Text, doc
from coach.playbook.scaffold import scaffold
from coach.playbook.schema import schema


def undocumented(node: dict) -> list[str]:
    """Every property, of every definition, that has no description."""
    return [f"{name}.{field}" for name, spec in node["$defs"].items()
            for field, prop in spec.get("properties", {}).items()
            if not str(prop.get("description", "")).strip()]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_of_every_kind_is_described_in_the_schema(kind):
    assert undocumented(schema(kind)) == []


def test_an_undocumented_field_would_be_caught(monkeypatch):
    class Draft(Base, tag="draft", kw_only=True):
        told: Annotated[Text, doc("Said.")]
        untold: Text

    monkeypatch.setitem(KINDS, "draft", Draft)
    assert undocumented(schema("draft")) == ["Draft.untold"]


def comments(text: str, fields) -> dict[str, str]:
    """The comment above each top-level field of a starter file (set, or commented out when
    optional), joined into one line, without the parentheses an optional one gets."""
    lines = text.splitlines()
    starts = {f"{prefix}{name}:" for name in fields for prefix in ("", "# ")}

    def field_line(line: str) -> bool:
        return any(line.startswith(s) for s in starts)

    found = {}
    for i, line in enumerate(lines):
        if not field_line(line):
            continue
        above: list[str] = []
        j = i - 1
        while (j >= 0 and lines[j].startswith("# ") and not field_line(lines[j])
               and not lines[j].startswith("# Optional:")):
            above.insert(0, lines[j][2:])
            j -= 1
        joined = " ".join(above)
        found[line.lstrip("# ").split(":")[0]] = (
            joined[1:-1] if line.startswith("# ") and joined.startswith("(") else joined)
    return found


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_starter_file_comments_are_the_schema_descriptions(kind):
    text = scaffold(kind, "starter")
    body = text[text.index(f"kind: {kind}"):]
    props = schema(kind)["$defs"][KINDS[kind].__name__]["properties"]
    fields = [f for f in props if f not in ("kind", "version", "id", "replace")
              and not f.endswith(("+", "-"))]
    shown = comments(body, fields)
    assert sorted(shown) == sorted(fields)
    for field in fields:
        assert shown[field] == props[field]["description"], field


def test_a_description_changed_in_the_model_shows_in_both(monkeypatch):
    words = ("Who signs the order at this customer, and what they need to see first; "
             "a long line, so the starter file wraps it.")

    class Draft(Base, tag="draft", kw_only=True):
        signer: Annotated[Text, doc(words)]
        note: Annotated[str, doc("Anything else.")] = ""

    monkeypatch.setitem(KINDS, "draft", Draft)
    props = schema("draft")["$defs"]["Draft"]["properties"]
    assert props["signer"]["description"] == words
    text = scaffold("draft", "starter")
    wrapped = "\n".join(f"# {line}" for line in textwrap.wrap(words, 96))
    assert f"{wrapped}\nsigner: \"TODO: signer\"\n" in text
    assert "# (Anything else.)\n# note: \"\"\n" in text


def test_descriptions_fold_line_breaks():
    assert doc("""Two
        lines.""").description == "Two lines."
