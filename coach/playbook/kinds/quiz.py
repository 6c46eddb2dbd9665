"""Quiz items: scenarios with options, the right answer and why."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, doc


class Choice(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    value: Annotated[Id, doc("The option's name: the item's `answer` names the right one.")]
    label: Annotated[Text, doc("The option as the rep reads it.")]
    why: Annotated[Text | None, doc(
        "For a wrong option: why a rep who picks it is wrong here, in a sentence or two "
        "(shown after that choice, before the answer). Never on the answer; "
        "'coach playbooks lint' reports a wrong option without one.")] = None


class Item(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    id: Annotated[Id, doc("The item's name, unique in its quiz.")]
    topic: Annotated[Id, doc("The `coach learn` topic it tests (segmentation, types...).")]
    question: Annotated[Text, doc("The scenario or question, as the rep reads it.")]
    options: Annotated[list[Choice], msgspec.Meta(min_length=2), doc(
        "The options on offer, in order.")]
    answer: Annotated[Id, doc("The `value` of the right option.")]
    explanation: Annotated[Text, doc("Why that answer is right, shown after the rep answers.")]
    answers: Annotated[dict[str, str], doc(
        "For \"which style is this?\" scenarios: the interview answers (question id -> "
        "option value) the scenario amounts to, so a test can check the scoring agrees.")] = {}

    def label(self, value: str) -> str | None:
        return next((o.label for o in self.options if o.value == value), None)


class Quiz(Base, tag="quiz", kw_only=True):
    title: Annotated[Text, doc("The quiz's heading.")] = "Quiz"
    items: Annotated[list[Item], msgspec.Meta(min_length=1), doc("The quiz items.")]

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
