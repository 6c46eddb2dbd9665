"""Check a merged playbook against its kind's model, collecting every problem, not just the first.

msgspec stops at the first error; a trainer fixing a file wants the whole list at once, each
at its own line. So we walk the model's type description ourselves and let msgspec build the
object only once the data is known to be good.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import TYPE_CHECKING

import msgspec
import msgspec.inspect as mi

from coach.errors import Problem
from coach.playbook.kinds import KINDS
from coach.playbook.yamlfile import LineDict, LineList, Where

if TYPE_CHECKING:
    from coach.playbook.kinds import AnyPlaybook


@functools.cache
def _info(cls) -> mi.Type:
    return mi.type_info(cls)


@functools.cache
def _regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _type_name(t: mi.Type) -> str:
    return {
        mi.StrType: "text", mi.IntType: "a whole number", mi.FloatType: "a number",
        mi.BoolType: "true or false", mi.ListType: "a list", mi.DictType: "a mapping",
        mi.StructType: "a mapping",
    }.get(type(t), type(t).__name__)


def _describe(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"a {type(value).__name__}"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, where: Where, field: str, message: str) -> None:
        self.problems.append(Problem(where[0], where[1], field, message))

    def check(self, value, t: mi.Type, field: str, where: Where) -> None:  # noqa: C901
        while isinstance(t, mi.Metadata):  # a field's description: nothing to check
            t = t.type
        if isinstance(t, mi.AnyType):
            return
        if isinstance(t, mi.UnionType):
            for option in t.types:
                sub = _Checker()
                sub.check(value, option, field, where)
                if not sub.problems:
                    return
            self.add(where, field, f"expected one of: {', '.join(map(_type_name, t.types))}")
            return
        if isinstance(t, mi.LiteralType):
            if value not in t.values:
                self.add(where, field, f"{value!r} is not allowed; use one of: "
                         + ", ".join(str(v) for v in t.values))
            return
        if isinstance(t, mi.StructType):
            self.check_struct(value, t, field, where)
            return
        if isinstance(t, mi.ListType):
            if not isinstance(value, list):
                self.add(where, field, f"expected a list, got {_describe(value)}")
                return
            if t.min_length and len(value) < t.min_length:
                self.add(where, field, f"needs at least {t.min_length} item(s)")
            item_where = getattr(value, "item_where", None)
            for i, item in enumerate(value):
                self.check(item, t.item_type, f"{field}[{i}]",
                           item_where[i] if item_where else where)
            return
        if isinstance(t, mi.DictType):
            if not isinstance(value, dict):
                self.add(where, field, f"expected a mapping, got {_describe(value)}")
                return
            key_where = getattr(value, "key_where", {})
            for key, item in value.items():
                self.check(item, t.value_type, f"{field}.{key}", key_where.get(key, where))
            return
        if isinstance(t, mi.StrType):
            if not isinstance(value, str):
                quotes = value is not None and not isinstance(value, (list, dict))
                self.add(where, field, f"expected text, got {_describe(value)}"
                         + (" (put it in quotes)" if quotes else ""))
                return
            if t.min_length and len(value.strip()) < t.min_length:
                self.add(where, field, "must not be empty")
            elif t.pattern and not _regex(t.pattern).search(value):
                self.add(where, field, f"{value!r} is not a valid id: use lower-case letters, "
                         "digits, '-' and '_'")
            return
        if isinstance(t, (mi.IntType, mi.FloatType)):
            ok = isinstance(value, int) or (
                isinstance(t, mi.FloatType) and isinstance(value, float))
            if isinstance(value, bool) or not ok:
                self.add(where, field, f"expected {_type_name(t)}, got {_describe(value)}")
                return
            ge, gt, le, lt = t.ge, getattr(t, "gt", None), t.le, getattr(t, "lt", None)
            if ((ge is not None and value < ge) or (gt is not None and value <= gt)
                    or (le is not None and value > le) or (lt is not None and value >= lt)):
                self.add(where, field, f"{value} is out of range ({_bounds(ge, gt, le, lt)})")
            return
        if isinstance(t, mi.BoolType):
            if not isinstance(value, bool):
                self.add(where, field, f"expected true or false, got {_describe(value)}")
            return

    def check_struct(self, value, t: mi.StructType, field: str, where: Where) -> None:
        if not isinstance(value, dict):
            self.add(where, field, f"expected a mapping of fields, got {_describe(value)}")
            return
        key_where = getattr(value, "key_where", {})
        known = {f.encode_name: f for f in t.fields}
        prefix = f"{field}." if field else ""
        for key in value:
            if key in known or (t.tag_field and key == t.tag_field):
                continue
            hint = difflib.get_close_matches(str(key), list(known), n=1)
            self.add(key_where.get(key, where), f"{prefix}{key}", "unknown field"
                     + (f" (did you mean '{hint[0]}'?)" if hint else
                        f"; allowed: {', '.join(known)}"))
        for name, f in known.items():
            if name not in value:
                if f.required:
                    self.add(where, f"{prefix}{name}", "missing required field")
                continue
            self.check(value[name], f.type, f"{prefix}{name}", key_where.get(name, where))


def kind_problem(kind: str) -> str:
    hint = difflib.get_close_matches(kind, list(KINDS), n=1)
    return f"unknown kind {kind!r}" + (f" (did you mean '{hint[0]}'?)" if hint else "") + (
        f"; use one of: {', '.join(KINDS)}")


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def locate(doc: LineDict, field: str) -> Where:
    """The (file, line) of a field path such as "items[3].answer" in a merged doc.

    Walks the merged LineDicts and LineLists, so the line is in whichever layer's file set
    that value; stops at the deepest part it can find.
    """
    where, node = doc.where, doc
    for name, index in _PART.findall(field):
        if name and isinstance(node, LineDict) and name in node:
            where, node = node.key_where.get(name, where), node[name]
        elif index and isinstance(node, LineList) and int(index) < len(node):
            i = int(index)
            where, node = (node.item_where[i] if i < len(node.item_where) else where), node[i]
        else:
            break
    return where


def check(doc: LineDict) -> list[Problem]:
    """Every problem in one merged playbook."""
    kind = doc.get("kind")
    where = doc.key_where.get("kind", doc.where)
    if not isinstance(kind, str) or kind not in KINDS:
        message = "missing required field" if kind is None else kind_problem(str(kind))
        return [Problem(where[0], where[1], "kind", message)]
    checker = _Checker()
    info = _info(KINDS[kind])
    assert isinstance(info, mi.StructType)  # every kind is a Struct
    checker.check_struct(doc, info, "", doc.where)
    return checker.problems


def build(doc: LineDict) -> AnyPlaybook:
    """The typed model for a doc that `check` passed."""
    return msgspec.convert(doc, KINDS[doc["kind"]])


def validated(doc: LineDict) -> tuple[AnyPlaybook | None, list[Problem]]:
    """(model, []) for a good merged doc, else (None, every problem at its line).

    msgspec (in C) tries first: most docs are good, and it is far faster than our walk.
    Only a doc it rejects is walked by `check`, which finds all problems, not the first.
    """
    try:
        return build(doc), []
    except msgspec.ValidationError as exc:
        found = check(doc)
        if found:
            return None, found
        # The walk missed what msgspec saw: still report it at its line, never a traceback.
        message, _, at = str(exc).partition(" - at `$")
        field = at.rstrip("`").lstrip(".")
        where = locate(doc, field)
        return None, [Problem(where[0], where[1], field, message)]


def _bounds(ge, gt, le, lt) -> str:
    """'0.0 to 1.0', or the one or two bounds there are: never 'to None'."""
    if ge is not None and le is not None:
        return f"{ge} to {le}"
    parts = [f"{word} {bound}" for word, bound in (("at least", ge), ("more than", gt),
                                                  ("at most", le), ("less than", lt))
             if bound is not None]
    return " and ".join(parts)
