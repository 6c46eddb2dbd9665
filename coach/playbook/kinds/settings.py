"""Numbers a trainer may tune (scoring thresholds, what the brief leads with, the quiz pass
mark) and the notes the brief adds under its heading."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Text, doc, wording_problems

Fraction = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]


class Scoring(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    prior_answers: Annotated[float, msgspec.Meta(gt=0.0, le=20.0), doc(
        "How many answers' worth the prior belief 'somewhere near the middle' weighs.")] = 1.0
    answer_noise: Annotated[float, msgspec.Meta(gt=0.0, le=2.0), doc(
        "How far one person's answers are expected to scatter around where they sit.")] = 0.5
    noise_answers: Annotated[float, msgspec.Meta(gt=0.0, le=20.0), doc(
        "How many answers' worth that expected scatter weighs against the observed one.")] = 2.0
    max_share: Annotated[float, msgspec.Meta(ge=0.25, lt=1.0), doc(
        "The most any style's share may be: a read from observation is never certain.")] = 0.95
    min_share: Annotated[Fraction, doc(
        "Below this top share no style is named: the brief is a discovery brief.")] = 0.4
    second: Annotated[Fraction, doc(
        "A runner-up with at least this share is named as the second style ('leaning').")] = 0.2
    strong: Annotated[Fraction, doc(
        "A top share at least this, with no second style: a 'strong' read, else 'balanced'.")] = 0.8
    sure_side: Annotated[Fraction, doc(
        "An axis whose likelier side has less chance than this is 'close to the middle'.")] = 0.8
    min_confidence: Annotated[Fraction, doc(
        "Below this top share the brief says the read is a guess.")] = 0.6


class BriefNotes(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The notes the brief adds under its heading, in a team's own words."""

    low_confidence: Annotated[Text, doc(
        "When the read's top share is under `min_confidence`.")] = (
        "Low confidence: treat this read as a first guess and confirm it early on the call.")
    blend: Annotated[Text, doc(
        "When a second style's points are folded in; {second} is its name.")] = (
        "Blend: points marked ({second}) come from the {second} playbook.")
    held_back: Annotated[Text, doc(
        "In the JSON, for each stage rule that held lines back; {why} is the rule's why.")] = (
        "Held back at this stage: {why}")
    account: Annotated[Text, doc(
        "When the stage came from the accounts data; {reason} is why that stage.")] = (
        "Stage from the accounts data: {reason}")

    def lint(self) -> list[tuple[str, str]]:
        allowed = {"blend": {"second": "the second style's name"},
                   "held_back": {"why": "the stage rule's why"},
                   "account": {"reason": "why the accounts data gave that stage"}}
        return wording_problems(self, "brief.notes", allowed,
                                {field: tuple(names) for field, names in allowed.items()})


class BriefSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    first_screen: Annotated[int, msgspec.Meta(ge=1, le=6), doc(
        "How many top actions the first screen shows, chosen by priority from the style, the "
        "stage and the style x stage part.")] = 4
    blend_points: Annotated[int, msgspec.Meta(ge=0, le=5), doc(
        "How many of the second style's points a blended read folds in, per section.")] = 2
    say_avoid: Annotated[int, msgspec.Meta(ge=1, le=20), doc(
        "How many Say and Avoid lines the first screen shows side by side (the style x stage "
        "ones first); the rest follow further down the terminal brief.")] = 5
    screen_items: Annotated[int, msgspec.Meta(ge=5, le=1000), doc(
        "The most lines a section shows on the terminal; the Markdown and JSON brief keep "
        "them all (a section longer than this cannot be read before a call anyway).")] = 40
    notes: Annotated[BriefNotes, doc("The notes the brief adds under its heading.")] = (
        msgspec.field(default_factory=BriefNotes))


class QuizSettings(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass_mark: Annotated[Fraction, doc(
        "The share of right answers a run needs to pass (0.8 = 80%).")] = 0.8
    min_items: Annotated[int, msgspec.Meta(ge=1, le=100), doc(
        "A run with fewer items than this is practice: it is never recorded as passed.")] = 10


class Settings(Base, tag="settings", kw_only=True):
    scoring: Annotated[Scoring, doc(
        "How the interview's answers turn into a read of the style.")] = (
        msgspec.field(default_factory=Scoring))
    brief: Annotated[BriefSettings, doc(
        "What the brief's first screen shows and how much a blend adds.")] = (
        msgspec.field(default_factory=BriefSettings))
    quiz: Annotated[QuizSettings, doc(
        "When a quiz run counts as passed.")] = msgspec.field(default_factory=QuizSettings)

    def lint(self) -> list[tuple[str, str]]:
        return self.brief.notes.lint()
