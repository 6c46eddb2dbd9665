"""An account's lifecycle stage: it changes the plan, not the style."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, TextList, TopAction, doc


class Rule(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Style advice a stage holds back: items tagged with `tags`, lines containing `phrases`."""

    why: Annotated[Text, doc("Shown in the brief when something was held back.")]
    tags: Annotated[list[Id], doc(
        "Style advice tagged with one of these (pitch, first-sale...) is held back.")] = []
    phrases: Annotated[list[Text], doc(
        "Matched without case and on word stems (\"free trial\" also matches \"free "
        "trials\"): a style line containing one is not shown at this stage. Avoid lines are "
        "never held back: a warning against such a line is what this stage needs.")] = []


class Stage(Base, tag="stage", kw_only=True):
    name: Annotated[Text, doc("The stage's name as reps see it (\"New customer\").")]
    hint: Annotated[Text, doc("One line shown beside the choice in the interview.")]
    meaning: Annotated[Text, doc("What the stage means, in a line or two, for `coach learn`.")]
    why: Annotated[Text, doc(
        "Why this stage matters, in one line: shown on the brief's first screen.")] = ""
    signals: Annotated[TextList, doc("How a rep recognises an account at this stage.")]
    goals: Annotated[TextList, doc(
        "What the rep aims for at this stage: the start of the brief's account plan.")]
    actions: Annotated[TextList, doc(
        "What the rep does at this stage: the rest of the brief's account plan.")]
    risks: Annotated[TextList, doc("What can go wrong at this stage: the brief's account risks.")]
    top_actions: Annotated[list[TopAction], msgspec.Meta(min_length=1), doc(
        "What matters on any call at this stage; ranked with the style's and the pair's on "
        "the first screen.")]
    rules_out: Annotated[list[Rule], doc(
        "Kinds of style advice that do not fit this stage (at-risk: no pitch before "
        "listening).")] = []
    never_in_brief: Annotated[list[Text], doc(
        "Word stems no brief at this stage may contain outside its Avoid lines (at-risk: "
        "\"new feature\", \"demo\"): `coach playbooks lint` builds every brief at this stage "
        "(each style, second style and rep's own style, and the discovery brief) and reports "
        "a line that has one, at the line to edit. Checked, never filtered.")] = []
    priority: Annotated[int, doc("Lower is called first in the accounts call list.")] = 100
