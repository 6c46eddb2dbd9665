"""The call journal on screen and on file: lists, a case page, CSV, JSON and Markdown exports.

Rows come from coach.journal as plain data; user text is shown literally everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from coach.text import clean
from coach.vocab import OUTCOMES, Outcome

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks
    from coach.records import (
        AttendeeDebrief,
        CallDetail,
        CallRow,
        MeetingDetail,
        MeetingSummary,
        PrepSummary,
    )

# --------------------------------------------------------------------------- renderers



def md(value) -> str:
    from coach.render.markdown import escape

    return escape(clean(value))


def pct(rate: Optional[float]) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def bar(rate: Optional[float], count: int, one: str, many: str, width: int = 8) -> str:
    """A share as a bar, or why there is none: nothing yet, or too few to mean anything."""
    what = many if count != 1 else one
    if not count:
        return f"no {many} yet"
    if rate is None:
        return f"too few to tell ({count} {what})"
    full = round(rate * width)
    return "\u2588" * full + "\u2591" * (width - full) + f" {rate:.0%} of {count} {what}"


def _read_short(call: CallRow) -> str:
    if call["read_held"] is None:
        return "-"
    return "held" if call["read_held"] else "missed"


def _read(call: Mapping[str, Any], names: dict) -> str:
    if call["read_held"] is None:
        return "not checked"
    if call["read_held"]:
        return "held"
    actual = call.get("actual_style")
    return f"missed: they were {names.get(actual, actual)}" if actual else "missed"


def page_console(plain: bool):
    import io

    from rich.console import Console

    from coach.render.terminal import console

    if plain:
        return Console(file=io.StringIO(), width=120, no_color=True, highlight=False,
                       soft_wrap=False)
    return console()


def table(title: str, cols: list, rows: list[list], width: int):
    """A table that reads at `width`; every cell cleaned and shown literally."""
    from coach.render.fit import fit_table

    return fit_table(clean(title), cols, [[clean(cell) for cell in row] for row in rows],
                     width)


def _who(name, company) -> str:
    return clean(name) + (f" ({clean(company)})" if company else "")


def list_terminal(calls: list[CallRow], total: int, filtered: bool = False) -> None:
    """Newest first. The style, stage and outcome columns show the values the filters take;
    `coach journal show ID` has the rest."""
    from rich.text import Text

    from coach.render.fit import Col

    out = page_console(False)
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
    out.print(table(f"Calls ({shown})", cols, rows, out.width))
    if len(calls) < total:
        out.print(Text(f"Showing the newest {len(calls)}; --limit 0 shows all {total}."))


def preps_terminal(preps: list[PrepSummary]) -> None:
    from rich.text import Text

    from coach.journal import NO_NAME, local_time
    from coach.render.fit import Col

    out = page_console(False)
    if not preps:
        out.print(Text("No preps recorded yet: 'coach prep' records one."))
        return
    cols = [Col("id", "short", right=True), Col("prepped", "short"), Col("who", least=14),
            Col("style", "short"), Col("stage", "short"), Col("debriefed", "short")]
    rows = [[p["id"], local_time(p["created"]),
             _who("(no name given)" if p["name"] == NO_NAME else p["name"], p["company"]),
             p["style"] or "-", p["stage"] or "-", "yes" if p["debriefed"] else "no"]
            for p in preps]
    out.print(table("Preps (for 'coach debrief --prep ID')", cols, rows, out.width))


def _names(books: Playbooks) -> tuple[dict, dict]:
    return ({k: s.name for k, s in books.styles.items()},
            {k: s.name for k, s in books.stages.items()})


def _case_sections(call: Mapping[str, Any], books: Playbooks) -> list[tuple[str, list[str]]]:
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
        if call.get("meeting_id"):
            profile.append(f"Part of meeting {call['meeting_id']} "
                           f"('coach journal meeting {call['meeting_id']}' shows everyone)")
        read = prep.get("profile") or {}
        conf = read.get("confidence")
        if read.get("given"):
            profile.append("The style was the rep's own call (no questions answered)")
        elif isinstance(conf, (int, float)):
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


def _case_title(call: CallRow) -> str:
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


def show_terminal(call: CallDetail, books: Playbooks) -> None:
    from rich.text import Text

    out = page_console(False)
    out.print(Text(clean(_case_title(call)), style="bold reverse"))
    _print_sections(out, _case_sections(call, books))


def show_draft(call: dict, books: Playbooks) -> None:
    """The debrief as it will be saved, every text in full, before the rep confirms."""
    from rich.text import Text

    out = page_console(False)
    who = call.get("name") or "?"
    if call.get("company"):
        who += f", {call['company']}"
    out.print(Text(clean(f"Debrief: {who} ({call.get('day')})"), style="bold reverse"))
    _print_sections(out, _case_sections({**call, "prep": None}, books))


def meetings_terminal(meetings: list[MeetingSummary]) -> None:
    """The recorded meetings, newest first, with how far their debriefs have got."""
    from rich.text import Text

    from coach.journal import local_time
    from coach.render.fit import Col

    out = page_console(False)
    if not meetings:
        out.print(Text("No meetings recorded yet: 'coach meeting' records one."))
        return
    cols = [Col("id", "short", right=True), Col("when", "short"), Col("company", least=10),
            Col("decider", least=8), Col("people", "short", right=True),
            Col("debriefed", "short", right=True), Col("goal", least=12, drop=1)]
    rows = [[m["id"], local_time(m["created"]), m["company"] or "-", m["decider"] or "-",
             m["attendees"], m["debriefed"], m["goal"] or ""] for m in meetings]
    out.print(table("Meetings (for 'coach journal meeting ID')", cols, rows, out.width))


def meeting_sections(meeting: MeetingDetail, books: Playbooks) -> list[tuple[str, list[str]]]:
    """Who was there, what each was read as, and each one's debriefs, with the command for
    those still to debrief."""
    styles, _ = _names(books)
    people, todo = [], []
    for person in meeting["attendees"]:
        who = person["name"] + (f" ({person['role']})" if person["role"] else "")
        if person["name"] == meeting["decider"]:
            who += ", decides"
        style = styles.get(person["style"] or "", person["style"] or "style not known")
        calls = [f"call {d['call_id']} on {d['day']}: {d['outcome']}" + _held(d, styles)
                 for d in person["debriefs"]]
        people.append(f"{who}: {style}. " + ("; ".join(calls) if calls else "Not debriefed yet."))
        if not calls:
            todo.append(f"coach debrief --prep {person['prep_id']}   ({person['name']})")
    about = [f"{label}: {value}" for label, value in (
        ("Company", meeting["company"]), ("Goal", meeting["goal"]),
        ("Stage", meeting["stage"]), ("Decider", meeting["decider"])) if value]
    sections = [("About", about or ["(nothing recorded)"]), ("People", people)]
    if todo:
        sections.append(("Still to debrief", todo))
    return sections


def _held(debrief: AttendeeDebrief, styles: dict) -> str:
    if debrief["read_held"] is None:
        return ""
    if debrief["read_held"]:
        return ", read held"
    actual = debrief["actual_style"]
    return ", read missed" + (f" (was {styles.get(actual, actual)})" if actual else "")


def meeting_terminal(meeting: MeetingDetail, books: Playbooks) -> None:
    from rich.text import Text

    from coach.journal import local_time

    out = page_console(False)
    title = f"Meeting {meeting['id']} ({local_time(meeting['created'])})"
    out.print(Text(clean(title), style="bold reverse"))
    _print_sections(out, meeting_sections(meeting, books))


_CSV_FIELDS = ("id", "day", "name", "company", "style", "stage", "outcome", "read_held",
               "actual_style", "approaches", "objections", "worked", "missed", "next_step",
               "next_date", "prep_id", "created")


def export_csv(calls, out, books: Playbooks) -> int:
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


def export_json(calls, out, books: Playbooks) -> int:
    """A JSON list of calls, written one call at a time."""
    import json

    count = 0
    out.write("[")
    for c in calls:
        out.write(("," if count else "") + "\n  " + json.dumps(c, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export_markdown(calls, out, books: Playbooks) -> int:
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
