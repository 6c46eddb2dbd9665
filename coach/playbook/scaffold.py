"""`coach playbooks new KIND ID`: a starter file that is valid as written and teaches the format."""

from __future__ import annotations

import msgspec.inspect as mi

from coach.errors import UsageError
from coach.playbook.kinds import KINDS
from coach.playbook.kinds.common import Id

ID_PATTERN = Id.__metadata__[0].pattern

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


def _placeholder(name: str, t: mi.Type, index: int):
    if isinstance(t, mi.StrType):
        if t.pattern == ID_PATTERN:
            return f"value-{index + 1}" if name in ("value", "answer") else f"{name}-{index + 1}"
        return f"TODO: {name.replace('_', ' ')}"
    if isinstance(t, mi.LiteralType):
        return t.values[0]
    if isinstance(t, mi.IntType):
        return int(t.ge or 1)
    if isinstance(t, mi.FloatType):
        return 0.0
    if isinstance(t, mi.BoolType):
        return False
    if isinstance(t, mi.StructType):
        return {f.encode_name: _placeholder(f.encode_name, f.type, 0) for f in t.fields
                if f.required}
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
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value == {} or value == []:
        return "{}" if value == {} else "[]"
    return str(value)


def scaffold(kind: str, ident: str) -> str:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    info = mi.type_info(KINDS[kind])
    body = {"kind": kind, "version": 1, "id": ident}
    body.update({f.encode_name: _placeholder(f.encode_name, f.type, 0) for f in info.fields
                 if f.required and f.encode_name not in ("version", "id")})
    return HEADER.format(kind=kind, file=f"{ident}.yaml") + "\n".join(_yaml(body, 0)) + "\n"
