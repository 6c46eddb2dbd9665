"""Brief -> GitHub-flavoured Markdown, for CRM notes and print.

Every piece of text is escaped, so a name like `[x](y) *CEO* <b>` shows literally once the
Markdown is rendered: no links, no emphasis, no HTML passed through.
"""

from __future__ import annotations

import re

from coach.brief import Brief

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_LEADING = re.compile(r"^([-+#=])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> str:
    """Literal text in Markdown: backslash-escape what Markdown or HTML would act on."""
    text = " ".join(str(text).split())  # a newline in a name must not start a new block
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LEADING.sub(r"\\\1", text)
    return _LEADING_NUMBER.sub(r"\1\\\2", text)


def _bullets(items, box: bool) -> list[str]:
    mark = "- [ ] " if box else "- "
    return [f"{mark}{escape(x)}" for x in items]


def render_markdown(brief: Brief, short: bool = False) -> str:
    p = brief.prospect
    out = [f"# Call brief: {escape(p.line())}", ""]
    header = [
        ("Date", brief.created),
        ("Prospect", p.name), ("Company", p.company), ("Role", p.role),
        ("Call goal", p.goal), ("Account stage", brief.stage_name),
        ("Why this stage matters", brief.stage_why),
        ("Style", brief.read),
        ("Flex", brief.flex_first()),
    ]
    out += [f"- **{k}:** {v if k == 'Date' else escape(v)}" for k, v in header if v]
    out += ["", f"> {escape(brief.summary)}", ""]
    for note in brief.rep_notes():
        out += [f"> **Note:** {escape(note.text)}", ""]
    out += ["```text", *brief.grid, "```", ""]
    if brief.profile.evidence and not short:
        out += ["## Why this read", ""]
        out += _bullets(brief.profile.reasons, False)
        out += [f"- {escape(e.question)} {escape(e.answer)} ({escape(e.pulls())})"
                for e in brief.profile.evidence]
        out.append("")
    out += ["## Top things to do on this call", ""]
    out += _bullets(brief.top_actions, True)
    out += ["", "## Say", ""] + _bullets(brief.use, False)
    out += ["", "## Avoid", ""] + _bullets(brief.avoid, False)
    out.append("")
    if short:
        return "\n".join(out)
    for section in brief.sections:
        out += [f"## {escape(section.title)}", ""]
        if section.kind == "pairs":
            for pair in section.items:
                source = f" ({escape(pair.source)})" if pair.source else ""
                # a point ending in '.', '?' or '!' takes a dash, never '.:' or '?:'
                joint = " — " if pair.point.rstrip()[-1:] in ".?!" and not source else ": "
                out.append(f"- **{escape(pair.point)}**{source}{joint}{escape(pair.answer)}")
        else:
            out += _bullets(section.items, section.kind == "actions")
        out.append("")
    return "\n".join(out)
