"""Lessons pages: the journal's counts per style and stage as a terminal page or Markdown handout.

User text (approaches, objections, names) is shown literally: Rich Text, escaped Markdown."""

from __future__ import annotations

from typing import Literal, Optional, overload

from coach.render.journal import bar, md, page_console, pct, table
from coach.text import clean, plural
from coach.vocab import OUTCOMES, Outcome

# --------------------------------------------------------------------------- lessons pages

OUTCOME_HEAD = [o.word for o in Outcome]


def _group_table_rows(groups, shares: bool) -> list[list[str]]:
    """Outcome counts per group; with `shares`, the went-well and read-held shares too."""
    rows = []
    for g in groups:
        row = [g.name, str(g.calls), *(str(g.outcomes[o]) for o in OUTCOMES)]
        if shares:
            row.append(_share(g.positive_rate))
            if g.by == "style":
                row.append(_share(g.read_rate))
        rows.append(row)
    return rows


def _share(rate: Optional[float]) -> str:
    return "too few" if rate is None else f"{rate:.0%}"


def _bars(groups, attr: str, count, one: str, many: str) -> list[str]:
    """A bar chart as plain lines: the name, then the bar and the number it is a share of."""
    width = max((len(g.name) for g in groups), default=0)
    return [f"  {g.name:<{width}}  {bar(getattr(g, attr), count(g), one, many)}"
            for g in groups]


def _best_first(worked, failed) -> list:
    """The most used in good calls and in bad calls, as one list: best first, worst last."""
    seen = {(i.text, getattr(i, "response", None)): i for i in [*worked, *failed]}
    return sorted(seen.values(), key=lambda i: (i.negative - i.positive, -i.calls, i.text))


def _seen(count: int, share: Optional[float]) -> str:
    return str(count) if share is None else f"{count} ({share:.0%})"


def _group_detail(g) -> list[tuple[str, list, list[list[str]]]]:
    """A group's tables as (title, columns, rows of plain strings)."""
    from coach.render.fit import Col

    def num(name: str) -> Col:
        return Col(name, "short", right=True)

    tables = []
    items = _best_first(g.worked, g.failed)
    if items:
        tables.append(("Approaches used most, best first",
                       [Col("approach", least=20), num("went well"), num("went badly"),
                        num("calls")],
                       [[i.text, str(i.positive), str(i.negative), str(i.calls)]
                        for i in items]))
    items = _best_first(g.responses_worked, g.responses_failed)
    if items:
        tables.append(("Objections and the answers given, best first",
                       [Col("objection", least=16), Col("answer", least=16),
                        num("went well"), num("went badly"), num("calls")],
                       [[i.text, i.response or "(not recorded)", str(i.positive),
                         str(i.negative), str(i.calls)] for i in items]))
    if g.wrong_read_answers:
        base = g.reads_with_answers
        tables.append((
            "Interview answers most often given when the read missed, and how often they "
            f"came with a held read ({plural(base.get('missed', 0), 'missed read')} and "
            f"{plural(base.get('held', 0), 'held read')} with answers)",
            [Col("question", least=16), Col("answer", least=12), num("missed"), num("held")],
            [[a.question, a.answer, _seen(a.missed, a.missed_share),
              _seen(a.held, a.held_share)] for a in g.wrong_read_answers]))
    return tables


def _group_heading(g, min_sample: int) -> str:
    who = f"{g.name} ({g.by})" if g.id else f"No {g.by} recorded"
    head = f"{who}: {plural(g.calls, 'call')}"
    if not g.enough:
        head += f", too few for shares (fewer than {min_sample})"
    elif g.positive_rate is not None:
        head += f", {g.positive_rate:.0%} went well"
    if g.by == "style" and (g.read_held or g.read_missed):
        head += f"; the read held on {g.read_held}, missed on {g.read_missed}"
        if g.misread_as:
            head += (" (" + ", ".join(f"{v} {'was' if v == 1 else 'were'} {k}"
                                      for k, v in g.misread_as.items()) + ")")
    return head


def _intro(result) -> str:
    if not result.calls:
        return "No debriefed calls yet: log calls with 'coach debrief', then come back."
    span = f" ({result.first_day} to {result.last_day})" if result.first_day else ""
    read = (f"; the style read held on {pct(result.read_rate)} of the calls checked"
            if result.read_rate is not None else "")
    whose = f"{result.rep}'s " if result.rep else ""
    return (f"Lessons from {whose}{plural(result.calls, 'call')}{span}: {result.positive} went "
            f"well (won or advanced), {result.negative} badly (stalled or lost){read}. Shares are "
            f"shown for groups of {result.min_sample} calls or more.")


@overload
def lessons_terminal(result, plain: Literal[False] = False) -> None: ...
@overload
def lessons_terminal(result, plain: Literal[True]) -> str: ...
def lessons_terminal(result, plain: bool = False) -> Optional[str]:
    from rich.text import Text

    from coach.render.fit import Col

    out = page_console(plain)
    out.print(Text(clean(_intro(result))))
    if result.calls:
        for by, groups in (("style", result.styles), ("stage", result.stages)):
            out.print()
            cols = [Col(by, "short"), *(Col(h, "short", right=True)
                                        for h in ["calls", *OUTCOME_HEAD])]
            out.print(table(f"Outcomes by {by}", cols, _group_table_rows(groups, False),
                             out.width))
            out.print()
            out.print(Text(f"Went well (won or advanced), by {by}", style="bold"))
            for line in _bars(groups, "positive_rate", lambda g: g.calls, "call", "calls"):
                out.print(Text(clean(line)))
        out.print()
        out.print(Text("Style read held on the call", style="bold"))
        for line in _bars(result.styles, "read_rate", lambda g: g.read_held + g.read_missed,
                          "read checked", "reads checked"):
            out.print(Text(clean(line)))
        if len(result.reps) > 1:  # a shared journal: each rep's reads
            out.print()
            out.print(Text("Style read held, by rep", style="bold"))
            for line in _bars(result.reps, "read_rate", lambda g: g.read_held + g.read_missed,
                              "read checked", "reads checked"):
                out.print(Text(clean(line)))
    for g in [*result.styles, *result.stages]:
        out.print()
        out.print(Text(clean(_group_heading(g, result.min_sample)), style="bold"))
        for title, cols, rows in _group_detail(g):
            out.print()
            out.print(table(title, cols, rows, out.width))
    return out.file.getvalue() if plain else None


def _md_table(columns: list, rows: list[list[str]]) -> list[str]:
    names = [getattr(c, "name", c) for c in columns]
    return ["| " + " | ".join(md(c) for c in names) + " |",
            "|" + "|".join("---" for _ in names) + "|",
            *("| " + " | ".join(md(cell) for cell in row) + " |" for row in rows)]


def lessons_markdown(result) -> str:
    """A training handout: the same tables, user text escaped."""
    lines = ["# Lessons from the call journal", "", md(_intro(result))]
    if result.calls:
        lines += ["", "## By style", "",
                  *_md_table(["style", "calls", *OUTCOME_HEAD, "went well", "read held"],
                             _group_table_rows(result.styles, True)),
                  "", "## By stage", "",
                  *_md_table(["stage", "calls", *OUTCOME_HEAD, "went well"],
                             _group_table_rows(result.stages, True))]
        if len(result.reps) > 1:
            lines += ["", "## Style reads by rep", "",
                      *_md_table(["rep", "calls", "read held", "read missed", "held"],
                                 [[r.name, str(r.calls), str(r.read_held), str(r.read_missed),
                                   _share(r.read_rate)] for r in result.reps])]
    for g in [*result.styles, *result.stages]:
        lines += ["", f"## {md(_group_heading(g, result.min_sample))}"]
        for title, columns, rows in _group_detail(g):
            lines += ["", f"### {md(title)}", "", *_md_table(columns, rows)]
    return "\n".join(lines) + "\n"
