"""Reading one playbook file: safe YAML that remembers the line of every key and item.

The line numbers let every later problem (a wrong type found after merging layers, an
unknown field) point at the exact line a trainer has to edit.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import PlaybookError, Problem

Where = tuple[str, int]  # (file, 1-based line)

MAX_DEPTH = 64  # far beyond any playbook; keeps the recursive checks that follow safe
ALIASES = ("YAML aliases (*name) are not allowed in playbooks: write the text out "
           "(they can blow a small file up into billions of items)")


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


def field_path(parts: list) -> str:
    """["communication", "use", 2] -> "communication.use[2]"."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def tag_shown(tag: str) -> str:
    """'tag:yaml.org,2002:python/object:os.system' -> '!!python/object:os.system'."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("null", "bool", "int", "float", "timestamp")}
_AS_TEXT = {None, "!", f"{_STD}str", f"{_STD}merge", f"{_STD}value", f"{_STD}yaml"}


class _FileProblem(Exception):
    def __init__(self, line: int, field: str, message: str):
        self.line, self.field, self.message = line, field, message


def _build(loader, name: str):
    """The document, built straight from the parser's events.

    Going round PyYAML's composer and constructor is twice as fast, and safe by
    construction: an alias is refused at its first use, before anything is copied (no alias
    bomb), and only plain tags are understood (no `!!python/...`).
    """
    import yaml

    scalar_cls, map_cls, seq_cls = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    end_cls = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    resolvers = loader.yaml_implicit_resolvers
    get = loader.get_event

    # Each frame: [container, its current key (dicts), that key's line, waiting for a key?]
    stack: list[list] = []

    def path(extra=()) -> str:
        parts = []
        for depth, (container, key, _, wants_key) in enumerate(stack):
            top = depth == len(stack) - 1
            if container.__class__ is LineList:
                parts.append(len(container) if top else len(container) - 1)
            elif not (top and wants_key):
                parts.append(key)
        return field_path([*parts, *extra])

    def refuse_tag(event, line: int):
        raise _FileProblem(line, path(), f"tag {tag_shown(event.tag)} is not allowed: "
                           "playbooks hold plain text, numbers, lists and mappings")

    def scalar(event, line: int):
        tag, value = event.tag, event.value
        if tag is None and event.implicit[0]:
            for candidate, regexp in resolvers.get(value[:1], ()):
                if regexp.match(value):
                    tag = candidate
                    break
        if tag in _AS_TEXT:
            return value
        if tag in _SCALAR_TAGS:
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
            return loader.yaml_constructors[tag](loader, node)
        refuse_tag(event, line)

    get()  # stream start
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    root = None
    while True:
        event = get()
        cls = event.__class__
        line = event.start_mark.line + 1
        if cls is scalar_cls:
            value = event.value
            if event.tag is not None or (event.implicit[0] and value[:1] in resolvers):
                value = scalar(event, line)  # a number, true/false, null, or a tag
        elif cls is map_cls or cls is seq_cls:
            if event.tag not in (None, "!", f"{_STD}map" if cls is map_cls else f"{_STD}seq"):
                refuse_tag(event, line)
            value = (LineDict if cls is map_cls else LineList)(where=(name, line))
        elif cls in end_cls:
            stack.pop()
            if not stack:
                break
            continue
        elif cls is yaml.AliasEvent:
            raise _FileProblem(line, path(), ALIASES)
        else:  # pragma: no cover - the parser sends nothing else inside a document
            raise _FileProblem(line, path(), f"unexpected YAML: {event}")

        if not stack:
            root = value
            if not isinstance(value, (LineDict, LineList)):
                break
        else:
            frame = stack[-1]
            container = frame[0]
            if container.__class__ is LineList:
                container.append(value)
                container.item_where.append((name, line))
            elif frame[3]:  # a key
                if not isinstance(value, str):
                    shown = ("a list or mapping" if isinstance(value, (list, dict)) else
                             "true/false" if isinstance(value, bool) else
                             "nothing (null)" if value is None else type(value).__name__)
                    raise _FileProblem(line, path([str(getattr(event, "value", "?"))]),
                                       f"keys must be text, this one reads as {shown}"
                                       + (" (put it in quotes)" if cls is scalar_cls else ""))
                if value in container:
                    raise _FileProblem(line, path([value]), "duplicate key (the first is on "
                                       f"line {container.key_where[value][1]})")
                frame[1], frame[2], frame[3] = value, line, False
                continue
            else:
                container[frame[1]] = value
                container.key_where[frame[1]] = (name, frame[2])
                frame[3] = True
        if cls is not scalar_cls:
            if len(stack) >= MAX_DEPTH:
                where = path()
                where = where[:40].rstrip(".[") + "..." if len(where) > 40 else where
                raise _FileProblem(line, where,
                                   f"nested more than {MAX_DEPTH} levels deep: "
                                   "playbooks need only a few")
            stack.append([value, None, 0, True])

    get()  # document end
    event = get()
    if not isinstance(event, yaml.StreamEndEvent):
        raise _FileProblem(event.start_mark.line + 1, "",
                           "one playbook per file: a second document ('---') starts here")
    return root


def _yaml_problem(yaml, exc, text: str) -> tuple[int, str]:
    """A PyYAML error as (line, message) in a trainer's words."""
    last = text.count("\n") + (0 if text.endswith("\n") else 1)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = min(mark.line + 1, max(last, 1)) if mark else 1
        problem = (exc.problem or exc.context or "").strip()
        if "undefined alias" in problem:
            return line, ALIASES
        if "single document" in (exc.context or ""):
            return line, "one playbook per file: a second document ('---') starts here"
        message = f"invalid YAML: {problem or 'cannot read this'}"
        ctx = exc.context_mark
        if exc.context and ctx is not None and ctx.line + 1 != line:
            message += f" ({exc.context.strip()} that starts on line {ctx.line + 1})"
        return line, message
    position = getattr(exc, "position", None)
    if isinstance(position, int):  # a ReaderError: a control character
        line = text[:position].count("\n") + 1
        char = getattr(exc, "character", "")
        code = char if isinstance(char, int) else ord(char[:1] or "\0")
        return line, f"invalid YAML: control character U+{code:04X} is not allowed: remove it"
    return 1, f"invalid YAML: {exc}"


def read_playbook(path: Path, shown: str | None = None) -> LineDict:
    """Parse one file into a LineDict; any problem is a PlaybookError pointing at its line."""
    name = shown or str(path)
    data = read_yaml(path, name)
    if data is None:
        raise PlaybookError([Problem(name, 1, "", "the file is empty: a playbook needs at "
                                     "least kind, version and id")])
    if not isinstance(data, LineDict):
        raise PlaybookError([Problem(name, 1, "", "a playbook must be a mapping of fields "
                                     "(kind: ..., id: ..., ...)")])
    return data


def read_yaml(path: Path, shown: str | None = None, limit: int | None = None):
    """One YAML (or JSON) file read by the playbook rules: duplicate keys, aliases and tags
    refused at their line; `limit` bytes at most (an answers file, not /dev/zero). None when
    empty; any problem is a PlaybookError pointing at its line."""
    name = shown or str(path)

    def fail(line: int, field: str, message: str):
        return PlaybookError([Problem(name, line, field, message)])

    try:
        with open(path, "rb") as handle:
            raw = handle.read() if limit is None else handle.read(limit + 1)
    except OSError as exc:
        raise fail(0, "", f"cannot read: {exc.strerror}") from None
    if limit is not None and len(raw) > limit:
        raise fail(0, "", f"larger than {limit >> 20} MB: not a file of answers")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise fail(line, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file "
                   "as UTF-8") from None

    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        data = _build(loader, name)
    except _FileProblem as exc:
        raise fail(exc.line, exc.field, exc.message) from None
    except yaml.YAMLError as exc:
        line, message = _yaml_problem(yaml, exc, text)
        raise fail(line, "", message) from None
    finally:
        loader.dispose()
    return data

