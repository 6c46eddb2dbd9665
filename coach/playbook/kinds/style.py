"""A social style: everything a rep needs to sell to one kind of person."""

from typing import Annotated, Literal

import msgspec

from coach.playbook.kinds.common import (
    Base,
    Line,
    Lines,
    Part,
    Sourced,
    Text,
    TextList,
    TopAction,
    doc,
    source_problems,
)


class Position(msgspec.Struct, forbid_unknown_fields=True):
    """Where the style sits on the two axes of the Social Styles model."""

    assertiveness: Annotated[Literal["ask", "tell"], doc(
        "ask (measured, deliberate) or tell (fast, decisive).")]
    responsiveness: Annotated[Literal["controls", "emotes"], doc(
        "controls (facts, reserved) or emotes (feelings, people).")]


class Concern(Sourced):
    concern: Annotated[Text, doc("A worry this style often has.")]
    address: Annotated[Text, doc("How the rep answers it.")]


class Objection(Sourced):
    objection: Annotated[Text, doc("An objection this style may raise, in their words.")]
    response: Annotated[Text, doc("How the rep answers it.")]


class Communication(Sourced, kw_only=True):
    objective: Annotated[Text, doc("How the rep should talk with this style, in one line.")]
    how_to_talk: Annotated[Lines, doc(
        "Tone, pace and manner: the brief's \"How to talk to them\". A line a stage should "
        "hold back is {text: ..., tags: [energy]}.")]
    use: Annotated[list[Text], msgspec.Meta(min_length=1), doc(
        "Lines that work with this style: the brief's Say lines.")]
    avoid: Annotated[list[Text | Line], msgspec.Meta(min_length=1), doc(
        "Lines that lose this style: the brief's Avoid lines. Never held back, but a line "
        "tagged with what a stage rules out ({text: ..., tags: [first-sale]}) goes after the "
        "others there, so the first screen warns about what this stage risks.")]
    actions: Annotated[TextList, doc("What the rep does when talking with them.")]


class TaggedPart(Part, kw_only=True):
    """A module-style block whose actions may carry tags, line by line."""

    actions: Annotated[Lines, doc(  # type: ignore[assignment]
        "What the rep should do, one action a line; an action a stage should hold back "
        "alone is {text: ..., tags: [grow]}.")]


class Stress(msgspec.Struct, forbid_unknown_fields=True):
    signs: Annotated[TextList, doc(
        "What this style does under stress: the brief's \"Signs of stress\".")]
    respond: Annotated[TextList, doc(
        "What the rep does then: the brief's \"If they show stress\".")]


class Situation(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """What changes for this style at one stage: the brief puts it ahead of the style's
    general advice. `use` replaces the style's general Say lines; the rest adds to them."""

    why: Annotated[Text, doc(
        "Why this stage matters with this style, in one line (else the stage's own `why`).")] = ""
    summary: Annotated[Text, doc(
        "How to win this style at this stage, in one line: replaces the style's `summary` "
        "under the read when the general one argues with the stage.")] = ""
    top_actions: Annotated[list[TopAction], doc(
        "Actions for this style at this stage, ranked with the style's and the stage's.")] = []
    instead_of: Annotated[list[Text], doc(
        "Ids of top actions that this part's own actions say better for this style at this "
        "stage: the stage's (listen-first...) or the style's own (give an action an `id`).")] = []
    how_to_talk: Annotated[list[Text], doc(
        "How to talk to them at this stage: shown before the style's general lines (an "
        "at-risk Expressive: answer the feelings first, then the facts of the fix).")] = []
    use: Annotated[list[Text], doc(
        "Say lines for this stage: they replace the style's general ones.")] = []
    avoid: Annotated[list[Text], doc(
        "Avoid lines for this stage, shown before the style's general ones.")] = []
    concerns: Annotated[list[Concern], doc(
        "Concerns this style has at this stage, before the general ones.")] = []
    objections: Annotated[list[Objection], doc(
        "Objections this style raises at this stage, before the general ones.")] = []
    checklist: Annotated[list[Text], doc(
        "Checklist items for this stage, before the style's general ones.")] = []


class Style(Base, tag="style", kw_only=True):
    name: Annotated[Text, doc("The style's name as reps see it (\"Analytical\").")]
    summary: Annotated[Text, doc("One line on how to win this style: under the read on the brief.")]
    position: Annotated[Position, doc(
        "Where the style sits on the two axes: the interview's read finds it there. Each "
        "style needs a corner of its own ('coach playbooks lint' reports two in one).")]
    identify: Annotated[Part, doc(
        "How to recognise and cater to them (the module's 'characteristics' block).")]
    characteristics: Annotated[TextList, doc(
        "How they come across: the brief's \"How they come across\".")]
    preferences: Annotated[TextList, doc(
        "What they like to get, added under \"How they come across\".")]
    motivations: Annotated[Lines, doc(
        "What drives them to buy: the brief's \"What motivates them\". A line may be "
        "{text: ..., tags: [pitch], blend: false}.")]
    decision_making: Annotated[TextList, doc(
        "How they reach a decision: the brief's \"How they decide\".")]
    concerns: Annotated[list[Concern], msgspec.Meta(min_length=1), doc(
        "Worries this style often has, each with how to address it.")]
    communication: Annotated[Communication, doc(
        "How to talk with them, and what to say and not say.")]
    strategy: Annotated[Part, doc(
        "How to sell to them: the brief's \"Sales strategy\" (its actions).")]
    engagement: Annotated[TaggedPart, doc(
        "How to engage and follow up: the brief's \"Engagement and follow-up\".")]
    relationship: Annotated[TaggedPart, doc(
        "How to keep them after the sale: the brief's \"Long-term relationship\".")]
    stress: Annotated[Stress, doc("Signs that they are under stress, and how to respond.")]
    objections: Annotated[list[Objection], msgspec.Meta(min_length=1), doc(
        "Objections you may hear from this style, each with a response.")]
    top_actions: Annotated[list[TopAction], msgspec.Meta(min_length=1), doc(
        "What matters on any call with this style; ranked with the stage's and the pair's.")]
    confirm_cues: Annotated[TextList, doc(
        "What to listen for on the call to confirm (or correct) the read.")]
    checklist: Annotated[Lines, doc(
        "What to have ready or do on the call: the brief's \"Call checklist\". A line may "
        "be {text: ..., tags: [pitch]}.")]
    stages: Annotated[dict[str, Situation], doc(
        "Style x stage: keyed by stage id (new, loyal, potential, at-risk, or a trainer's).")] = {}
    refuses: Annotated[list[Text], doc(
        "Words that mark a second style's point as wrong for this style (it contradicts this "
        "style's Avoid): a blend never folds such a point into this style's brief. Matched "
        "on word stems: \"innovation\" also refuses \"innovative\", \"free trial\" also "
        "\"free trials\".")] = []

    def lint(self) -> list[tuple[str, str]]:
        return source_problems(self)
