"""JSON output: stable keys, readable indentation, structs and dataclasses as plain objects."""

from __future__ import annotations

import json


def _plain(value):
    if hasattr(value, "__dataclass_fields__") and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if hasattr(value, "__struct_fields__"):
        import msgspec

        return msgspec.to_builtins(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def dumps(value) -> str:
    return json.dumps(_plain(value), indent=2, ensure_ascii=False)
