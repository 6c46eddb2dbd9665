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
                      "Sales strategy", "Engagement and follow-up",
                      "Account plan (", "Signs of stress", "Confirm the read on the call",
                      "Call checklist"):
            assert f"## {title}" in md, (sid, title)
        # keeping a customer comes once they have bought (review 2, #12)
        assert "## Long-term relationship" not in md, sid
        bought = render_markdown(build_brief(books, Prospect(stage="new"),
                                             given(sid, books.style(sid).position)))
        assert "## Long-term relationship" in bought, sid


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



WIDE = [("田中 太郎", "株式会社ノースウィンド"), ("Dana 🚀 Reyes", "Rocket 🚀 Labs")]


def _split_at(line: str, cells: int) -> tuple[str, str]:
    """`line` cut where `cells` terminal columns end; fails if a wide character straddles."""
    from rich.cells import cell_len

    for i in range(len(line) + 1):
        if cell_len(line[:i]) == cells:
            return line[:i], line[i:]
        if cell_len(line[:i]) > cells:
            break
    if cell_len(line) < cells:
        return line, ""
    raise AssertionError(f"a wide character straddles column {cells}: {line!r}")


def _columns_line_up(rows: list[str], at: int, marks: tuple[str, ...]) -> None:
    for row in rows:
        left, right = _split_at(row, at)
        assert right == "" or right.startswith(marks), row
        assert left == row or left.endswith("   "), row


@pytest.mark.parametrize("name,company", WIDE)
def test_wide_names_stay_inside_the_box_at_80_columns(books, name, company):
    """A CJK character or an emoji takes two cells: counted as one, the box's right border
    and the columns beside each other come out ragged and past the edge."""
    import msgspec
    from rich.cells import cell_len

    from coach.brief import Item

    answers = {"pace": "fast", "small_talk": "straight_in", "evidence": "facts"}
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    goal = f"{company}の予算を確認する。" * 4  # long enough to wrap inside the box
    prospect = Prospect(name=name, company=company, goal=goal, stage="potential")
    brief = build_brief(books, prospect, profile)
    wide = [Item(text=f"{name}と{company}🚀に合わせて話す。" * 3)]
    brief = msgspec.structs.replace(brief, use=wide + brief.use, avoid=wide + brief.avoid,
                                    top_actions=wide + brief.top_actions)
    lines = _terminal(brief, width=80).splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    end = next(i for i, line in enumerate(lines) if line.startswith("╰"))
    box = lines[:end + 1]
    assert box[0].startswith("╭─ Call brief ") and box[0].endswith("╮")
    assert f"{name} ({company})" in box[1]
    assert {cell_len(line) for line in box} == {80}  # the right border lines up
    assert all(line.startswith("│") and line.endswith("│") for line in box[1:-1])
    assert sum("Goal:" in line for line in box) == 1 and len(box) >= 8  # goal wrapped inside

    # the actions beside the grid, and Avoid beside Say, start in one column on every row
    do = lines[end + 1:lines.index("", end + 1)]
    do_at = cell_len(do[0][:do[0].index("Do on this call")])
    _columns_line_up(do[1:], do_at, ("☐ ", "  "))
    assert sum("話す" in _split_at(row, do_at)[1] for row in do) >= 2
    say = next(i for i, line in enumerate(lines) if line.startswith("Say"))
    talk = lines[say:next(i for i in range(say, len(lines)) if "───" in lines[i])]
    avoid_at = cell_len(talk[0][:talk[0].index("Avoid")])
    _columns_line_up(talk[1:], avoid_at, ("- ", "  ", "… "))
    assert sum("話す" in _split_at(row, avoid_at)[1] for row in talk) >= 2
    assert sum("話す" in _split_at(row, avoid_at)[0] for row in talk) >= 2


def test_tables_and_clipped_paths_measure_wide_text_in_cells():
    from rich.cells import cell_len

    from coach.render.fit import Col, clip_start, fit_table

    path = "/home/田中/プレイブック/チーム/ドライバー.yaml"
    assert cell_len(clip_start(path, 24)) <= 24
    assert clip_start(path, 24).endswith("ドライバー.yaml")
    rows = [["株式会社ノースウィンド", "2026-11-23", path, "田中 太郎 🚀 " * 6]]
    cols = [Col("account", "short"), Col("day", "short"), Col("file", "path"), Col("note")]
    buffer = io.StringIO()
    Console(file=buffer, width=60, color_system=None).print(fit_table("", cols, rows, 60))
    lines = buffer.getvalue().splitlines()
    assert max(cell_len(line) for line in lines) <= 60
    assert any("株式会社ノースウィンド  2026-11-23" in line for line in lines)


def test_a_huge_section_shows_the_first_lines_and_how_many_more(tmp_path, monkeypatch):
    """A trainer's playbook with thousands of lines in one list: the terminal shows what can
    be read before a call and says how many more there are; Markdown keeps them all. The
    terminal draws the capped brief, so its time does not grow with the list."""
    import io

    from helpers import write
    from rich.console import Console

    from coach.brief import Prospect, build_brief
    from coach.playbook import load
    from coach.render.markdown import render_markdown
    from coach.scoring import given

    many = "\n".join(f'  - "Trait number {i} seen"' for i in range(5000))
    write(tmp_path, "driver.yaml", "kind: style\nversion: 1\nid: driver\n"
          f"characteristics+:\n{many}\n")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    books = load(use_cache=False)
    style = books.style("driver")
    brief = build_brief(books, Prospect(stage="potential"),
                        given("driver", style.position, len(books.questions)))
    cap = books.settings.brief.screen_items
    screen = io.StringIO()
    print_brief(brief, out=Console(file=screen, width=100, color_system=None))
    text = screen.getvalue()
    shown = [line for line in text.splitlines() if "Trait number" in line]
    items = brief.section("characteristics").items
    assert len(shown) == sum("Trait number" in str(i) for i in items[:cap])
    traits = len(items)
    assert f"… and {traits - cap:,} more: the Markdown or JSON brief has them all" in text
    assert render_markdown(brief).count("Trait number") == 5000


def test_say_and_avoid_beyond_the_first_screen_follow_further_down(books):
    """The first screen keeps Say and Avoid short (settings.yaml brief.say_avoid); nothing is
    lost: the rest is under 'More to avoid', and the Markdown brief lists them all."""
    import io

    from rich.console import Console

    from coach.brief import Prospect, build_brief
    from coach.render.markdown import render_markdown
    from coach.scoring import given

    style = books.style("expressive")
    brief = build_brief(books, Prospect(stage="at-risk"),
                        given("expressive", style.position, len(books.questions)))
    n = books.settings.brief.say_avoid
    assert len(brief.avoid) > n
    screen = io.StringIO()
    print_brief(brief, out=Console(file=screen, width=80, color_system=None))
    text = screen.getvalue()
    first, below = text.split("More to avoid", 1)
    flat = " ".join(below.split())
    assert f"… {len(brief.avoid) - n} more below" in first
    for line in brief.avoid[n:]:
        assert " ".join(str(line).split()) in flat
        assert str(line) not in " ".join(first.split())
    markdown = render_markdown(brief)
    assert all(str(line) in markdown for line in brief.avoid)


def test_long_learn_pages_and_playbook_views_open_in_the_pager(books, monkeypatch):
    """`coach learn stages` runs to hundreds of lines: like the brief, on a terminal it
    opens in the pager at the top instead of scrolling past."""
    import io

    from rich.console import Console

    from coach import training
    from coach.render import learn, playbooks, terminal

    paged: list[str] = []
    monkeypatch.setattr(terminal, "_page", lambda text: paged.append(text) or True)
    screen = io.StringIO()
    monkeypatch.setattr(terminal, "console", lambda: Console(
        file=screen, width=80, height=20, force_terminal=True, color_system=None))
    learn.print_page(training.page(books, "stages"))
    assert len(paged) == 1 and paged[0].count("\n") > 20 and screen.getvalue() == ""
    playbooks.print_show(books.style("driver"))
    assert len(paged) == 2 and "Driver" in paged[1]
