"""JSON Schema for playbook files, so editors can autocomplete and flag typos as you type.

Generated from the same models the loader uses (their field descriptions included, the
ones `coach playbooks new` writes as comments), then opened up for overlays: only `kind`
and `id` stay required (an overlay sets only what it changes) and every list field also
accepts `name+` (add items) and `name-` (remove items). Unknown fields stay forbidden.

Use: `coach playbooks schema > playbook.schema.json`, then put this first line in a
playbook file (VS Code's YAML extension, or any editor with the YAML language server):

    # yaml-language-server: $schema=playbook.schema.json
"""

from __future__ import annotations

import json

import msgspec

from coach.errors import UsageError
from coach.playbook.kinds import KINDS

KIND_DOC = "What this file describes: it picks the fields the file may have."


def _open_up(node: dict, top_level: bool) -> None:
    props = node.get("properties")
    if not isinstance(props, dict):
        return
    node.pop("required", None)
    for name, spec in list(props.items()):
        if spec.get("type") == "array":
            props[f"{name}+"] = {**spec, "description": f"Items to add to {name} (an item "
                                 "with the id of an earlier one replaces it)."}
            props[f"{name}+"].pop("minItems", None)
            props[f"{name}-"] = {"type": "array",
                                 "description": f"Items (or ids) to remove from {name}."}
    if top_level:
        # Every file, overlay or not, names what it is: the loader needs both.
        node["required"] = ["kind", "id"]
        props["kind"] = {**props.get("kind", {}), "description": KIND_DOC}
        props["replace"] = {"type": "boolean",
                            "description": "true: replace the earlier layers' file whole."}


def schema(kind: str | None = None) -> dict:
    """A JSON Schema (draft 2020-12) for one kind, or for any playbook file.

    For any kind, `kind` picks the branch with if/then (not anyOf), so an editor reports the
    one real mistake rather than one per kind.
    """
    if kind is not None and kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; use one of: {', '.join(KINDS)}")
    kinds = {kind: KINDS[kind]} if kind else KINDS
    _, defs = msgspec.json.schema_components(list(kinds.values()),
                                             ref_template="#/$defs/{name}")
    top = {cls.__name__ for cls in kinds.values()}
    for name, node in defs.items():
        _open_up(node, name in top)
    out: dict = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "title": f"coach playbook ({kind or 'any kind'})"}
    if kind:
        out["$ref"] = f"#/$defs/{KINDS[kind].__name__}"
    else:
        out.update({
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"enum": list(KINDS),
                                    "description": KIND_DOC}},
            "allOf": [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                       "then": {"$ref": f"#/$defs/{cls.__name__}"}}
                      for name, cls in KINDS.items()],
        })
    out["$defs"] = defs
    return out


def schema_json(kind: str | None = None) -> str:
    return json.dumps(schema(kind), indent=2)
