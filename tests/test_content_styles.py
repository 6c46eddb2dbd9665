"""Shipped social-style and flex playbooks: complete, usable on a call, faithful to the module."""

from __future__ import annotations

import msgspec
import pytest

POSITIONS = {
    "analytical": ("ask", "controls"),
    "amiable": ("ask", "emotes"),
    "driver": ("tell", "controls"),
    "expressive": ("tell", "emotes"),
}

# Facts the training module gives about each type (and the standard model's stress behaviour):
# each term must appear somewhere in that style's file, lower-cased.
MODULE_FACTS = {
    "analytical": [
        "detail", "data-driven", "cautious", "evidence", "logical", "report", "case stud",
        "comparison", "chart", "graph", "statistic", "demo", "free trial", "patien", "precise",
        "emotional appeal", "performance metric", "credibility", "training", "periodic review",
        "withdraw",
    ],
    "amiable": [
        "relationship", "cooperative", "trust", "rapport", "personal", "empathy", "supportive",
        "testimonial", "after-sales", "customer support", "listen", "warm", "collaborative",
        "personal benefit", "check in", "thank", "loyalty programme", "reliab",
        "acquiesce",
    ],
    "driver": [
        "results-oriented", "decisive", "assertive", "efficien", "direct", "small talk", "roi",
        "return on investment", "time-saving", "quick win", "summar", "competitive advantage",
        "confiden", "case stud", "performance", "beta", "advanced solutions", "autocratic",
    ],
    "expressive": [
        "enthusias", "visionary", "innovat", "creativ", "trend", "unique", "future potential",
        "visual", "stor", "lively", "idea", "feedback", "participation", "webinar", "workshop",
        "events", "new initiatives", "beta", "attack",
    ],
}


def texts(value) -> list[str]:
    """Every string in a playbook (or part of one), in order."""
    value = msgspec.to_builtins(value) if isinstance(value, msgspec.Struct) else value
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


def test_the_four_styles_ship_from_the_package(books):
    assert set(POSITIONS) <= set(books.styles)
    for style_id in POSITIONS:
        assert books.sources[("style", style_id)][0].layer == "shipped"


@pytest.mark.parametrize("style_id", sorted(POSITIONS))
def test_style_sits_in_its_quadrant(books, style_id):
    style = books.style(style_id)
    assert (style.position.assertiveness, style.position.responsiveness) == POSITIONS[style_id]


@pytest.mark.parametrize("style_id", sorted(POSITIONS))
def test_every_section_is_filled(books, style_id):
    style = msgspec.to_builtins(books.style(style_id))

    def check(value, path):
        if isinstance(value, str):
            assert value.strip() and "TODO" not in value, path
        elif isinstance(value, list):
            assert value, f"{path} is empty"
            for i, item in enumerate(value):
                check(item, f"{path}[{i}]")
        elif isinstance(value, dict):
            assert value, f"{path} is empty"
            for key, item in value.items():
                check(item, f"{path}.{key}")

    check(style, style_id)


@pytest.mark.parametrize("style_id", sorted(POSITIONS))
def test_enough_to_use_on_a_call(books, style_id):
    style = books.style(style_id)
    assert len(style.communication.use) >= 6
    assert len(style.communication.avoid) >= 6
    assert len(style.objections) >= 1
    assert len(style.top_actions) >= 3
    assert len(style.concerns) >= 1
    assert 5 <= len(style.checklist) <= 7
    assert "\n" not in style.summary
    for stage_id in ("potential", "new", "loyal", "at-risk"):
        pair = style.stages[stage_id]
        assert pair.why and len(pair.top_actions) >= 3, stage_id
        assert len(pair.use) >= 5 and len(pair.avoid) >= 2, stage_id
        assert len(pair.objections) + len(style.objections) >= 3, stage_id


@pytest.mark.parametrize("style_id", sorted(POSITIONS))
def test_lines_fit_a_terminal_brief(books, style_id):
    style = books.style(style_id)
    lines = style.communication.use + [str(x) for x in style.communication.avoid]
    lines += [x for pair in style.stages.values() for x in pair.use + pair.avoid]
    for phrase in lines:
        assert len(phrase) <= 90, phrase
    for line in texts(style):
        assert len(line) <= 140, line


@pytest.mark.parametrize("style_id", sorted(POSITIONS))
def test_no_item_repeats_within_a_style(books, style_id):
    style = msgspec.to_builtins(books.style(style_id))
    for label in ("kind", "id", "name", "version", "position", "refuses"):
        style.pop(label, None)

    def untagged(value):  # tags, ids and provenance name kinds of advice; they repeat by design
        if isinstance(value, dict):
            return {k: untagged(v) for k, v in value.items()
                    if k not in ("tags", "instead_of", "priority", "source", "module", "ours")}
        return [untagged(v) for v in value] if isinstance(value, list) else value

    style = untagged(style)
    seen: dict[str, int] = {}
    for line in texts(style):
        key = " ".join(line.lower().split()).rstrip(".")
        seen[key] = seen.get(key, 0) + 1
    assert [line for line, n in seen.items() if n > 1] == []


@pytest.mark.parametrize("style_id", sorted(POSITIONS))
def test_module_facts_are_present(books, style_id):
    text = " ".join(texts(books.style(style_id))).lower()
    assert [term for term in MODULE_FACTS[style_id] if term not in text] == []


def test_phrases_to_use_and_avoid_do_not_overlap_across_styles(books):
    """A phrase shown for one style is written for that style, not copied between files."""
    owners: dict[str, str] = {}
    for style_id in POSITIONS:
        comm = books.style(style_id).communication
        for phrase in comm.use + comm.avoid:
            assert owners.setdefault(str(phrase).lower(), style_id) == style_id, phrase


def test_flex_advice_covers_every_direction(books):
    flex = books.flex
    assert flex is not None and flex.id == "flex"
    for section in ("to_ask", "to_tell", "to_controls", "to_emotes", "same_style"):
        items = [str(x) for x in getattr(flex, section)]
        assert 3 <= len(items) <= 5, section
        assert len(set(items)) == len(items), section
        assert all(len(item) <= 140 for item in items), section
    assert "slow" in " ".join(flex.to_ask).lower()
    assert "point" in " ".join(flex.to_tell).lower()
    assert "data" in " ".join(flex.to_controls).lower()
    assert "stor" in " ".join(flex.to_emotes).lower()
