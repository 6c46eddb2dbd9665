"""What is the training module's and what the coach adds: marked in the playbooks, checked
at its line, and shown by `coach learn` in the terminal, in Markdown and in JSON."""

from __future__ import annotations

import json
import re
import typing

import pytest
from helpers import learn_terminal as _terminal
from helpers import write

from coach import training
from coach.errors import PlaybookError
from coach.playbook import load
from coach.playbook.kinds.common import MODULE_SECTIONS, ModuleRef
from coach.render.json import dumps
from coach.render.learn import MODULE_MARK, page_markdown
from coach.render.markdown import escape


def _lines(page):
    """(text, source, module pointer) of every note, item and intro line of a page."""
    found = [(i.text, i.source, i.module) for i in page.intro]

    def walk(block) -> None:
        found.extend((n.text, n.source, n.module) for n in block.notes)
        for group in block.groups:
            found.extend((i.text, i.source, i.module) for i in group.items)
        for child in block.blocks:
            walk(child)

    for block in page.blocks:
        walk(block)
    return found


@pytest.fixture(scope="module")
def every_line(books):
    pages = [training.index_page(books)] + [training.page(books, t.id)
                                            for t in training.topics(books)]
    return [line for p in pages for line in _lines(p)]


def _problems(tmp_path, name: str, text: str) -> list[str]:
    write(tmp_path / "layer", name, text)
    with pytest.raises(PlaybookError) as err:
        load([tmp_path / "layer"], use_cache=False)
    return [str(p) for p in err.value.problems]


# --------------------------------------------------------------------------- the shipped marks


def test_the_pointers_are_the_module_outline():
    assert typing.get_args(ModuleRef) == MODULE_SECTIONS
    parts = {s.split(" > ")[0] for s in MODULE_SECTIONS}
    assert parts == {"Introduction", "Customer segmentation", "Identifying customer types",
                     "Tailoring sales approaches", "Building relationships", "Case studies"}


def test_every_module_section_has_points_marked_as_the_modules(every_line):
    marked = {module for _, source, module in every_line if source == "module"}
    assert marked == set(MODULE_SECTIONS)


def test_a_module_line_always_says_where_in_the_module_and_a_coach_line_never(every_line):
    for text, source, module in every_line:
        assert source in ("module", "coach"), text
        assert (module in MODULE_SECTIONS) if source == "module" else module is None, text


def test_the_coachs_own_advice_is_never_passed_off_as_the_modules(books):
    """Say and Avoid lines, style x stage advice, stages, flex and the axes are ours."""
    for style in books.styles.values():
        for page_id in ("tailoring", "stages", "motivations"):
            for block in training.page(books, page_id).blocks:
                for group in (g for b in (block, *block.blocks) for g in b.groups):
                    if group.label in ("Say", "Avoid", "How to talk", "Top actions",
                                       "Top actions on a call", "Checklist", "Call checklist",
                                       "Objections and responses", "Objections", "Signals",
                                       "Goals", "Risks"):
                        assert all(i.source == "coach" for i in group.items), group.label
        assert style.communication.source == "module"
        assert {"use", "avoid", "how_to_talk"} <= set(style.communication.ours)
    types = training.page(books, "types")
    for text, source, _ in _lines(types):
        if "assertiveness" in text.lower() or "responsiveness" in text.lower():
            assert source == "coach", text


def test_a_module_point_on_a_page_is_a_fact_the_module_states(books):
    """Spot checks against the module's own words (Module 4, in our words)."""
    page = training.page(books, "tailoring")
    module_lines = [t for t, s, _ in _lines(page) if s == "module"]
    joined = " ".join(module_lines).lower()
    for fact in ("free trial", "testimonials", "roi", "visual"):
        assert fact in joined, fact
    coach_lines = [t for t, s, _ in _lines(page) if s == "coach"]
    assert any("coach brief --style" in t for t in coach_lines), "the coach's own action"


# --------------------------------------------------------------------------- shown on the page


def test_terminal_marks_module_points_and_explains_the_mark(books):
    page = training.page(books, "engagement")
    out = _terminal(page)
    assert f"{MODULE_MARK} from the training module" in out and "the coach's advice" in out
    driver = books.styles["driver"]
    assert f"{MODULE_MARK} {driver.engagement.key_points[0]}" in out
    assert "From the module: Building relationships > Techniques for customer engagement" in out
    # the module section's own actions are the coach's here (`ours: [actions]`): no mark
    section = next(s for s in books.module.sections if s.id == "engagement")
    ours = section.topics[0].actions[0]
    assert f"• {ours}" in out and f"{MODULE_MARK} {ours}" not in out


def test_markdown_marks_module_points_with_the_same_mark_and_a_legend(books):
    md = page_markdown(training.page(books, "tailoring"))
    assert f"*{MODULE_MARK} marks a point from the training module" in md
    analytical = books.styles["analytical"]
    assert f"- {MODULE_MARK} {analytical.strategy.actions[2]}" in md
    assert f"- {analytical.communication.use[0]}" in md  # a Say line: the coach's
    assert f"{MODULE_MARK} **Objective:**" in md
    assert (f"*From the module: {escape('Tailoring sales approaches > Adapting communication')}"
            " styles*") in md


def test_a_page_with_nothing_from_the_module_says_so(books):
    md = page_markdown(training.page(books, "meetings"))
    assert MODULE_MARK not in md
    assert "nothing on this page is marked as the training module's" in md


def test_json_gives_every_item_and_note_its_source(books):
    data = json.loads(dumps(training.page(books, "segmentation")))
    assert data["intro"][0]["source"] == "module"

    def walk(block):
        yield from block["notes"]
        for group in block["groups"]:
            yield from group["items"]
        for child in block["blocks"]:
            yield from walk(child)

    lines = [x for b in data["blocks"] for x in walk(b)]
    assert lines and all(set(x) >= {"text", "source", "module"} for x in lines)
    assert {x["source"] for x in lines} == {"module"}
    assert {x["module"] for x in lines} == {
        "Customer segmentation > Importance of segmenting customers",
        "Customer segmentation > Common segmentation criteria"}


# --------------------------------------------------------------------------- a trainer's marks


def test_a_bad_source_in_an_overlay_is_an_error_at_its_line(tmp_path):
    problems = _problems(tmp_path, "driver.yaml",
                         "kind: style\nversion: 1\nid: driver\nstrategy:\n  source: modul\n")
    assert len(problems) == 1
    assert re.fullmatch(r".*driver\.yaml:5: strategy\.source: 'modul' is not allowed; "
                        r"use one of: coach, module", problems[0])


def test_a_pointer_outside_the_module_is_an_error_at_its_line(tmp_path):
    problems = _problems(tmp_path, "seg.yaml", "kind: segmentation\nversion: 1\n"
                         "id: segmentation\nimportance+:\n  - title: Ours\n"
                         "    objective: o\n    key_points: [k]\n    actions: [a]\n"
                         "    source: module\n    module: Chapter 9\n")
    assert len(problems) == 1
    assert re.match(r".*seg\.yaml:10: importance\[3\]\.module: 'Chapter 9' is not allowed; "
                    r"use one of: ", problems[0])
    assert all(section in problems[0] for section in MODULE_SECTIONS)


def test_marks_that_do_not_add_up_are_errors_at_their_line(tmp_path):
    problems = _problems(tmp_path, "amiable.yaml", "kind: style\nversion: 1\nid: amiable\n"
                         "engagement:\n  source: coach\n  module: Introduction\n"
                         "relationship:\n  ours: [action]\n"
                         "identify:\n  ours: [\"actions[7]\"]\n")
    text = "\n".join(problems)
    assert re.search(r"amiable\.yaml:6: engagement\.module: points into the module but "
                     r"`source` is coach", text)
    assert re.search(r"amiable\.yaml:8: relationship\.ours\[0\]: 'action' is not a field", text)
    assert re.search(r"amiable\.yaml:10: identify\.ours\[0\]: 'actions\[7\]': actions has 2 "
                     r"lines", text)
    problems = _problems(tmp_path, "amiable.yaml", "kind: style\nversion: 1\nid: amiable\n"
                         "stages:\n  new:\n    objections+:\n      - objection: Why you?\n"
                         "        response: Because.\n        source: module\n")
    assert len(problems) == 1 and re.search(
        r"amiable\.yaml:9: stages\.new\.objections\[\d+\]\.source: says module but gives no "
        r"`module:` pointer", problems[0])


def test_a_trainers_line_in_a_module_block_shows_as_the_coachs_once_listed_in_ours(tmp_path):
    layer = tmp_path / "layer"
    write(layer, "driver.yaml", "kind: style\nversion: 1\nid: driver\nengagement:\n"
                                "  actions+: [Send a one-line weekly score.]\n"
                                "  ours+: [\"actions[3]\"]\n")
    books = load([layer], use_cache=False)
    page = training.page(books, "engagement")
    found = {t: s for t, s, _ in _lines(page)}
    assert found["Send a one-line weekly score."] == "coach"
    assert found[books.styles["driver"].engagement.actions[0]] == "module"
