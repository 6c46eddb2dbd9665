"""The words coach's data is made of, defined once: stages, call outcomes, output formats.

Typer options take these Enums as flag types, the journal stores their values, and lessons
and the debrief show their labels. Stages a trainer adds in playbooks are plain ids beside
these four; the four are the module's lifecycle, which the accounts rules produce.
"""

from __future__ import annotations

from enum import Enum


class Stage(str, Enum):
    """The module's account lifecycle stages, in the order the module teaches them."""

    new = "new"
    loyal = "loyal"
    potential = "potential"
    at_risk = "at-risk"


STAGES: tuple[str, ...] = tuple(s.value for s in Stage)


class Outcome(str, Enum):
    """How a call went, as the debrief records it."""

    won = "won"
    advanced = "advanced"
    no_change = "no-change"
    stalled = "stalled"
    lost = "lost"

    @property
    def word(self) -> str:
        """The outcome in a table heading or a sentence: "no change"."""
        return self.value.replace("-", " ")

    @property
    def label(self) -> str:
        """The outcome as a debrief choice, with what it means."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.won: "Won: they bought or signed",
    Outcome.advanced: "Advanced: a clear next step was agreed",
    Outcome.no_change: "No change: nothing moved either way",
    Outcome.stalled: "Stalled: they put it off or went quiet",
    Outcome.lost: "Lost: they said no or chose someone else",
}

OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)
POSITIVE: tuple[str, ...] = (Outcome.won.value, Outcome.advanced.value)
NEGATIVE: tuple[str, ...] = (Outcome.stalled.value, Outcome.lost.value)


class TextFormat(str, Enum):
    """Output for things a rep reads or pastes: a brief, a learn page, lessons."""

    terminal = "terminal"
    markdown = "markdown"
    json = "json"


class ViewFormat(str, Enum):
    """Output for lists and records a script may read."""

    terminal = "terminal"
    json = "json"


class ExportFormat(str, Enum):
    """`coach journal export`."""

    csv = "csv"
    json = "json"
    markdown = "markdown"


class TableFormat(str, Enum):
    """`coach accounts segment`."""

    terminal = "terminal"
    csv = "csv"
    json = "json"
    markdown = "markdown"
