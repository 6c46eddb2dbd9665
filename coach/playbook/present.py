"""What the trainer commands show about the playbooks in force."""

from __future__ import annotations

from coach.errors import UsageError
from coach.playbook.loader import Playbooks


def _name(item) -> str:
    for attr in ("name", "title"):
        value = getattr(item, attr, None)
        if value:
            return value
    return ""


def rows(books: Playbooks) -> list[list[str]]:
    out = []
    for kind, group in books.by_kind.items():
        for ident, item in group.items():
            sources = books.sources.get((kind, ident), [])
            out.append([kind, ident, _name(item), " + ".join(s.layer for s in sources),
                        " + ".join(s.file for s in sources)])
    return sorted(out)


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
