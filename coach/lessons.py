"""Aggregated journal rows -> lessons, and lessons -> a playbook overlay a trainer can review.

Pure functions: the counting is done by SQLite (coach.journal.lesson_rows); this module
names things, works out the shares, and refuses to show a share when the sample is too small
to mean anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.text import plural, yaml_quote
from coach.vocab import NEGATIVE, OUTCOMES, POSITIVE

MIN_SAMPLE = 10
"""Fewer calls than this in a group: counts are shown, shares and suggestions are not."""



@dataclass
class Item:
    """An approach and how the calls it was used on went."""

    text: str
    calls: int
    positive: int
    negative: int


@dataclass
class Answered(Item):
    """An objection (`text`), the answer given (None: not recorded), and how the calls went."""

    response: str | None


@dataclass
class AnswerSeen:
    """An interview answer and how often it was there when the read missed, or held."""

    question_id: str
    question: str
    value: str
    answer: str
    missed: int
    held: int
    missed_share: float | None
    held_share: float | None


@dataclass
class Group:
    by: str  # "style" or "stage"
    id: str | None
    name: str
    calls: int
    enough: bool
    outcomes: dict[str, int]
    positive: int
    negative: int
    positive_rate: float | None
    read_held: int
    read_missed: int
    read_rate: float | None
    worked: list[Item] = field(default_factory=list)
    failed: list[Item] = field(default_factory=list)
    responses_worked: list[Answered] = field(default_factory=list)
    responses_failed: list[Answered] = field(default_factory=list)
    misread_as: dict[str, int] = field(default_factory=dict)
    reads_with_answers: dict[str, int] = field(default_factory=dict)
    wrong_read_answers: list[AnswerSeen] = field(default_factory=list)


@dataclass
class RepReads:
    """One rep on a shared journal: their calls and how often their style reads held."""

    name: str
    calls: int
    read_held: int
    read_missed: int
    read_rate: float | None


@dataclass
class Lessons:
    calls: int
    first_day: str | None
    last_day: str | None
    min_sample: int
    positive: int
    negative: int
    read_held: int
    read_missed: int
    read_rate: float | None
    styles: list[Group]
    stages: list[Group]
    reps: list[RepReads] = field(default_factory=list)
    rep: str | None = None  # lessons from this rep's calls only (--rep, --mine)


def _rate(part: int, whole: int, min_sample: int) -> float | None:
    return round(part / whole, 4) if whole and whole >= min_sample else None


def _picked(rows: list[dict], by: str, key, flag: str, order: str) -> list[dict]:
    picked = [r for r in rows if r["by"] == by and r["key"] == key and r[flag]]
    picked.sort(key=lambda r: (-r[order], -r["calls"]))
    return picked


def _items(rows: list[dict], by: str, key, flag: str, order: str) -> list[Item]:
    return [Item(text=r["text"], calls=r["calls"], positive=r["positive"],
                 negative=r["negative"]) for r in _picked(rows, by, key, flag, order)]


def _answered(rows: list[dict], by: str, key, flag: str, order: str) -> list[Answered]:
    return [Answered(text=r["objection"], calls=r["calls"], positive=r["positive"],
                     negative=r["negative"], response=r["response"])
            for r in _picked(rows, by, key, flag, order)]


def build(rows: dict, *, style_names: dict[str, str] | None = None,
          stage_names: dict[str, str] | None = None,
          questions: dict[str, tuple[str, dict[str, str]]] | None = None,
          min_sample: int = MIN_SAMPLE, rep: str | None = None) -> Lessons:
    """`rows` from journal.lesson_rows; names and question labels from the playbooks.

    `questions` maps a question id to (question text, {answer value: answer label}).
    """
    style_names, stage_names, questions = style_names or {}, stage_names or {}, questions or {}
    groups: dict[str, list[Group]] = {"style": [], "stage": []}
    for g in rows["groups"]:
        by, key = g["by"], g["key"]
        names = style_names if by == "style" else stage_names
        positive = sum(g["outcomes"][o] for o in POSITIVE)
        negative = sum(g["outcomes"][o] for o in NEGATIVE)
        reads = g["read_held"] + g["read_missed"]
        group = Group(
            by=by, id=key,
            name=names.get(key, key) if key else "stage not recorded",
            calls=g["calls"], enough=g["calls"] >= min_sample,
            outcomes={o: g["outcomes"][o] or 0 for o in OUTCOMES},
            positive=positive, negative=negative,
            positive_rate=_rate(positive, g["calls"], min_sample),
            read_held=g["read_held"], read_missed=g["read_missed"],
            read_rate=_rate(g["read_held"], reads, min_sample),
            worked=_items(rows["approaches"], by, key, "top_positive", "positive"),
            failed=_items(rows["approaches"], by, key, "top_negative", "negative"),
            responses_worked=_answered(rows["responses"], by, key, "top_positive", "positive"),
            responses_failed=_answered(rows["responses"], by, key, "top_negative", "negative"),
        )
        if by == "style":
            group.misread_as = {
                (style_names.get(m["actual_style"], m["actual_style"])
                 if m["actual_style"] else "not noted"): m["calls"]
                for m in rows["misread"] if m["style"] == key}
            base = next((b for b in rows["answer_bases"] if b["style"] == key),
                        {"missed": 0, "held": 0})
            group.reads_with_answers = {"missed": base["missed"], "held": base["held"]}
            for a in rows["answers"]:
                if a["style"] != key:
                    continue
                text, labels = questions.get(a["question"], (a["question"], {}))
                group.wrong_read_answers.append(AnswerSeen(
                    question_id=a["question"], question=text, value=a["answer"],
                    answer=labels.get(a["answer"], a["answer"]),
                    missed=a["missed"], held=a["held"],
                    missed_share=_rate(a["missed"], base["missed"], min_sample),
                    held_share=_rate(a["held"], base["held"], min_sample)))
        groups[by].append(group)
    styles = groups["style"]
    held = sum(g.read_held for g in styles)
    missed = sum(g.read_missed for g in styles)
    return Lessons(
        calls=rows["calls"], first_day=rows["first_day"], last_day=rows["last_day"],
        min_sample=min_sample,
        positive=sum(g.positive for g in styles), negative=sum(g.negative for g in styles),
        read_held=held, read_missed=missed, read_rate=_rate(held, held + missed, min_sample),
        styles=styles, stages=groups["stage"], rep=rep,
        reps=[RepReads(name=r["rep"] or "(not recorded)", calls=r["calls"],
                       read_held=r["read_held"], read_missed=r["read_missed"],
                       read_rate=_rate(r["read_held"], r["read_held"] + r["read_missed"],
                                       min_sample))
              for r in rows.get("reps", [])])


# --------------------------------------------------------------------------- --suggest


def _known(style) -> set[str]:
    """Every line the style playbook already has, its style x stage blocks included (the
    debrief offers what the brief said), compared without case or outer spaces."""
    texts = [*style.communication.use, *style.communication.actions, *style.strategy.actions,
             *style.engagement.actions, *style.top_actions, *style.checklist]
    for pair in style.stages.values():
        texts += [*pair.top_actions, *pair.use, *pair.checklist]
    return {str(t).strip().casefold() for t in texts}


def _objections(style) -> list:
    return [*style.objections, *(o for pair in style.stages.values() for o in pair.objections)]


def suggestions(group: Group, style, min_sample: int) -> tuple[list[Item], list[Answered]]:
    """Approaches and objection answers worth proposing for this style.

    One qualifies when it was used on at least `min_sample` calls, more of them went well than
    badly, its share of good outcomes is at least the style's own, and the playbook does not
    already say it.
    """
    base = group.positive / group.calls if group.calls else 0.0

    def good(item: Item) -> bool:
        return (item.calls >= min_sample and item.positive > item.negative
                and item.positive / item.calls >= base)

    known = _known(style)
    use = [i for i in group.worked if good(i) and i.text.strip().casefold() not in known]
    pairs = {(o.objection.strip().casefold(), o.response.strip().casefold())
             for o in _objections(style)}
    answers = [i for i in group.responses_worked if good(i) and i.response
               and (i.text.strip().casefold(), i.response.strip().casefold()) not in pairs]
    return use, answers


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def overlay(lessons: Lessons, group: Group, style, target: str) -> tuple[str, int]:
    """The commented YAML overlay for one style, and how many items it proposes."""
    use, answers = suggestions(group, style, lessons.min_sample)
    target = "".join(c if c.isprintable() else "?" for c in target)  # stays one comment line
    span = (f" ({lessons.first_day} to {lessons.last_day})"
            if lessons.first_day and lessons.last_day else "")
    lines = [
        f"# Suggested additions to the {style.id} style, from the call journal"
        " (coach lessons --suggest).",
        f"# Based on {plural(group.calls, 'call')} read as this style{span}; "
        f"{_pct(group.positive, group.calls)} went well (won or advanced).",
        "# An item is proposed when it was used on at least "
        f"{plural(lessons.min_sample, 'call')}, more",
        "# of them went well than badly, it did at least as well as the style's calls overall,",
        "# and the playbook does not say it yet. Counts are from reps' own debriefs: a pattern",
        "# to discuss with the team, not proof.",
        "#",
        "# Review each item: reword it, delete what you don't want. Then check the file with",
        f"#   coach playbooks validate {target}",
        "# and use it as a layer of its own: 'coach prep --playbooks FILE', or add the file to",
        "# COACH_PLAYBOOKS. Don't copy it into a folder that already has an overlay for this",
        "# style: two files there adding to the same list are a duplicate-id error.",
        "# It adds to the shipped playbook and never changes it (the merge rule: 'use+:' and",
        "# 'objections+:' add items to a list).",
        "kind: style",
        "version: 1",
        f"id: {style.id}",
    ]
    if use:
        lines += ["communication:", "  use+:"]
        for item in use:
            lines += [f"    # used on {plural(item.calls, 'call')}: {item.positive} went well, "
                      f"{item.negative} badly",
                      f"    - {yaml_quote(item.text)}"]
    if answers:
        lines.append("objections+:")
        for item in answers:
            lines += [f"  # answered this way on {plural(item.calls, 'call')}: "
                      f"{item.positive} went well, {item.negative} badly",
                      f"  - objection: {yaml_quote(item.text)}",
                      f"    response: {yaml_quote(item.response or '')}"]  # suggestions(): answered
    if not use and not answers:
        lines += ["# Nothing qualifies yet: debrief more calls, or lower --min-sample to see",
                  "# weaker patterns (and treat them with care)."]
    return "\n".join(lines) + "\n", len(use) + len(answers)
