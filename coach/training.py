"""Training, pure: the module as study pages, and the quiz (selection, shuffling, grading).

Every page is built from the playbooks the briefs use (module, segmentation, styles, stages,
flex), so nothing is written twice and a trainer's edits show up here too. Pages are plain
data; the command renders them for the terminal or as a Markdown handout.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.errors import CoachError, UsageError
from coach.playbook.kinds.common import source_of

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks

# The study topics, in teaching order: (id, title).
TOPICS: tuple[tuple[str, str], ...] = (
    ("segmentation", "Customer segmentation and its criteria"),
    ("types", "Identifying the four types"),
    ("motivations", "Motivations and concerns"),
    ("tailoring", "Tailoring approaches and communication"),
    ("engagement", "Engagement and long-term relationships"),
    ("stages", "Lifecycle stages"),
    ("case-studies", "Case studies and lessons learned"),
    ("meetings", "Meetings with several styles"),
)
# Which page shows each section of the module playbook. A section a trainer adds that is not
# listed here gets a page of its own (its id is the topic), so nothing becomes unreachable.
SECTION_TOPIC = {
    "motivations": "motivations",
    "concerns-and-communication": "motivations",
    "tailoring": "tailoring",
    "engagement": "engagement",
    "case-studies": "case-studies",
    "lessons-learned": "case-studies",
}
FLEX_LABELS = (
    ("to_ask", "When they ask more than you do"),
    ("to_tell", "When they tell more than you do"),
    ("to_controls", "When they keep feelings in check more than you do"),
    ("to_emotes", "When they show feelings more than you do"),
    ("same_style", "When you share their style"),
)


# --------------------------------------------------------------------------- pages

MODULE, COACH = "module", "coach"
"""Where a line on a page comes from: the training module itself, or the coach's own advice
(see `source:` in the playbooks)."""


@dataclass(frozen=True)
class Item:
    """One line of a page, and whether it restates the training module."""

    text: str
    source: str = COACH
    module: str | None = None
    """For a module line: the module's part > section it restates."""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Note:
    """A labelled line shown before a block's lists: ("Objective", "..."), or ("", a paragraph)."""

    label: str
    text: str
    source: str = COACH
    module: str | None = None


@dataclass(frozen=True)
class Group:
    """A labelled list: "Key points", "Actions", "Say"..."""

    label: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Block:
    title: str
    notes: tuple[Note, ...] = ()
    groups: tuple[Group, ...] = ()
    blocks: tuple[Block, ...] = ()
    preformatted: tuple[str, ...] = ()
    """Lines shown exactly as they are, after the notes (a small text grid)."""


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    intro: tuple[Item, ...] = ()
    blocks: tuple[Block, ...] = ()
    quiz_items: int = 0
    """How many quiz items practise this topic (for the "test yourself" line)."""


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    number: int


def _item(block, field: str, index: int | None = None, text: str | None = None) -> Item:
    """`block.field` (or its line `index`, or `text` standing for it) with its source."""
    source, where = source_of(block, field, index)
    if text is None:
        value = getattr(block, field)
        text = str(value if index is None else value[index])
    return Item(text, source, where or None)


def _items(block, field: str) -> tuple[Item, ...]:
    """Every line of the list `block.field`, each with its source."""
    return tuple(_item(block, field, i) for i in range(len(getattr(block, field))))


def _note(label: str, block, field: str) -> Note:
    item = _item(block, field)
    return Note(label, item.text, item.source, item.module)


def _coach(lines: Iterable) -> tuple[Item, ...]:
    """Lines that are the coach's own (no marking can make them the module's)."""
    return tuple(Item(str(line)) for line in lines)


def _pair_item(struct, first: str, second: str, fmt: str) -> Item:
    """A concern and its answer (or an objection and its response) as one line."""
    return _item(struct, first, text=fmt.format(getattr(struct, first), getattr(struct, second)))


def topics(books: Playbooks) -> list[Topic]:
    """The study topics: the fixed ones, then any module section no topic covers."""
    found = [Topic(tid, title, n) for n, (tid, title) in enumerate(TOPICS, 1)]
    known = {t.id for t in found}
    module = books.module
    for section in (module.sections if module else ()):
        if SECTION_TOPIC.get(section.id) is None and section.id not in known:
            found.append(Topic(section.id, section.title, len(found) + 1))
            known.add(section.id)
    return found


def find_topic(books: Playbooks, wanted: str) -> Topic:
    """A topic by id or number; anything else is a one-line error listing them."""
    every = topics(books)
    key = wanted.strip().lower()
    for topic in every:
        if key in (topic.id, str(topic.number)):
            return topic
    raise UsageError(f"unknown topic {wanted!r}; topics: {', '.join(t.id for t in every)}")


def index_page(books: Playbooks) -> Page:
    """What `coach learn` shows without a topic: the module's aim and the topics."""
    module = books.module
    intro = (_item(module, "objective"), _item(module, "summary")) if module else ()
    lines = _coach(f"{t.number}. {t.title}  (coach learn {t.id})" for t in topics(books))
    return Page(id="", title=module.title if module else "Training",
                intro=intro, blocks=(Block("Topics", groups=(Group("", lines),)),),
                quiz_items=len(books.quiz_items))


def page(books: Playbooks, topic_id: str) -> Page:
    topic = find_topic(books, topic_id)
    build = _BUILDERS.get(topic.id)
    blocks = build(books) if build else ()
    blocks = (*_module_blocks(books, topic.id), *blocks)
    intro: tuple[Item, ...] = ()
    if topic.id == "segmentation" and books.segmentation:
        intro = (_item(books.segmentation, "summary"),)
    count = sum(1 for item in books.quiz_items if item.topic == topic.id)
    return Page(id=topic.id, title=topic.title, intro=intro, blocks=tuple(blocks),
                quiz_items=count)


def _part(title: str, part, extra: Iterable[Group] = ()) -> Block:
    """A module-style block: objective, key points, actions."""
    return Block(title, notes=(_note("Objective", part, "objective"),),
                 groups=(Group("Key points", _items(part, "key_points")),
                         Group("Actions", _items(part, "actions")), *extra))


def _module_blocks(books: Playbooks, topic_id: str) -> list[Block]:
    module = books.module
    out = []
    for section in (module.sections if module else ()):
        if SECTION_TOPIC.get(section.id, section.id) != topic_id:
            continue
        notes = [_note("Objective", section, "objective")]
        if section.summary:
            notes.append(_note("In short", section, "summary"))
        out.append(Block(section.title, notes=tuple(notes),
                         blocks=tuple(_part(t.title, t) for t in section.topics)))
    return out


def _segmentation(books: Playbooks) -> list[Block]:
    seg = books.segmentation
    if seg is None:
        return []
    why = Block("Why segment customers", blocks=tuple(_part(i.title, i) for i in seg.importance))
    criteria = Block("Common segmentation criteria", blocks=tuple(
        _part(c.name, c, (Group("Looks at", _items(c, "covers")),)) for c in seg.criteria))
    return [why, criteria]


# The grid as `coach brief` draws it: controls on top, emotes below, asks left, tells right.
_CORNERS = {("ask", "controls"): "top left", ("tell", "controls"): "top right",
            ("ask", "emotes"): "bottom left", ("tell", "emotes"): "bottom right"}
_ENDS = {"ask": "asks", "tell": "tells", "controls": "controls", "emotes": "emotes"}


def _axes(style) -> str:
    """Where a style sits, in words: "asks (assertiveness) and controls (responsiveness):
    the top left of the grid"."""
    pos = style.position
    return (f"{_ENDS[pos.assertiveness]} (assertiveness) and {pos.responsiveness} "
            f"(responsiveness): the {_CORNERS[(pos.assertiveness, pos.responsiveness)]} "
            "of the grid")


def grid_lines(books: Playbooks, half: int = 16) -> list[str]:
    """A small text grid of the four styles, each in its corner, the axes' ends around it."""
    names: dict[tuple[str, str], list[str]] = {}
    for style in books.styles.values():
        names.setdefault((style.position.assertiveness, style.position.responsiveness),
                         []).append(style.name)

    def cell(a: str, r: str) -> str:
        return ", ".join(names.get((a, r), ["-"]))[: half - 2]

    def row(left: str, right: str) -> str:
        return f"{left:^{half}}|{right:^{half}}".rstrip()

    width = 2 * half + 1
    lines = [f"{'controls':^{width}}".rstrip(),
             row("", ""), row(cell("ask", "controls"), cell("tell", "controls")),
             row("", ""),
             f"{'-' * half}+{'-' * half}",
             row("", ""), row(cell("ask", "emotes"), cell("tell", "emotes")),
             row("", ""),
             f"{'emotes':^{width}}".rstrip()]
    pad = " " * 7
    return [("asks <" + " " if i == 4 else pad) + line + (" > tells" if i == 4 else "")
            for i, line in enumerate(lines)]


def _observed(books: Playbooks, axis_id: str, channels: Iterable[str]) -> dict[str, list[str]]:
    """The interview's questions that place someone on `axis_id`, each with what each end
    looks like, by where a rep can answer them: "" for every one of `channels`, else the
    first of them that shows it."""
    low, high = ("asks", "tells") if axis_id == "assertiveness" else ("controls", "emotes")
    channels = list(channels)
    out: dict[str, list[str]] = {key: [] for key in ("", *channels)}
    for q in books.questions:
        weighted = [o for o in q.options if getattr(o, axis_id)]
        seen_on = [c for c in channels if not q.channels or c in q.channels]
        if q.axis not in (axis_id, "both") or not weighted or not seen_on:
            continue
        top = max(weighted, key=lambda o: getattr(o, axis_id))
        bottom = min(weighted, key=lambda o: getattr(o, axis_id))
        ends = [f"{name}: {o.label}" for name, o, sign in ((high, top, 1), (low, bottom, -1))
                if sign * getattr(o, axis_id) > 0]
        out["" if seen_on == channels else seen_on[0]].append(
            f"{q.text} ({'; '.join(ends)})" if ends else q.text)
    return out


def _axis_block(books: Playbooks, axis_id: str, axis) -> Block:
    low, high = ("Asks", "Tells") if axis_id == "assertiveness" else ("Controls", "Emotes")
    labels = {c.id: c.label for c in _channels(books)}
    observed = _observed(books, axis_id, axis.channels)
    groups = [Group("What to notice", _items(axis, "look_at"))]
    if observed[""]:
        groups.append(Group(f"Anywhere ({', '.join(axis.channels)}): ask yourself",
                            _coach(observed[""])))
    for channel, line in axis.channels.items():
        groups.append(Group(f"On {labels.get(channel, channel).lower()}",
                            (_item(axis, "channels", text=line), *_coach(observed[channel]))))
    return Block(f"{axis.name}: {low.lower()} \u2194 {high.lower()}",
                 notes=(_note("", axis, "meaning"),
                        Note(low, axis.low, *_source(axis, "low")),
                        Note(high, axis.high, *_source(axis, "high"))),
                 groups=tuple(groups))


def _source(block, field: str) -> tuple[str, str | None]:
    source, where = source_of(block, field)
    return source, where or None


def _channels(books: Playbooks) -> list:
    from coach.playbook.kinds.questions import channels_of

    return channels_of(books.of("questions").values())


def _grid(books: Playbooks) -> list[Block]:
    """The two axes and the grid they make: the first part of the types page."""
    module = books.module
    axes = module.axes if module else None
    corners = _coach(f"{s.name}: {_axes(s)}. {s.summary}" for s in books.styles.values())
    notes = (_note("", axes, "summary"), _note("", axes, "quadrants")) if axes else ()
    grid = Block("Two axes, four styles", notes=notes, preformatted=tuple(grid_lines(books)),
                 groups=(Group("Where each style sits", corners),))
    if axes is None:
        return [grid]
    return [grid, _axis_block(books, "assertiveness", axes.assertiveness),
            _axis_block(books, "responsiveness", axes.responsiveness)]


def _types(books: Playbooks) -> list[Block]:
    out = _grid(books)
    for style in books.styles.values():
        ident = style.identify
        out.append(Block(style.name, notes=(Note("", style.summary), Note("Position", _axes(style)),
                                            _note("Objective", ident, "objective")),
                         groups=(
                             Group("Key points", _items(ident, "key_points")),
                             Group("Actions", _items(ident, "actions")),
                             Group("Characteristics", _coach(style.characteristics)),
                             Group("Preferences", _coach(style.preferences)),
                             Group("How they decide", _coach(style.decision_making)),
                             Group("Listen for on the call", _coach(style.confirm_cues)),
                             Group("Under stress", _coach(style.stress.signs)),
                             Group("When stressed, respond by", _coach(style.stress.respond)),
                         )))
    d = books.discovery
    if d is not None:  # the brief for a call where nothing places them yet
        names = {sid: s.name for sid, s in books.styles.items()}
        out.append(Block(f"{d.title}: when you cannot place them", notes=(Note("", d.summary),),
                         groups=(
            Group("Open so that any style is comfortable", _coach(d.opening)),
            Group("Ask in the first minutes", _coach(f"{p.ask} — {p.reveals}"
                                                     for p in d.first_questions)),
            Group("What you hear, which style, what to switch to", _coach(
                f"{s.hear} → {names.get(s.style, s.style)}: {s.switch_to}" for s in d.signals)),
        )))
    return out


def _motivations(books: Playbooks) -> list[Block]:
    out = []
    for style in books.styles.values():
        out.append(Block(style.name, groups=(
            Group("Motivations", _coach(style.motivations)),
            Group("Concerns and how to address them",
                  tuple(_pair_item(c, "concern", "address", "{}: {}") for c in style.concerns)),
            Group("Objections and responses",
                  tuple(_pair_item(o, "objection", "response", "\u201c{}\u201d {}")
                        for o in style.objections)),
        )))
    return out


def _tailoring(books: Playbooks) -> list[Block]:
    out = []
    for style in books.styles.values():
        com = style.communication
        strategy = _part("Sales strategy", style.strategy)
        talk = Block("Communication", notes=(_note("Objective", com, "objective"),), groups=(
            Group("How to talk", _items(com, "how_to_talk")),
            Group("Say", _items(com, "use")),
            Group("Avoid", _items(com, "avoid")),
            Group("Actions", _items(com, "actions")),
            Group("Top actions on a call", _coach(style.top_actions)),
            Group("Call checklist", _coach(style.checklist)),
        ))
        out.append(Block(style.name, notes=(Note("", style.summary),), blocks=(strategy, talk)))
    flex = books.flex
    if flex is not None:
        # what changes at a stage (an at-risk call: the proposal comes after listening)
        at_stage = tuple(
            Block(f"{books.stages[key].name if key in books.stages else key}: what changes",
                  groups=tuple(
                      Group(label, _coach(getattr(changed, name)))
                      for name, label in FLEX_LABELS if getattr(changed, name)))
            for key, changed in flex.stages.items())
        out.append(Block(flex.title, groups=tuple(
            Group(label, _coach(getattr(flex, name))) for name, label in FLEX_LABELS),
            blocks=at_stage))
    return out


def _engagement(books: Playbooks) -> list[Block]:
    return [Block(style.name, blocks=(_part("Engagement", style.engagement),
                                      _part("Long-term relationship", style.relationship)))
            for style in books.styles.values()]


def _stages(books: Playbooks) -> list[Block]:
    out = []
    module = books.module
    if module is not None:
        out.append(Block("The four types of customer", groups=(
            Group("", _items(module, "customer_types")),)))
    for stage in books.stages.values():
        notes = (Note("Typically", stage.hint), Note("", stage.meaning),
                 Note("Why it matters", stage.why))
        out.append(Block(stage.name, notes=tuple(n for n in notes if n.text),
                         groups=(
                             Group("Signals", _coach(stage.signals)),
                             Group("Goals", _coach(stage.goals)),
                             Group("Actions", _coach(stage.actions)),
                             Group("Risks", _coach(stage.risks)),
                             Group("Top actions on a call", _coach(stage.top_actions)),
                             *_filled(Group("Held back at this stage",
                                            _coach(rule.why for rule in stage.rules_out))),
                         ),
                         blocks=tuple(_situation(style, stage.id)
                                      for style in books.styles.values()
                                      if stage.id in style.stages)))
    return out


def _filled(*groups: Group) -> tuple[Group, ...]:
    return tuple(g for g in groups if g.items)


def _situation(style, stage_id: str) -> Block:
    """What changes with one style at one stage (the style file's `stages:` part)."""
    pair = style.stages[stage_id]
    return Block(f"With an {style.name}" if style.name[:1] in "AEIOU" else f"With a {style.name}",
                 notes=(Note("Why it matters", pair.why),) if pair.why else (),
                 groups=_filled(
                     Group("Top actions", _coach(pair.top_actions)),
                     Group("Say", _coach(pair.use)),
                     Group("Avoid", _coach(pair.avoid)),
                     Group("Concerns", tuple(_pair_item(c, "concern", "address", "{}: {}")
                                             for c in pair.concerns)),
                     Group("Objections", tuple(_pair_item(o, "objection", "response",
                                                          "\u201c{}\u201d {}")
                                               for o in pair.objections)),
                     Group("Checklist", _coach(pair.checklist)),
                 ))


def _meetings(books: Playbooks) -> list[Block]:
    """The meeting playbook as a study page: the same plan `coach meeting` builds from."""
    book = next(iter(books.of("meeting").values()), None)
    if book is None:
        return []
    names = {sid: s.name for sid, s in books.styles.items()}

    def listed(items) -> tuple[Item, ...]:
        return _coach(i.text + (f" (for {', '.join(names.get(s, s) for s in i.for_)})"
                                if i.for_ else "") for i in items)

    people = tuple(Group(names.get(sid, sid), _coach((f"Needs: {p.needs}",
                                                      f"Send after: {p.send}")))
                   for sid, p in book.people.items())
    people += (Group("Style not known yet", _coach((f"Needs: {book.unknown.needs}",
                                                    f"Send after: {book.unknown.send}"))),)
    clashes = tuple(Group(" and ".join(names.get(s, s) for s in c.between),
                          _coach((c.risk, f"Handle it: {c.handle}"))) for c in book.clashes)
    return [
        Block("The room", notes=(Note("", book.summary),) if book.summary else (),
              groups=(Group("Open so no style is lost", listed(book.opening)),
                      Group("Agenda, in this order", listed(book.agenda)),
                      Group("Who decides", _coach((book.decider,))))),
        Block("What each style needs, and what to send after", groups=people),
        Block("Where styles clash", groups=clashes),
    ]


_BUILDERS = {
    "segmentation": _segmentation,
    "types": _types,
    "motivations": _motivations,
    "tailoring": _tailoring,
    "engagement": _engagement,
    "stages": _stages,
    "meetings": _meetings,
}


# --------------------------------------------------------------------------- quiz


@dataclass(frozen=True)
class Asked:
    """One item as presented: options in the order shown."""

    id: str
    topic: str
    question: str
    options: tuple[tuple[str, str], ...]  # (value, label)
    answer: str
    explanation: str
    whys: tuple[tuple[str, str], ...] = ()
    """(value, why) of the wrong options that say why they are wrong."""

    def label(self, value: str | None) -> str:
        return next((label for v, label in self.options if v == value), "")

    def why(self, value: str | None) -> str:
        return next((why for v, why in self.whys if v == value), "")

    def public(self) -> dict:
        """What other tools may see: everything but the answer, the explanation and the
        whys (each would give the answer away)."""
        return {"id": self.id, "topic": self.topic, "question": self.question,
                "options": [{"value": v, "label": label} for v, label in self.options]}


def _asked(item, options=None) -> Asked:
    return Asked(item.id, item.topic, item.question,
                 tuple(options or ((o.value, o.label) for o in item.options)),
                 item.answer, item.explanation,
                 tuple((o.value, o.why) for o in item.options if o.why))


def quiz_topics(items: Iterable) -> list[str]:
    """The topics the items cover, in first-seen order."""
    return list(dict.fromkeys(item.topic for item in items))


def select(items: Sequence, *, topic: str | None = None, count: int | None = None,
           seed: int | None = None) -> list[Asked]:
    """The items to ask.

    With a seed, the order of the items and of each item's options is shuffled the same way
    on every run (so a trainer can hand out "seed 7"); without one, file order is kept.
    """
    pool = list(items)
    if topic is not None:
        pool = [item for item in pool if item.topic == topic]
        if not pool:
            raise UsageError(f"no quiz items on topic {topic!r}; topics: "
                             f"{', '.join(quiz_topics(items))}")
    if count is not None and count < 1:
        raise UsageError(f"--count must be at least 1, not {count}")
    if seed is None:
        return [_asked(item) for item in pool[:count]]
    rng = random.Random(seed)
    rng.shuffle(pool)
    asked = []
    for item in pool[:count]:
        options = [(o.value, o.label) for o in item.options]
        rng.shuffle(options)
        asked.append(_asked(item, options))
    return asked


@dataclass(frozen=True)
class ItemResult:
    id: str
    topic: str
    question: str
    chosen: str | None
    chosen_label: str
    answer: str
    answer_label: str
    correct: bool
    explanation: str
    why: str = ""
    """Why the chosen option is wrong (empty when it is right, or says nothing)."""


@dataclass
class Result:
    score: int
    total: int
    pass_mark: float
    passed: bool
    results: list[ItemResult] = field(default_factory=list)
    revisit: list[str] = field(default_factory=list)
    """Topics with at least one wrong answer, in the order they were asked."""
    by_topic: dict[str, dict[str, int]] = field(default_factory=dict)
    min_items: int = 1
    """Fewer items answered than this is practice: it never passes."""

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.total) if self.total else 0


def check(asked: Asked, chosen: str | None) -> ItemResult:
    return ItemResult(asked.id, asked.topic, asked.question, chosen, asked.label(chosen),
                      asked.answer, asked.label(asked.answer), chosen == asked.answer,
                      asked.explanation,
                      "" if chosen == asked.answer else asked.why(chosen))


def grade(asked: Sequence[Asked], answers: Mapping[str, str | None],
          pass_mark: float, min_items: int = 1) -> Result:
    """Score the answers (item id -> chosen value; missing or None counts as wrong).

    A pass needs the pass mark over at least `min_items` items: one lucky answer is not
    a certificate."""
    results = [check(a, answers.get(a.id)) for a in asked]
    score = sum(r.correct for r in results)
    total = len(results)
    by_topic: dict[str, dict[str, int]] = {}
    for r in results:
        tally = by_topic.setdefault(r.topic, {"score": 0, "total": 0})
        tally["score"] += r.correct
        tally["total"] += 1
    revisit = [t for t, tally in by_topic.items() if tally["score"] < tally["total"]]
    passed = total >= max(1, min_items) and score >= pass_mark * total - 1e-9
    return Result(score, total, pass_mark, passed, results, revisit, by_topic, min_items)


def answered_items(items: Sequence, answers: Mapping, source: str) -> list[Asked]:
    """The items an answers file answers, in file order; unknown ids or values are errors."""
    by_id = {item.id: item for item in items}
    asked = []
    for item_id, value in answers.items():
        item = by_id.get(str(item_id))
        if item is None:
            raise CoachError(f"{source}: unknown quiz item {item_id!r}; "
                             "see 'coach quiz --items' for the ids")
        values = [o.value for o in item.options]
        if value is not None and value not in values:
            raise CoachError(f"{source}: {item_id}: {value!r} is not one of its options: "
                             f"{', '.join(values)}")
        asked.append(_asked(item))
    if not asked:
        raise CoachError(f"{source}: no answers in the file (expected item id: option value)")
    return asked


def result_json(result: Result) -> dict:
    """The grading record other tools read: per-item results, score, total, passed."""
    return {
        "score": result.score,
        "total": result.total,
        "percent": result.percent,
        "pass_mark": result.pass_mark,
        "min_items": result.min_items,
        "passed": result.passed,
        "revisit": result.revisit,
        "by_topic": result.by_topic,
        "results": [{"id": r.id, "topic": r.topic, "chosen": r.chosen, "answer": r.answer,
                     "correct": r.correct, "why": r.why or None,
                     "explanation": r.explanation}
                    for r in result.results],
    }
