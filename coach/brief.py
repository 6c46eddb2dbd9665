"""Prospect + profile + stage + playbooks -> Brief: what the rep reads before the call.

Pure: no I/O, no Rich, no Markdown. Which points lead the brief is set by the playbooks
(each style's and stage's `top_actions`, and `settings.brief`), not here.
"""


import datetime as _dt

import msgspec

from coach.playbook import Playbooks
from coach.scoring import StyleProfile
from coach.text import plural


class Prospect(msgspec.Struct, kw_only=True):
    name: str = ""
    company: str = ""
    role: str = ""
    goal: str = ""
    stage: str = ""

    def line(self) -> str:
        who = self.name or "Prospect"
        where = ", ".join(x for x in (self.role, self.company) if x)
        return f"{who} ({where})" if where else who


class Pair(msgspec.Struct):
    """A concern and how to address it, an objection and a response."""

    point: str
    answer: str
    source: str = ""


class Section(msgspec.Struct):
    """One titled block of the brief. `kind` tells renderers how to lay it out."""

    id: str
    title: str
    kind: str  # "bullets" | "actions" | "pairs"
    items: list = []


class Brief(msgspec.Struct, kw_only=True):
    created: str
    prospect: Prospect
    style: str
    style_name: str
    summary: str
    read: str
    profile: StyleProfile
    stage: str
    stage_name: str
    top_actions: list[str]
    use: list[str]
    avoid: list[str]
    sections: list[Section]
    notes: list[str] = []
    second_style: str | None = None
    second_name: str | None = None
    me: str | None = None
    account: dict | None = None
    grid: list[str] = []

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)


def read_line(profile: StyleProfile, names: dict[str, str]) -> str:
    """'Driver 64%, leaning Analytical 27%': the read in one phrase, with its shares."""
    if profile.given:
        return f"{names.get(profile.style, profile.style)} (your call; no questions answered)"
    if profile.strength == "picked":
        count = plural(profile.answered, "answer")
        return f"{names.get(profile.style, profile.style)} (your pick; {count} could not tell)"
    name = names.get(profile.style, profile.style or "unknown")
    share = f"{name} {profile.confidence:.0%}"
    if profile.second_style:
        other = profile.shares.get(profile.second_style, 0.0)
        return (f"{share}, leaning {names.get(profile.second_style, profile.second_style)} "
                f"{other:.0%}")
    return f"{share} ({profile.strength} read)"


def grid(profile: StyleProfile, books: Playbooks, width: int = 23, height: int = 7) -> list[str]:
    """A small 2x2 of the styles with an `@` where the prospect sits (ask<->tell, controls^v)
    and `·` marks one spread either side of it: how far the `@` may be off."""
    names = {}
    for style in books.styles.values():
        key = (style.position.assertiveness, style.position.responsiveness)
        names.setdefault(key, style.name)
    half = width // 2
    rows = [[" "] * width for _ in range(height)]
    mid = height // 2
    for x in range(width):
        rows[mid][x] = "-"
    for y in range(height):
        rows[y][half] = "|"
    rows[mid][half] = "+"
    x = round((profile.assertiveness + 1) / 2 * (width - 1))
    y = round((profile.responsiveness + 1) / 2 * (height - 1))
    spread_x = round(profile.spread.get("assertiveness", 0.0) / 2 * (width - 1))
    spread_y = round(profile.spread.get("responsiveness", 0.0) / 2 * (height - 1))
    for dx in range(-spread_x, spread_x + 1):
        if 0 <= x + dx < width and rows[y][x + dx] == " ":
            rows[y][x + dx] = "·"
    for dy in range(-spread_y, spread_y + 1):
        if 0 <= y + dy < height and rows[y + dy][x] == " ":
            rows[y + dy][x] = "·"
    rows[y][x] = "@"
    body = ["".join(r) for r in rows]

    def label(a, r):
        return names.get((a, r), "?")[: half - 1]

    top = f"{label('ask', 'controls'):<{half}} {label('tell', 'controls'):>{half}}"
    bottom = f"{label('ask', 'emotes'):<{half}} {label('tell', 'emotes'):>{half}}"
    lines = [f"{'controls':^{width}}", top, *body, bottom, f"{'emotes':^{width}}",
             f"{'ask <':<{half}} {'> tell':>{half}}"]
    return [line.rstrip() for line in lines]


def _flex_advice(books: Playbooks, me: str, them: str) -> list[str]:
    flex = books.flex
    if flex is None or me not in books.styles or them not in books.styles:
        return []
    mine, theirs = books.styles[me].position, books.styles[them].position
    if me == them:
        return list(flex.same_style)
    advice: list[str] = []
    if mine.assertiveness != theirs.assertiveness:
        advice += flex.to_ask if theirs.assertiveness == "ask" else flex.to_tell
    if mine.responsiveness != theirs.responsiveness:
        advice += flex.to_controls if theirs.responsiveness == "controls" else flex.to_emotes
    return list(advice)


def build_brief(books: Playbooks, prospect: Prospect, profile: StyleProfile,
                me: str | None = None, account: dict | None = None,
                today: _dt.date | None = None) -> Brief:
    """The whole brief for one call."""
    style = books.style(profile.style)
    stage = books.stage(prospect.stage) if prospect.stage else None
    rules = books.settings.brief
    second = books.styles.get(profile.second_style) if profile.second_style else None
    extra = rules.blend_points if second else 0
    tag = f" ({second.name})" if second else ""

    def blend(own: list[str], other: list[str]) -> list[str]:
        return list(own) + [f"{x}{tag}" for x in other[:extra]] if second else list(own)

    top = list(style.top_actions[: rules.top_from_style])
    if stage:
        top += stage.top_actions[: rules.top_from_stage]

    concerns = [Pair(c.concern, c.address) for c in style.concerns]
    if second:
        concerns += [Pair(c.concern, c.address, second.name) for c in second.concerns[:extra]]
    objections = [Pair(o.objection, o.response) for o in style.objections]

    sections = [
        Section("motivations", "What motivates them", "bullets",
                blend(style.motivations, second.motivations if second else [])),
        Section("characteristics", "How they come across", "bullets",
                list(style.characteristics) + list(style.preferences)),
        Section("decision_making", "How they decide", "bullets", list(style.decision_making)),
        Section("concerns", "Likely concerns and how to address them", "pairs", concerns),
        Section("objections", "Objections you may hear", "pairs", objections),
        Section("how_to_talk", "How to talk to them", "bullets",
                list(style.communication.how_to_talk)),
        Section("strategy", "Sales strategy", "actions",
                blend(style.strategy.actions, second.strategy.actions if second else [])),
        Section("engagement", "Engagement and follow-up", "actions",
                list(style.engagement.actions)),
        Section("relationship", "Long-term relationship", "actions",
                list(style.relationship.actions)),
    ]
    if stage:
        sections.append(Section("stage", f"Account plan ({stage.name})", "actions",
                                list(stage.goals) + list(stage.actions)))
        sections.append(Section("stage_risks", f"Account risks ({stage.name})",
                                "bullets", list(stage.risks)))
    sections += [
        Section("stress", "Signs of stress", "bullets", list(style.stress.signs)),
        Section("stress_respond", "If they show stress", "bullets", list(style.stress.respond)),
        Section("confirm", "Confirm the read on the call", "bullets", list(style.confirm_cues)),
    ]
    if me:
        advice = _flex_advice(books, me, style.id)
        if advice:
            mine = books.styles[me].name
            sections.append(Section("flex", f"Flex from your style ({mine})", "bullets", advice))
    sections.append(Section("checklist", "Call checklist", "actions", list(style.checklist)))

    names = {sid: s.name for sid, s in books.styles.items()}
    notes = []
    if not profile.given and profile.confidence < books.settings.scoring.min_confidence:
        notes.append("Low confidence: treat this read as a first guess and confirm it early "
                     "on the call.")
    if second:
        notes.append(f"Blend: points marked ({second.name}) come from the {second.name} "
                     "playbook.")
    if account and account.get("reason"):
        notes.append(f"Stage from the accounts data: {account['reason']}")
    return Brief(
        created=(today or _dt.date.today()).isoformat(),
        prospect=prospect,
        style=style.id,
        style_name=style.name,
        summary=style.summary,
        read=read_line(profile, names),
        profile=profile,
        stage=stage.id if stage else "",
        stage_name=stage.name if stage else "",
        top_actions=top,
        # phrases are not blended: one style's "say" is often the other's "avoid"
        use=list(style.communication.use),
        avoid=list(style.communication.avoid),
        sections=sections,
        notes=notes,
        second_style=second.id if second else None,
        second_name=second.name if second else None,
        me=me,
        account=account,
        grid=grid(profile, books),
    )

