"""The interactive quiz: ask each item, give feedback at once, grade at the end.

A plain function over a prompter (coach.interview.Prompter for real prompts, ScriptedPrompter
in tests) and a `show` callback for the feedback, so the flow knows nothing about questionary
or Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coach.training import Asked, ItemResult, Result, check, grade


def run(asked: Sequence[Asked], prompter, *, pass_mark: float,
        show: Callable[[ItemResult, int, int], None] | None = None) -> Result:
    """Ask every item in order; `show(result, number, total)` after each answer.

    Ctrl-C propagates (KeyboardInterrupt): an unfinished quiz is not graded or kept.
    """
    answers: dict[str, str] = {}
    total = len(asked)
    for number, item in enumerate(asked, start=1):
        keys = f"1-{len(item.options)}" if len(item.options) <= 9 else "arrows"
        chosen = prompter.select(f"({number}/{total}) {item.question}", list(item.options),
                                 instruction=f"({keys} to answer)")
        answers[item.id] = chosen
        if show is not None:
            show(check(item, chosen), number, total)
    return grade(asked, answers, pass_mark)
