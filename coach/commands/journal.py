"""`coach debrief`, `coach lessons` and `coach journal list|show|export|delete`.

Flags are parsed here and handed to coach.journal (storage), coach.debrief (the guided flow)
and coach.lessons (the counting's meaning); the renderers below turn their plain rows into a
terminal page, Markdown, CSV or JSON. User text is shown literally everywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from coach.commands.options import DbOpt, PlaybooksOpt, ViewFormat, stdout_dash
from coach.text import clean, plural
from coach.vocab import OUTCOMES, ExportFormat, Outcome, TextFormat

StyleFilter = Annotated[
    Optional[str], typer.Option("--style", metavar="STYLE", help="Only calls read as this style.")
]
StageFilter = Annotated[
    Optional[str], typer.Option("--stage", metavar="STAGE", help="Only calls at this stage.")
]
SinceOpt = Annotated[
    Optional[str], typer.Option("--since", metavar="DATE", help="Only calls on or after this day.")
]
UntilOpt = Annotated[
    Optional[str], typer.Option("--until", metavar="DATE", help="Only calls on or before this day.")
]


def register(app: typer.Typer) -> None:
    app.command("debrief")(debrief_command)
    app.command("lessons")(lessons_command)
    journal_app = typer.Typer(help="The call journal: list, show, export or delete debriefs.",
                              no_args_is_help=True)
    app.add_typer(journal_app, name="journal")
    journal_app.command("list")(list_command)
    journal_app.command("show")(show_command)
    journal_app.command("export")(export_command)
    journal_app.command("delete")(delete_command)
    journal_app.command("push")(push_command)


def _db(db: Optional[str], read: bool = True):
    """The journal to use (a file or a postgresql:// URL; see journal.resolve). A --db FILE
    given to a command that only reads must exist: a typo would otherwise look like an empty
    journal. (A write may create it, in a folder that exists.)"""
    from coach.journal import resolve

    target = resolve(db)
    if db is None or isinstance(target, str):
        return target
    if read:
        from coach.errors import CoachError

        path = target
        if not path.parent.is_dir():
            raise CoachError(f"--db {db}: no such folder: {path.parent}")
        if not path.exists():
            raise CoachError(f"--db {db}: no such file (a journal is created by the first "
                             "'coach debrief')")
    return target


def _filters(books, style, stage, outcome, since, until) -> dict:
    """Filter flags checked against the playbooks, so a typo is an error, not an empty list."""
    from coach.text import iso_day, unknown

    if style and style not in books.styles:
        raise unknown("style", style, books.styles, "--style")
    if stage and stage not in books.stages:
        raise unknown("stage", stage, books.stages, "--stage")
    return {"style": style, "stage": stage, "outcome": outcome.value if outcome else None,
            "since": iso_day(since, "--since"), "until": iso_day(until, "--until")}


# --------------------------------------------------------------------------- debrief


def debrief_command(
    name: Annotated[
        Optional[str], typer.Option("--name", metavar="TEXT", help="The prospect's name.")
    ] = None,
    company: Annotated[
        Optional[str], typer.Option("--company", metavar="TEXT", help="Their company.")
    ] = None,
    style: Annotated[
        Optional[str],
        typer.Option(
            "--style",
            metavar="STYLE",
            help="The style you read them as before the call: analytical, amiable, driver or "
            "expressive (or a style your playbooks add).",
        ),
    ] = None,
    stage: Annotated[
        Optional[str],
        typer.Option(
            "--stage",
            metavar="STAGE",
            help="The account's lifecycle stage: potential, new, loyal or at-risk (or one your "
            "playbooks add).",
        ),
    ] = None,
    outcome: Annotated[
        Optional[Outcome],
        typer.Option(
            "--outcome",
            help="How the call went: won, advanced (a next step agreed), "
            "no-change, stalled or lost.",
        ),
    ] = None,
    read_held: Annotated[
        Optional[bool],
        typer.Option("--read-held/--read-missed", help="Did the style read hold on the call?"),
    ] = None,
    actual_style: Annotated[
        Optional[str],
        typer.Option(
            "--actual-style",
            metavar="STYLE",
            help="The style they turned out to be, if the read missed (same names as --style).",
        ),
    ] = None,
    approach: Annotated[
        Optional[list[str]],
        typer.Option("--approach", metavar="TEXT", help="An approach you used (repeatable)."),
    ] = None,
    objection: Annotated[
        Optional[list[str]],
        typer.Option("--objection", metavar="TEXT", help="An objection they raised (repeatable)."),
    ] = None,
    response: Annotated[
        Optional[list[str]],
        typer.Option(
            "--response",
            metavar="TEXT",
            help="How you answered it: the n-th --response answers the n-th --objection.",
        ),
    ] = None,
    worked: Annotated[
        Optional[str], typer.Option("--worked", metavar="TEXT", help="What worked.")
    ] = None,
    missed: Annotated[
        Optional[str], typer.Option("--missed", metavar="TEXT", help="What did not work.")
    ] = None,
    next_step: Annotated[
        Optional[str],
        typer.Option("--next-step", metavar="TEXT", help="The next step agreed, if any."),
    ] = None,
    next_date: Annotated[
        Optional[str],
        typer.Option("--next-date", metavar="DATE", help="When the next step is due (YYYY-MM-DD)."),
    ] = None,
    day: Annotated[
        Optional[str],
        typer.Option("--date", metavar="DATE", help="The day of the call (default today)."),
    ] = None,
    prep: Annotated[
        Optional[int],
        typer.Option(
            "--prep",
            metavar="ID",
            help="Link to a prep: who, stage and read come from it (see 'coach journal list "
            "--preps').",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never prompt: missing answers are an error.")
    ] = False,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Log a call in a minute: the outcome, whether the read held, what you tried, what came up."""
    from coach import debrief, journal
    from coach.errors import CoachError
    from coach.playbook import load

    books = load(playbooks)
    path = _db(db, read=False)
    linked = None
    if prep is not None:
        linked = journal.get_prep(path, prep)
        if linked is None:
            raise CoachError(f"--prep {prep}: no prep with that id in "
                             f"{journal.describe(path)}")
    call = debrief.given_from_flags(
        prep=linked, name=name, company=company, style=style, stage=stage,
        outcome=outcome.value if outcome else None, read_held=read_held,
        actual_style=actual_style, approaches=approach or (), objections=objection or (),
        responses=response or (), worked=worked, missed=missed, next_step=next_step,
        next_date=next_date, day=day)
    debrief.check(books, call)
    if no_input:
        call = debrief.from_flags(books, call)
    else:
        from coach.interview import Prompter, require_terminal

        require_terminal(debrief.to_ask(call) or ["the confirmation"],
                         "Add --no-input to log the call with the flags given (--name, "
                         "--style and --outcome are needed).")
        call = debrief.ask(Prompter(), books, call, journal.recent_preps(path),
                           load_prep=lambda i: journal.get_prep(path, i),
                           show=lambda draft: show_draft(draft, books))
        if call is None:
            print("not saved", file=sys.stderr)
            return
    call_id = journal.add_debrief(path, call)
    print(f"saved call {call_id}: {call['name']} ({call['style']}, {call['outcome']}) "
          f"in {journal.describe(path)}")


# --------------------------------------------------------------------------- lessons


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
    filters = _filters(books, style, stage, None, since, until)
    filters.pop("outcome")
    if mine and rep:
        raise UsageError("--rep and --mine cannot be combined")
    if mine:
        from coach.config import rep_name

        rep = rep_name()
    rows = journal.lesson_rows(_db(db), top=top, rep=rep, **filters)
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
                  force=force, inputs=[_db(db)])
        print(f"wrote {output}: lessons from {plural(result.calls, 'call')}", file=sys.stderr)
    elif text is None:
        lessons_terminal(result)
    else:
        sys.stdout.write(text)


def write_suggestions(result, books, target: Path, style: Optional[str], force: bool) -> None:
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


# --------------------------------------------------------------------------- journal


def list_command(
    style: StyleFilter = None,
    stage: StageFilter = None,
    outcome: Annotated[Optional[Outcome], typer.Option("--outcome")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    limit: Annotated[
        int, typer.Option("--limit", min=0, metavar="N", help="Newest N calls; 0 = all.")
    ] = 50,
    preps: Annotated[
        bool,
        typer.Option("--preps", help="List the recorded preps instead (for debrief --prep ID)."),
    ] = False,
    fmt: Annotated[ViewFormat, typer.Option("--format")] = ViewFormat.terminal,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Debriefed calls, newest first."""
    from coach import journal
    from coach.playbook import load

    filters = _filters(load(playbooks), style, stage, outcome, since, until)
    path = _db(db)
    if preps:
        from coach.errors import UsageError

        if any(filters.values()):
            raise UsageError("--preps lists every recent prep; the filters apply to calls")
        found = journal.recent_preps(path, limit=limit or None, newest_first=True)
        if fmt is ViewFormat.json:
            from coach.render.json import dumps

            print(dumps(found))
        else:
            preps_terminal(found)
        return
    calls = journal.list_calls(path, limit=limit or None, **filters)
    if fmt is ViewFormat.json:
        from coach.render.json import dumps

        print(dumps(calls))
        return
    total = journal.count_calls(path, **filters)
    list_terminal(calls, total, filtered=any(filters.values()))


def show_command(
    call_id: Annotated[int, typer.Argument(metavar="ID")],
    fmt: Annotated[ViewFormat, typer.Option("--format")] = ViewFormat.terminal,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """One call as a case study, with what the prep said beforehand."""
    from coach import journal
    from coach.errors import CoachError

    path = _db(db)
    call = journal.get_call(path, call_id)
    if call is None:
        raise CoachError(f"no call {call_id} in {journal.describe(path)} "
                         "(see 'coach journal list')")
    if fmt is ViewFormat.json:
        from coach.render.json import dumps

        print(dumps(call))
        return
    from coach.playbook import load

    show_terminal(call, load(playbooks))


def export_command(
    fmt: Annotated[ExportFormat, typer.Option("--format")] = ExportFormat.csv,
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
    style: StyleFilter = None,
    stage: StageFilter = None,
    outcome: Annotated[Optional[Outcome], typer.Option("--outcome")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    db: DbOpt = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Every call (oldest first): CSV or JSON for other tools, Markdown case studies to share."""
    import io

    from coach import journal
    from coach.playbook import load

    books = load(playbooks)
    filters = _filters(books, style, stage, outcome, since, until)
    calls = journal.iter_calls(_db(db), oldest_first=True, **filters)
    out = io.StringIO() if output is not None else sys.stdout
    count = {ExportFormat.csv: export_csv, ExportFormat.json: export_json,
             ExportFormat.markdown: export_markdown}[fmt](calls, out, books)
    if output is not None:
        from coach.writefile import write_new

        write_new(output, out.getvalue(), force=force, inputs=[_db(db)])
        print(f"wrote {output}: {plural(count, 'call')}", file=sys.stderr)


def delete_command(
    call_id: Annotated[int, typer.Argument(metavar="ID")],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask for confirmation.")] = False,
    any_rep: Annotated[
        bool, typer.Option("--any", help="Delete it even if another rep logged it.")
    ] = False,
    db: DbOpt = None,
) -> None:
    """Delete one call you logged and everything recorded with it."""
    from coach import journal
    from coach.errors import CoachError

    path = _db(db)
    call = journal.get_call(path, call_id)
    if call is None:
        raise CoachError(f"no call {call_id} in {journal.describe(path)} "
                         "(see 'coach journal list')")
    journal.check_owner(call, any_rep)
    if not yes:
        from coach.interview import Prompter, require_terminal

        require_terminal(["confirmation"], "Add --yes to delete without a question.")
        if not Prompter().confirm(f"Delete call {call_id} ({call['name']}, {call['day']})?",
                                  default=False):
            print("not deleted", file=sys.stderr)
            return
    gone = journal.delete_call(path, call_id, any_rep=any_rep)
    if gone is None:
        raise CoachError(f"no call {call_id} in {journal.describe(path)} "
                         "(see 'coach journal list')")
    print(f"deleted call {call_id}: {gone['name']} ({gone['day']})")


def push_command(
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="URL", help="The team's journal: postgresql://user@host/database."
        ),
    ],
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db", metavar="FILE", help="The SQLite journal to copy (default: your own)."
        ),
    ] = None,
) -> None:
    """Copy your own journal into the team's; run it again and nothing doubles."""
    from coach import journal
    from coach.errors import UsageError

    if not journal.is_server(to):
        raise UsageError(f"--to {to}: give the team's journal as "
                         "postgresql://user@host/database")
    if journal.is_server(db):
        raise UsageError("--db: push copies an SQLite journal file; give its path")
    source = Path(db).expanduser() if db else journal.default_db_path()
    added = journal.push(source, to)
    print(f"pushed {plural(added['calls'], 'call')}, {plural(added['preps'], 'prep')} and "
          f"{plural(added['quiz_results'], 'quiz result')} from {source} to "
          f"{journal.describe(to)} (what was there already is skipped)")


# --------------------------------------------------------------------------- renderers



def md(value) -> str:
    from coach.render.markdown import escape

    return escape(clean(value))


def _pct(rate: Optional[float]) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _bar(rate: Optional[float], count: int, one: str, many: str, width: int = 8) -> str:
    """A share as a bar, or why there is none: nothing yet, or too few to mean anything."""
    what = many if count != 1 else one
    if not count:
        return f"no {many} yet"
    if rate is None:
        return f"too few to tell ({count} {what})"
    full = round(rate * width)
    return "\u2588" * full + "\u2591" * (width - full) + f" {rate:.0%} of {count} {what}"


def _read_short(call: dict) -> str:
    if call["read_held"] is None:
        return "-"
    return "held" if call["read_held"] else "missed"


def _read(call: dict, names: dict) -> str:
    if call["read_held"] is None:
        return "not checked"
    if call["read_held"]:
        return "held"
    actual = call.get("actual_style")
    return f"missed: they were {names.get(actual, actual)}" if actual else "missed"


def _console(plain: bool):
    import io

    from rich.console import Console

    from coach.render.terminal import console

    if plain:
        return Console(file=io.StringIO(), width=120, no_color=True, highlight=False,
                       soft_wrap=False)
    return console()


def _table(title: str, cols: list, rows: list[list], width: int):
    """A table that reads at `width`; every cell cleaned and shown literally."""
    from coach.render.fit import fit_table

    return fit_table(clean(title), cols, [[clean(cell) for cell in row] for row in rows],
                     width)


def _who(name, company) -> str:
    return clean(name) + (f" ({clean(company)})" if company else "")


def list_terminal(calls: list[dict], total: int, filtered: bool = False) -> None:
    """Newest first. The style, stage and outcome columns show the values the filters take;
    `coach journal show ID` has the rest."""
    from rich.text import Text

    from coach.render.fit import Col

    out = _console(False)
    if not calls:
        out.print(Text("No debriefed calls match these filters." if filtered else
                       "No debriefed calls yet. Log one with 'coach debrief'."))
        return
    cols = [Col("id", "short", right=True), Col("date", "short"), Col("who", least=14),
            Col("style", "short"), Col("stage", "short"), Col("outcome", "short"),
            Col("read", "short"), Col("next step", least=14, drop=1)]
    rows = [[c["id"], c["day"], _who(c["name"], c["company"]), c["style"], c["stage"] or "-",
             c["outcome"], _read_short(c), c["next_step"] or ""] for c in calls]
    shown = f"newest {len(calls)} of {total}" if len(calls) < total else str(total)
    out.print(_table(f"Calls ({shown})", cols, rows, out.width))
    if len(calls) < total:
        out.print(Text(f"Showing the newest {len(calls)}; --limit 0 shows all {total}."))


def preps_terminal(preps: list[dict]) -> None:
    from rich.text import Text

    from coach.journal import NO_NAME, local_time
    from coach.render.fit import Col

    out = _console(False)
    if not preps:
        out.print(Text("No preps recorded yet: 'coach prep' records one."))
        return
    cols = [Col("id", "short", right=True), Col("prepped", "short"), Col("who", least=14),
            Col("style", "short"), Col("stage", "short"), Col("debriefed", "short")]
    rows = [[p["id"], local_time(p["created"]),
             _who("(no name given)" if p["name"] == NO_NAME else p["name"], p["company"]),
             p["style"] or "-", p["stage"] or "-", "yes" if p["debriefed"] else "no"]
            for p in preps]
    out.print(_table("Preps (for 'coach debrief --prep ID')", cols, rows, out.width))


def _names(books) -> tuple[dict, dict]:
    return ({k: s.name for k, s in books.styles.items()},
            {k: s.name for k, s in books.stages.items()})


def _case_sections(call: dict, books) -> list[tuple[str, list[str]]]:
    """The module's case template, as (heading, lines) for terminal and Markdown alike."""
    from coach.journal import local_time

    styles, stages = _names(books)
    prep = call.get("prep") or {}
    profile = [f"Read as {styles.get(call['style'], call['style'])}; "
               f"the read {_read(call, styles)}"]
    if call.get("stage"):
        profile.append(f"Account stage: {stages.get(call['stage'], call['stage'])}")
    if prep:
        profile.append(f"Prepped {local_time(prep.get('created'))} (prep {prep['id']})")
        conf = (prep.get("profile") or {}).get("confidence")
        if isinstance(conf, (int, float)):
            profile.append(f"Confidence of the read before the call: {conf:.0%}")
        questions = {q.id: q for q in books.questions}
        for q, a in (prep.get("answers") or {}).items():
            question = questions.get(q)
            option = question.option(a) if question else None
            profile.append(f"Interview: {question.text if question else q} "
                           f"{option.label if option else a}")
    objections = [f"{o['objection']} -> {o['response'] or '(answer not recorded)'}"
                  for o in call["objections"]]
    next_step = ([f"{call['next_step']}" + (f" (by {call['next_date']})"
                                            if call.get("next_date") else "")]
                 if call.get("next_step") else [])
    return [
        ("Customer profile", profile),
        ("Sales approach", call["approaches"] or ["(none recorded)"]),
        ("Objections and how they were answered", objections or ["(none)"]),
        ("Outcome", [Outcome(call["outcome"]).label if call["outcome"] in OUTCOMES
                     else call["outcome"]]),
        ("What worked", [call["worked"]] if call.get("worked") else ["(not recorded)"]),
        ("What did not work", [call["missed"]] if call.get("missed") else ["(not recorded)"]),
        ("Next step", next_step or ["(none)"]),
    ]


def _case_title(call: dict) -> str:
    who = call["name"] + (f", {call['company']}" if call.get("company") else "")
    return f"Call {call['id']}: {who} ({call['day']})"


def _print_sections(out, sections) -> None:
    """Headings, and their lines as bullets wrapped with a hanging indent."""
    import textwrap

    from rich.text import Text

    for heading, lines in sections:
        out.print(Text(heading, style="bold"))
        for line in lines:
            wrapped = textwrap.wrap(clean(line), max(20, out.width - 5)) or [""]
            out.print(Text("\n".join(("  - " if i == 0 else "    ") + part
                                      for i, part in enumerate(wrapped))))


def show_terminal(call: dict, books) -> None:
    from rich.text import Text

    out = _console(False)
    out.print(Text(clean(_case_title(call)), style="bold reverse"))
    _print_sections(out, _case_sections(call, books))


def show_draft(call: dict, books) -> None:
    """The debrief as it will be saved, every text in full, before the rep confirms."""
    from rich.text import Text

    out = _console(False)
    who = call.get("name") or "?"
    if call.get("company"):
        who += f", {call['company']}"
    out.print(Text(clean(f"Debrief: {who} ({call.get('day')})"), style="bold reverse"))
    _print_sections(out, _case_sections({**call, "prep": None}, books))


_CSV_FIELDS = ("id", "day", "name", "company", "style", "stage", "outcome", "read_held",
               "actual_style", "approaches", "objections", "worked", "missed", "next_step",
               "next_date", "prep_id", "created")


def export_csv(calls, out, books) -> int:
    """One row per call; several approaches or objections share a cell, one per line."""
    import csv

    from coach.text import csv_cell

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_FIELDS)
    count = 0
    for c in calls:
        row = dict(c)
        row["read_held"] = {True: "yes", False: "no", None: ""}[c["read_held"]]
        row["approaches"] = "\n".join(c["approaches"])
        row["objections"] = "\n".join(f"{o['objection']} => {o['response'] or ''}"
                                      for o in c["objections"])
        writer.writerow([csv_cell(row[f]) for f in _CSV_FIELDS])
        count += 1
    return count


def export_json(calls, out, books) -> int:
    """A JSON list of calls, written one call at a time."""
    import json

    count = 0
    out.write("[")
    for c in calls:
        out.write(("," if count else "") + "\n  " + json.dumps(c, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export_markdown(calls, out, books) -> int:
    """One case study per call, in the module's template, to share in a team session."""
    out.write("# Call journal: case studies\n")
    count = 0
    for c in calls:
        out.write(f"\n## {md(_case_title(c))}\n")
        for heading, lines in _case_sections(c, books):
            out.write(f"\n### {heading}\n\n")
            out.write("".join(f"- {md(line)}\n" for line in lines))
        count += 1
    if not count:
        out.write("\nNo calls match.\n")
    return count


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
    return [f"  {g.name:<{width}}  {_bar(getattr(g, attr), count(g), one, many)}"
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
    read = (f"; the style read held on {_pct(result.read_rate)} of the calls checked"
            if result.read_rate is not None else "")
    whose = f"{result.rep}'s " if result.rep else ""
    return (f"Lessons from {whose}{plural(result.calls, 'call')}{span}: {result.positive} went "
            f"well (won or advanced), {result.negative} badly (stalled or lost){read}. Shares are "
            f"shown for groups of {result.min_sample} calls or more.")


def lessons_terminal(result, plain: bool = False) -> Optional[str]:
    from rich.text import Text

    from coach.render.fit import Col

    out = _console(plain)
    out.print(Text(clean(_intro(result))))
    if result.calls:
        for by, groups in (("style", result.styles), ("stage", result.stages)):
            out.print()
            cols = [Col(by, "short"), *(Col(h, "short", right=True)
                                        for h in ["calls", *OUTCOME_HEAD])]
            out.print(_table(f"Outcomes by {by}", cols, _group_table_rows(groups, False),
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
            out.print(_table(title, cols, rows, out.width))
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
