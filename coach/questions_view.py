"""The question bank as a table and as an answers-file template a rep fills in before a call."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coach.playbook.loader import Playbooks


def question_rows(questions) -> list[list[str]]:
    return [[q.id, q.axis, ", ".join(q.channels) or "anywhere", q.text,
             " | ".join(o.value for o in q.options)] for q in questions]


def template_text(books: Playbooks, questions=None, seen=None) -> str:
    """A YAML answers file: every question set to 'unsure', each option explained."""
    from coach.playbook.kinds.questions import channels_of

    lines = [
        "# Answers for: coach prep --answers THIS_FILE   (or coach identify --answers ...)",
        "# Replace 'unsure' with the option that fits what you have seen; leave it if unsure.",
        "",
        "name: \"\"",
        "company: \"\"",
        "role: \"\"",
        "goal: \"\"",
        f"stage: \"\"   # {' | '.join(books.stages)}",
        "# How you know them, comma-separated; only questions observable there are asked",
        f"# ({', '.join(c.id for c in channels_of(books.of('questions').values()))}; "
        "empty: every question):",
        "seen: " + (", ".join(seen) if seen else '""'),
        "",
    ]
    for q in books.questions if questions is None else questions:
        lines.append(f"# {q.text}")
        if q.help:
            lines.append(f"#   {q.help}")
        for o in q.options:
            lines.append(f"#   {o.value}: {o.label}")
        lines.append(f"{q.id}: unsure")
        lines.append("")
    return "\n".join(lines)
