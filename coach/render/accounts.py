"""Accounts by lifecycle stage on screen and on paper: Rich tables and an escaped Markdown page.

coach.accounts segments the export; this module only shows its plain rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

from coach.text import clean, plural

if TYPE_CHECKING:
    from coach.accounts import Segmented


def future_note(seg) -> str:
    """What --as-of left out, said once on stderr and in the heading."""
    return f"{plural(seg.future, 'order')} after {seg.as_of.isoformat()} ignored"


def _money(value) -> str:
    return _unsigned_zero(f"{value or 0:,.0f}")


def _pct(value: float) -> str:
    return _unsigned_zero(f"{value:.1%}")


def _unsigned_zero(text: str) -> str:
    """-0.0% and -0 (a tiny negative rounded) read as a loss that is not there."""
    return text[1:] if text.startswith("-") and not text.strip("-0.,%") else text


def _heading(seg) -> str:

    return (f"As of {seg.as_of.isoformat()}: {plural(seg.accounts, 'account')} from "
            f"{seg.layout.path.name}, {plural(seg.rows, 'row')}"
            + (f", {plural(seg.skipped, 'bad row')} skipped" if seg.skipped else "")
            + (f"; {future_note(seg)}" if seg.future else ""))


Table = tuple[str, list[str], list[bool], list[list[str]]]


def _tables(seg, by: str | None, limit: int) -> list[Table]:
    """The page as (title, columns, which columns are numbers we format, rows) of plain
    strings, shared by terminal and Markdown. Every other cell may be the file's text."""
    from coach import accounts

    stages = accounts.summary(seg)
    tables = [("Accounts by stage",
               ["stage", "accounts", "% accounts", "revenue", "% revenue", "average"],
               [False] + [True] * 5,
               [[s["stage"], f"{s['accounts']:,}", _pct(s["account_share"]), _money(s["revenue"]),
                 _pct(s["revenue_share"]), _money(s["average"])] for s in stages])]
    if by:
        name = accounts.attribute(seg, by)
        rows = accounts.summary_by(seg, name)
        order = [s["stage"] for s in stages][:1]  # the accounts to save first; 80 columns wide
        tables.append((f"By {name}",
                       [name, "accounts", "revenue", "% revenue", "average", *order],
                       [False] + [True] * (4 + len(order)),
                       [[r["value"] if r["value"] is not None else "(blank)", f"{r['accounts']:,}",
                         _money(r["revenue"]), _pct(r["revenue_share"]), _money(r["average"]),
                         *(f"{r['stages'][s]:,}" for s in order)] for r in rows]))
    calls = accounts.call_list(seg, limit or None)
    tables.append(("Call first" + (f" (top {limit})" if limit else ""),
                   ["#", "account", "name", "stage", "value", "last order", "reason"],
                   [True, False, False, False, True, False, False],
                   [[str(c["rank"]), c["account_id"], c["account_name"],
                     c["stage"] + (" (review)" if c["stage"] == "loyal" else ""),
                     _money(c["monetary"]), c["last_order"] or "-", c["reason"]]
                    for c in calls]))
    return tables


@overload
def render_terminal(seg: Segmented, by: str | None, limit: int,
                    plain: Literal[False] = False) -> None: ...
@overload
def render_terminal(seg: Segmented, by: str | None, limit: int,
                    plain: Literal[True]) -> str: ...
def render_terminal(seg: Segmented, by: str | None, limit: int,
                    plain: bool = False) -> str | None:
    """Rich tables; every cell a Text object, never markup. `plain` returns the text instead."""
    import io

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from coach.render.terminal import console

    buffer = io.StringIO() if plain else None
    out = Console(file=buffer, width=120, no_color=True, highlight=False,
                  soft_wrap=False) if buffer is not None else console()
    out.print(Text(clean(_heading(seg))))
    from rich import box

    narrow = out.width < 110  # borders would leave the reason a word a line
    for title, columns, numbers, rows in _tables(seg, by, limit):
        table = Table(title=Text(clean(title)), title_justify="left", header_style="bold",
                      box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD,
                      pad_edge=not narrow)
        for name, number in zip(columns, numbers):
            table.add_column(Text(clean(name)), overflow="fold",
                             no_wrap=number or name == "last order",
                             justify="right" if number else "left")
        for row in rows:
            table.add_row(*(Text(clean(cell)) for cell in row))
        out.print(table)
    return buffer.getvalue() if buffer is not None else None


def render_markdown(seg, by: str | None, limit: int) -> str:
    """Every cell shown literally: control characters made visible, then the project's
    Markdown escape."""
    from coach.render.markdown import escape

    def md_escape(value) -> str:
        return escape(clean(value))

    lines = ["# Accounts by lifecycle stage", "", md_escape(_heading(seg))]
    for title, columns, numbers, rows in _tables(seg, by, limit):
        lines += ["", f"## {md_escape(title)}", "",
                  "| " + " | ".join(md_escape(c) for c in columns) + " |",
                  "|" + "|".join("---" for _ in columns) + "|"]
        lines += ["| " + " | ".join(cell if number else md_escape(cell)  # 12.5%, not 12\.5%
                                    for number, cell in zip(numbers, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"
