"""Learn pages and the quiz on screen and on paper: Rich Text (never markup) and escaped Markdown.

coach.training builds the pages and grades the quiz as plain data; this module only shows them."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Optional

from coach.text import plural
from coach.vocab import TextFormat

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks


def _topic_titles(books: Playbooks) -> dict[str, str]:
    from coach.training import topics

    return {t.id: t.title for t in topics(books)}


def show_result(result, books: Playbooks, fmt: TextFormat, feedback: bool,
                 saved: Optional[str] = None) -> None:
    from coach import training

    if fmt is TextFormat.json:
        from coach.render.json import dumps

        print(dumps(training.result_json(result)))
        return
    from rich.text import Text

    from coach.render.terminal import console

    out = console()
    if feedback:
        for number, r in enumerate(result.results, 1):
            out.print(Text(f"({number}/{result.total}) {r.question}", style="bold"))
            for item in feedback_renderables(r):
                out.print(item)
    for item in summary_renderables(result, _topic_titles(books)):
        out.print(item)
    if saved is not None:
        out.print(Text(f"Kept in the journal ({saved}); see 'coach quiz --history'.",
                       style="dim"))


def summary_renderables(result, titles: dict[str, str]) -> list:
    from rich.text import Text

    line = Text()
    line.append(f"Score: {result.score}/{result.total} ({result.percent}%)", style="bold")
    line.append(f"  pass mark {round(result.pass_mark * 100)}%: ", style="dim")
    short = result.total < result.min_items
    line.append("passed" if result.passed else
                f"practice only: a pass needs at least {result.min_items} items" if short
                else "not passed yet",
                style="bold green" if result.passed else "bold yellow")
    out = [line]
    if result.revisit:
        out.append(Text("Topics to revisit:", style="bold"))
        for tid in result.revisit:
            tally = result.by_topic[tid]
            row = Text(f"  • {titles.get(tid, tid)} ({tally['score']}/{tally['total']})")
            if tid in titles:
                row.append(f"  coach learn {tid}", style="dim")
            out.append(row)
    elif result.total:
        out.append(Text("Nothing to revisit: every answer was right.", style="green"))
    return out


def show_items(asked, fmt: TextFormat) -> None:
    if fmt is TextFormat.json:
        from coach.render.json import dumps

        print(dumps([a.public() for a in asked]))
        return
    if fmt is TextFormat.markdown:
        sys.stdout.write(items_markdown(asked))
        return
    from rich.text import Text

    from coach.render.terminal import console

    out = console()
    for number, a in enumerate(asked, 1):
        head = Text(f"{number}. ", style="bold")
        head.append(a.question, style="bold")
        head.append(f"  [{a.id}, {a.topic}]", style="dim")
        out.print(head)
        out.print(_bullets([f"{label}  ({value})" for value, label in a.options], "○"))
        out.print(Text(""))


def items_markdown(asked) -> str:
    """A printable quiz sheet: numbered questions, lettered options, no answers."""
    from coach.render.markdown import escape

    out = ["# Quiz", ""]
    for number, a in enumerate(asked, 1):
        out += [f"{number}\\. {escape(a.question)}", ""]
        out += [f"- [ ] {escape(label)}" for _, label in a.options]
        out.append("")
    return "\n".join(out)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def quoted(label: str) -> str:
    """An option in quotes (unless it is a quotation already), to read inside a sentence."""
    label = label.strip()
    return label if label[:1] in ('"', "\u201c") else f"\u201c{label}\u201d"


def sentence(text: str) -> str:
    """`text` ending with a full stop, unless it ends a sentence already (a quotation that
    ends with its own full stop, too)."""
    text = text.rstrip()
    return text if text.rstrip('"\u201d').endswith((".", "?", "!")) else text + "."


def feedback_renderables(result) -> list:
    """After each answer: right or not, the options in full (the list may have cut them),
    and why. A wrong choice first gets why that option is wrong (its `why`), then the
    answer and the explanation."""
    from rich.text import Text

    head = Text()
    out = [head]
    if result.correct:
        head.append("✓ Correct: ", style="bold green")
        head.append(sentence(result.answer_label))
    else:
        head.append("✗ Not quite. ", style="bold red")
        if result.chosen_label and result.why:
            head.append("You chose ", style="dim")
            head.append(sentence(quoted(result.chosen_label)))
            out.append(Text.assemble(("Why not: ", "bold"), sentence(result.why)))
            head = Text()
            out.append(head)
            head.append("The answer is ", style="dim")
        elif result.chosen_label:
            head.append("You chose ", style="dim")
            head.append(quoted(result.chosen_label))
            head.append("; the answer is ", style="dim")
        else:
            head.append("No answer given. The answer is ", style="dim")
        head.append(sentence(quoted(result.answer_label)), style="bold")
    return [*out, Text(result.explanation, style="italic"), Text("")]


_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+")
_CODE = re.compile(r"`([^`\n]+)`")


def plain(text) -> str:
    """Playbook text for the terminal: `code` marks dropped (the terminal shows no code
    font, only the backticks)."""
    return _CODE.sub(r"\1", str(text))


def _numbered(item) -> tuple[str, str] | None:
    """("3.", "rest") for an item that numbers itself, so it isn't bulleted as well."""
    match = _NUMBERED.match(str(item))
    return (match.group(1) + ".", str(item)[match.end():]) if match else None


MODULE_MARK = "\u25c6"
"""Marks a line that restates the training module (the rest is the coach's advice)."""
MODULE_STYLE = "bold magenta"


def _from_module(item) -> bool:
    return getattr(item, "source", "") == "module"


def _bullets(items, mark: str = "•", style: str = "dim"):
    """Bullets with a hanging indent, so wrapped lines stay readable; an item that starts
    with its own number shows the number instead of a bullet. A line from the training
    module gets the module's mark."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style=style)
    table.add_column(ratio=1)
    for item in items:
        numbered = _numbered(item)
        lead, text = numbered if numbered else (mark, str(item))
        if _from_module(item):
            lead = MODULE_MARK if not numbered else f"{MODULE_MARK} {lead}"
            table.add_row(Text(lead, style=MODULE_STYLE), Text(plain(text)))
        else:
            table.add_row(lead, Text(plain(text)))
    return table


def _pointers(block) -> list[str]:
    """The module's part > section that a block's own lines restate, each once."""
    lines = [*block.notes, *(item for group in block.groups for item in group.items)]
    return list(dict.fromkeys(x.module for x in lines if _from_module(x) and x.module))


def _has_module(page) -> bool:
    def walk(block) -> bool:
        lines = [*block.notes, *(item for group in block.groups for item in group.items)]
        return any(map(_from_module, lines)) or any(walk(b) for b in block.blocks)

    return any(map(_from_module, page.intro)) or any(walk(b) for b in page.blocks)


def legend(page, markdown: bool = False) -> str:
    """What the marks mean, under the page's title."""
    if not _has_module(page):
        return "• the coach's advice: nothing on this page is marked as the training module's"
    if markdown:
        return (f"{MODULE_MARK} marks a point from the training module; unmarked lines are "
                "the coach's advice.")
    return f"{MODULE_MARK} from the training module   • the coach's advice"


def page_renderables(page) -> list:
    """A study page as Rich renderables; all playbook text goes in as Text."""
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    out: list = [Rule(Text(plain(page.title), style="bold"), align="left", style="cyan")]
    out.append(Text(legend(page), style="dim"))
    for line in page.intro:
        text = Text()
        if _from_module(line):
            text.append(f"{MODULE_MARK} ", style=MODULE_STYLE)
        out.append(text.append(plain(line)))

    def block(b, depth: int, above: tuple[str, ...] = ()) -> None:
        pad = 2 * depth

        def add(renderable) -> None:
            out.append(Padding(renderable, (0, 0, 0, pad)) if pad else renderable)

        out.append(Text(""))
        add(Text(plain(b.title), style="bold cyan" if depth == 0 else "bold"))
        for note in b.notes:
            line = Text()
            if _from_module(note):
                line.append(f"{MODULE_MARK} ", style=MODULE_STYLE)
            if note.label:
                line.append(f"{plain(note.label)}: ", style="dim")
            line.append(plain(note.text), style="" if note.label else "italic")
            add(line)
        pointers = _pointers(b)
        for pointer in (p for p in pointers if p not in above):
            add(Text(f"From the module: {plain(pointer)}", style="dim magenta"))
        if b.preformatted:
            add(Text("\n".join(b.preformatted), no_wrap=True, overflow="ignore"))
        for group in b.groups:
            if group.label:
                add(Text(plain(group.label), style="bold dim"))
            add(_bullets(group.items))
        for child in b.blocks:
            block(child, depth + 1, (*above, *pointers))

    for b in page.blocks:
        block(b, 0)
    out.append(Text(""))
    out.append(Text(_footer(page), style="dim"))
    return out


def _footer(page) -> str:
    if not page.id:
        return (f"Read a topic with 'coach learn TOPIC'; test yourself with 'coach quiz' "
                f"({page.quiz_items} questions).")
    if page.quiz_items:
        return (f"Test yourself: coach quiz --topic {page.id} "
                f"({plural(page.quiz_items, 'question')}).")
    return "Test yourself: coach quiz"


def print_page(page) -> None:
    """A learn page: longer than the screen, it opens in the pager, like the brief."""
    from coach.render.terminal import print_paged

    print_paged(page_renderables(page))


def page_markdown(page) -> str:
    """A printable handout: headings, bold labels, bullets; every playbook string escaped."""
    from coach.render.markdown import escape

    out = [f"# {escape(page.title)}", "", f"*{escape(legend(page, markdown=True))}*", ""]
    for line in page.intro:
        out += [(f"{MODULE_MARK} " if _from_module(line) else "") + escape(line), ""]

    def block(b, depth: int, above: tuple[str, ...] = ()) -> None:
        out.extend([f"{'#' * min(depth + 2, 6)} {escape(b.title)}", ""])
        for note in b.notes:
            mark = f"{MODULE_MARK} " if _from_module(note) else ""
            out.append(f"{mark}**{escape(note.label)}:** {escape(note.text)}" if note.label
                       else f"{mark}*{escape(note.text)}*")
            out.append("")
        pointers = _pointers(b)
        for pointer in (p for p in pointers if p not in above):
            out.extend([f"*From the module: {escape(pointer)}*", ""])
        if b.preformatted:
            out.extend(["```text", *b.preformatted, "```", ""])
        for group in b.groups:
            if group.label:
                out.extend([f"**{escape(group.label)}**", ""])
            for item in group.items:
                mark = f"{MODULE_MARK} " if _from_module(item) else ""
                numbered = _numbered(item)
                out.append(f"{numbered[0]} {mark}{escape(numbered[1])}" if numbered
                           else f"- {mark}{escape(item)}")
            out.append("")
        for child in b.blocks:
            block(child, depth + 1, (*above, *pointers))

    for b in page.blocks:
        block(b, 0)
    out += [f"*{escape(_footer(page))}*", ""]
    return "\n".join(out)
