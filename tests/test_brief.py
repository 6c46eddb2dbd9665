"""The brief: what leads it comes from the playbooks, blends say so, flex advice follows styles."""

from __future__ import annotations

from coach.brief import Prospect, build_brief
from coach.scoring import given, score


def test_top_actions_come_from_style_then_stage(books):
    profile = given("driver", books.style("driver").position)
    brief = build_brief(books, Prospect(name="Dana", stage="at-risk"), profile)
    rules = books.settings.brief
    assert brief.top_actions == (books.styles["driver"].top_actions[: rules.top_from_style]
                                 + books.stages["at-risk"].top_actions[: rules.top_from_stage])
    assert brief.stage_name == books.stages["at-risk"].name
    assert brief.section("stage").items[0] == books.stages["at-risk"].goals[0]


def test_every_section_is_filled(books):
    for sid in books.styles:
        brief = build_brief(books, Prospect(stage="new"), given(sid, books.style(sid).position),
                            me="expressive")
        ids = [s.id for s in brief.sections]
        for needed in ("motivations", "decision_making", "concerns", "strategy", "engagement",
                       "relationship", "stage", "stress", "confirm", "checklist", "flex"):
            assert needed in ids, (sid, needed)
        assert all(s.items for s in brief.sections), sid
        assert len(brief.use) >= 6 and len(brief.avoid) >= 6


def test_blend_folds_in_the_second_style_and_says_so(books):
    answers = {"pace": "fast", "ask_or_tell": "tells", "decision_speed": "on_the_spot",
               "small_talk": "straight_in", "evidence": "stories", "formality": "professional"}
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    assert profile.style == "driver" and profile.second_style == "expressive"
    brief = build_brief(books, Prospect(stage="new"), profile)
    assert brief.second_style == "expressive"
    assert any("(Expressive)" in x for x in brief.section("motivations").items)
    assert not any("(Expressive)" in x for x in brief.use + brief.avoid)  # phrases clash
    assert any(p.source == "Expressive" for p in brief.section("concerns").items)
    assert any("Blend" in n for n in brief.notes)
    assert "leaning Expressive" in brief.read


def test_flex_advice_depends_on_the_reps_own_style(books):
    flex = books.flex
    prospect = Prospect(stage="loyal")
    # an expressive rep (tell, emotes) meeting an analytical (ask, controls): both moves
    brief = build_brief(books, prospect, given("analytical", books.style("analytical").position),
                        me="expressive")
    assert brief.section("flex").items == list(flex.to_ask) + list(flex.to_controls)
    same = build_brief(books, prospect, given("driver", books.style("driver").position),
                       me="driver")
    assert same.section("flex").items == list(flex.same_style)
    none = build_brief(books, prospect, given("driver", books.style("driver").position))
    assert "flex" not in [s.id for s in none.sections]


def test_low_confidence_is_flagged(books):
    profile = score(books.questions, {"pace": "fast", "voice": "soft", "animation": "reserved",
                                      "focus": "team"},
                    books.settings.scoring, books.styles)
    brief = build_brief(books, Prospect(stage="new"), profile)
    assert profile.confidence < books.settings.scoring.min_confidence
    assert any("Low confidence" in n for n in brief.notes)


def test_grid_puts_the_prospect_in_their_quadrant(books):
    driver = build_brief(books, Prospect(), given("driver", books.style("driver").position))
    body = driver.grid[2:-3]
    row = next(r for r in body if "@" in r)
    assert body.index(row) < len(body) // 2  # controls is the top half
    assert row.index("@") > len(row) // 2    # tell is the right half
    assert driver.grid[1].startswith("Analytical") and driver.grid[1].endswith("Driver")
    assert driver.grid[0].strip() == "controls" and driver.grid[-2].strip() == "emotes"
