"""`coach learn` and `coach quiz`: the module as a study guide, and the quiz that ends it.

Flags are parsed here and handed to coach.training (pure pages and grading) and
coach.quizflow (the interactive quiz); coach.render.learn turns their plain data into a
terminal page (Rich Text, never markup) or a Markdown handout (escaped), coach.render.json
into JSON.
"""


from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.commands.options import (
    DbOpt,
    ForceOpt,
    NoSaveOpt,
    OutputOpt,
    PlaybooksOpt,
    deliver,
    text_format,
)
from coach.errors import CoachError, UsageError
from coach.render.learn import (
    feedback_renderables,
    page_markdown,
    print_page,
    show_items,
    show_result,
    stderr_console,
)
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
        Optional[TextFormat],
        typer.Option("--format", help="terminal (default), markdown (a printable handout) or "
                     "json; with --output, a .md or .json name picks it."),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Study the module "Types of customers", one topic at a time, from the playbooks."""
    from coach import training
    from coach.playbook import load

    fmt = text_format(fmt, output)
    books = load(playbooks)
    page = training.page(books, topic) if topic else training.index_page(books)
    if fmt is TextFormat.terminal:
        print_page(page)
        return
    if fmt is TextFormat.markdown:
        text = page_markdown(page)
    else:
        from coach.render.json import dumps

        text = dumps(page) + "\n"
    deliver(text, output, force)


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
    no_save: NoSaveOpt = False,
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
    pass_mark, min_items = books.settings.quiz.pass_mark, books.settings.quiz.min_items
    if answers is not None:
        given = _read_answers(answers)
        asked = training.answered_items(pool, given, str(answers))
        result = training.grade(asked, given, pass_mark, min_items)
        return show_result(result, books, fmt, feedback=True)
    if items:
        asked = training.select(pool, topic=topic, count=count, seed=seed)
        return show_items(asked, fmt)

    from coach.interview import require_terminal

    require_terminal(["your quiz answers"],
                     "Grade a file with 'coach quiz --answers FILE', or list the items "
                     "with 'coach quiz --items --format json'.")
    if seed is None:
        import random

        seed = random.SystemRandom().randrange(1 << 31)
    asked = training.select(pool, topic=topic, count=count, seed=seed)
    result = _interactive(asked, pass_mark, min_items, json_mode=fmt is TextFormat.json)
    saved = None if no_save else _save(result, db)
    show_result(result, books, fmt, feedback=False, saved=saved)


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


def _interactive(asked, pass_mark: float, min_items: int, json_mode: bool):
    from coach import interview, quizflow
    from coach.render.terminal import console

    out = console() if not json_mode else stderr_console()

    def show(result, number: int, total: int) -> None:
        for item in feedback_renderables(result):
            out.print(item)

    return quizflow.run(asked, interview.Prompter(), pass_mark=pass_mark, min_items=min_items,
                        show=show)


def _save(result, db: Optional[str]) -> Optional[str]:
    """Keep the result in the journal if it exists (or --db names one); None if not kept."""
    from coach import journal

    path = journal.resolve(db)
    if db is None and isinstance(path, Path) and not path.exists():
        return None
    journal.record_quiz(path, score=result.score, total=result.total, passed=result.passed,
                        topics=result.by_topic)
    return journal.describe(path)


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
