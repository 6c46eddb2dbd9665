"""`coach playbooks lint`: advice that validates but would read wrong on a call.

Validation checks each file against its kind; this checks how the parts combine. It builds
every style x stage x second-style brief the playbooks allow and reports, each at the line a
trainer must edit: a line in both Say and Avoid, a line given twice, a style x stage pair
with no content of its own, and rules that contradict each other (a pair's own line that
its stage rules out, a Say line its style refuses from others, `instead_of` naming no
action). It also builds each of those briefs for a rep of every style (the flex advice) and
the discovery brief at every stage, and reports any line outside Avoid with a stem its
stage's `never_in_brief` lists; the meeting plan at every stage and each follow-up at its
stage go through the same stems. And a same-style flex line for a pole the styles do not
share, and a stage's flex list that says one thing twice. In the quiz: a wrong option that
does not say why it is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from coach.brief import contains
from coach.errors import Problem
from coach.playbook.kinds.common import Ranked
from coach.playbook.loader import Playbooks
from coach.playbook.validate import locate


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?")


class _Finder:
    def __init__(self, books: Playbooks, docs: dict) -> None:
        self.books, self.docs = books, docs
        self.found: dict[tuple[str, int, str], Problem] = {}
        self.once: set[tuple[str, str, str, str]] = set()

    def add(self, kind: str, ident: str, field: str, message: str) -> None:
        doc = self.docs.get((kind, ident))
        if doc is None:
            return
        file, line = locate(doc, field)
        self.found.setdefault((file, line, message), Problem(file, line, field, message))


def _lines(style, stage_id: str) -> Iterator[tuple[str, str, str]]:
    """(list name, field path, text) of a style x stage pair's own lines."""
    pair = style.stages[stage_id]
    at = f"stages.{stage_id}"
    for i, action in enumerate(pair.top_actions):
        yield "top_actions", f"{at}.top_actions[{i}]", str(action)
    for name in ("use", "avoid", "checklist"):
        for i, text in enumerate(getattr(pair, name)):
            yield name, f"{at}.{name}[{i}]", str(text)
    for i, o in enumerate(pair.objections):
        yield "objections", f"{at}.objections[{i}].objection", o.objection
    for i, c in enumerate(pair.concerns):
        yield "concerns", f"{at}.concerns[{i}].concern", c.concern


def _general(style) -> Iterator[tuple[str, str, str]]:
    """The style's lines shown at every stage."""
    for i, action in enumerate(style.top_actions):
        yield "top_actions", f"top_actions[{i}]", str(action)
    for name in ("use", "avoid"):
        for i, text in enumerate(getattr(style.communication, name)):
            yield name, f"communication.{name}[{i}]", str(text)
    for i, text in enumerate(style.checklist):
        yield "checklist", f"checklist[{i}]", str(text)
    for i, o in enumerate(style.objections):
        yield "objections", f"objections[{i}].objection", o.objection
    for i, c in enumerate(style.concerns):
        yield "concerns", f"concerns[{i}].concern", c.concern


def _pair(f: _Finder, style, stage) -> None:
    sid = style.id
    pair = style.stages.get(stage.id)
    if pair is None or not (pair.top_actions or pair.use or pair.avoid or pair.objections):
        where = "stages" if style.stages else "id"
        f.add("style", sid, where, f"no content of its own for the {stage.id} stage: add "
              f"stages: {stage.id}: with top_actions, use, avoid and objections")
        return
    own = list(_lines(style, stage.id))
    general = list(_general(style))
    # a line in both Say and Avoid (the pair's Say replaces the style's general Say)
    say = {_key(t): p for n, p, t in own if n == "use"} or {
        _key(t): p for n, p, t in general if n == "use"}
    for name, path, text in own + general:
        if name == "avoid" and _key(text) in say:
            f.add("style", sid, say[_key(text)], f"in both Say and Avoid at the {stage.id} "
                  f"stage (Avoid: {path}): {text!r}")
    # the same line twice in what one brief shows
    seen: dict[tuple[str, str], str] = {}
    for name, path, text in general + own:
        if name == "use" and path.startswith("communication") and pair.use:
            continue  # replaced at this stage
        first = seen.setdefault((name, _key(text)), path)
        if first != path:
            f.add("style", sid, path, f"duplicate {name} line at the {stage.id} stage (also "
                  f"{first}): {text!r}")
    stage_texts = {_key(str(a)): i for i, a in enumerate(stage.top_actions)}
    for name, path, text in own:
        if name == "top_actions" and _key(text) in stage_texts:
            f.add("style", sid, path, f"repeats the {stage.id} stage's top_actions"
                  f"[{stage_texts[_key(text)]}]: {text!r}")
    # rules that contradict each other
    for i, action in enumerate(pair.top_actions):
        tags = set(action.tags) if isinstance(action, Ranked) else set()
        for rule in stage.rules_out:
            if tags & set(rule.tags):
                f.add("style", sid, f"stages.{stage.id}.top_actions[{i}]",
                      f"tagged {', '.join(sorted(tags & set(rule.tags)))}, which the "
                      f"{stage.id} stage rules out: it would never show")
    for name, path, text in own:
        if name == "avoid":
            continue  # Avoid lines are never held back
        for rule in stage.rules_out:
            hit = next((p for p in rule.phrases if contains(text, p)), None)
            if hit:
                f.add("style", sid, path, f"contains {hit!r}, which the {stage.id} stage "
                      "rules out: it would never show")
    for name, path, text in own:
        word = next((w for w in style.refuses if contains(text, w)), None)
        if word and name in ("use", "top_actions"):
            f.add("style", sid, path, f"contains {word!r}, which this style refuses from "
                  "a second style: its own advice contradicts it")
    ids = {a.id for a in [*stage.top_actions, *style.top_actions]
           if isinstance(a, Ranked) and a.id}
    for i, wanted in enumerate(pair.instead_of):
        if wanted not in ids:
            f.add("style", sid, f"stages.{stage.id}.instead_of[{i}]",
                  f"{wanted!r} is not the id of one of the {stage.id} stage's or the style's "
                  "top_actions" + (f" ({', '.join(sorted(ids))})" if ids else
                                   " (they have no ids)"))


def _blend(f: _Finder, brief, main) -> None:
    """What a blend added to one built brief: never a line the main style's Avoid has."""
    avoid = {_key(x.text) for x in brief.avoid}
    tag = f" ({brief.second_name})"
    for section in brief.sections:
        for item in section.items:
            if getattr(item, "origin", "") != "second-style":
                continue
            text = getattr(item, "text", "") or getattr(item, "point", "")
            if _key(text.removesuffix(tag)) in avoid:
                field = item.ref.partition(":")[2]
                f.add("style", brief.second_style, field, f"folded into {main.name} briefs "
                      f"by a blend, but {main.name}'s Avoid has it")


_KIND = {"style": "style", "style+stage": "style", "second-style": "style", "stage": "stage",
         "flex": "flex", "discovery": "discovery"}


# Sections that describe the person ("Values trust above a clever pitch"), not advice.
_DESCRIBES = frozenset({"characteristics", "decision_making", "stress", "confirm",
                        "first_questions"})
# Sections of pairs whose point is what the rep says (a first-minute question), not a worry.
_SAYS_POINT = frozenset({"first_questions"})


def _never(f: _Finder, books: Playbooks, brief, stage) -> None:
    """Each line a rep reads (Avoid aside) against the stems its stage never wants said."""
    if not stage.never_in_brief:
        return
    pair = books.styles[brief.style].stages.get(stage.id) if brief.style else None
    lines: list[tuple[str, str, str, str]] = []  # (kind, ident, field, text)
    if pair is not None and pair.why:
        lines.append(("style", brief.style, f"stages.{stage.id}.why", brief.stage_why))
    else:
        lines.append(("stage", stage.id, "why", brief.stage_why))
    if brief.style:
        field = f"stages.{stage.id}.summary" if pair is not None and pair.summary else "summary"
        lines.append(("style", brief.style, field, brief.summary))
    items = [*brief.top_actions, *brief.use, *(x for s in brief.sections
                                                if s.id not in _DESCRIBES for x in s.items)]
    for item in items:
        text = item.answer if hasattr(item, "point") else item.text  # the advice, not the worry
        ident, _, field = item.ref.partition(":")
        lines.append((_KIND.get(item.origin, "style"), ident, field, text))
    for item in (x for s in brief.sections if s.id in _SAYS_POINT for x in s.items):
        ident, _, field = item.ref.partition(":")
        lines.append((_KIND.get(item.origin, "style"), ident, f"{field}.ask", item.point))
    who = (f"{brief.style_name} {stage.id} brief"
           + (f" leaning {brief.second_name}" if brief.second_name else "")
           + (f" with --me {brief.me}" if brief.me else ""))
    for kind, ident, field, text in lines:
        hit = next((w for w in stage.never_in_brief if contains(text, w)), None)
        if hit and (kind, ident, field, stage.id) not in f.once:
            f.once.add((kind, ident, field, stage.id))  # reported once, with the first brief
            f.add(kind, ident, field, f"says {hit!r}, which no {stage.id} brief may say "
                  f"(the stage's never_in_brief), e.g. in the {who}: {text!r}")


_POLE_WORDS = {"ask": "asker", "tell": "teller", "controls": "controller", "emotes": "emoter"}


def _same_flex(f: _Finder, books: Playbooks) -> None:
    """A same-style flex line that names a pole ("two askers") holds only for that pole:
    it must say so with `pole:`, and never name another."""
    flex = books.flex
    if flex is None:
        return
    lists = [("same_style", flex.same_style)] + [
        (f"stages.{key}.same_style", at.same_style) for key, at in flex.stages.items()]
    for where, lines in lists:
        _poles(f, flex.id, where, lines)
    for key, at in flex.stages.items():
        for name in ("to_ask", "to_tell", "to_controls", "to_emotes", "same_style"):
            _repeats(f, flex.id, f"stages.{key}.{name}", [str(x) for x in getattr(at, name)])


def _runs(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = [w.strip(".,;:!?'\"()") for w in text.casefold().split()]
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _repeats(f: _Finder, ident: str, where: str, lines: list[str]) -> None:
    """Two lines of one stage's flex list that say the same thing (a four-word run in
    both): the rep reads it twice, and the list has one line less of advice."""
    for j, line in enumerate(lines):
        for i in range(j):
            shared = _runs(lines[i]) & _runs(line)
            if shared:
                f.add("flex", ident, f"{where}[{j}]", f"repeats {' '.join(min(shared))!r} "
                      f"from {where}[{i}]: say it once")


def _poles(f: _Finder, ident: str, where: str, lines) -> None:
    for i, line in enumerate(lines):
        text, pole = str(line), getattr(line, "pole", None)
        named = [p for p, word in _POLE_WORDS.items() if contains(text, word)]
        wrong = [p for p in named if p != pole]
        if wrong:
            f.add("flex", ident, f"{where}[{i}]",
                  f"names the {wrong[0]} pole ({_POLE_WORDS[wrong[0]]}s) but "
                  + (f"is for pole {pole}" if pole else "has no pole")
                  + f": give it pole: {wrong[0]} so only two styles that share it see it")


def _stage_lines(f: _Finder, stage, what: str, kind: str, ident: str,
                 lines: list[tuple[str, str]]) -> None:
    """Lines of a meeting plan or a follow-up at `stage` against its `never_in_brief`."""
    for field, text in lines:
        hit = next((w for w in stage.never_in_brief if contains(text, w)), None)
        if hit:
            f.add(kind, ident, field, f"says {hit!r}, which nothing at the {stage.id} stage "
                  f"may say (the stage's never_in_brief), in the {what}: {text!r}")


def _meetings(f: _Finder, books: Playbooks) -> int:
    """The meeting plan at every stage (every style in the room, and someone unknown), and
    each follow-up email at its stage, through the stage's `never_in_brief`: an at-risk
    room or email that talks about the return or a new idea is the defect a brief would
    be."""
    from coach.meeting import plan_lines
    from coach.playbook.kinds.followup import texts

    built = 0
    book = next(iter(books.of("meeting").values()), None)
    for stage in books.stages.values():
        if book is not None:
            _stage_lines(f, stage, "meeting plan", "meeting", book.id, plan_lines(book, stage.id))
            built += 1
        for ident, followups in books.of("followup").items():
            for style, templates in followups.styles.items():
                template = templates.get(stage.id)
                if template is None:
                    continue
                _stage_lines(f, stage, f"{style} follow-up", "followup", ident,
                             [(f"styles.{style}.{stage.id}.{field}", text)
                              for field, text in texts(template)])
                built += 1
    return built


def _quiz(f: _Finder, books: Playbooks) -> None:
    """Every wrong option says why it is wrong, so the feedback teaches the rep who chose
    it. Validation lets a trainer's item through without them; this reports each one."""
    for ident, quiz in books.of("quiz").items():
        for i, item in enumerate(quiz.items):
            for j, option in enumerate(item.options):
                if option.value != item.answer and not option.why:
                    f.add("quiz", ident, f"items[{i}].options[{j}]",
                          f"{item.id}: the wrong option {option.value!r} has no why: say in "
                          "a sentence or two why a rep who picks it is wrong here")


def _words(item) -> str | None:
    """The words of a list item: a plain line, or a tagged line's `text` / an action's `do`."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        found = item.get("text", item.get("do"))
        return found if isinstance(found, str) else None
    return None


def _same_line(f: _Finder, kind: str, ident: str, value, path: str = "") -> None:
    """The same line twice in one list of a playbook: one of them says nothing new."""
    if isinstance(value, dict):
        for key, sub in value.items():
            _same_line(f, kind, ident, sub, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        first: dict[str, int] = {}
        for i, item in enumerate(value):
            words = _words(item)
            if words is None:
                _same_line(f, kind, ident, item, f"{path}[{i}]")
                continue
            seen = first.setdefault(_key(words), i)
            if seen != i:
                f.add(kind, ident, f"{path}[{i}]",
                      f"the same line as {path}[{seen}]: {words!r}")


def _say_and_avoid(f: _Finder, style) -> None:
    """A style's own Say line that its Avoid forbids: whichever a brief shows, the playbook
    contradicts itself (and a brief drops the Say line without a word)."""
    avoid = {_key(str(a)): i for i, a in enumerate(style.communication.avoid)}
    for i, line in enumerate(style.communication.use):
        if _key(str(line)) in avoid:
            f.add("style", style.id, f"communication.use[{i}]",
                  f"in both Say and Avoid (communication.avoid[{avoid[_key(str(line))]}]): "
                  f"{str(line)!r}")


def _shared_corners(f: _Finder, books: Playbooks) -> None:
    """Two styles in one corner split every read there between them: neither can reach a
    'strong read', and answers that placed one clearly now place nobody."""
    first: dict[tuple[str, str], str] = {}
    for style in books.styles.values():
        corner = (style.position.assertiveness, style.position.responsiveness)
        other = first.setdefault(corner, style.id)
        if other != style.id:
            f.add("style", style.id, "position",
                  f"{style.id} sits in the same corner as {other} ({' + '.join(corner)}): "
                  f"every read there splits between them, so answers that placed {other} "
                  "clearly would place nobody; replace that style (same id) instead of "
                  "adding one beside it")


def _discovery_styles(f: _Finder, books: Playbooks) -> None:
    """The discovery brief names styles (what a signal points to, whose habits to watch):
    a misspelt id would silently point nowhere."""
    d = books.discovery
    if d is None:
        return
    known = ", ".join(books.styles)
    for i, signal in enumerate(d.signals):
        if signal.style not in books.styles:
            f.add("discovery", d.id, f"signals[{i}].style",
                  f"no style {signal.style!r}; the styles are: {known}")
    for style in d.yours:
        if style not in books.styles:
            f.add("discovery", d.id, f"yours.{style}",
                  f"no style {style!r}; the styles are: {known}")


def lint(books: Playbooks, docs: dict) -> tuple[list[Problem], int]:
    """Every finding, and how many briefs were built to look for them."""
    from coach.brief import Prospect, build_brief, build_discovery_brief
    from coach.scoring import given, unknown

    f = _Finder(books, docs)
    built = 0
    reps = (None, *books.styles)
    for style in books.styles.values():
        for key in style.stages:
            if key not in books.stages:
                f.add("style", style.id, f"stages.{key}", f"no stage {key!r}; the stages are: "
                      f"{', '.join(books.stages)}")
        for stage in books.stages.values():
            _pair(f, style, stage)
            for second in (None, *(s for s in books.styles if s != style.id)):
                for me in reps:
                    profile = given(style.id, style.position)
                    profile.second_style = second
                    brief = build_brief(books, Prospect(stage=stage.id), profile, me=me)
                    built += 1
                    if second and me is None:
                        _blend(f, brief, style)
                    _never(f, books, brief, stage)
    if books.discovery is not None:
        for stage in books.stages.values():
            profile = unknown(books.styles)
            for me in reps:
                _never(f, books, build_discovery_brief(books, Prospect(stage=stage.id),
                                                       profile, me=me), stage)
                built += 1
    _meetings(f, books)  # checked like the briefs, not counted as briefs
    _discovery_styles(f, books)
    _shared_corners(f, books)
    import msgspec

    for kind, group in books.by_kind.items():
        for ident, item in group.items():
            _same_line(f, kind, ident, msgspec.to_builtins(item))
    for style in books.styles.values():
        _say_and_avoid(f, style)
    _same_flex(f, books)
    _quiz(f, books)
    for stage in books.stages.values():
        for i, rule in enumerate(stage.rules_out):
            if not rule.tags and not rule.phrases:
                f.add("stage", stage.id, f"rules_out[{i}]", "rules out nothing: give it "
                      "tags or phrases")
    return sorted(f.found.values()), built
