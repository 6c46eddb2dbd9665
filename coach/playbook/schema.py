"""JSON Schema for playbook files, so editors can autocomplete and flag typos as you type.

Generated from the same models the loader uses, then opened up for overlays: required
fields are dropped (an overlay sets only what it changes) and every list field also accepts
`name+` (add items) and `name-` (remove items). Unknown fields stay forbidden.
"""

from __future__ import annotations

import json

import msgspec

from coach.errors import UsageError
from coach.playbook.kinds import KINDS


def _open_up(node: dict, top_level: bool) -> None:
    props = node.get("properties")
    if not isinstance(props, dict):
        return
    node.pop("required", None)
    for name, spec in list(props.items()):
        if spec.get("type") == "array":
            props[f"{name}+"] = spec
            props[f"{name}-"] = {"type": "array",
                                 "description": f"Items (or ids) to remove from {name}."}
    if top_level:
        props["replace"] = {"type": "boolean",
                            "description": "true: replace the earlier layers' file whole."}


def schema(kind: str | None = None) -> dict:
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    kinds = [KINDS[kind]] if kind else list(KINDS.values())
    union = kinds[0] if len(kinds) == 1 else __import__("typing").Union[tuple(kinds)]
    out = msgspec.json.schema(union)
    top = {cls.__name__ for cls in kinds}
    for name, node in out.get("$defs", {}).items():
        _open_up(node, name in top)
    out["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    out["title"] = f"coach playbook ({kind or 'any kind'})"
    return out


def schema_json(kind: str | None = None) -> str:
    return json.dumps(schema(kind), indent=2)
