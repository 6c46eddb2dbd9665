"""Follow-up email templates: one per style and stage, with checked placeholders."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, TextList, doc, placeholder_problems

PLACEHOLDERS: dict[str, str] = {
    "name": "the person the email is to",
    "company": "their company",
    "next_step": "the next step agreed on the call",
    "date": "the date of that next step, written out",
    "rep": "your own name",
    "support": "who supports them after the call (`--support`; without it the template's "
               "`body_without_support` is used)",
    "problem": "what went wrong, for an at-risk account",
}
"""Every `{placeholder}` a template may use, and what fills it."""


class Template(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    subject: Annotated[Text, doc(
        "The email's subject line; placeholders such as {name} are filled in.")]
    greeting: Annotated[Text, doc("The first line, such as \"Hi {name},\".")]
    body: Annotated[TextList, doc(
        "Paragraphs, in order. An at-risk email owns the problem in the first one.")]
    body_without_support: Annotated[list[Text], doc(
        "The paragraphs when nobody is named with `--support` (you support them yourself): "
        "needed when `body` uses {support}, so the email never pairs you with yourself "
        "(\"Sam and I\", signed Sam).")] = []
    figures: Annotated[list[Text], doc(
        "Lines shown under \"The figures\": slots the rep fills in, such as "
        "\"Payback: [months]\".")] = []
    attachments: Annotated[list[Text], doc("What to attach, listed under \"Attached\".")] = []
    ask: Annotated[Text, doc("The closing question: the one thing the email asks them to do.")]
    closing: Annotated[str, doc(
        "A line before the rep's name (\"Kind regards,\"), or nothing.")] = ""


class Followup(Base, tag="followup", kw_only=True):
    """Shipped as one file per style, all with the id `followup`: they stack key by key."""

    styles: Annotated[dict[Id, dict[Id, Template]], msgspec.Meta(min_length=1), doc(
        "Style id -> stage id (new, loyal, potential, at-risk) -> the template.")]

    def lint(self) -> list[tuple[str, str]]:
        """Placeholders the filler would not know, and braces that are not placeholders."""
        found: list[tuple[str, str]] = []
        for style, stages in self.styles.items():
            for stage, template in stages.items():
                at = f"styles.{style}.{stage}"
                for field, text in texts(template):
                    found += placeholder_problems(f"{at}.{field}", text, PLACEHOLDERS)
                uses = [i for i, t in enumerate(template.body) if "{support}" in t]
                if uses and not template.body_without_support:
                    found.append((f"{at}.body[{uses[0]}]", "uses {support}: give "
                                  "body_without_support too, the paragraphs when nobody is "
                                  "named (else the rep is paired with themselves)"))
                for i, text in enumerate(template.body_without_support):
                    if "{support}" in text:
                        found.append((f"{at}.body_without_support[{i}]", "is for when "
                                      "nobody supports them but you: leave out {support}"))
        return found


def texts(template: Template):
    for field in ("subject", "greeting", "ask", "closing"):
        yield field, getattr(template, field)
    for field in ("body", "body_without_support", "figures", "attachments"):
        for i, text in enumerate(getattr(template, field)):
            yield f"{field}[{i}]", text
