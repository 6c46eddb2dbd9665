"""Meetings with several people: opening, agenda, what each style needs and where styles clash."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, doc, wording_problems


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


class StagePerson(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """What changes for someone of one style at a stage: each line given replaces theirs."""

    needs: Annotated[str, doc(
        "What they need from a meeting at this stage (else the general `needs`).")] = ""
    send: Annotated[str, doc(
        "What to send them afterwards at this stage (else the general `send`).")] = ""


class StageClash(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """How a clash between two styles reads at a stage (an at-risk room decides nothing)."""

    between: Annotated[list[Id], msgspec.Meta(min_length=2, max_length=2), doc(
        "The two style ids, as in the general `clashes`.")]
    risk: Annotated[str, doc("What goes wrong at this stage (else the general `risk`).")] = ""
    handle: Annotated[Text, doc("How the rep keeps both on board at this stage.")]


class MeetingStage(msgspec.Struct, kw_only=True, forbid_unknown_fields=True,
                   omit_defaults=True):
    """The meeting plan at one stage: each part given replaces the general one there, so an
    at-risk room starts by hearing what went wrong instead of hearing the return."""

    opening: Annotated[list[Item], doc("The opening at this stage, in order.")] = []
    agenda: Annotated[list[Item], doc("The agenda at this stage, in order.")] = []
    people: Annotated[dict[Id, StagePerson], doc(
        "Style id (or `unknown`) -> what they need and what to send them at this stage.")] = {}
    clashes: Annotated[list[StageClash], doc(
        "Clashes that read differently at this stage; the others keep the general wording.")] = []

# What each prompt's {placeholders} are filled with.
PROMPT_PLACEHOLDERS: dict[str, dict[str, str]] = {
    "person": {"number": "the person's number in the list"},
    "role": {"name": "the person's name"},
    "style": {"name": "the person's name"},
    "known": {"style": "a style's name"},
}


class Prompts(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The words `coach meeting` asks with when it adds people one by one."""

    person: Annotated[Text, doc("Asks for the next person's name; {number} is their place.")]
    everyone_in: Annotated[Text, doc("Shown beside it once there is someone: Enter ends.")]
    need_one: Annotated[Text, doc("Said when the rep ends the list before naming anyone.")]
    role: Annotated[Text, doc("Asks for {name}'s role.")]
    skip: Annotated[Text, doc("Shown beside the role question: Enter leaves it blank.")]
    style: Annotated[Text, doc("Asks how the rep knows {name}'s style.")]
    interview: Annotated[Text, doc("The choice to answer the quick interview about them.")]
    known: Annotated[Text, doc("The choice for a style the rep already knows: {style}.")]
    unknown: Annotated[Text, doc("The choice to leave their style unknown.")]
    decider: Annotated[Text, doc("Asks who decides.")]
    decider_unsure: Annotated[Text, doc("The choice when the rep does not know who decides.")]

    def lint(self) -> list[tuple[str, str]]:
        # without {style} the four "I know: ..." choices would read the same
        return wording_problems(self, "prompts", PROMPT_PLACEHOLDERS, {"known": ("style",)})


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
    no_decider: Annotated[Text, doc("The note when nobody is marked as deciding.")]
    unknown_style: Annotated[Text, doc(
        "The note when someone's style is unknown (the plan then covers every style).")]
    prompts: Annotated[Prompts, doc("The words `coach meeting` asks with, person by person.")]
    clashes: Annotated[list[Clash], doc(
        "Pairs of styles that pull apart in one room, and how to handle each pair.")] = []
    stages: Annotated[dict[str, MeetingStage], doc(
        "What changes in the plan at a stage, keyed by stage id: opening, agenda, what each "
        "style needs and is sent, and how clashes are handled (at-risk: listen, then the "
        "fix).")] = {}

    def lint(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = self.prompts.lint()
        seen: dict[frozenset, int] = {}
        for i, clash in enumerate(self.clashes):
            pair = frozenset(clash.between)
            if len(pair) != 2:
                found.append((f"clashes[{i}].between", "name two different styles"))
            elif pair in seen:
                found.append((f"clashes[{i}].between", f"the same pair as clashes[{seen[pair]}]"))
            seen.setdefault(pair, i)
        general = {frozenset(c.between) for c in self.clashes}
        for key, at in self.stages.items():
            for i, own in enumerate(at.clashes):
                if frozenset(own.between) not in general:
                    found.append((f"stages.{key}.clashes[{i}].between",
                                  "no general clash between these styles to change"))
        return found
