"""The interview's behaviour questions and the weight each answer puts on the two axes."""

from collections.abc import Iterable
from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, doc, wording_problems

Weight = Annotated[float, msgspec.Meta(ge=-1.0, le=1.0)]

UNSURE = "unsure"
UNSURE_LABEL = "Not sure / haven't seen it"
# The channels every questions playbook may use, with or without its own `channels:` list.
CHANNELS = ("email", "phone", "video", "in-person")


class Option(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    value: Annotated[Id, doc("The answer's name, as answers files and the journal store it.")]
    label: Annotated[Text, doc("The answer as the rep picks it in the interview.")]
    assertiveness: Annotated[Weight, doc(
        "How far this answer points to tells (+1) or asks (-1); 0: says nothing.")] = 0.0
    responsiveness: Annotated[Weight, doc(
        "How far this answer points to emotes (+1) or controls (-1); 0: says nothing.")] = 0.0


class Channel(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """One way a rep can know a prospect (email, phone...): the interview asks which."""

    id: Annotated[Id, doc("The channel's name, used in a question's `channels`.")]
    label: Annotated[Text, doc("The channel as the rep picks it in the interview.")]


class Question(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: Annotated[Id, doc("The question's name, as answers files and the journal store it.")]
    text: Annotated[Text, doc("The question as the interview asks it.")]
    axis: Annotated[Literal["assertiveness", "responsiveness", "both"], doc(
        "The axis this question reads, or both: every answer counts there, a weight of 0 "
        "pulling the read toward the middle.")]
    options: Annotated[list[Option], msgspec.Meta(min_length=2), doc(
        "The answers on offer; \"Not sure / haven't seen it\" is always added.")]
    help: Annotated[str, doc("What to listen or look for, shown under the question.")] = ""
    channels: Annotated[list[Id], doc(
        "Where the behaviour can be observed (channel ids); empty means anywhere.")] = []

    def observable(self, seen: Iterable[str] | None) -> bool:
        """Can a rep who knows the prospect only through `seen` answer this? (None: anyone.)"""
        return seen is None or not self.channels or bool(set(self.channels) & set(seen))

    def __post_init__(self) -> None:
        # "Not sure" is always on offer and always worth nothing, whatever the YAML says.
        self.options = [o for o in self.options if o.value != UNSURE]
        self.options.append(Option(value=UNSURE, label=UNSURE_LABEL))

    def option(self, value: str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


class Interview(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The interview's own words around the questions, so a team can phrase them its way."""

    name: Annotated[Text, doc("Asks who the rep is calling.")]
    company: Annotated[Text, doc("Asks for their company.")]
    role: Annotated[Text, doc("Asks for their role.")]
    goal: Annotated[Text, doc("Asks what the rep wants from the call.")]
    skip: Annotated[Text, doc("Shown beside the questions above: Enter leaves one blank.")]
    stage: Annotated[Text, doc("Asks where the account stands (the stages are the answers).")]
    seen: Annotated[Text, doc("Asks how the rep knows the prospect (the channels are the "
                              "answers).")]
    seen_hint: Annotated[Text, doc("How to tick channels, and what ticking none does.")]
    answer_hint: Annotated[Text, doc("Shown under a behaviour question that has no `help`.")]
    done: Annotated[Text, doc("The last answer to every behaviour question: stop and brief "
                              "from what was given.")]
    unplaced: Annotated[Text, doc("Opens the style picker when the answers place nobody.")]
    could_be: Annotated[Text, doc(
        "Then, when the answers rule some styles out, the ones still possible: {styles}.")]
    pick: Annotated[Text, doc("Ends the picker's question.")]
    more: Annotated[Text, doc("The picker's choice to answer more questions first.")]
    not_known: Annotated[Text, doc("The picker's choice to go on without a style.")]
    not_known_about: Annotated[Text, doc("What that choice gives: the discovery brief.")]

    def lint(self) -> list[tuple[str, str]]:
        styles = {"styles": "the styles the answers still allow"}
        return wording_problems(self, "interview", {"could_be": styles},
                                {"could_be": ("styles",)})


class Questions(Base, tag="questions", kw_only=True):
    title: Annotated[Text, doc("The interview's heading.")] = "Behaviour questions"
    questions: Annotated[list[Question], msgspec.Meta(min_length=1), doc(
        "The behaviour questions, in the order the interview asks them.")]
    channels: Annotated[list[Channel], doc(
        "The ways a rep may know a prospect, asked first in the interview.")] = []
    interview: Annotated[Interview | None, doc(
        "The interview's own wording around the questions; one questions playbook must "
        "have it (the shipped one does).")] = None

    def lint(self) -> list[tuple[str, str]]:
        """What the types cannot see: answers are stored by question id and option value,
        so a repeated one would silently merge two answers."""
        found: list[tuple[str, str]] = self.interview.lint() if self.interview else []
        first: dict[str, int] = {}
        known = {c.id for c in self.channels} or set(CHANNELS)
        for i, q in enumerate(self.questions):
            for j, channel in enumerate(q.channels):
                if channel not in known:
                    found.append((f"questions[{i}].channels[{j}]",
                                  f"unknown channel {channel!r}; channels: "
                                  f"{', '.join(sorted(known))}"))
            if q.id in first:
                found.append((f"questions[{i}].id", f"duplicate question id {q.id!r} (the "
                              f"first is questions[{first[q.id]}]); give it its own id"))
            first.setdefault(q.id, i)
            values: dict[str, int] = {}
            for j, option in enumerate(q.options[:-1]):  # the last is the added "not sure"
                if option.value in values:
                    found.append((f"questions[{i}].options[{j}].value",
                                  f"duplicate option value {option.value!r} in question "
                                  f"{q.id!r} (the first is options[{values[option.value]}])"))
                values.setdefault(option.value, j)
        return found


def channels_of(books: Iterable[Questions]) -> list[Channel]:
    """Every channel the questions playbooks offer, in order (the four defaults if none)."""
    found: dict[str, Channel] = {}
    for book in books:
        for channel in book.channels:
            found.setdefault(channel.id, channel)
    return list(found.values()) or [Channel(id=c, label=c) for c in CHANNELS]
