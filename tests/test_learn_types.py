"""`coach learn types`: the two axes in plain words, where each style sits, and what a rep
can notice of each axis by email, on the phone and on video."""

from __future__ import annotations

import pytest
from helpers import learn_terminal as _terminal
from helpers import page_text, write

from coach import training
from coach.playbook import load
from coach.render.learn import page_markdown

CORNERS = {"analytical": ("asks", "controls"), "driver": ("tells", "controls"),
           "amiable": ("asks", "emotes"), "expressive": ("tells", "emotes")}


@pytest.fixture(scope="module")
def types_page(books):
    return training.page(books, "types")


def _block(page, start: str):
    return next(b for b in page.blocks if b.title.startswith(start))


def test_the_page_names_both_axes_and_their_ends_in_plain_words(books, types_page):
    titles = [b.title for b in types_page.blocks]
    assert titles[:3] == ["Two axes, four styles", "Assertiveness: asks \u2194 tells",
                          "Responsiveness: controls \u2194 emotes"]
    axes = books.module.axes
    text = " ".join(page_text(types_page))
    for axis in (axes.assertiveness, axes.responsiveness):
        for line in (axis.meaning, axis.low, axis.high, *axis.look_at):
            assert line in text
    assess = " ".join(axes.assertiveness.look_at).lower()
    for cue in ("pace", "volume", "decide", "leads the talk"):
        assert cue in assess
    respond = " ".join(axes.responsiveness.look_at).lower()
    for cue in ("facts", "feelings", "face", "gestures", "small talk", "time"):
        assert cue in respond


def test_each_style_is_placed_in_its_quadrant_in_words_and_on_the_grid(books, types_page):
    first = _block(types_page, "Two axes")
    corners = {str(i).split(":")[0]: str(i) for g in first.groups for i in g.items}
    grid = list(first.preformatted)
    middle = next(i for i, line in enumerate(grid) if "+" in line)
    split = grid[middle].index("+")
    for style_id, (assertive, responsive) in CORNERS.items():
        style = books.styles[style_id]
        line = corners[style.name]
        assert f"{assertive} (assertiveness) and {responsive} (responsiveness)" in line
        row = next(i for i, text in enumerate(grid) if style.name in text)
        assert (row < middle) == (responsive == "controls"), style.name
        assert (grid[row].index(style.name) < split) == (assertive == "asks"), style.name
        own = _block(types_page, style.name)
        position = next(n.text for n in own.notes if n.label == "Position")
        assert position.startswith(f"{assertive} (assertiveness) and {responsive}")
    assert "asks <" in grid[middle] and "> tells" in grid[middle]
    assert "controls" in grid[0] and "emotes" in grid[-1]


@pytest.mark.parametrize("axis", ["assertiveness", "responsiveness"])
def test_what_to_notice_by_email_phone_and_video(books, types_page, axis):
    block = _block(types_page, axis.capitalize())
    groups = {g.label: [str(i) for i in g.items] for g in block.groups}
    labels = {c.id: c.label.lower() for b in books.of("questions").values() for c in b.channels}
    written = getattr(books.module.axes, axis).channels
    assert set(written) == {"email", "phone", "video"}
    for channel in ("email", "phone", "video"):
        lines = groups[f"On {labels[channel]}"]
        assert lines[0] == written[channel]
        asked = {q.text: q for q in books.questions}
        for line in lines[1:]:
            question = asked[line.split(" (")[0]]
            assert channel in question.channels or not question.channels, line
            assert question.axis in (axis, "both"), line
    anywhere = next(label for label in groups if label.startswith("Anywhere"))
    for line in groups[anywhere]:
        question = {q.text: q for q in books.questions}[line.split(" (")[0]]
        assert {"email", "phone", "video"} <= set(question.channels or ["email", "phone", "video"])
    # nothing a rep cannot observe there: no voice on email, no face on the phone
    email = " ".join(groups[f"On {labels['email']}"]).lower()
    phone = " ".join(groups[f"On {labels['phone']}"]).lower()
    assert "how fast do they talk" not in email and "eye contact" not in phone


def test_the_ends_of_each_question_point_the_right_way(types_page):
    block = _block(types_page, "Assertiveness")
    lines = [str(i) for g in block.groups for i in g.items]
    pace = next(line for line in lines if line.startswith("How fast do they talk?"))
    assert pace.index("tells: Fast") < pace.index("asks: Slow")


def test_terminal_and_markdown_show_the_grid_whole(types_page):
    out = _terminal(types_page, width=80)
    md = page_markdown(types_page)
    for text in (out, md):
        assert "asks < " in text and " > tells" in text
        assert "Assertiveness: asks \u2194 tells" in text
        assert "Responsiveness: controls \u2194 emotes" in text
    assert "```text\n" in md and "asks < ----" in md


def test_a_trainer_rewrites_the_axes_in_a_playbook(tmp_path):
    layer = tmp_path / "layer"
    write(layer, "module.yaml", "kind: module\nversion: 1\nid: types-of-customers\naxes:\n"
                                "  assertiveness:\n    meaning: Do they push or hold back?\n"
                                "    channels:\n      email: Count the question marks.\n")
    books = load([layer], use_cache=False)
    text = page_text(training.page(books, "types"))
    assert "Do they push or hold back?" in text and "Count the question marks." in text
    block = _block(training.page(books, "types"), "Assertiveness")
    on = {g.label: str(g.items[0]) for g in block.groups if g.label.startswith("On ")}
    assert on["On emails or written messages"] == "Count the question marks."
    assert on["On a phone call (voice only)"] == load().module.axes.assertiveness.channels["phone"]
