"""Renderers: every section shows, hostile text stays literal, the width is respected."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from coach.brief import Prospect, build_brief
from coach.render.json import dumps
from coach.render.markdown import escape, render_markdown
from coach.render.terminal import print_brief
from coach.scoring import given, score

HOSTILE = "[red]Dana[/red] *CEO* <b>"


@pytest.fixture(scope="module")
def blend_brief(books):
    answers = {"pace": "fast", "ask_or_tell": "tells", "decision_speed": "on_the_spot",
               "small_talk": "straight_in", "evidence": "stories", "formality": "professional"}
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    prospect = Prospect(name=HOSTILE, company="A&B <script>", role="_CFO_",
                        goal="1. close # deal", stage="at-risk")
    return build_brief(books, prospect, profile, me="amiable")


def _terminal(brief, width=80, short=False) -> str:
    buffer = io.StringIO()
    print_brief(brief, short=short, out=Console(file=buffer, width=width, color_system=None))
    return buffer.getvalue()


def test_terminal_shows_hostile_text_literally(blend_brief):
    out = _terminal(blend_brief, width=120)
    assert HOSTILE in out
    assert "A&B <script>" in out


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_fits_the_width_and_has_every_section(blend_brief, width):
    out = _terminal(blend_brief, width=width)
    assert max(len(line) for line in out.splitlines()) <= width
    for section in blend_brief.sections:
        assert section.title in out
    for must in ("Do on this call", "Say", "Avoid", "Why this read", "leaning Expressive"):
        assert must in out


def test_short_is_the_first_screen_only(blend_brief):
    out = _terminal(blend_brief, short=True)
    assert "Do on this call" in out
    assert "Call checklist" not in out
    assert len(out.splitlines()) < 45


def test_markdown_escapes_user_text():
    assert escape(HOSTILE) == r"\[red\]Dana\[/red\] \*CEO\* \<b\>"
    assert escape("- not a list") == r"\- not a list"
    assert escape("1. not a list") == r"1\. not a list"
    assert escape("two\nlines") == "two lines"


def test_markdown_has_every_section_with_checkboxes(blend_brief):
    md = render_markdown(blend_brief)
    assert md.startswith("# Call brief: ")
    assert escape(HOSTILE) in md and HOSTILE not in md
    assert "<script>" not in md and "<b>" not in md
    assert f"- **Date:** {blend_brief.created}" in md
    for section in blend_brief.sections:
        assert f"## {section.title}" in md
    assert md.count("- [ ] ") >= len(blend_brief.top_actions) + len(
        blend_brief.section("checklist").items)
    assert "(Expressive)" in md


def test_json_is_the_brief_as_data(blend_brief):
    data = json.loads(dumps(blend_brief))
    assert data["style"] == "driver" and data["second_style"] == "expressive"
    assert data["prospect"]["name"] == HOSTILE
    assert data["profile"]["confidence"] == blend_brief.profile.confidence
    assert [s["id"] for s in data["sections"]] == [s.id for s in blend_brief.sections]
    assert [a["text"] for a in data["top_actions"]] == [a.text for a in blend_brief.top_actions]
    for action in data["top_actions"]:
        assert action["from"] in ("style", "stage", "style+stage") and action["file"]


def test_given_style_brief_renders_for_every_style(books):
    for sid in books.styles:
        brief = build_brief(books, Prospect(stage="potential"),
                            given(sid, books.style(sid).position))
        md = render_markdown(brief)
        for title in ("Top things to do on this call", "Say", "Avoid", "What motivates them",
                      "How they decide", "Likely concerns and how to address them",
                      "Sales strategy", "Engagement and follow-up", "Long-term relationship",
                      "Account plan (", "Signs of stress", "Confirm the read on the call",
                      "Call checklist"):
            assert f"## {title}" in md, (sid, title)


def test_a_long_brief_on_a_terminal_goes_through_the_pager(blend_brief, tmp_path, monkeypatch):
    seen = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > {seen}\n")
    pager.chmod(0o755)
    monkeypatch.setenv("COACH_PAGER", str(pager))
    buffer = io.StringIO()
    screen = Console(file=buffer, width=80, height=40, force_terminal=True, color_system=None)
    print_brief(blend_brief, out=screen, page=True)
    assert "Call checklist" in seen.read_text()
    assert buffer.getvalue() == ""
    # short briefs, and output that is not a terminal, are printed directly
    print_brief(blend_brief, out=screen, page=True, short=True)
    assert "Do on this call" in buffer.getvalue()
    monkeypatch.setenv("COACH_PAGER", "")
    print_brief(blend_brief, out=screen, page=True)
    assert "Call checklist" in buffer.getvalue()
