"""The layering rule: how a later playbook file changes an earlier one with the same kind and id.

- A field the later file sets replaces the earlier value; mappings merge key by key.
- `name+:` adds items to the list `name` (an item with the `id` of an existing item replaces it).
- `name-:` removes items from the list `name`, by `id` or by their exact words (a tagged
  line by its `text`, an action by its `do`).
- `replace: true` at the top makes the later file replace the earlier one whole.
"""

from __future__ import annotations

from coach.errors import Problem
from coach.playbook.yamlfile import LineDict, LineList

DIRECTIVES = ("replace",)


def _item_key(item):
    """An item's identity: its `id`, else its words (a plain line, a tagged line's `text`,
    an action's `do`), so `name-: ["the words"]` removes a line whatever tags it carries."""
    if isinstance(item, dict):
        if "id" in item:
            return ("id", item.get("id"))
        words = item.get("text", item.get("do"))
        return ("text", words) if isinstance(words, str) else None
    return ("text", item)


def _append(target: LineList, items: LineList) -> None:
    index = {_item_key(x): i for i, x in enumerate(target) if isinstance(x, dict) and "id" in x}
    for item, where in zip(items, items.item_where):
        key = _item_key(item)
        if key in index:
            target[index[key]] = item
            target.item_where[index[key]] = where
        else:
            target.append(item)
            target.item_where.append(where)


def _remove(target: LineList, items: LineList, field: str, problems: list[Problem]) -> None:
    for item, where in zip(items, items.item_where):
        wanted = ("id", item) if any(_item_key(x) == ("id", item) for x in target) else (
            "text", item)
        keep = [(x, w) for x, w in zip(target, target.item_where) if _item_key(x) != wanted]
        if len(keep) == len(target):
            problems.append(Problem(where[0], where[1], f"{field}-", f"nothing to remove: "
                                    f"no item {item!r} in {field}"))
            continue
        target[:] = [x for x, _ in keep]
        target.item_where[:] = [w for _, w in keep]


def merge_into(base: LineDict, over: LineDict, problems: list[Problem], path: str = "") -> None:
    """Apply `over` on top of `base`, in place."""
    for key, value in over.items():
        where = over.key_where[key]
        field = f"{path}{key}"
        if not path and key in DIRECTIVES:
            continue
        if key.endswith(("+", "-")) and len(key) > 1:
            name, op = key[:-1], key[-1]
            if not isinstance(value, LineList):  # the loader reads every YAML list as one
                problems.append(Problem(where[0], where[1], field, "takes a list of items"))
                continue
            target = base.get(name)
            if target is None and op == "+":
                target = LineList(where=where)
                base[name] = target
                base.key_where[name] = where
            if not isinstance(target, LineList):
                what = "is not set" if target is None else "is not a list"
                problems.append(Problem(where[0], where[1], field,
                                        f"cannot {'add to' if op == '+' else 'remove from'} "
                                        f"{path}{name}: it {what} in the earlier layers"))
                continue
            if op == "+":
                _append(target, value)
            else:
                _remove(target, value, f"{path}{name}", problems)
                if not target:  # "needs at least 1 item" is this overlay's doing
                    base.key_where[name] = target.where = where
        elif isinstance(value, LineDict) and isinstance(base.get(key), LineDict):
            merge_into(base[key], value, problems, f"{field}.")
        else:
            if isinstance(value, LineDict):
                # resolve any `+`/`-` keys inside a brand-new mapping
                fresh = LineDict(where=value.where)
                merge_into(fresh, value, problems, f"{field}.")
                value = fresh
            base[key] = value
            base.key_where[key] = where


def fold(docs: list[LineDict], problems: list[Problem]) -> LineDict:
    """Fold the files for one (kind, id), earliest layer first."""
    result = LineDict(where=docs[0].where)
    for doc in docs:
        flag = doc.get("replace")
        if "replace" in doc and not isinstance(flag, bool):
            where = doc.key_where["replace"]
            problems.append(Problem(where[0], where[1], "replace",
                                    f"expected true or false, got {flag!r}"))
        if flag is True:
            result = LineDict(where=doc.where)
        merge_into(result, doc, problems)
    return result
