"""The interactive quiz: ask each item, give feedback at once, grade at the end.

A plain function over a prompter (coach.interview.Prompter for real prompts, a scripted one
in tests) and a `show` callback for the feedback, so the flow knows nothing about questionary
or Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coach.training import Asked, ItemResult, Result, check, grade


def run(asked: Sequence[Asked], prompter, *, pass_mark: float, min_items: int = 1,
        show: Callable[[ItemResult, int, int], None] | None = None,
        width: int | None = None) -> Result:
    """Ask every item in order; `show(result, number, total)` after each answer.

    An option longer than `width` (default: the terminal's, less the prompt's margin) is
    cut with '…' rather than left to the prompt to cut mid-word; its full text shows under
    the list while it is highlighted, and the feedback quotes the options in full. (The
    shipped options fit 80 columns whole.)
    Ctrl-C propagates (KeyboardInterrupt): an unfinished quiz is not graded or kept.
    """
    from coach.text import fit_choices, terminal_width

    width = max(20, terminal_width() - 8 if width is None else width)
    answers: dict[str, str] = {}
    total = len(asked)
    for number, item in enumerate(asked, start=1):
        keys = f"1-{len(item.options)}" if len(item.options) <= 9 else "arrows"
        options, full = fit_choices(item.options, width)
        chosen = prompter.select(f"({number}/{total}) {item.question}", options,
                                 instruction=f"({keys} to answer)", descriptions=full or None)
        answers[item.id] = chosen
        if show is not None:
            show(check(item, chosen), number, total)
    return grade(asked, answers, pass_mark, min_items)
