"""`coach lessons`: what works with each style and at each stage, and overlays proposing it."""


import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from coach.commands.options import (
    DbOpt,
    OutputOpt,
    PlaybooksOpt,
    SinceOpt,
    StageFilter,
    StyleFilter,
    UntilOpt,
    journal_filters,
    journal_target,
)
from coach.render.lessons import lessons_markdown, lessons_terminal
from coach.text import plural
from coach.vocab import TextFormat

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks


def register(app: typer.Typer) -> None:
    app.command("lessons")(lessons_command)


def lessons_command(
    style: StyleFilter = None,
    stage: StageFilter = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_sample: Annotated[
        int,
        typer.Option(
            "--min-sample",
            min=1,
            metavar="N",
            help="Groups with fewer calls show counts only, no shares or suggestions.",
        ),
    ] = 10,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            min=1,
            max=50,
            metavar="N",
            help="How many approaches and answers to list per group.",
        ),
    ] = 5,
    fmt: Annotated[TextFormat, typer.Option("--format")] = TextFormat.terminal,
    output: OutputOpt = None,
    suggest: Annotated[
        Optional[Path],
        typer.Option(
            "--suggest",
            metavar="PATH",
            help="Also write playbook overlays proposing what worked: one file per style into "
            "the folder PATH, or with --style, that style's overlay to the file PATH.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --output / --suggest files.")
    ] = False,
    rep: Annotated[
        Optional[str],
        typer.Option(
            "--rep",
            metavar="NAME",
            help="Only the calls this rep logged (a shared journal shows the whole team's).",
        ),
    ] = None,
    mine: Annotated[
        bool,
        typer.Option(
            "--mine", help="Only the calls you logged ('coach config set me', or your login name)."
        ),
    ] = False,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """What works with each style and at each stage, from your debriefs (a team journal:
    the whole team's, with each rep's reads)."""
    from coach import journal, lessons
    from coach.errors import UsageError
    from coach.playbook import load

    if (suggest is not None and not style and not suggest.is_dir()
            and suggest.suffix.lower() in (".yaml", ".yml")):
        raise UsageError(f"--suggest {suggest}: without --style, give a folder (one overlay "
                         "per style is written into it), or add --style STYLE for one file")
    books = load(playbooks)
    filters = journal_filters(books, style, stage, None, since, until)
    filters.pop("outcome")
    if mine and rep:
        raise UsageError("--rep and --mine cannot be combined")
    if mine:
        from coach.config import rep_name

        rep = rep_name()
    rows = journal.lesson_rows(journal_target(db), top=top, rep=rep, **filters)
    questions = {q.id: (q.text, {o.value: o.label for o in q.options}) for q in books.questions}
    result = lessons.build(
        rows, style_names={k: s.name for k, s in books.styles.items()},
        stage_names={k: s.name for k, s in books.stages.items()}, questions=questions,
        min_sample=min_sample, rep=rep)
    if suggest is not None:
        write_suggestions(result, books, suggest, style, force)
    if fmt is TextFormat.json:
        from coach.render.json import dumps

        text = dumps(result) + "\n"
    elif fmt is TextFormat.markdown:
        text = lessons_markdown(result)
    else:
        text = None
    if output is not None:
        from coach.writefile import write_new

        write_new(output, text if text is not None else lessons_terminal(result, plain=True),
                  force=force, inputs=[journal_target(db)])
        print(f"wrote {output}: lessons from {plural(result.calls, 'call')}", file=sys.stderr)
    elif text is None:
        lessons_terminal(result)
    else:
        sys.stdout.write(text)


def write_suggestions(result, books: "Playbooks", target: Path, style: Optional[str],
                      force: bool) -> None:
    """--suggest: with --style and a file name, that style's overlay; otherwise one overlay
    per style with something to suggest, each STYLE.yaml in the folder `target`.

    Every file is checked before any is written, so a refusal leaves nothing half done.
    """
    from coach import lessons
    from coach.errors import CoachError, UsageError
    from coach.writefile import write_new

    groups = [g for g in result.styles if g.id and g.id in books.styles
              and (not style or g.id == style)]
    if style and not groups:
        raise UsageError(f"--suggest: no debriefed calls read as {style!r} yet")
    if style and not target.is_dir():
        group = groups[0]
        text, count = lessons.overlay(result, group, books.styles[group.id], str(target))
        write_new(target, text, force=force, flag="--suggest")
        print(f"wrote {target}: {plural(count, 'suggestion')} for {group.name}", file=sys.stderr)
        print(_suggest_next(target), file=sys.stderr)
        return
    planned = []
    for group in groups:
        path = target / f"{group.id}.yaml"
        text, count = lessons.overlay(result, group, books.styles[group.id], str(path))
        if count:
            planned.append((path, text, count, group.name))
        else:
            print(f"nothing to suggest for {group.name} yet", file=sys.stderr)
    if not planned:
        print(f"--suggest: nothing qualifies yet (an item needs {result.min_sample} calls or "
              "more; see --min-sample); no file written", file=sys.stderr)
        return
    if target.exists() and not target.is_dir():
        raise CoachError(f"--suggest {target}: is a file; give a folder, or add --style STYLE")
    if not target.parent.is_dir():
        raise CoachError(f"--suggest: folder does not exist: {target.parent}")
    for path, *_ in planned:
        if path.exists() and not force:
            raise CoachError(f"--suggest: {path} already exists (use --force to overwrite)")
    target.mkdir(exist_ok=True)
    for path, text, count, name in planned:
        write_new(path, text, force=force, flag="--suggest")
        print(f"wrote {path}: {plural(count, 'suggestion')} for {name}", file=sys.stderr)
    print(_suggest_next(target), file=sys.stderr)


def _suggest_next(path: Path) -> str:
    return (f"Review, then check with 'coach playbooks validate {path}'. Use it as its own "
            f"layer: --playbooks {path}, or add it to COACH_PLAYBOOKS (not into a folder that "
            "already has an overlay for the same style).")


