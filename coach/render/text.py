"""Untrusted text made inert for any output: control characters shown, never obeyed."""

from __future__ import annotations

import re

# C0/C1 controls (ANSI escapes start with \x1b) and bidi overrides that reorder a line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match) -> str:
    ch = match.group()
    if ch in "\t\n\r":
        return " "
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def clean(value) -> str:
    """A cell, name or note as inert text: control characters made visible."""
    return _CONTROL.sub(_visible, "" if value is None else str(value))
