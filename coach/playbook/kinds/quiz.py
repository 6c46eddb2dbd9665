"""Quiz items: scenarios with options, the right answer and why."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text


class Choice(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    value: Id
    label: Text
    why: Annotated[Text, msgspec.Meta(description=(
        "For a wrong option: why a rep who picks it is wrong here, in a sentence or two "
        "(shown after that choice, before the answer). Never on the answer; "
        "'coach playbooks lint' reports a wrong option without one."))] = ""


class Item(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: Id
    topic: Id
    question: Text
    options: Annotated[list[Choice], msgspec.Meta(min_length=2)]
    answer: Id
    explanation: Text
    answers: dict[str, str] = {}
    """For "which style is this?" scenarios: the interview answers the scenario amounts to."""

    def label(self, value: str) -> str | None:
        return next((o.label for o in self.options if o.value == value), None)


class Quiz(Base, tag="quiz", kw_only=True):
    title: Text = "Quiz"
    items: Annotated[list[Item], msgspec.Meta(min_length=1)]

    def lint(self) -> list[tuple[str, str]]:
        """Cross-field problems the type check cannot see: (field path, message).

        An answer that is not one of its options would make an item impossible to get right;
        repeated ids or option values would make answers files ambiguous; a `why` on the
        answer would tell the rep who got it right that they were wrong.
        """
        found: list[tuple[str, str]] = []
        first: dict[str, int] = {}
        for i, item in enumerate(self.items):
            if item.id in first:
                found.append((f"items[{i}].id", f"duplicate item id {item.id!r} "
                               f"(also items[{first[item.id]}])"))
            first.setdefault(item.id, i)
            values: list[str] = []
            for j, option in enumerate(item.options):
                if option.value in values:
                    found.append((f"items[{i}].options[{j}].value",
                                  f"duplicate option value {option.value!r}"))
                values.append(option.value)
                if option.why and option.value == item.answer:
                    found.append((f"items[{i}].options[{j}].why",
                                  f"{option.value!r} is the answer: a why is only for a "
                                  "wrong option (say why it is right in the explanation)"))
            if item.answer not in values:
                found.append((f"items[{i}].answer", f"{item.answer!r} is not one of the "
                               f"item's option values: {', '.join(values)}"))
        return found
