"""Terminal output with Rich. Untrusted text goes in as `Text`, never parsed as markup."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text


def console() -> Console:
    """A console on stdout; Rich itself honours NO_COLOR, FORCE_COLOR, TERM=dumb and COLUMNS."""
    return Console(highlight=False, soft_wrap=False)


def print_table(title: str, columns: list[str], rows: list[list], out: Console | None = None):
    table = Table(title=Text(title), title_justify="left", header_style="bold")
    for name in columns:
        table.add_column(Text(name), overflow="fold")
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))
    (out or console()).print(table)


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _walk(value, depth: int, lines: list[Text]) -> None:
    pad = "  " * depth
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(Text(f"{pad}{_title(str(key))}", style="bold"))
                _walk(item, depth + 1, lines)
            else:
                line = Text(f"{pad}{_title(str(key))}: ", style="bold")
                line.append(str(item), style="")
                lines.append(line)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                first = True
                for key, sub in item.items():
                    bullet = "- " if first else "  "
                    if isinstance(sub, (dict, list)):
                        lines.append(Text(f"{pad}{bullet}{_title(str(key))}:", style="bold"))
                        _walk(sub, depth + 2, lines)
                    else:
                        line = Text(f"{pad}{bullet}")
                        line.append(f"{_title(str(key))}: ", style="bold")
                        line.append(str(sub))
                        lines.append(line)
                    first = False
            else:
                lines.append(Text(f"{pad}- {item}"))
    else:
        lines.append(Text(f"{pad}{value}"))


def print_playbook(item, out: Console | None = None) -> None:
    """Any playbook, as readable nested headings and bullets."""
    import msgspec

    data = msgspec.to_builtins(item)
    kind = type(item).__struct_config__.tag
    lines: list[Text] = [Text(f"{kind}: {item.id}", style="bold reverse")]
    _walk({k: v for k, v in data.items() if k not in ("kind", "id")}, 0, lines)
    out = out or console()
    for line in lines:
        out.print(line)


# --------------------------------------------------------------------------- the brief


def _bullet_lines(items, mark: str = "•", style: str = ""):
    """Bullets with a hanging indent, so wrapped lines stay readable at 80 columns."""
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style=style or "dim")
    table.add_column(ratio=1)
    for item in items:
        table.add_row(mark, Text(str(item)))
    return table


def brief_renderables(brief, short: bool = False) -> list:
    """The brief as Rich renderables: the first screen, then the detail."""
    from rich import box
    from rich.panel import Panel
    from rich.table import Table

    p = brief.prospect
    head = Text()
    head.append(p.line(), style="bold")
    for label, value in (("Goal", p.goal), ("Stage", brief.stage_name)):
        if value:
            head.append(f"\n{label}: ", style="dim")
            head.append(value)
    head.append("\nStyle: ", style="dim")
    head.append(brief.read, style="bold cyan")
    head.append("\n")
    head.append(brief.summary, style="italic")
    for note in brief.notes:
        head.append("\n! ", style="bold yellow")
        head.append(note, style="yellow")

    top = Table.grid(padding=(0, 2))
    top.add_column(no_wrap=True)
    top.add_column(ratio=1)
    picture = Text()
    for i, line in enumerate(brief.grid):
        if i:
            picture.append("\n")
        for ch in line:
            picture.append(ch, style="bold magenta" if ch == "@" else "dim" if ch in "-|+" else "")
    from rich.console import Group

    do = Group(Text("Do on this call", style="bold green"),
               _bullet_lines(brief.top_actions, "☐", "green"))
    top.add_row(picture, do)

    talk = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, padding=(0, 1))
    talk.add_column(Text("Say", style="bold green"), ratio=1)
    talk.add_column(Text("Avoid", style="bold red"), ratio=1)
    limit = 4 if short else None
    talk.add_row(_bullet_lines(brief.use[:limit], "+", "green"),
                 _bullet_lines(brief.avoid[:limit], "-", "red"))

    out: list = [Panel(head, title=Text("Call brief"), title_align="left", border_style="cyan"),
                 top, talk]
    if short:
        return out
    from rich.rule import Rule

    if brief.profile.evidence:
        out += [Rule(Text("Why this read"), align="left", style="dim"),
                _why(brief.profile)]
    for section in brief.sections:
        out.append(Rule(Text(section.title), align="left", style="dim"))
        if section.kind == "pairs":
            body = Table.grid(padding=(0, 1))
            body.add_column(no_wrap=True, style="dim")
            body.add_column(ratio=1)
            for pair in section.items:
                point = Text(pair.point, style="bold")
                if pair.source:
                    point.append(f" ({pair.source})", style="dim")
                body.add_row("•", point)
                body.add_row("", Text.assemble(("→ ", "dim"), pair.answer))
            out.append(body)
        else:
            mark = "☐" if section.kind == "actions" else "•"
            out.append(_bullet_lines(section.items, mark))
    return out


def print_brief(brief, short: bool = False, out: Console | None = None) -> None:
    out = out or console()
    for item in brief_renderables(brief, short):
        out.print(item)


def _why(profile):
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, style="dim")
    table.add_column(ratio=1)
    for reason in profile.reasons:
        table.add_row("·", Text(reason))
    for e in profile.evidence:
        table.add_row("·", Text.assemble(f"{e.question} ", (e.answer, "bold"),
                                         (f"  ({e.pulls()})", "dim")))
    return table


def print_profile(profile, names: dict, grid_lines: list[str], out: Console | None = None):
    out = out or console()
    from coach.brief import read_line

    text = Text()
    text.append("Read: ", style="dim")
    text.append(read_line(profile, names) if profile.style else
                "not enough to say: answer more questions", style="bold cyan")
    text.append(f"\nAssertiveness {profile.assertiveness:+.2f}  "
                f"Responsiveness {profile.responsiveness:+.2f}", style="dim")
    out.print(text)
    out.print(Text("\n".join(grid_lines)))
    out.print(_why(profile))
