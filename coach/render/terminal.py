"""Terminal output with Rich. Untrusted text goes in as `Text`, never parsed as markup."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text


def console() -> Console:
    """A console on stdout. Rich honours FORCE_COLOR, TERM=dumb and COLUMNS; we add what it
    leaves out: NO_COLOR means no styling at all (bold and dim too), a COLUMNS that is not a
    positive number is ignored (Rich printed nothing), piped output has no trailing spaces."""
    import os
    import sys

    options: dict = {}
    columns = os.environ.get("COLUMNS")
    if columns is not None and not (columns.strip().isdigit() and int(columns) > 0):
        import shutil

        options["width"] = shutil.get_terminal_size().columns
    if os.environ.get("NO_COLOR"):
        options["color_system"] = None
    stream = sys.stdout
    if not _isatty(stream) and not os.environ.get("FORCE_COLOR"):
        options["file"] = _Trimmed(stream)
    return Console(highlight=False, soft_wrap=False, **options)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class _Trimmed:
    """A stream that drops the spaces Rich pads lines with, for output read by programs."""

    def __init__(self, file):
        self.file, self.partial = file, ""

    @property
    def encoding(self) -> str:
        return getattr(self.file, "encoding", None) or "utf-8"

    def write(self, text: str) -> int:
        import re

        head, sep, self.partial = (self.partial + text).rpartition("\n")
        if sep:
            self.file.write(re.sub(r"[ \t]+\n", "\n", head + sep))
        return len(text)

    def flush(self) -> None:
        if self.partial:
            self.file.write(self.partial.rstrip(" \t"))
            self.partial = ""
        self.file.flush()

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.file.fileno()


def print_table(title: str, columns: list, rows: list[list], out: Console | None = None):
    """A table that reads at the console's width: `columns` are names (short columns are
    guessed: up to 20 characters never wrap) or coach.render.fit.Col for full control."""
    from coach.render.fit import Col, fit_table, guess_cols

    out = out or console()
    cols = (columns if all(isinstance(c, Col) for c in columns)
            else guess_cols([str(c) for c in columns], rows))
    out.print(fit_table(title, cols, rows, out.width))


# --------------------------------------------------------------------------- the brief


def _lines(out: Console, items, width: int, mark: str = "•", style: str = "dim",
           text_style: str = "") -> list[Text]:
    """Bullets with a hanging indent, wrapped by Rich in cells (a CJK character or an emoji
    takes two columns): far cheaper for Rich than a table each."""
    from rich.cells import cell_len

    lines: list[Text] = []
    prefix = f"{mark} " if mark else ""
    indent = " " * cell_len(prefix)
    room = max(10, width - len(indent))
    for item in items:
        body = Text(str(item), style=text_style)
        if "\n" not in body.plain and body.cell_len <= room:
            wrapped = [body]  # most fit: Text.wrap would cost its layout for nothing
        else:
            wrapped = list(body.wrap(out, room, justify="default", overflow="fold")) or [Text()]
        for i, line in enumerate(wrapped):
            row = Text(prefix if i == 0 else indent, style=style if i == 0 else "")
            row.append_text(line)
            lines.append(row)
    return lines


def _join(lines: list[Text]) -> Text:
    return Text("\n").join(lines)


def _side_by_side(left: list[Text], right: list[Text], left_width: int, gap: int = 2) -> Text:
    rows = []
    for i in range(max(len(left), len(right))):
        row = left[i].copy() if i < len(left) else Text()
        row.pad_right(left_width - row.cell_len + gap)
        if i < len(right):
            row.append_text(right[i])
        rows.append(row)
    return _join(rows)


def _pairs(out: Console, pairs, width: int) -> Text:
    lines: list[Text] = []
    for pair in pairs:
        point = str(pair.point) + (f" ({pair.source})" if pair.source else "")
        lines += _lines(out, [point], width, "•", "dim", "bold")
        lines += _lines(out, [pair.answer], width - 2, "  →", "dim")
    return _join(lines)


def brief_renderables(brief, out: Console, short: bool = False) -> list:
    """The brief as Rich renderables at `out`'s width: the first screen, then the detail."""
    from rich.box import ROUNDED
    from rich.cells import cell_len
    from rich.console import Group
    from rich.panel import Panel

    width = out.width
    p = brief.prospect
    inner = width - 4  # the panel's borders and one space of padding each side
    head: list[Text] = _lines(out, [p.line()], inner, "", "", "bold")
    for label, value in (("Goal", p.goal), ("Stage", brief.stage_name),
                         ("Why", brief.stage_why)):
        if value:
            head += _lines(out, [value], inner, f"{label}:", "dim")
    head += _lines(out, [brief.read], inner, "Style:", "dim", "bold cyan")
    head += _lines(out, [brief.summary], inner, "", "", "italic")
    flex = brief.flex_first()
    if flex:
        head += _lines(out, [flex], inner, "Flex:", "dim")
    for note in brief.rep_notes():
        head += _lines(out, [note], inner, "!", "bold yellow", "yellow")
    box = Panel(Group(*head), title=Text("Call brief"), title_align="left", box=ROUNDED,
                border_style="cyan", padding=(0, 1), width=width)

    picture = []
    for line in brief.grid:
        row = Text()
        for ch in line:
            row.append(ch, style="bold magenta" if ch == "@" else "dim" if ch in "-|+" else "")
        picture.append(row)
    grid_width = max(cell_len(line) for line in brief.grid)
    do = [Text("Do on this call", style="bold green")]
    do += _lines(out, brief.top_actions, width - grid_width - 3, "☐", "green")
    top = _side_by_side(picture, do, grid_width, gap=3)

    half = (width - 3) // 2
    limit = min(4, brief.say_avoid) if short else brief.say_avoid
    say = [Text("Say", style="bold green")] + _lines(out, brief.use[:limit], half, "+", "green")
    avoid = [Text("Avoid", style="bold red")] + _lines(out, brief.avoid[:limit], half, "-",
                                                       "red")
    # what does not fit beside each other on the first screen follows further down
    more = [] if short else [
        (column, title, mark, style, items[limit:])
        for column, title, mark, style, items in (
            (say, "More to say", "+", "green", brief.use),
            (avoid, "More to avoid", "-", "red", brief.avoid))
        if len(items) > limit]
    for column, _, _, _, rest in more:
        column.append(Text(f"… {len(rest)} more below", style="dim"))
    talk = _side_by_side(say, avoid, half, gap=3)

    body = [top, Text(""), talk]
    if not short:
        if brief.profile.evidence:
            body += [_rule("Why this read", width), _why(out, brief.profile, width)]
        cap = brief.screen_items
        for _, title, mark, style, rest in more:
            body.append(_rule(title, width))
            body.append(_join(_lines(out, rest[:cap], width, mark, style)))
        for section in brief.sections:
            body.append(_rule(section.title, width))
            items = section.items[:cap]
            if section.kind == "pairs":
                body.append(_pairs(out, items, width))
            else:
                mark = "☐" if section.kind == "actions" else "•"
                body.append(_join(_lines(out, items, width, mark)))
            if len(section.items) > cap:
                more = len(section.items) - cap
                body.append(Text(f"… and {more:,} more: the Markdown or JSON brief has them "
                                 "all (--format markdown)", style="dim"))
    # one pre-wrapped Text is far cheaper for Rich to print than dozens of renderables
    text = _join(body)
    text.no_wrap = True  # already wrapped to the width above, so Rich need not look again
    text.overflow = "ignore"
    return [box, text]


def _rule(title: str, width: int) -> Text:
    from rich.cells import cell_len

    line = Text(str(title), style="bold")
    line.append(" " + "─" * max(3, width - cell_len(str(title)) - 1), style="dim")
    return line


def print_brief(brief, short: bool = False, out: Console | None = None,
                page: bool = False) -> None:
    """Print the brief; on a terminal, a brief longer than the screen opens in a pager
    (less -FRX, like git) so the rep starts at the top: the first screen is the point."""
    out = out or console()
    print_paged(brief_renderables(brief, out, short), out, page=page and not short)


def print_paged(items, out: Console | None = None, page: bool = True) -> None:
    """Print renderables; on a terminal, what is longer than the screen opens in a pager
    (less -FRX, like git) so the reader starts at the top."""
    out = out or console()
    if page and out.is_terminal:
        with out.capture() as captured:
            for item in items:
                out.print(item)
        text = captured.get()
        if text.count("\n") < out.height or not _page(text):
            out.file.write(text)
        return
    for item in items:
        out.print(item)


def _page(text: str) -> bool:
    """Show text through $COACH_PAGER or $PAGER (default less); False if there is none."""
    import os
    import shlex
    import subprocess

    command = os.environ.get("COACH_PAGER", os.environ.get("PAGER", "less"))
    if not command.strip() or command.strip() == "cat":
        return False
    if os.environ.get("TERM") == "dumb":  # less would stop on "Press RETURN to continue"
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    try:
        done = subprocess.run(shlex.split(command), input=text.encode("utf-8"), env=env,
                              check=False)
    except (OSError, ValueError):
        return False
    return done.returncode == 0  # PAGER=false, a pager that failed: print it ourselves


def _why(out: Console, profile, width: int = 80) -> Text:
    lines = _lines(out, profile.reasons, width, "·")
    for e in profile.evidence:
        lines += _lines(out, [f"{e.question} {e.answer}  ({e.pulls()})"], width, "·")
    return _join(lines)


def print_profile(profile, names: dict, grid_lines: list[str], out: Console | None = None):
    out = out or console()
    from coach.brief import read_line

    text = Text()
    text.append("Read: ", style="dim")
    text.append(read_line(profile, names) if profile.style else
                "not enough to say: answer more questions", style="bold cyan")
    if profile.shares:
        text.append("\nShares: ", style="dim")
        text.append(", ".join(f"{names.get(sid, sid)} {share:.0%}"
                              for sid, share in profile.shares.items()))
    spread = profile.spread or {}
    text.append(f"\nAssertiveness {profile.assertiveness:+.2f} ± "
                f"{spread.get('assertiveness', 0):.2f}  Responsiveness "
                f"{profile.responsiveness:+.2f} ± {spread.get('responsiveness', 0):.2f}",
                style="dim")
    out.print(text)
    out.print(Text("\n".join(grid_lines)))
    out.print(_why(out, profile, out.width))
