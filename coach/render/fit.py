"""Fitting text to the terminal: tables that read at 80 columns, and prompt choices.

Rich shares a narrow table's width out by itself and will happily break "2026-11-23" or
"advanced" mid-word. Here the short columns (ids, dates, names of things, numbers) get the
width they need and never wrap; free text wraps at word boundaries in what is left; paths
are cut at the start ("…/team/driver.yaml"), keeping the file name; and when even that does
not fit, the columns marked droppable go first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from coach.text import ELLIPSIS

GAP = 2  # between two columns: one space of padding and the divider, by default


@dataclass(frozen=True)
class Col:
    name: str
    kind: str = "text"
    """"short": ids, dates, enums, numbers, never wrapped; "text": wraps at words;
    "path": one line, cut at the start when too long."""
    right: bool = False
    drop: int = 0
    """Above 0: left out when the table cannot fit otherwise, highest first."""
    least: int = 12
    """Text and path columns: the narrowest they may get (a longer word still fits whole,
    up to 20 characters)."""


def _lines(value) -> list[str]:
    return str(value).split("\n")


def _need(col: Col, cells: list[str]) -> tuple[int, int]:
    """(width wanted, narrowest width that splits no word) for one column, in cells."""
    lines = [col.name, *(line for cell in cells for line in _lines(cell))]
    need = max(cell_len(line) for line in lines)
    if col.kind == "short":
        return need, need
    if col.kind == "path":
        return need, min(need, max(col.least, cell_len(col.name)))
    word = max((cell_len(w) for line in lines for w in line.split()), default=0)
    return need, min(need, max(col.least, min(word, 20), cell_len(col.name)))


def widths(cols: list[Col], rows: list[list], width: int, gap: int = GAP
           ) -> tuple[list[int], list[int]]:
    """The columns kept (indexes) and their widths, so the table is at most `width` wide
    where that is possible at all."""
    keep = list(range(len(cols)))
    sizes = [_need(c, [str(r[i]) for r in rows]) for i, c in enumerate(cols)]

    def floor(kept) -> int:
        return sum(sizes[i][1] for i in kept) + gap * (len(kept) - 1)

    while floor(keep) > width:
        droppable = [i for i in keep if cols[i].drop > 0]
        if not droppable:
            break
        keep.remove(max(droppable, key=lambda i: (cols[i].drop, i)))
    out = {i: sizes[i][1] for i in keep}
    spare = width - floor(keep)
    # Still too wide: paths get cut shorter first, then text folds its longest words.
    for kind in ("path", "text"):
        for i in keep:
            if spare >= 0:
                break
            if cols[i].kind == kind:
                least = max(cell_len(cols[i].name), 8 if kind == "path" else 6)
                take = min(-spare, max(0, out[i] - least))
                out[i] -= take
                spare += take
    grow = {i: sizes[i][0] - sizes[i][1] for i in keep if sizes[i][0] > sizes[i][1]}
    wanted = sum(grow.values())
    if spare > 0 and wanted:
        if wanted <= spare:
            for i, extra in grow.items():
                out[i] += extra
        else:
            given = 0
            for i, extra in grow.items():
                share = extra * spare // wanted
                out[i] += share
                given += share
            for i in sorted(grow, key=lambda i: -grow[i]):  # the rounding's leftovers
                if given >= spare:
                    break
                if out[i] < sizes[i][0]:
                    out[i] += 1
                    given += 1
    return keep, [out[i] for i in keep]


def clip_start(text: str, width: int) -> str:
    """`text` in at most `width` cells, cut at the start: the end of a path matters."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    tail = text
    while cell_len(tail) > width - 1:
        tail = tail[1:]
    slash = tail.find("/")
    if 0 < slash < len(tail) - 1:
        tail = tail[slash:]
    return ELLIPSIS + tail


def fit_table(title: str, cols: list[Col], rows: list[list], width: int, gap: int = GAP):
    """A Rich table of plain strings, at most `width` wide where it can be; every cell is
    a `Text`, so user text is never read as markup."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    keep, sizes = widths(cols, rows, width, gap)
    table = Table(title=Text(title) if title else None, title_justify="left",
                  header_style="bold", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  padding=(0, gap - 1, 0, 0))
    for i, size in zip(keep, sizes):
        col = cols[i]
        table.add_column(Text(col.name), width=size, no_wrap=col.kind != "text",
                         overflow="fold" if col.kind == "text" else "ellipsis",
                         justify="right" if col.right else "left")
    for row in rows:
        cells = []
        for i, size in zip(keep, sizes):
            value = str(row[i])
            if cols[i].kind == "path":
                value = "\n".join(clip_start(line, size) for line in _lines(value))
            cells.append(Text(value))
        table.add_row(*cells)
    return table


def guess_cols(columns: list[str], rows: list[list]) -> list[Col]:
    """Columns for a table nobody described: up to 20 characters is short, numbers go right."""
    cols = []
    for i, name in enumerate(columns):
        cells = [str(r[i]) for r in rows]
        widest = max((cell_len(line) for cell in cells for line in _lines(cell)), default=0)
        numeric = bool(cells) and all(c.replace(".", "", 1).lstrip("-").isdigit()
                                      for c in cells if c)
        cols.append(Col(name, "short" if widest <= 20 else "text", right=numeric))
    return cols
