"""A Meeting as Markdown or on the terminal: who is in the room, who decides, the plan."""

from __future__ import annotations

from coach.meeting import Meeting, PlanItem


def _who(a) -> str:
    return f"{a.name} ({a.role})" if a.role else a.name


def _for(item: PlanItem) -> str:
    return f" (for {', '.join(item.styles)})" if item.styles else ""


def sections(meeting: Meeting) -> list[tuple[str, list[str]]]:
    """The plan as (title, lines) in reading order, plain text: both renderers lay it out."""
    people = [f"{_who(a)}: {a.read}" + ("; decides" if a.decides else "")
              for a in meeting.attendees]
    out = [("Who is in the room", people)]
    if meeting.stage_actions:  # the stage leads, as the brief's "why" does
        out.append((f"For the account ({meeting.stage_name})", list(meeting.stage_actions)))
    out.append(("Open so no style is lost", [i.text + _for(i) for i in meeting.opening]))
    out.append(("Agenda, in this order", [i.text + _for(i) for i in meeting.agenda]))
    out.append(("What each person needs", [f"{p.name} ({p.style_name}): {p.text}"
                                           for p in meeting.needs]))
    if meeting.flex:
        out.append((f"Flex your style (you: {meeting.me})", [
            f"{p.name} ({p.style_name}): {p.text}" for p in meeting.flex]))
    if meeting.clashes:
        out.append(("Where styles clash", [
            f"{' and '.join(c.styles)} ({', '.join(c.people)}): {c.risk} Handle it: {c.handle}"
            for c in meeting.clashes]))
    out.append(("Afterwards, send", [f"{p.name} ({p.style_name}): {p.text}"
                                     for p in meeting.afterwards]))
    return out


def title(meeting: Meeting) -> str:
    where = f" at {meeting.company}" if meeting.company else ""
    return f"Meeting{where}: {len(meeting.attendees)} people"


def decider_line(meeting: Meeting) -> str:
    return f"Decides: {meeting.decider}" if meeting.decider else "Decides: not known yet"


def render_markdown(meeting: Meeting) -> str:
    from coach.render.markdown import escape
    from coach.text import clean

    def md(text: str) -> str:
        return escape(clean(text))

    out = [f"# {md(title(meeting))}", "", f"- **Date:** {meeting.created}"]
    if meeting.goal:
        out.append(f"- **Goal:** {md(meeting.goal)}")
    if meeting.stage_name:
        out.append(f"- **Account stage:** {md(meeting.stage_name)}")
    out.append(f"- **{md(decider_line(meeting))}**")
    out += ["", *(f"> **Note:** {md(n)}" for n in meeting.notes), ""]
    for heading, lines in sections(meeting):
        mark = "1. " if heading.startswith("Agenda") else "- "
        out += [f"## {md(heading)}", "", *(f"{mark}{md(line)}" for line in lines), ""]
    return "\n".join(out)


def print_meeting(meeting: Meeting) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from coach.render.terminal import console
    from coach.text import clean

    out = console()
    head = [decider_line(meeting)]
    if meeting.goal:
        head.insert(0, f"Goal: {meeting.goal}")
    if meeting.stage_name:
        head.append(f"Account stage: {meeting.stage_name}")
    out.print(Panel(Text("\n".join(clean(h) for h in head)), title=Text(clean(title(meeting))),
                    title_align="left", width=min(out.width, 100)))
    for note in meeting.notes:
        out.print(Text(clean(f"Note: {note}"), style="italic"))
    for heading, lines in sections(meeting):
        out.print()
        out.print(Text(heading, style="bold"))
        grid = Table.grid(padding=(0, 1))  # Rich wraps each line by cells, under its text
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        numbered = heading.startswith("Agenda")
        for i, line in enumerate(lines, start=1):
            grid.add_row(f"{i}." if numbered else "•", Text(clean(line)))
        out.print(grid)
