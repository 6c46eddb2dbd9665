"""Meetings with several people: opening, agenda, what each style needs and where styles clash."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text


class Item(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    text: Text
    for_: list[Id] = msgspec.field(default_factory=list, name="for")
    """The styles this item serves; empty: every meeting."""


class Person(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    needs: Text
    """What someone of this style needs from the meeting."""
    send: Text
    """What to send them afterwards."""


class Clash(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    between: Annotated[list[Id], msgspec.Meta(min_length=2, max_length=2)]
    risk: Text
    handle: Text


Items = Annotated[list[Item], msgspec.Meta(min_length=1)]


class Meeting(Base, tag="meeting", kw_only=True):
    summary: str = ""
    """Why a room of several styles needs a plan: the intro of `coach learn meetings`."""
    opening: Items
    """How to open so that no style in the room is lost, in order."""
    agenda: Items
    """Agenda items, in the order to take them; those for styles not in the room are left out."""
    people: dict[Id, Person]
    """Style id -> what that person needs and what to send them."""
    unknown: Person
    """For someone whose style is not known yet."""
    decider: Text
    """One line on handling the person who decides."""
    clashes: list[Clash] = []

    def lint(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        seen: dict[frozenset, int] = {}
        for i, clash in enumerate(self.clashes):
            pair = frozenset(clash.between)
            if len(pair) != 2:
                found.append((f"clashes[{i}].between", "name two different styles"))
            elif pair in seen:
                found.append((f"clashes[{i}].between", f"the same pair as clashes[{seen[pair]}]"))
            seen.setdefault(pair, i)
        return found
