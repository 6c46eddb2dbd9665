"""Follow-up drafts: every style x stage has one, each style's shape, and names taken literally."""

from __future__ import annotations

import pytest
from helpers import write

from coach.errors import CoachError, PlaybookError
from coach.followup import Facts, build_draft, facts_from_call
from coach.playbook import load


@pytest.fixture(scope="module")
def books():
    return load(use_cache=False)


def draft(books, style, stage, **kw):
    facts = {"name": "Dana", "next_step": "pilot start", "date": "2026-12-10", "rep": "Sam",
             **kw}
    return build_draft(books, Facts(style=style, stage=stage, **facts))


def text_of(d) -> str:
    return "\n".join([d.subject, d.greeting, *d.body, *d.figures, *d.attachments, d.ask,
                      d.closing, d.rep])


def test_every_style_and_stage_has_a_complete_draft(books):
    built = 0
    for style in books.styles:
        for stage in books.stages:
            d = draft(books, style, stage)
            text = text_of(d)
            assert "{" not in text and "}" not in text, (style, stage)
            assert "Dana" in d.greeting and d.subject and d.ask
            assert "Thursday 10 December 2026" in text and "pilot start" in text, (style, stage)
            built += 1
    assert built == 16


def test_a_drivers_draft_is_three_lines_and_a_decision(books):
    for stage in books.stages:
        d = draft(books, "driver", stage)
        assert d.words() < 120, stage
        assert len(d.body) + 1 == 3 and not d.figures and not d.attachments
        assert "?" in d.ask, stage  # the decision it asks for


def test_an_analyticals_draft_is_longer_with_figures_and_attachments(books):
    for stage in books.stages:
        analytical, driver = draft(books, "analytical", stage), draft(books, "driver", stage)
        assert analytical.words() > 2 * driver.words(), stage
        assert len(analytical.figures) >= 3 and len(analytical.attachments) >= 3, stage


def test_an_amiables_draft_names_who_supports_them(books):
    for stage in books.stages:
        d = draft(books, "amiable", stage, support="Priya from onboarding")
        assert "Priya from onboarding" in " ".join(d.body), stage
        # nobody named: the rep supports them, in the first person ("I am here for you")
        alone = " ".join(draft(books, "amiable", stage).body)
        assert "Sam" not in alone and "[support contact]" not in alone, stage


def test_no_draft_names_the_rep_twice_or_pairs_them_with_themselves(books):
    """Without --support the rep is not "Sam and I" in an email Sam signs."""
    for style in books.styles:
        for stage in books.stages:
            text = text_of(draft(books, style, stage))
            assert text.count("Sam") == 1, (style, stage)   # the signature only
            assert "either of us" not in text or "Sam" not in text.split("either of us")[0]


def test_a_value_that_starts_a_sentence_or_the_subject_has_a_capital(books):
    new = draft(books, "driver", "new")
    assert new.subject.startswith("Pilot start confirmed for Thursday")
    for style in books.styles:
        for stage in books.stages:
            text = text_of(draft(books, style, stage))
            assert "? pilot" not in text and ". pilot" not in text, (style, stage)
            # one date, one event: the ask never books something else on the next step's date
            assert "brainstorm it on Thursday" not in text
            assert "Would Thursday 10 December 2026 suit you" not in text


def test_the_loyal_expressive_email_thanks_them_before_anything_new(books):
    d = draft(books, "expressive", "loyal")
    assert d.subject.startswith("Thank you") and d.body[0].startswith("Thank you")
    assert "ideas" in d.body[0] and "love" not in d.subject


def test_an_expressives_draft_is_lively_and_pictures_the_outcome(books):
    for stage in ("potential", "new", "loyal"):
        d = draft(books, "expressive", stage)
        assert "!" in d.greeting + " ".join(d.body), stage
    assert any("Picture" in p for p in draft(books, "expressive", "potential").body)


def test_an_at_risk_draft_owns_the_problem_first(books):
    for style in books.styles:
        d = draft(books, style, "at-risk", problem="the late deliveries")
        assert "the late deliveries" in d.body[0], style
        for stage in ("new", "loyal", "potential"):
            assert "late deliveries" not in text_of(
                draft(books, style, stage, problem="the late deliveries"))


def test_missing_facts_become_slots_for_the_rep(books):
    d = build_draft(books, Facts(style="driver", stage="potential"))
    assert d.greeting == "[name],"
    assert "[next step]" in " ".join(d.body) and "[date]" in " ".join(d.body)
    assert d.rep == "[your name]"


def test_names_and_notes_are_text_never_templates(books):
    d = draft(books, "amiable", "at-risk", name="{0.__class__}", next_step="{date} {rep}",
              problem="{problem}", support="%s {}")
    text = text_of(d)
    assert "Hi {0.__class__}," == d.greeting
    assert "{date} {rep}" in text and "I'm sorry about {problem}." in d.body[0]
    assert "%s {}" in text


def test_a_call_whose_read_missed_is_written_for_the_style_they_turned_out_to_be():
    call = {"id": 4, "style": "driver", "read_held": False, "actual_style": "analytical",
            "stage": "new", "name": "Ann", "next_step": "demo", "next_date": "2026-01-05"}
    facts = facts_from_call(call)
    assert (facts.style, facts.stage, facts.name, facts.date) == ("analytical", "new", "Ann",
                                                                  "2026-01-05")
    assert facts_from_call(call, name="Annie", style="amiable").style == "amiable"
    assert facts_from_call({**call, "read_held": True}).style == "driver"


def test_a_style_without_a_template_is_a_clear_error(books, tmp_path):
    write(tmp_path, "pilot.yaml", (
        "kind: followup\nversion: 1\nid: followup\nreplace: true\nstyles:\n  driver:\n"
        "    potential:\n      subject: Hi\n      greeting: Hi\n      body: [Hello]\n"
        "      ask: OK?\n"))
    changed = load([tmp_path], use_cache=False)
    assert draft(changed, "driver", "potential").subject == "Hi"
    with pytest.raises(CoachError, match="no follow-up template for style 'driver' at stage "
                                         "'loyal'"):
        draft(changed, "driver", "loyal")


@pytest.mark.parametrize("text, message", [
    ("Hi {nmae}", "unknown placeholder {nmae}; use: {name}, {company}"),
    ("Hi {0.__class__}", "unknown placeholder {0.__class__}"),
    ("Hi {name", "a brace that is not a placeholder"),
])
def test_an_unknown_placeholder_is_an_error_at_its_line(tmp_path, text, message):
    path = write(tmp_path, "driver.yaml", (
        "kind: followup\nversion: 1\nid: followup\nstyles:\n  driver:\n    potential:\n"
        f"      subject: \"{text}\"\n"))
    with pytest.raises(PlaybookError) as caught:
        load([tmp_path], use_cache=False)
    assert f"{path}:7: styles.driver.potential.subject: {message}" in str(caught.value)


def test_a_template_using_support_needs_a_body_for_when_nobody_is_named(tmp_path):
    path = write(tmp_path, "driver.yaml", (
        "kind: followup\nversion: 1\nid: followup\nstyles:\n  driver:\n    loyal:\n"
        "      body:\n        - \"{support} and I are here for you.\"\n"))
    with pytest.raises(PlaybookError) as caught:
        load([tmp_path], use_cache=False)
    assert (f"{path}:8: styles.driver.loyal.body[0]: uses {{support}}: give "
            "body_without_support too") in str(caught.value)
