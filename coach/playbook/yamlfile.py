"""Reading one playbook file: safe YAML that remembers the line of every key and item.

The line numbers let every later problem (a wrong type found after merging layers, an
unknown field) point at the exact line a trainer has to edit.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import PlaybookError, Problem

Where = tuple[str, int]  # (file, 1-based line)


class LineDict(dict):
    """A mapping that knows where it and each of its keys were written."""

    __slots__ = ("where", "key_where")

    def __init__(self, items=(), where: Where = ("", 0), key_where=None):
        super().__init__(items)
        self.where = where
        self.key_where: dict = key_where if key_where is not None else {}


class LineList(list):
    """A sequence that knows where it and each of its items were written."""

    __slots__ = ("where", "item_where")

    def __init__(self, items=(), where: Where = ("", 0), item_where=None):
        super().__init__(items)
        self.where = where
        self.item_where: list = item_where if item_where is not None else []


def _loader_class():
    """A SafeLoader subclass (the C one when present) that builds LineDict/LineList.

    Subclassing keeps the global PyYAML loaders untouched.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class PlaybookLoader(base):  # type: ignore[misc, valid-type]
        def __init__(self, stream, filename: str):
            super().__init__(stream)
            self.filename = filename

        def construct_object(self, node, deep=False):
            if node in self.constructed_objects and not isinstance(node, yaml.ScalarNode):
                raise _AliasError(node.start_mark.line + 1)
            return super().construct_object(node, deep=deep)

    def construct_map(loader, node):
        loader.flatten_mapping(node)
        out = LineDict(where=(loader.filename, node.start_mark.line + 1))
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise _FileProblem(line, str(key), "keys must be text")
            if key in out:
                raise _FileProblem(line, key, "duplicate key (the first is on line "
                                   f"{out.key_where[key][1]})")
            out[key] = loader.construct_object(value_node, deep=True)
            out.key_where[key] = (loader.filename, line)
        return out

    def construct_seq(loader, node):
        out = LineList(where=(loader.filename, node.start_mark.line + 1))
        for item in node.value:
            out.append(loader.construct_object(item, deep=True))
            out.item_where.append((loader.filename, item.start_mark.line + 1))
        return out

    PlaybookLoader.add_constructor("tag:yaml.org,2002:map", construct_map)
    PlaybookLoader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    return PlaybookLoader


class _AliasError(Exception):
    def __init__(self, line: int):
        self.line = line


class _FileProblem(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


_LOADER = None


def read_playbook(path: Path, shown: str | None = None) -> LineDict:
    """Parse one file into a LineDict; any problem is a PlaybookError pointing at its line."""
    global _LOADER
    name = shown or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlaybookError([Problem(name, 0, "", f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlaybookError([Problem(name, line, "", "not UTF-8 text: save the file as UTF-8")])
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise PlaybookError([Problem(name, 1, "", "the file is empty")])

    import yaml

    if _LOADER is None:
        _LOADER = _loader_class()
    loader = _LOADER(text, name)
    try:
        data = loader.get_single_data()
    except _AliasError as exc:
        raise PlaybookError([Problem(name, exc.line, "", "YAML aliases (*name) are not "
                                     "allowed in playbooks: write the text out")]) from None
    except _FileProblem as exc:
        raise PlaybookError([Problem(name, exc.line, exc.field, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        message = (exc.problem or exc.context or "invalid YAML").strip()
        if "could not determine a constructor" in message or "python/" in message:
            message = f"tag not allowed: {message.split('tag')[-1].strip()} (playbooks are plain data)"
        raise PlaybookError([Problem(name, line, "", f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise PlaybookError([Problem(name, 1, "", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, LineDict):
        raise PlaybookError([Problem(name, 1, "", "a playbook must be a mapping of fields "
                                     "(kind: ..., id: ..., ...)")])
    return data
