"""Small helpers shared by the tests: writing playbooks, scripted answers to prompts."""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.errors import InputRequired


def write(folder, name: str, text: str | bytes):
    """Write a playbook (text or raw bytes) under folder, making its folders."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# A trainer's own quiz file with one item whose wrong option has no why.
TEAM_QUIZ = """\
kind: quiz
version: 1
id: team-extra
items:
  - id: pricing-1
    topic: tailoring
    question: Which opening suits a Driver?
    options:
      - {value: result, label: The result first}
      - {value: history, label: Our history}
    answer: result
    explanation: Drivers want the result first.
"""


@dataclass
class ScriptedPrompter:
    """Answers from a list, for flows tested without a terminal (no questionary involved)."""

    replies: list = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def _next(self, message: str):
        self.asked.append(message)
        if not self.replies:
            raise InputRequired(f"no scripted reply for: {message}")
        reply = self.replies.pop(0)
        if reply is KeyboardInterrupt:
            raise KeyboardInterrupt
        return reply

    def select(self, message, choices, **_):
        reply = self._next(message)
        values = [v for v, _ in choices]
        if reply not in values:
            raise AssertionError(f"{reply!r} is not a choice of {message!r}: {values}")
        return reply

    def text(self, message, **_):
        return self._next(message)

    def confirm(self, message, **_):
        return self._next(message)

    def checkbox(self, message, choices, **_):
        return self._next(message)


def learn_terminal(page, width: int = 100) -> str:
    """A learn page as the terminal shows it, without colour."""
    import io

    from rich.console import Console

    from coach.render.learn import page_renderables

    buffer = io.StringIO()
    out = Console(file=buffer, width=width, color_system=None)
    for item in page_renderables(page):
        out.print(item)
    return buffer.getvalue()


def page_text(p) -> list[str]:
    """Every string a page shows, flattened (to check what a learn page shows)."""
    out = [p.title, *map(str, p.intro)]

    def walk(block) -> None:
        out.append(block.title)
        out.extend(note.text for note in block.notes)
        for group in block.groups:
            out.extend([group.label, *map(str, group.items)])
        for child in block.blocks:
            walk(child)

    for block in p.blocks:
        walk(block)
    return [s for s in out if s]
