"""`coach learn` and `coach quiz`: the module as a study guide, and the quiz that ends it.

Flags are parsed here and handed to coach.training (pure pages and grading) and
coach.quizflow (the interactive quiz); the renderers below turn their plain data into a
terminal page (Rich Text, never markup), a Markdown handout (escaped) or JSON.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.commands.options import DbOpt, PlaybooksOpt, stdout_dash
from coach.errors import CoachError, UsageError
from coach.text import plural
from coach.vocab import TextFormat


def register(app: typer.Typer) -> None:
    app.command("learn")(learn_command)
    app.command("quiz")(quiz_command)


# --------------------------------------------------------------------------- learn


def learn_command(
    topic: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[TOPIC]", help="A topic id or number; leave out to list the topics."
        ),
    ] = None,
    fmt: Annotated[
        TextFormat,
        typer.Option("--format", help="terminal, markdown (a printable handout) or json."),
    ] = TextFormat.terminal,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            callback=stdout_dash,
            help="Write to FILE instead of the screen.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --output file.")] = False,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Study the module "Types of customers", one topic at a time, from the playbooks."""
    from coach import training
    from coach.playbook import load

    books = load(playbooks)
    page = training.page(books, topic) if topic else training.index_page(books)
    if fmt is TextFormat.terminal and output is None:
        print_page(page)
        return
    if fmt is TextFormat.terminal:
        raise UsageError("--output: the terminal format cannot be saved; "
                         "use --format markdown or json")
    if fmt is TextFormat.markdown:
        text = page_markdown(page)
    else:
        from coach.render.json import dumps

        text = dumps(page) + "\n"
    _emit(text, output, force)


def _emit(text: str, output: Optional[Path], force: bool) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from coach.writefile import write_new

    write_new(output, text, force=force)
    print(f"saved {output}", file=sys.stderr)


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


def _bullets(items, mark: str = "•", style: str = "dim"):
    """Bullets with a hanging indent, so wrapped lines stay readable; an item that starts
    with its own number shows the number instead of a bullet."""
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style=style)
    table.add_column(ratio=1)
    for item in items:
        numbered = _numbered(item)
        lead, text = numbered if numbered else (mark, str(item))
        table.add_row(lead, Text(plain(text)))
    return table


def page_renderables(page) -> list:
    """A study page as Rich renderables; all playbook text goes in as Text."""
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    out: list = [Rule(Text(plain(page.title), style="bold"), align="left", style="cyan")]
    out += [Text(plain(line)) for line in page.intro]

    def block(b, depth: int) -> None:
        pad = 2 * depth

        def add(renderable) -> None:
            out.append(Padding(renderable, (0, 0, 0, pad)) if pad else renderable)

        out.append(Text(""))
        add(Text(plain(b.title), style="bold cyan" if depth == 0 else "bold"))
        for label, text in b.notes:
            line = Text()
            if label:
                line.append(f"{plain(label)}: ", style="dim")
            line.append(plain(text), style="" if label else "italic")
            add(line)
        for group in b.groups:
            if group.label:
                add(Text(plain(group.label), style="bold dim"))
            add(_bullets(group.items))
        for child in b.blocks:
            block(child, depth + 1)

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
    from coach.render.terminal import console

    out = console()
    for item in page_renderables(page):
        out.print(item)


def page_markdown(page) -> str:
    """A printable handout: headings, bold labels, bullets; every playbook string escaped."""
    from coach.render.markdown import escape

    out = [f"# {escape(page.title)}", ""]
    for line in page.intro:
        out += [escape(line), ""]

    def block(b, depth: int) -> None:
        out.extend([f"{'#' * min(depth + 2, 6)} {escape(b.title)}", ""])
        for label, text in b.notes:
            out.append(f"**{escape(label)}:** {escape(text)}" if label else f"*{escape(text)}*")
            out.append("")
        for group in b.groups:
            if group.label:
                out.extend([f"**{escape(group.label)}**", ""])
            for item in group.items:
                numbered = _numbered(item)
                out.append(f"{numbered[0]} {escape(numbered[1])}" if numbered
                           else f"- {escape(item)}")
            out.append("")
        for child in b.blocks:
            block(child, depth + 1)

    for b in page.blocks:
        block(b, 0)
    out += [f"*{escape(_footer(page))}*", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------- quiz


def quiz_command(
    count: Annotated[
        Optional[int],
        typer.Option(
            "--count", "-n", min=1, metavar="N", help="Ask N items (default: all that match)."
        ),
    ] = None,
    topic: Annotated[
        Optional[str],
        typer.Option(
            "--topic", metavar="TOPIC", help="Only items on this topic (see 'coach learn')."
        ),
    ] = None,
    seed: Annotated[
        Optional[int],
        typer.Option(
            "--seed",
            metavar="S",
            help="Shuffle items and options the same way every time (default: a new shuffle; "
            "with --items, file order).",
        ),
    ] = None,
    items: Annotated[
        bool, typer.Option("--items", help="List the items without their answers, for other tools.")
    ] = False,
    answers: Annotated[
        Optional[Path],
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Grade a YAML/JSON file of item id: chosen option value "
            "(not kept in the journal).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    fmt: Annotated[
        Optional[TextFormat],
        typer.Option("--format", help="terminal (default), json, or markdown (with --items)."),
    ] = None,
    history: Annotated[
        bool, typer.Option("--history", help="Past quiz results from the journal.")
    ] = False,
    db: DbOpt = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Don't keep this result in the journal.")
    ] = False,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Take the quiz on types of customers: feedback after each answer, a score at the end.

    Results are kept in the call journal when it exists (see --history).
    """
    if as_json:
        if fmt not in (None, TextFormat.json):
            raise UsageError("--json and --format are the same option; give one")
        fmt = TextFormat.json
    fmt = fmt or TextFormat.terminal
    modes = [flag for flag, on in (("--items", items), ("--answers", answers is not None),
                                   ("--history", history)) if on]
    if len(modes) > 1:
        raise UsageError(f"{' and '.join(modes)} cannot be combined")
    if fmt is TextFormat.markdown and not items:
        raise UsageError("--format markdown is for --items (a printable quiz sheet)")
    if db is not None:
        _check_db(db, read=history)
    if history:
        return _history(db, fmt)

    from coach import training
    from coach.playbook import load

    books = load(playbooks)
    pool = books.quiz_items
    if not pool:
        raise CoachError("no quiz items in the playbooks (add a 'kind: quiz' playbook)")
    pass_mark = books.settings.quiz.pass_mark
    if answers is not None:
        given = _read_answers(answers)
        asked = training.answered_items(pool, given, str(answers))
        result = training.grade(asked, given, pass_mark)
        return _show_result(result, books, fmt, feedback=True)
    if items:
        asked = training.select(pool, topic=topic, count=count, seed=seed)
        return _show_items(asked, fmt)

    from coach.interview import require_terminal

    require_terminal(["your quiz answers"],
                     "Grade a file with 'coach quiz --answers FILE', or list the items "
                     "with 'coach quiz --items --format json'.")
    if seed is None:
        import random

        seed = random.SystemRandom().randrange(1 << 31)
    asked = training.select(pool, topic=topic, count=count, seed=seed)
    result = _interactive(asked, pass_mark, json_mode=fmt is TextFormat.json)
    saved = None if no_save else _save(result, db)
    _show_result(result, books, fmt, feedback=False, saved=saved)


def _read_answers(path: Path) -> dict:
    """item id -> chosen value, from YAML or JSON (a bare mapping, or {answers: mapping})."""
    from coach.answers import read_mapping

    data = read_mapping(path)
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]
    if not isinstance(data, dict):
        raise CoachError(f"{path}: expected a mapping of quiz item id to chosen option value")
    out = {}
    for key, value in data.items():
        if isinstance(value, (dict, list)):
            raise CoachError(f"{path}: {key}: expected one option value")
        out[str(key)] = None if value is None or value == "" else str(value)
    return out


def _interactive(asked, pass_mark: float, json_mode: bool):
    from coach import interview, quizflow
    from coach.render.terminal import console

    out = console() if not json_mode else _stderr_console()

    def show(result, number: int, total: int) -> None:
        for item in feedback_renderables(result):
            out.print(item)

    return quizflow.run(asked, interview.Prompter(), pass_mark=pass_mark, show=show)


def _stderr_console():
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
    and why."""
    from rich.text import Text

    head = Text()
    if result.correct:
        head.append("✓ Correct: ", style="bold green")
        head.append(sentence(result.answer_label))
    else:
        head.append("✗ Not quite. ", style="bold red")
        if result.chosen_label:
            head.append("You chose ", style="dim")
            head.append(quoted(result.chosen_label))
            head.append("; the answer is ", style="dim")
        else:
            head.append("No answer given. The answer is ", style="dim")
        head.append(sentence(quoted(result.answer_label)), style="bold")
    return [head, Text(result.explanation, style="italic"), Text("")]


def _save(result, db: Optional[str]) -> Optional[str]:
    """Keep the result in the journal if it exists (or --db names one); None if not kept."""
    from coach import journal

    path = journal.resolve(db)
    if db is None and isinstance(path, Path) and not path.exists():
        return None
    journal.record_quiz(path, score=result.score, total=result.total, passed=result.passed,
                        topics=result.by_topic)
    return journal.describe(path)


def _topic_titles(books) -> dict[str, str]:
    from coach.training import topics

    return {t.id: t.title for t in topics(books)}


def _show_result(result, books, fmt: TextFormat, feedback: bool,
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
    line.append("passed" if result.passed else "not passed yet",
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


def _show_items(asked, fmt: TextFormat) -> None:
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


def _check_db(db: str, read: bool) -> None:
    """A --db FILE is checked before the quiz starts: reading needs the file, and keeping a
    result needs at least its folder (not found out after the last question)."""
    from coach.journal import is_server

    if is_server(db):
        return
    path = Path(db).expanduser()
    if not path.parent.is_dir():
        raise CoachError(f"--db {db}: no such folder: {path.parent}")
    if read and not path.exists():
        raise CoachError(f"--db {db}: no such file (quiz results are kept in the call "
                         "journal once it exists)")


def _history(db: Optional[str], fmt: TextFormat) -> None:
    from coach import journal

    rows = journal.quiz_history(journal.resolve(db))
    if fmt is TextFormat.json:
        from coach.render.json import dumps

        print(dumps(rows))
        return
    if not rows:
        print("No quiz results yet: take the quiz with 'coach quiz' "
              "(results are kept once the journal exists).")
        return
    from coach.journal import local_time
    from coach.render.fit import Col
    from coach.render.terminal import print_table

    table = []
    for row in rows:
        weak = [t for t, tally in (row.get("topics") or {}).items()
                if isinstance(tally, dict) and tally.get("score", 0) < tally.get("total", 0)]
        percent = round(100 * row["score"] / row["total"]) if row["total"] else 0
        table.append([local_time(row["taken"]), f"{row['score']}/{row['total']}", f"{percent}%",
                      "passed" if row["passed"] else "not passed", ", ".join(weak) or "-"])
    print_table("Quiz results", [Col("taken", "short"), Col("score", "short", right=True),
                                 Col("%", "short", right=True), Col("result", "short"),
                                 Col("to revisit", least=16)], table)
