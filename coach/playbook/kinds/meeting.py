"""Meetings with several people: opening, agenda, what each style needs and where styles clash."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, doc


class Item(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    text: Annotated[Text, doc("The step or agenda item, as the rep reads it.")]
    for_: Annotated[list[Id], doc("The styles this item serves; empty: every meeting.")] = (
        msgspec.field(default_factory=list, name="for"))


class Person(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    needs: Annotated[Text, doc("What someone of this style needs from the meeting.")]
    send: Annotated[Text, doc("What to send them afterwards.")]


class Clash(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    between: Annotated[list[Id], msgspec.Meta(min_length=2, max_length=2), doc(
        "The two style ids that clash.")]
    risk: Annotated[Text, doc("What goes wrong when both are in the room.")]
    handle: Annotated[Text, doc("How the rep keeps both on board.")]


Items = Annotated[list[Item], msgspec.Meta(min_length=1)]


class Meeting(Base, tag="meeting", kw_only=True):
    summary: Annotated[str, doc(
        "Why a room of several styles needs a plan: the intro of `coach learn meetings`.")] = ""
    opening: Annotated[Items, doc("How to open so that no style in the room is lost, in order.")]
    agenda: Annotated[Items, doc(
        "Agenda items, in the order to take them; those for styles not in the room are left "
        "out.")]
    people: Annotated[dict[Id, Person], doc(
        "Style id -> what that person needs and what to send them.")]
    unknown: Annotated[Person, doc("For someone whose style is not known yet.")]
    decider: Annotated[Text, doc("One line on handling the person who decides.")]
    clashes: Annotated[list[Clash], doc(
        "Pairs of styles that pull apart in one room, and how to handle each pair.")] = []

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
