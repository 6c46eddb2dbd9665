"""The advice fits this person in this situation: what a rep reads at each stage, whatever
the second style or the rep's own style, never argues with the stage or the style."""

from __future__ import annotations

import itertools

import pytest
from helpers import write

from coach.brief import Prospect, build_brief, build_discovery_brief, contains
from coach.playbook import load
from coach.scoring import given, unknown

STYLES = ("amiable", "analytical", "driver", "expressive")
STAGES = ("potential", "new", "loyal", "at-risk")
PITCH = ("what is new", "new feature", "early access", "demo", "pitch", "lead with", "beta",
         "new range", "proposal they can say yes to", "keep the meeting short",
         "show your feelings and enthusiasm")
FIRST_SALE = ("trials", "free trial", "after the sale", "once you sign", "current supplier",
              "first six months")
# Sections that describe the person ("Values trust above a clever pitch"), not what to do.
DESCRIBES = {"characteristics", "decision_making", "stress", "confirm", "first_questions"}


def brief_for(books, style, stage, second=None, me=None):
    profile = given(style, books.style(style).position)
    profile.second_style = second
    return build_brief(books, Prospect(name="Dana", stage=stage), profile, me=me)


def advice(brief) -> list[str]:
    """What the brief tells the rep to do or say (Avoid and descriptions of the person aside)."""
    out = [brief.summary, brief.stage_why, *(x.text for x in brief.top_actions + brief.use)]
    for section in brief.sections:
        if section.id not in DESCRIBES:
            out += [x.answer if hasattr(x, "point") else x.text for x in section.items]
    return out


def every_brief(books, stage):
    for style, me in itertools.product(STYLES, (None, *STYLES)):
        for second in (None, *(s for s in STYLES if s != style)):
            yield (style, second, me), brief_for(books, style, stage, second, me)


def test_no_at_risk_brief_pitches_anything(books):
    found = [(who, line) for who, brief in every_brief(books, "at-risk")
             for line in advice(brief)
             if any(contains(line, stem) for stem in PITCH)]
    assert found == []


@pytest.mark.parametrize("stage", ["new", "loyal", "at-risk"])
def test_no_first_sale_line_once_they_buy(books, stage):
    found = [(who, line) for who, brief in every_brief(books, stage) for line in advice(brief)
             if any(contains(line, stem) for stem in FIRST_SALE)]
    assert found == []


def test_analytical_customers_are_not_offered_demos_and_trials(books):
    for stage in ("new", "loyal", "at-risk"):
        lines = advice(brief_for(books, "analytical", stage))
        assert not any("demos and trials" in line for line in lines), stage
    assert any("trial" in line for line in advice(brief_for(books, "analytical", "potential")))


def test_two_drivers_get_only_the_blind_spots_they_share(books):
    for stage in STAGES:
        flex = [x.text for x in brief_for(books, "driver", stage, me="driver").section(
            "flex").items]
        text = " ".join(flex).casefold()
        assert "askers" not in text and "emoters" not in text, stage
        assert "tellers" in text and "controllers" in text
    amiable = " ".join(x.text for x in brief_for(books, "amiable", "new", me="amiable")
                       .section("flex").items).casefold()
    assert "askers" in amiable and "emoters" in amiable and "tellers" not in amiable


def test_flex_follows_the_stage(books):
    at_risk = [x.text for x in brief_for(books, "expressive", "at-risk", me="amiable")
               .section("flex").items]
    # the rep hears them out first, then gives the fix (not "what went wrong" told to them)
    assert at_risk[0].startswith("Once they have said it all") and "fix" in at_risk[0]
    assert not any("keep the meeting short" in t or "say yes to today" in t for t in at_risk)
    assert all(x.ref.startswith("flex:stages.at-risk.") for x in brief_for(
        books, "expressive", "at-risk", me="amiable").section("flex").items)
    potential = [x.text for x in brief_for(books, "expressive", "potential", me="amiable")
                 .section("flex").items]
    assert potential == list(books.flex.to_tell)


def test_an_amiable_leaning_expressive_never_gets_the_innovation_pitch(books):
    for stage, me in itertools.product(STAGES, (None, *STYLES)):
        brief = brief_for(books, "amiable", stage, "expressive", me)
        folded = [line for line in advice(brief) if line.endswith("(Expressive)")]
        assert not any(contains(line, "innovat") or contains(line, "unusual")
                       for line in folded), (stage, me)
        assert not any(line.startswith("Align with it") for line in folded)


def test_a_blend_never_adds_a_second_centre_for_the_case(books):
    for main, second in itertools.permutations(STYLES, 2):
        motivations = [x.text for x in brief_for(books, main, "potential", second)
                       .section("motivations").items]
        assert sum(t.startswith("Align with it") for t in motivations) == 1, (main, second)


def test_driver_leaning_analytical_gets_no_complete_report(books):
    brief = brief_for(books, "driver", "potential", "analytical")
    folded = " ".join(advice(brief)).casefold()
    assert "complete report" not in folded and "charts, graphs" not in folded


def test_an_avoid_line_warning_against_a_free_trial_survives_at_loyal(tmp_path, monkeypatch):
    write(tmp_path, "analytical.yaml", """
kind: style
version: 1
id: analytical
stages: {loyal: {avoid+: ["Why not start a free trial of the new version?"]}}
""")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    books = load(use_cache=False)
    brief = brief_for(books, "analytical", "loyal")
    assert "Why not start a free trial of the new version?" in [x.text for x in brief.avoid]


def test_the_discovery_brief_at_at_risk_says_to_listen_first(books):
    brief = build_discovery_brief(books, Prospect(stage="at-risk"), unknown(books.styles))
    first = " ".join(x.text for x in brief.top_actions).casefold()
    assert "listen before offering any fix" in first
    assert brief.use[0].text == "Before anything else: how have things been with us lately?"
    switches = [p.answer for p in brief.section("signals").items]
    assert not any(contains(s, "what is new") or contains(s, "lead with") for s in switches)
    assert "no product talk" in " ".join(x.text for x in brief.section("opening").items)
    potential = build_discovery_brief(books, Prospect(stage="potential"), unknown(books.styles))
    assert any("what is new" in p.answer for p in potential.section("signals").items)


def test_the_expressive_at_risk_first_screen_fixes_before_it_sells(books):
    brief = brief_for(books, "expressive", "at-risk")
    top = [x.text for x in brief.top_actions]
    assert "Pin down a concrete next step before the energy fades." not in top
    assert "Only once it is fixed, ask for their ideas on what would make it great again." in top
    assert "new ideas" not in brief.summary
    assert brief.summary != books.styles["expressive"].summary


def test_an_expressive_loyal_brief_opens_with_their_ideas_not_a_results_review(books):
    top = brief_for(books, "expressive", "loyal").top_actions
    assert top[0].origin == "style+stage"
    assert "Thank them and review the results they have had with us." not in [x.text for x in top]


def test_concerns_fit_the_stage(books):
    for style, stage in itertools.product(STYLES, STAGES):
        assert books.styles[style].stages[stage].concerns, (style, stage)
    loyal = [p.point for p in brief_for(books, "driver", "loyal").section("concerns").items]
    assert "Doubt it is still paying off" in loyal
    assert "Doubt the investment will pay off" not in loyal
    potential = brief_for(books, "driver", "potential").section("concerns").items
    assert "Doubt the investment will pay off" in [p.point for p in potential]
    new = [p.point for p in brief_for(books, "analytical", "new").section("concerns").items]
    assert "Worry the choice was wrong" in new and "Fear of making the wrong choice" not in new


def test_say_lines_leave_slots_for_what_only_the_rep_knows(books):
    amiable = [x.text for x in brief_for(books, "amiable", "new").use]
    assert "This is [support contact] from support; you can call either of us any time." in amiable
    driver = " ".join(x.text for x in brief_for(books, "driver", "at-risk").use)
    assert "at three" not in driver and "[time]" in driver


def test_markdown_pairs_never_read_dot_colon(books):
    from coach.render.markdown import render_markdown

    for style in STYLES:
        text = render_markdown(brief_for(books, style, "at-risk"))
        assert ".**:" not in text and "?**:" not in text, style


def test_refuse_words_and_stage_phrases_match_other_forms_of_the_word():
    assert contains("Share stories about innovative uses.", "innovation")
    assert contains("A free trials period", "free trial")
    assert contains("Set up demos for them", "demo")
    assert not contains("We're not rushed", "no rush")
    assert not contains("Invite their ideas", "idea of")


def test_someone_who_has_not_bought_is_not_invited_to_the_loyalty_programme(books):
    for style in STYLES:
        lines = " ".join(advice(brief_for(books, style, "potential"))).casefold()
        assert "loyalty programme" not in lines and "early access" not in lines, style
    new = " ".join(advice(brief_for(books, "driver", "new"))).casefold()
    assert "early access" not in new and "beta" not in new


def test_a_trainer_can_trace_the_first_screens_why_and_summary(books):
    brief = brief_for(books, "expressive", "at-risk")
    assert brief.summary_id == "expressive:stages.at-risk.summary"
    assert brief.stage_why_id == "expressive:stages.at-risk.why"
    plain = build_brief(books, Prospect(stage="at-risk"),
                        given("expressive", books.style("expressive").position))
    assert plain.summary == books.styles["expressive"].stages["at-risk"].summary
    assert brief_for(books, "driver", "potential").summary_id == "driver:summary"


def test_an_at_risk_expressive_is_not_told_to_bring_energy_and_ideas_now(books):
    """The first screen's Say invites ideas once it is sorted; no Avoid line forbids that,
    and nothing else in the brief tells the rep to bring energy or ask for ideas now."""
    for second, me in itertools.product((None, "amiable", "driver"), (None, *STYLES)):
        brief = brief_for(books, "expressive", "at-risk", second, me)
        say = [x.text.casefold() for x in brief.use]
        avoid = [x.text.casefold() for x in brief.avoid]
        assert any("ideas" in s for s in say)
        assert not any("ideas another time" in a or "talk ideas" in a for a in avoid), avoid
        lines = advice(brief)
        for stem in ("let your own energy", "enthusiasm and energy", "ideas so they feel",
                     "their ideas invited", "match their mood"):
            assert not any(contains(t, stem) for t in lines), (second, me, stem)
        talk = [x.text for x in brief.section("how_to_talk").items]
        assert talk[0].startswith("Let them talk it out")


def test_at_risk_flex_never_hedges_the_fix_or_mistakes_rapport(books):
    for style, me in itertools.product(STYLES, STYLES):
        brief = brief_for(books, style, "at-risk", me=me)
        flex = [x.text for x in brief.section("flex").items]
        for stem in ("one option might be", "don't push for a decision", "click easily"):
            assert not any(contains(t, stem) for t in flex), (style, me, stem)
        assert all(x.ref.startswith("flex:stages.at-risk.") for x in
                   brief.section("flex").items), (style, me)


def test_the_discovery_brief_after_the_first_sale_never_pitches_like_a_first_meeting(books):
    """Past the first sale the switch lines don't sell 'what is new' or testimonials, and
    an unhappy customer is asked what changed, not what would make it worth their time."""
    for stage in ("new", "loyal", "at-risk"):
        brief = build_discovery_brief(books, Prospect(stage=stage), unknown(books.styles))
        switches = [p.answer for p in brief.section("signals").items]
        assert not any("stories of customers like them" in s for s in switches), stage
        if stage != "loyal":
            assert not any("what is new" in s for s in switches), stage
    risky = build_discovery_brief(books, Prospect(stage="at-risk"), unknown(books.styles))
    asks = [p.point for p in risky.section("first_questions").items]
    assert asks[0] == "What has changed for you since we last spoke?"
    assert not any("worth your time" in a for a in asks)
    new = build_discovery_brief(books, Prospect(stage="new"), unknown(books.styles))
    assert new.use[0].text == "How has the start been for you?"


def test_at_risk_motivations_hold_back_the_pitch_and_a_blend_never_outweighs_the_main_style(
        books):
    for style, second, me in itertools.product(STYLES, (None, *STYLES), (None, "driver")):
        if second == style:
            continue
        for stage in STAGES:
            brief = brief_for(books, style, stage, second, me)
            lines = brief.section("motivations").items
            main = [x for x in lines if x.origin == "style"]
            folded = [x for x in lines if x.origin == "second-style"]
            assert len(folded) <= len(main), (style, second, stage)
            if stage == "at-risk":
                assert not any(x.text.startswith("Align with it") for x in lines), (style, second)


def test_an_expressive_prospect_is_opened_before_the_close_is_pinned(books):
    top = [x.text for x in brief_for(books, "expressive", "potential").top_actions]
    assert top[1].startswith("Early on, paint a vivid picture")
    assert top[2].startswith("Invite their ideas") and top[3].startswith("Close on a dated")


def test_small_contradictions_are_gone(books):
    # Analytical at-risk: no Say line claims the root cause is already in writing
    say = [x.text for x in brief_for(books, "analytical", "at-risk").use]
    assert not any(s.startswith("Here's the root cause") for s in say)
    # Driver leaning Analytical: the folded concern does not ask for detailed numbers
    for stage in STAGES:
        concerns = brief_for(books, "driver", stage, "analytical").section("concerns").items
        assert not any("detailed numbers" in p.answer for p in concerns), stage
    # no decision date where no decision is pending, and no sales relationship before a sale
    for stage in ("new", "loyal", "at-risk"):
        checklist = [x.text for x in brief_for(books, "driver", stage).section("checklist").items]
        assert not any("decision date" in t for t in checklist), stage
    potential = brief_for(books, "amiable", "potential")
    assert all(s.id != "relationship" for s in potential.sections)


def test_the_first_screens_avoid_lines_fit_the_stage(books):
    """At at-risk no deadline, price offer or pitch warning takes a first-screen Avoid slot
    from the lines that matter on a complaint call; at potential they are still there."""
    for style, me in itertools.product(STYLES, (None, "driver")):
        first = [x.text for x in brief_for(books, style, "at-risk", me=me).avoid[:5]]
        for stem in ("by friday or the offer goes", "only good until", "trust me",
                     "spec sheet", "forty slides"):
            assert not any(contains(t, stem) for t in first), (style, stem)
    amiable = [x.text for x in brief_for(books, "amiable", "potential").avoid[:5]]
    assert "I need your answer by Friday or the offer goes." in amiable
    risky = brief_for(books, "amiable", "at-risk").avoid
    assert "I need your answer by Friday or the offer goes." in [x.text for x in risky]
