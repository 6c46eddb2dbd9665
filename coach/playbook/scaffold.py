"""`coach playbooks new KIND ID`: a starter file that is valid as written and teaches the format."""

from __future__ import annotations

import msgspec.inspect as mi

from coach.errors import UsageError
from coach.playbook.kinds import KINDS
from coach.playbook.kinds.common import ID_PATTERN
from coach.text import yaml_quote

HEADER = """\
# A coach playbook ({kind}). Check it with: coach playbooks validate {file}
# Editors with the YAML language server can autocomplete it: save the schema with
#   coach playbooks schema > playbook.schema.json
# yaml-language-server: $schema=playbook.schema.json
#
# Layers, later wins: shipped -> your config folder -> $COACH_PLAYBOOKS -> --playbooks DIR.
# A file with the same kind and id as an earlier one changes it:
#   field: value      replaces that field        name+: [...]  adds items to a list
#   replace: true     replaces the whole file    name-: [...]  removes items (by id or text)
# Replace every TODO with your own words.
"""


def _placeholder(name: str, t: mi.Type, index: int, described: str = ""):
    if isinstance(t, mi.Metadata):
        return _placeholder(name, t.type, index,
                            described or (t.extra_json_schema or {}).get("description", ""))
    if isinstance(t, mi.UnionType):  # text or a mapping: the text form is the simpler
        return _placeholder(name, t.types[0], index, described)
    if isinstance(t, mi.StrType):
        if t.pattern == ID_PATTERN:
            return f"value-{index + 1}" if name in ("value", "answer") else f"{name}-{index + 1}"
        # wording that fills {placeholders} names them, so the starter keeps them
        from coach.text import PLACEHOLDER

        keep = "".join(f" {{{p}}}" for p in dict.fromkeys(PLACEHOLDER.findall(described)))
        return f"TODO: {name.replace('_', ' ')}{keep}"
    if isinstance(t, mi.LiteralType):
        return t.values[0]
    if isinstance(t, mi.IntType):
        return int(t.ge or 1)
    if isinstance(t, mi.FloatType):
        return 0.0
    if isinstance(t, mi.BoolType):
        return False
    if isinstance(t, mi.StructType):
        return {f.encode_name: _placeholder(f.encode_name, f.type, index) for f in t.fields
                if f.required}
    if isinstance(t, mi.DictType):  # keyed by id: one example entry
        return {f"{name.rstrip('s')}-1": _placeholder(name, t.value_type, index)}
    if isinstance(t, mi.ListType):
        count = max(t.min_length or 1, 2 if isinstance(t.item_type, mi.StrType) else 1)
        return [_placeholder(name, t.item_type, i) for i in range(count)]
    return {}


def _yaml(value, indent: int) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                lines.extend(_yaml(item, indent + 2))
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                sub = _yaml(item, indent + 2)
                sub[0] = f"{pad}- {sub[0].lstrip()}"
                lines.extend(sub)
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    return lines


def _scalar(value) -> str:
    if isinstance(value, str):
        return yaml_quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == {} or value == []:
        return "{}" if value == {} else "[]"
    return str(value)


def description(t: mi.Type) -> str:
    """A field's description, written beside it in the model with `doc(...)`: the same words
    `coach playbooks schema` gives an editor ('' when it has none)."""
    while isinstance(t, mi.Metadata):
        if t.extra_json_schema and t.extra_json_schema.get("description"):
            return str(t.extra_json_schema["description"])
        t = t.type
    return ""


def _comment(text: str, optional: bool) -> list[str]:
    import textwrap

    if optional:
        text = f"({text})"
    return [f"# {line}" for line in textwrap.wrap(text, 96)]


def _optional(f: mi.Field) -> str:
    """A commented-out line for an optional field, with its default when it is short."""
    default = f.default
    if isinstance(default, (str, int, float, bool)) and len(str(default)) <= 40:
        return f"{f.encode_name}: {_scalar(default)}"
    return f"{f.encode_name}: ...   (see 'coach playbooks schema' or the shipped playbooks)"


def scaffold(kind: str, ident: str, file: str | None = None) -> str:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    import re

    if not re.search(ID_PATTERN, ident):
        raise UsageError(f"ID {ident!r} is not a valid id: use lower-case letters, digits, "
                         "'-' and '_' (for example: dormant-customer)")
    info = mi.type_info(KINDS[kind])
    assert isinstance(info, mi.StructType)  # every kind is a Struct
    lines = [f"kind: {kind}", "version: 1", f"id: {_scalar(ident)}"]
    optional = []
    for f in info.fields:
        if f.encode_name in ("version", "id"):
            continue
        if not f.required:
            optional.append(f)
            continue
        lines += _comment(description(f.type), optional=False)
        value = _placeholder(f.encode_name, f.type, 0)
        lines.extend(_yaml({f.encode_name: value}, 0))
    if optional:
        lines += ["", "# Optional: uncomment to change the default."]
        for f in optional:
            lines += _comment(description(f.type), optional=True)
            lines.append(f"# {_optional(f)}")
    return HEADER.format(kind=kind, file=file or f"{ident}.yaml") + "\n".join(lines) + "\n"
