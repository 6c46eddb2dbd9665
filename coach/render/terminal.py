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
