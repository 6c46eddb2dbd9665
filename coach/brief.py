"""Prospect + profile + stage + playbooks -> Brief: what the rep reads before the call.

Pure: no I/O, no Rich, no Markdown. Which points lead the brief is set by the playbooks
(each style's and stage's `top_actions`, and `settings.brief`), not here.
"""


import datetime as _dt
import re
from collections.abc import Callable
from functools import lru_cache

import msgspec

from coach.playbook import Playbooks
from coach.playbook.kinds.common import Ranked, text_and_tags
from coach.playbook.kinds.stage import Stage
from coach.playbook.kinds.style import Situation, Style
from coach.scoring import StyleProfile
from coach.text import fill, plural


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


class Item(msgspec.Struct, kw_only=True):
    """One line of the brief and where it came from, so a trainer can trace any line.

    `from` is style, stage, style+stage, second-style, flex, account or read; `file` the
    playbook file(s) and `id` the playbook id and field ("amiable:stages.at-risk.use[2]").
    """

    text: str
    origin: str = msgspec.field(default="", name="from")
    file: str = ""
    ref: str = msgspec.field(default="", name="id")

    def __str__(self) -> str:
        return self.text


class Pair(msgspec.Struct, kw_only=True):
    """A concern and how to address it, an objection and a response."""

    point: str
    answer: str
    source: str = ""
    """The second style's name when a blend folded it in (shown beside the point)."""
    origin: str = msgspec.field(default="", name="from")
    file: str = ""
    ref: str = msgspec.field(default="", name="id")


class Section(msgspec.Struct):
    """One titled block of the brief. `kind` tells renderers how to lay it out."""

    id: str
    title: str
    kind: str  # "bullets" | "actions" | "pairs"
    items: list = []


class Brief(msgspec.Struct, kw_only=True):
    created: str
    prospect: Prospect
    style: str | None
    """None for a discovery brief: the style is not known yet."""
    style_name: str
    summary: str
    read: str
    profile: StyleProfile
    stage: str
    stage_name: str
    stage_why: str = ""
    """Why this stage matters (with this style), in one line."""
    summary_id: str = ""
    """Where `summary` comes from ("expressive:stages.at-risk.summary"), for a trainer."""
    stage_why_id: str = ""
    """Where `stage_why` comes from ("amiable:stages.at-risk.why" or "at-risk:why")."""
    top_actions: list[Item]
    use: list[Item]
    avoid: list[Item]
    sections: list[Section]
    notes: list[Item] = []
    second_style: str | None = None
    second_name: str | None = None
    me: str | None = None
    account: dict | None = None
    grid: list[str] = []
    screen_items: int = 40
    """The most lines a section shows on the terminal (settings.yaml brief.screen_items)."""
    say_avoid: int = 5
    """Say and Avoid lines on the first screen (settings.yaml brief.say_avoid)."""

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def flex_first(self) -> str:
        """The first line of how to flex from the rep's own style, for the first screen
        (the rest is in its section further down); empty without --me."""
        found = next((s for s in self.sections if s.id == "flex" and s.items), None)
        return str(found.items[0]) if found else ""

    def rep_notes(self) -> list[Item]:
        """The notes a rep reads before the call. What a stage's rules held back is for a
        trainer tracing a brief: it stays in the JSON, with the rule that did it."""
        return [n for n in self.notes if n.origin != "stage"]


def read_line(profile: StyleProfile, names: dict[str, str]) -> str:
    """'Driver 64%, leaning Analytical 27%': the read in one phrase, with its shares."""
    style = profile.style or ""
    if profile.given:
        return f"{names.get(style, style)} (your call; no questions answered)"
    if profile.style is None:
        if not profile.answered:
            return "Not known yet: find out in the first minutes"
        best = max(profile.shares, key=lambda sid: profile.shares[sid], default=None)
        lean = (f"; at most {names.get(best, best)} {profile.shares[best]:.0%}"
                if best is not None else "")
        return (f"Not known yet ({plural(profile.answered, 'answer')} could not place them"
                f"{lean})")
    if profile.strength == "picked":
        count = plural(profile.answered, "answer")
        return f"{names.get(style, style)} (your pick; {count} could not tell)"
    name = names.get(style, style or "unknown")
    share = f"{name} {profile.confidence:.0%}"
    if profile.second_style:
        other = profile.shares.get(profile.second_style, 0.0)
        return (f"{share}, leaning {names.get(profile.second_style, profile.second_style)} "
                f"{other:.0%}")
    return f"{share} ({profile.strength} read)"


def grid(profile: StyleProfile, books: Playbooks, width: int = 23, height: int = 7) -> list[str]:
    """A small 2x2 of the styles with an `@` where the prospect sits (ask<->tell, controls^v)
    and `·` marks one spread either side of it: how far the `@` may be off."""
    names: dict[tuple[str, str], str] = {}
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


def _account_note(books: Playbooks, account: dict | None) -> list[Item]:
    if not account or not account.get("reason"):
        return []
    return [Item(text=fill(books.settings.brief.notes.account, {"reason": account["reason"]}),
                 origin="account")]


def flex_advice(books: Playbooks, me: str, them: str,
                stage: str = "") -> list[tuple[str, int, str]]:
    """(field, index, text) of the flex advice for a rep of style `me` meeting `them`: the
    stage's own lists where flex.yaml has them, and for the same style only the lines for
    the poles both share."""
    flex = books.flex
    if flex is None or me not in books.styles or them not in books.styles:
        return []
    mine, theirs = books.styles[me].position, books.styles[them].position
    at = flex.stages.get(stage)
    if me == them:
        poles = {theirs.assertiveness, theirs.responsiveness}
        own = at.same_style if at is not None else []
        field = f"stages.{stage}.same_style" if own else "same_style"
        return [(field, i, str(x)) for i, x in enumerate(own or flex.same_style)
                if getattr(x, "pole", None) in (None, *poles)]
    fields: list[str] = []
    if mine.assertiveness != theirs.assertiveness:
        fields.append("to_ask" if theirs.assertiveness == "ask" else "to_tell")
    if mine.responsiveness != theirs.responsiveness:
        fields.append("to_controls" if theirs.responsiveness == "controls" else "to_emotes")
    out = []
    for f in fields:
        own = getattr(at, f) if at is not None else []
        field = f"stages.{stage}.{f}" if own else f
        out += [(field, i, text) for i, text in enumerate(own or getattr(flex, f))]
    return out


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SUFFIXES = ("ations", "ation", "ions", "ion", "ives", "ive", "s")


def stem(word: str) -> str:
    """A word without its common ending ("innovation", "innovative" -> "innovat"), so a
    phrase matches its other forms; short words stay whole."""
    for end in _SUFFIXES:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = tuple(_WORD.findall(text.casefold()))
    return words, tuple(stem(w) for w in words)


def contains(text: str, phrase: str) -> bool:
    """True when `text` has `phrase` as whole words, without case, its last word matched on
    its stem: "free trial" is in "free trials", "innovation" in "innovative", "demo" in
    "demos", "no rush" is not in "not rushed"."""
    _, want = _words(phrase)
    if not want or any(w not in text.casefold() for w in want):
        return False  # the quick no: most lines share no stem with the phrase
    words, stems = _words(text)
    n = len(want)
    for i in range(len(words) - n + 1):
        if stems[i:i + n - 1] == want[:-1] and words[i + n - 1].startswith(want[-1]):
            return True
    return False


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?")


class _Composer:
    """Collects the brief's items from each part, with where they came from, and applies the
    stage's rules: what it holds back, and what a blend may not add."""

    def __init__(self, books: Playbooks, style: Style, stage: Stage | None,
                 second: Style | None) -> None:
        self.books, self.style, self.stage, self.second = books, style, stage, second
        self.rules = list(stage.rules_out) if stage else []
        self.held: list[str] = []

    def file(self, kind: str, ident: str) -> str:
        return ", ".join(s.file for s in self.books.sources.get((kind, ident), ()))

    def item(self, text: str, origin: str, field: str) -> Item:
        kind, ident = self.owner(origin)
        return Item(text=text, origin=origin, file=self.file(kind, ident),
                    ref=f"{ident}:{field}")

    def pair(self, point: str, answer: str, origin: str, field: str) -> Pair:
        kind, ident = self.owner(origin)
        return Pair(point=point, answer=answer,
                    source=self.second.name if origin == "second-style" and self.second else "",
                    origin=origin, file=self.file(kind, ident), ref=f"{ident}:{field}")

    def owner(self, origin: str) -> tuple[str, str]:
        if origin == "stage" and self.stage:
            return "stage", self.stage.id
        if origin == "second-style" and self.second:
            return "style", self.second.id
        if origin == "flex" and self.books.flex:
            return "flex", self.books.flex.id
        return "style", self.style.id

    def allowed(self, text: str, tags=()) -> bool:
        """False when the stage rules this out (and the brief will say why)."""
        for rule in self.rules:
            if set(tags) & set(rule.tags) or any(contains(text, p) for p in rule.phrases):
                if rule.why not in self.held:
                    self.held.append(rule.why)
                return False
        return True

    def refused(self, text: str) -> bool:
        """A second style's point the main style's Avoid contradicts (matched on stems)."""
        return any(contains(text, word) for word in self.style.refuses)

    def lines(self, texts, origin: str, field: str, tags=()) -> list[Item]:
        """The lines of one list that this stage allows: a line's own tags count with the
        part's `tags`."""
        out = []
        for i, x in enumerate(texts):
            text, own = text_and_tags(x)
            if self.allowed(text, [*tags, *own]):
                out.append(self.item(text, origin, f"{field}[{i}]"))
        return out

    def blended(self, texts, field: str, count: int, tags=()) -> list[Item]:
        """Up to `count` of the second style's points that fit this stage and this style."""
        if self.second is None or not self.allowed("", tags):
            return []
        out = []
        for i, x in enumerate(texts):
            text, own = text_and_tags(x)
            if getattr(x, "blend", True) and not self.refused(text) and self.allowed(text, own):
                out.append(self.item(f"{text} ({self.second.name})", "second-style",
                                     f"{field}[{i}]"))
        return out[:count]

    def top_actions(self, pair: Situation | None, limit: int) -> list[Item]:
        """The first screen: the lowest priority numbers among the style x stage part, the
        stage and the style (in that order on a tie), minus what the stage rules out."""
        ranked: list[tuple[int, int, Item]] = []
        parts = []
        if pair is not None and self.stage is not None:
            parts.append(("style+stage", f"stages.{self.stage.id}.top_actions", pair.top_actions))
        if self.stage is not None:
            parts.append(("stage", "top_actions", self.stage.top_actions))
        parts.append(("style", "top_actions", self.style.top_actions))
        seen: set[str] = set()
        instead = set(pair.instead_of) if pair is not None else set()
        for order, (origin, field, actions) in enumerate(parts):
            for i, action in enumerate(actions):
                if (origin != "style+stage" and isinstance(action, Ranked)
                        and action.id in instead):
                    continue
                text = str(action)
                tags = action.tags if isinstance(action, Ranked) else ()
                priority = action.priority if isinstance(action, Ranked) else 5
                if _key(text) in seen or not self.allowed(text, tags):
                    continue
                seen.add(_key(text))
                ranked.append((priority, order, self.item(text, origin, f"{field}[{i}]")))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [item for _, _, item in ranked[:limit]]


def _unique(items: list) -> list:
    seen: set[str] = set()
    out = []
    for x in items:
        key = _key(x.point if isinstance(x, Pair) else x.text)
        if key not in seen:
            seen.add(key)
            out.append(x)
    return out


def _stage_plan(stage: Stage, item: Callable[[str, str], Item]) -> list[Section]:
    """The account plan and risks of a stage, the same whether the style is known or not."""
    plan = ([item(t, f"goals[{i}]") for i, t in enumerate(stage.goals)]
            + [item(t, f"actions[{i}]") for i, t in enumerate(stage.actions)])
    return [Section("stage", f"Account plan ({stage.name})", "actions", plan),
            Section("stage_risks", f"Account risks ({stage.name})", "bullets",
                    [item(t, f"risks[{i}]") for i, t in enumerate(stage.risks)])]


def build_brief(books: Playbooks, prospect: Prospect, profile: StyleProfile,
                me: str | None = None, account: dict | None = None,
                today: _dt.date | None = None) -> Brief:
    """The whole brief for one call: style, stage, style x stage, second style and flex."""
    style = books.style(profile.style or "")
    stage = books.stage(prospect.stage) if prospect.stage else None
    pair = style.stages.get(stage.id) if stage else None
    second = books.styles.get(profile.second_style) if profile.second_style else None
    rules = books.settings.brief
    extra = rules.blend_points
    c = _Composer(books, style, stage, second)
    at = f"stages.{stage.id}" if stage else ""

    top = c.top_actions(pair, rules.first_screen)
    if pair is not None and pair.use:
        use = c.lines(pair.use, "style+stage", f"{at}.use")
    else:
        use = c.lines(style.communication.use, "style", "communication.use")
    # Avoid lines are never held back: a warning against a line that does not fit the stage
    # ("Why not start a free trial?" at loyal) is what the stage needs.
    # The pair's lines first, then the general ones, those tagged with what this stage rules
    # out last ("...or the offer goes" at at-risk): what the first screen shows fits the call.
    ruled = {tag for rule in c.rules for tag in rule.tags}
    general = sorted(enumerate(style.communication.avoid),
                     key=lambda x: bool(set(text_and_tags(x[1])[1]) & ruled))
    avoid = _unique(
        [c.item(t, "style+stage", f"{at}.avoid[{i}]") for i, t in
         enumerate(pair.avoid if pair else [])]
        + [c.item(str(t), "style", f"communication.avoid[{i}]") for i, t in general])
    banned = {_key(x.text) for x in avoid}
    use = _unique([x for x in use if _key(x.text) not in banned])

    def pairs(found, origin: str, field: str, a: str, b: str) -> list[Pair]:
        return [c.pair(getattr(x, a), getattr(x, b), origin, f"{field}[{i}]")
                for i, x in enumerate(found)
                if c.allowed(getattr(x, a)) and c.allowed(getattr(x, b))]

    concerns = _unique(
        (pairs(pair.concerns, "style+stage", f"{at}.concerns", "concern", "address")
         if pair else [])
        + pairs(style.concerns, "style", "concerns", "concern", "address")
        + [p for p in (pairs(second.concerns, "second-style", "concerns", "concern", "address")
                       if second else []) if not c.refused(p.point + " " + p.answer)][:extra])
    objections = _unique(
        (pairs(pair.objections, "style+stage", f"{at}.objections", "objection", "response")
         if pair else [])
        + pairs(style.objections, "style", "objections", "objection", "response"))

    def part(section_id: str, title: str, kind: str, p, field: str, blend: bool = False):
        if not c.allowed("", p.tags):
            return []
        items = c.lines(p.actions, "style", f"{field}.actions", p.tags)
        if blend and second is not None:
            sp = getattr(second, field)
            items += c.blended(sp.actions, f"{field}.actions", min(extra, len(items)), sp.tags)
        return [Section(section_id, title, kind, items)]

    motivations = c.lines(style.motivations, "style", "motivations")
    sections = [
        # a blend never outweighs the main style: at most as many lines as the main one has
        Section("motivations", "What motivates them", "bullets", motivations
                + (c.blended(second.motivations, "motivations", min(extra, len(motivations)))
                   if second else [])),
        Section("characteristics", "How they come across", "bullets",
                c.lines(style.characteristics, "style", "characteristics")
                + c.lines(style.preferences, "style", "preferences")),
        Section("decision_making", "How they decide", "bullets",
                c.lines(style.decision_making, "style", "decision_making")),
        Section("concerns", "Likely concerns and how to address them", "pairs", concerns),
        Section("objections", "Objections you may hear", "pairs", objections),
        Section("how_to_talk", "How to talk to them", "bullets",
                _unique((c.lines(pair.how_to_talk, "style+stage", f"{at}.how_to_talk")
                         if pair else [])
                        + c.lines(style.communication.how_to_talk, "style",
                                  "communication.how_to_talk"))),
        *part("strategy", "Sales strategy", "actions", style.strategy, "strategy", blend=True),
        *part("engagement", "Engagement and follow-up", "actions", style.engagement,
              "engagement"),
        *part("relationship", "Long-term relationship", "actions", style.relationship,
              "relationship"),
    ]
    if stage:
        sections += _stage_plan(stage, lambda text, field: c.item(text, "stage", field))
    sections += [
        Section("stress", "Signs of stress", "bullets",
                c.lines(style.stress.signs, "style", "stress.signs")),
        Section("stress_respond", "If they show stress", "bullets",
                c.lines(style.stress.respond, "style", "stress.respond")),
        Section("confirm", "Confirm the read on the call", "bullets",
                c.lines(style.confirm_cues, "style", "confirm_cues")),
    ]
    if me:
        # through the stage's rules like any other line (at-risk: no proposal yet)
        advice = [c.item(text, "flex", f"{f}[{i}]") for f, i, text in
                  flex_advice(books, me, style.id, stage.id if stage else "")
                  if c.allowed(text)]
        if advice:
            mine = books.styles[me].name
            sections.append(Section("flex", f"Flex from your style ({mine})", "bullets", advice))
    sections.append(Section("checklist", "Call checklist", "actions", _unique(
        (c.lines(pair.checklist, "style+stage", f"{at}.checklist") if pair else [])
        + c.lines(style.checklist, "style", "checklist"))))

    names = {sid: s.name for sid, s in books.styles.items()}
    words = books.settings.brief.notes
    notes = []
    if not profile.given and profile.confidence < books.settings.scoring.min_confidence:
        notes.append(Item(text=words.low_confidence, origin="read"))
    if second:
        notes.append(Item(text=fill(words.blend, {"second": second.name}),
                          origin="second-style", file=c.file("style", second.id),
                          ref=second.id))
    for why in c.held:
        notes.append(Item(text=fill(words.held_back, {"why": why}), origin="stage",
                          file=c.file("stage", stage.id) if stage else "",
                          ref=f"{stage.id}:rules_out" if stage else ""))
    notes += _account_note(books, account)
    why = (pair.why if pair is not None and pair.why else stage.why if stage else "")
    why_id = (f"{style.id}:{at}.why" if pair is not None and pair.why
              else f"{stage.id}:why" if stage and stage.why else "")
    own_summary = pair is not None and bool(pair.summary)
    return Brief(
        created=(today or _dt.date.today()).isoformat(),
        prospect=prospect,
        style=style.id,
        style_name=style.name,
        summary=pair.summary if pair is not None and pair.summary else style.summary,
        summary_id=f"{style.id}:{at}.summary" if own_summary else f"{style.id}:summary",
        stage_why_id=why_id,
        read=read_line(profile, names),
        profile=profile,
        stage=stage.id if stage else "",
        stage_name=stage.name if stage else "",
        stage_why=why,
        top_actions=top,
        # phrases are not blended: one style's "say" is often the other's "avoid"
        use=use,
        avoid=avoid,
        sections=sections,
        notes=notes,
        second_style=second.id if second else None,
        second_name=second.name if second else None,
        me=me,
        account=account,
        grid=grid(profile, books), screen_items=books.settings.brief.screen_items,
        say_avoid=books.settings.brief.say_avoid,
    )


def build_discovery_brief(books: Playbooks, prospect: Prospect, profile: StyleProfile,
                          account: dict | None = None, today: _dt.date | None = None,
                          me: str | None = None) -> Brief:
    """The brief when the style is not known: an opening for any style, questions for the
    first minutes that reveal it, what to switch to once you hear it, and the stage plan."""
    found = books.discovery
    if found is None:
        from coach.errors import CoachError

        raise CoachError("the playbooks have no discovery brief (kind: discovery) for a "
                         "style that is not known yet; pass --style")
    d = found
    stage = books.stage(prospect.stage) if prospect.stage else None
    dfile = ", ".join(s.file for s in books.sources.get(("discovery", d.id), ()))
    sfile = ", ".join(s.file for s in books.sources.get(("stage", stage.id), ())) if stage else ""
    names = {sid: s.name for sid, s in books.styles.items()}

    def mine(texts, field: str) -> list[Item]:
        return [Item(text=str(t), origin="discovery", file=dfile, ref=f"{d.id}:{field}[{i}]")
                for i, t in enumerate(texts)]

    top = mine(d.top_actions, "top_actions")
    if stage:
        ranked = sorted(enumerate(stage.top_actions),
                        key=lambda x: getattr(x[1], "priority", 5))
        top += [Item(text=str(a), origin="stage", file=sfile, ref=f"{stage.id}:top_actions[{i}]")
                for i, a in ranked[:max(1, books.settings.brief.first_screen - len(top))]]
    own = d.stages.get(stage.id) if stage else None
    at = f"stages.{stage.id}." if stage else ""
    opening = (mine(own.opening, f"{at}opening") if own is not None and own.opening
               else mine(d.opening, "opening"))
    say = (mine(own.say, f"{at}say") if own is not None and own.say else mine(d.say, "say"))
    own_asks = own is not None and bool(own.first_questions)
    asks = own.first_questions if own is not None and own_asks else d.first_questions
    asks_at = at if own_asks else ""

    def switch(i: int, signal) -> Pair:
        special = signal.stages.get(stage.id) if stage else None
        return Pair(point=signal.hear, answer=special or signal.switch_to,
                    source=names.get(signal.style, signal.style), origin="discovery",
                    file=dfile, ref=f"{d.id}:signals[{i}]" + (f".stages.{stage.id}"
                                                              if special and stage else ""))

    sections = [
        Section("opening", "Open so that any style is comfortable", "actions", opening),
        Section("first_questions", "Ask in the first minutes (what the answer reveals)", "pairs",
                [Pair(point=p.ask, answer=p.reveals, origin="discovery", file=dfile,
                      ref=f"{d.id}:{asks_at}first_questions[{i}]")
                 for i, p in enumerate(asks)]),
        Section("signals", "What you hear → which style → what to switch to", "pairs",
                [switch(i, signal) for i, signal in enumerate(d.signals)]),
    ]
    if me and d.yours.get(me):
        sections.append(Section("flex", f"Your own style ({names.get(me, me)}) until you know "
                                "theirs", "bullets", mine(d.yours[me], f"yours.{me}")))
    if stage:
        sections += _stage_plan(stage, lambda text, field: Item(
            text=text, origin="stage", file=sfile, ref=f"{stage.id}:{field}"))
    notes = _account_note(books, account)
    return Brief(
        created=(today or _dt.date.today()).isoformat(),
        prospect=prospect,
        style=None,
        style_name=d.title,
        summary=d.summary,
        read=read_line(profile, names),
        profile=profile,
        stage=stage.id if stage else "",
        stage_name=stage.name if stage else "",
        stage_why=stage.why if stage else "",
        summary_id=f"{d.id}:summary",
        stage_why_id=f"{stage.id}:why" if stage and stage.why else "",
        top_actions=top,
        use=say,
        avoid=mine(d.avoid, "avoid"),
        sections=sections,
        notes=notes,
        account=account, me=me,
        grid=grid(profile, books), screen_items=books.settings.brief.screen_items,
        say_avoid=books.settings.brief.say_avoid,
    )
