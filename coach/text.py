"""Small text rules every command follows the same way: counts, days, names, quoting.

Pure functions, no output: a plural, a day given on a flag, an unknown value with what to
use instead, untrusted text made inert, and a YAML string that reads back as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from coach.errors import UsageError

# C0/C1 controls (ANSI escapes start with \x1b) and bidi overrides that reorder a line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
"""A `{name}` in playbook wording: filled by `fill`, checked by the playbook validator."""


def fill(text: str, values: dict[str, str]) -> str:
    """Each {placeholder} replaced by its value, in one pass: values are never re-read, so a
    name that contains braces is inserted as it is."""
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def plural(count: int, word: str, many: str | None = None) -> str:
    """'1 call', '3 calls', '1,234 rows', '2 replies' (with `many`)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def unknown(what: str, value: object, choices: Iterable[str], flag: str | None = None
            ) -> UsageError:
    """The error for a value that is not one of `choices`, naming the flag and the choices."""
    where = f"{flag}: " if flag else ""
    return UsageError(f"{where}unknown {what} {value!r}; use one of: {', '.join(choices)}")


def parse_day(value: str | date | None, flag: str) -> date | None:
    """A YYYY-MM-DD day given on `flag` (None when not given), or an error naming the flag."""
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{flag}: {value!r} is not a date; use YYYY-MM-DD") from None


def iso_day(value: str | None, flag: str) -> str | None:
    """`parse_day` as the journal stores a day: YYYY-MM-DD text."""
    day = parse_day(value, flag)
    return day.isoformat() if day else None


def _visible(match: re.Match) -> str:
    ch = match.group()
    if ch in "\t\n\r":
        return " "
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def clean(value: object) -> str:
    """A cell, name or note as inert text for output: control characters made visible."""
    return _CONTROL.sub(_visible, "" if value is None else str(value))


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell starting with one of these is a formula to a spreadsheet (CSV injection)."""


def csv_cell(value: object) -> str:
    """A CSV text cell a spreadsheet shows as text: a formula lead gets a ' in front."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_LEADS else text


def strip_controls(text: str) -> str:
    """A name or goal as the rep meant it: a control character becomes a space, spaces
    collapse (an ESC in a pasted name must not reach the terminal, the journal or a file name,
    and 'Dana<TAB>Reyes' stays two words); bytes that were not UTF-8, which argv decodes to
    lone surrogates, become U+FFFD instead of failing every later write."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return " ".join(_CONTROL.sub(" ", text).split())


_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
_PRINTABLE_EXCLUDED = {"\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\x85"}


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar: anything YAML would read differently, or a terminal or
    editor would act on (control and bidi characters), is escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif 0x20 <= code < 0x7F or (
                code >= 0xA0 and ch not in _PRINTABLE_EXCLUDED
                and not 0xD800 <= code <= 0xDFFF
                and not 0x202A <= code <= 0x202E and not 0x2066 <= code <= 0x2069):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


# ------------------------------------------------------- prompt choices that fit the screen

ELLIPSIS = "\u2026"


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters, cut at a word where it can be, with '…'.

    For prompt choices: a prompt cuts a long one off at the edge, mid-word ("…happy wit"),
    and a choice wrapped onto two lines garbles the answered line once the question itself
    fills the width."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = text[:width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + ELLIPSIS


def describe(text: str, width: int, lead: int = 15) -> str:
    """The full text of a cut choice, wrapped for the line under the list (which starts
    with the prompt's own 'Description: ' and would be cut at the edge, not wrapped)."""
    import textwrap

    wrapped = textwrap.fill(" ".join(str(text).split()), max(20, width - 1),
                            initial_indent=" " * lead)
    return wrapped[lead:]


def fit_choices(choices, width: int) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """(value, label) choices with labels cut to `width`, and the full text of those cut
    (value -> text to show under the list while that choice is highlighted)."""
    fitted, full = [], {}
    for value, label in choices:
        short = clip(label, width)
        fitted.append((value, short))
        if short != " ".join(str(label).split()):
            full[value] = describe(label, width + 8)
    return fitted, full


def terminal_width(default: int = 80) -> int:
    """The terminal's width (COLUMNS wins), for labels questionary would cut off."""
    import shutil

    return shutil.get_terminal_size((default, 24)).columns
