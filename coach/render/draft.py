"""A follow-up Draft as plain text (for the clipboard), Markdown, or an .eml file a mail app opens.

Every piece is made inert first (control characters shown, never obeyed), so a pasted name
cannot move the cursor, add a mail header or start a Markdown link.
"""

from __future__ import annotations

from coach.followup import Draft
from coach.text import clean


def _blocks(draft: Draft, bullet: str, heading, text) -> list[str]:
    """The email's blocks after the subject, in order, each already rendered."""
    blocks = [text(draft.greeting), *(text(p) for p in draft.body)]
    for title, items in (("The figures", draft.figures), ("Attached", draft.attachments)):
        if items:
            blocks.append("\n".join([heading(title), *(f"{bullet}{text(i)}" for i in items)]))
    blocks.append(text(draft.ask))
    blocks.append("\n".join(text(x) for x in (draft.closing, draft.rep) if x))
    return blocks


def _line(value: str) -> str:
    return " ".join(clean(value).split())


def as_body(draft: Draft) -> str:
    return "\n\n".join(_blocks(draft, "- ", lambda t: f"{t}:", _line)) + "\n"


def as_text(draft: Draft) -> str:
    return f"Subject: {_line(draft.subject)}\n\n{as_body(draft)}"


def as_markdown(draft: Draft) -> str:
    from coach.render.markdown import escape

    def text(value: str) -> str:
        return escape(clean(value))

    head = f"**Subject:** {text(draft.subject)}"
    return "\n\n".join([head, *_blocks(draft, "- ", lambda t: f"**{t}**", text)]) + "\n"


def as_eml(draft: Draft, to: str = "") -> bytes:
    """An unsent message (X-Unsent: 1), so mail apps open it as a draft to edit and send."""
    from email.message import EmailMessage
    from email.policy import default

    message = EmailMessage(policy=default)
    message["Subject"] = _line(draft.subject)
    if to:
        message["To"] = to
    message["X-Unsent"] = "1"
    message.set_content(as_body(draft))
    return bytes(message)
