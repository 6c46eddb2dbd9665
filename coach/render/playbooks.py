"""What the trainer commands show about the playbooks in force: the list's rows, and one
playbook laid out as sections for `coach playbooks show`."""

from __future__ import annotations

from pathlib import Path

from coach.errors import UsageError
from coach.playbook.loader import Playbooks, Source

HEADER_FIELDS = ("kind", "id", "version", "name", "title", "summary")
SHORT = 60  # text up to this long sits in the header block; longer text gets a section


def _name(item) -> str:
    for attr in ("name", "title"):
        value = getattr(item, attr, None)
        if value:
            return value
    return ""


def _file(source: Source) -> str:
    """Shipped files relative to the shipped folder (the install path is noise); others as
    the trainer would type them."""
    if source.layer == "shipped":
        from coach import paths

        try:
            return str(Path(source.file).resolve().relative_to(
                paths.shipped_playbooks().resolve()))
        except ValueError:
            pass
    return source.file


def rows(books: Playbooks) -> list[dict]:
    """One row per playbook in force: kind, id, name, its layers and files, lowest first."""
    out = []
    for kind, group in books.by_kind.items():
        for ident, item in group.items():
            sources = books.sources.get((kind, ident), [])
            out.append({"kind": kind, "id": ident, "name": _name(item),
                        "layers": [s.layer for s in sources],
                        "files": [_file(s) for s in sources]})
    return sorted(out, key=lambda r: (r["kind"], r["id"]))


def list_table(found: list[dict], width: int = 80):
    """The rows as a table that reads at 80 columns: kinds, ids and layers never wrap, names
    wrap at words, and a long file path is cut at the start so its file name shows."""
    from coach.render.fit import Col, fit_table

    home = str(Path.home())

    def shown(file: str) -> str:
        return "~" + file[len(home):] if home != "/" and file.startswith(home + "/") else file

    cols = [Col("kind", "short"), Col("id", "short"), Col("name", least=10),
            Col("layer", "short"), Col("file", "path", least=22)]
    # One line per layer, beside its file.
    table = [[r["kind"], r["id"], r["name"], "\n".join(r["layers"]),
              "\n".join(shown(f) for f in r["files"])] for r in found]
    return fit_table("Playbooks", cols, table, width, gap=1)


def find(books: Playbooks, ident: str):
    kind, _, name = ident.rpartition("/")
    matches = [(k, group[name]) for k, group in books.by_kind.items()
               if name in group and (not kind or k == kind)]
    if not matches:
        known = sorted(f"{k}/{i}" for k, g in books.by_kind.items() for i in g)
        raise UsageError(f"no playbook {ident!r}; known: {', '.join(known)}")
    if len(matches) > 1:
        raise UsageError(f"{ident!r} is ambiguous; say which: "
                         + ", ".join(f"{k}/{name}" for k, _ in matches))
    return matches[0][1]


# ------------------------------------------------------------------------ show, as sections


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _scalar(value) -> bool:
    return not isinstance(value, (dict, list))


def _wrap(text: str, width: int, first: str, rest: str, style: str = "", lead: str = "dim"):
    """`text` wrapped to `width` with a hanging indent; Rich Text, so never read as markup."""
    import textwrap

    from rich.text import Text

    lines = textwrap.wrap(str(text), max(20, width - len(first))) or [""]
    out = []
    for i, line in enumerate(lines):
        row = Text(first if i == 0 else rest, style=lead if i == 0 else "")
        row.append(line, style=style)
        out.append(row)
    return out


def _field(label: str, value, width: int, pad: str):
    from rich.text import Text

    if isinstance(value, bool):
        value = "yes" if value else "no"

    lines = _wrap(value, width, f"{pad}{label}: ", pad + "  ")
    lines[0] = Text(f"{pad}{label}: ", style="bold") + lines[0][len(pad) + len(label) + 2:]
    return lines


def _block(value, width: int, depth: int) -> list:
    """Lines for one value: bullets for lists, labelled fields for mappings, recursively."""
    from rich.text import Text

    pad = "  " * depth
    out: list = []
    if isinstance(value, dict):
        for key, sub in value.items():
            if _scalar(sub):
                out += _field(_label(key), sub, width, pad)
            else:
                out.append(Text(f"{pad}{_label(key)}", style="bold"))
                out += _block(sub, width, depth + 1)
    elif isinstance(value, list):
        for item in value:
            if _scalar(item):
                out += _wrap(item, width, f"{pad}• ", f"{pad}  ")
            else:
                out += _item(item, width, depth)
    else:
        out += _wrap(value, width, pad, pad)
    return out


def _item(item: dict, width: int, depth: int) -> list:
    """A list item that is a mapping (a concern, an objection, a question): its first field
    as the bullet, the others under it; a lone second field as the answer (→)."""
    pad = "  " * depth
    keys = list(item)
    first, rest = item[keys[0]], {k: item[k] for k in keys[1:]}
    out = (_wrap(first, width, f"{pad}• ", f"{pad}  ", style="bold") if _scalar(first)
           else _block({keys[0]: first}, width, depth))
    if len(rest) == 1 and isinstance(next(iter(rest.values())), str):
        out += _wrap(next(iter(rest.values())), width, f"{pad}  → ", f"{pad}    ")
    elif rest:
        out += _block(rest, width, depth + 1)
    return out


def _heading(title: str, width: int):
    from rich.text import Text

    text = f"── {title} "
    return Text(text + "─" * max(0, min(width, 80) - len(text)), style="bold")


def print_show(item) -> None:
    """`coach playbooks show`: longer than the screen, it opens in the pager."""
    from coach.render.terminal import console, print_paged

    out = console()
    print_paged(show_lines(item, out.width), out)


def show_lines(item, width: int = 80) -> list:
    """One playbook as a title block, then a heading per section (Rich Text lines)."""
    import msgspec
    from rich.text import Text

    data = msgspec.to_builtins(item)
    kind = type(item).__struct_config__.tag
    name = _name(item)
    title = Text(name or f"{kind} {item.id}", style="bold")
    if name:
        title.append(f"  {kind} {item.id}", style="dim")
    out: list = [title]
    if isinstance(data.get("summary"), str):
        out += _wrap(data["summary"], width, "", "")
    sections = []
    for key, value in data.items():
        if key in HEADER_FIELDS:
            continue
        if _scalar(value) and len(str(value)) <= SHORT:
            out += _field(_label(key), value, width, "")
        elif isinstance(value, dict) and all(_scalar(v) and len(str(v)) <= 20
                                             for v in value.values()):
            out += _field(_label(key), ", ".join(f"{_label(k).lower()} {v}"
                                                 for k, v in value.items()), width, "")
        else:
            sections.append((key, value))
    for key, value in sections:
        out += [Text(""), _heading(_label(key), width)]
        out += _block(value, width, 0)
    return out
