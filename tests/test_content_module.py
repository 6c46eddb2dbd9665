"""Shipped lifecycle stages, segmentation, module and settings: present, complete, faithful."""

from __future__ import annotations

import pytest

STAGES = ("new", "loyal", "potential", "at-risk")
STAGE_LISTS = ("signals", "goals", "actions", "risks", "top_actions")
SECTIONS = (
    "motivations", "concerns-and-communication", "tailoring", "engagement",
    "case-studies", "lessons-learned",
)


@pytest.mark.parametrize("stage_id", STAGES)
def test_stage_has_every_section_filled(books, stage_id):
    stage = books.stages[stage_id]
    for field in ("name", "hint", "meaning"):
        assert getattr(stage, field).strip(), f"{stage_id}.{field} is empty"
    assert "\n" not in stage.hint, "the hint is one line beside an interview choice"
    for field in STAGE_LISTS:
        items = getattr(stage, field)
        assert items and all(str(item).strip() for item in items), f"{stage_id}.{field} empty"
    assert 2 <= len(stage.top_actions) <= 3
    for field in STAGE_LISTS:
        for item in getattr(stage, field):
            assert len(str(item)) <= 140, f"{stage_id}.{field} too long for a brief: {item!r}"


def test_call_list_puts_at_risk_first_and_potential_last(books):
    prio = {sid: books.stages[sid].priority for sid in STAGES}
    assert prio["at-risk"] < prio["new"] < prio["loyal"] < prio["potential"]


def test_segmentation_has_three_criteria_with_the_module_factors(books):
    seg = books.segmentation
    assert seg is not None
    assert [c.id for c in seg.criteria] == ["demographic", "psychographic", "behavioural"]
    covers = {c.id: " ".join(c.covers).lower() for c in seg.criteria}
    expected = {
        "demographic": ("age", "gender", "income", "education", "occupation", "family size"),
        "psychographic": ("lifestyle", "values", "personality", "interests", "opinions"),
        "behavioural": ("purchasing behaviour", "usage rate", "brand loyalty", "decision"),
    }
    for cid, factors in expected.items():
        for factor in factors:
            assert factor in covers[cid], f"{cid} does not cover {factor!r}"
    for part in seg.criteria:
        assert part.objective and part.key_points and part.actions


def test_segmentation_gives_the_three_reasons_with_their_actions(books):
    seg = books.segmentation
    assert len(seg.importance) == 3
    text = [" ".join([i.title, i.objective, *i.key_points, *i.actions]).lower()
            for i in seg.importance]
    assert "target" in text[0] and "campaign" in text[0]
    assert "satisf" in text[1] and "feedback" in text[1]
    assert "resource" in text[2] and "cost-benefit" in text[2] and "budget" in text[2]


def test_module_has_every_section_with_complete_topics(books):
    module = books.module
    assert module is not None and module.id == "types-of-customers"
    ids = [s.id for s in module.sections]
    assert set(SECTIONS) <= set(ids), f"missing sections: {set(SECTIONS) - set(ids)}"
    for section in module.sections:
        assert section.title and section.objective and section.topics
        for topic in section.topics:
            assert topic.key_points, f"{section.id}/{topic.title} has no key points"
            assert topic.actions, f"{section.id}/{topic.title} has no actions"


def test_module_names_the_lifecycle_types_and_the_closing_quiz(books):
    module = books.module
    types = " ".join(module.customer_types).lower()
    for stage_id in STAGES:
        assert stage_id in types
    assert "quiz" in module.summary.lower() and "certification" in module.summary.lower()


def test_case_study_and_lessons_topics_follow_the_module(books):
    sections = {s.id: s for s in books.module.sections}

    def titles(sid: str) -> str:
        return " ".join(t.title for t in sections[sid].topics).lower()

    for word in ("selecting", "analysis", "success factors"):
        assert word in titles("case-studies")
    for word in ("extracting", "best practices", "implementing", "continuous learning"):
        assert word in titles("lessons-learned")


def test_settings_are_the_documented_defaults_and_in_range(books):
    assert "settings" in books.of("settings"), "settings.yaml is not shipped"
    s = books.settings
    assert s.scoring.max_share == 0.95, "a read from observation is never certain"
    assert 0.25 < s.scoring.min_share <= s.scoring.min_confidence < s.scoring.strong <= 1
    assert 0 < s.scoring.second < s.scoring.min_share
    assert (s.brief.first_screen, s.brief.blend_points) == (4, 2)
    assert 0 < s.quiz.pass_mark <= 1


def test_every_module_section_has_items_marked_as_the_modules(books):
    """Each part > section of the training module is restated by at least one block marked
    `source: module` that points at it (and a pointer is only ever set with that mark)."""
    from coach.playbook.kinds.common import MODULE_SECTIONS

    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif hasattr(value, "__struct_fields__"):
            if getattr(value, "source", None) == "module":
                assert value.module in MODULE_SECTIONS
                found.add(value.module)
            elif "source" in value.__struct_fields__:
                assert not value.module, value
            for name in value.__struct_fields__:
                walk(getattr(value, name))

    for kind in ("module", "segmentation", "style"):
        walk(list(books.of(kind).values()))
    assert found == set(MODULE_SECTIONS)
