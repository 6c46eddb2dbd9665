"""The brief: composed from style, stage, style x stage, second style and flex parts; every
item says where it came from; stages hold back what does not fit; blends never contradict."""

from __future__ import annotations

import itertools

import pytest
from helpers import write

from coach.brief import Prospect, build_brief
from coach.playbook import load
from coach.playbook.kinds.common import Ranked
from coach.scoring import given, score

STYLES = ("amiable", "analytical", "driver", "expressive")
STAGES = ("potential", "new", "loyal", "at-risk")
# Lines that only make sense before the first order: never in a loyal or at-risk brief.
FIRST_SALE = ("after the sale", "once you sign", "free trial", "free-trial", "current supplier",
              "first six months", "from signing", "after we buy", "before you buy",
              "on switching", "first order", "you'd better hurry", "after you sign")


def brief_for(books, style, stage, second=None, me=None):
    profile = given(style, books.style(style).position)
    profile.second_style = second
    return build_brief(books, Prospect(name="Dana", stage=stage), profile, me=me)


def every_text(brief) -> list[str]:
    """Every line a rep reads in the brief (the prospect aside)."""
    out = [brief.stage_why, *(x.text for x in brief.top_actions + brief.use + brief.avoid),
           *(n.text for n in brief.notes)]
    for section in brief.sections:
        for item in section.items:
            out += [item.point, item.answer] if hasattr(item, "point") else [item.text]
    return out


def every_item(brief) -> list:
    items = [*brief.top_actions, *brief.use, *brief.avoid]
    return items + [x for s in brief.sections for x in s.items]


def test_first_screen_is_chosen_by_priority_not_file_order(books):
    brief = brief_for(books, "amiable", "at-risk")
    pair = books.styles["amiable"].stages["at-risk"]
    assert len(brief.top_actions) == books.settings.brief.first_screen == 4
    texts = [a.text for a in brief.top_actions]
    # the style's "never pressure" is its priority-1 action: it leads at every stage
    assert "Listen, validate each concern, and never pressure for a decision." in texts
    assert str(pair.top_actions[0]) == texts[0]
    # the style's low-priority actions lose to the stage and the pair
    assert "Build rapport first: show real interest in them and their team." not in texts
    # the pair says the stage's "listen first" better for this style, so it replaces it
    assert "Ask what has changed and listen before offering any fix." not in texts
    expressive = [a.text for a in brief_for(books, "expressive", "loyal").top_actions]
    assert "Pin down a concrete next step before the energy fades." in expressive


def test_a_trainer_reorders_the_first_screen_with_priority(books, tmp_path, monkeypatch):
    texts = [a.text for a in brief_for(books, "driver", "loyal").top_actions]
    write(tmp_path, "driver.yaml", """
kind: style
version: 1
id: driver
stages:
  loyal:
    top_actions+:
      - {do: "Open with the one number they care about most.", priority: 1}
""")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    books = load(use_cache=False)
    brief = brief_for(books, "driver", "loyal")
    # last in the file, but priority 1: it goes up beside the other priority-1 actions
    assert brief.top_actions[1].text == "Open with the one number they care about most."
    assert brief.top_actions[1].origin == "style+stage"
    assert brief.top_actions[1].file.endswith("driver.yaml")
    assert [a.text for a in brief.top_actions[2:]] == texts[1:3]


@pytest.mark.parametrize("style", STYLES)
def test_potential_and_at_risk_briefs_differ(books, style):
    potential, at_risk = brief_for(books, style, "potential"), brief_for(books, style, "at-risk")
    shared_say = {x.text for x in potential.use} & {x.text for x in at_risk.use}
    shared_top = {x.text for x in potential.top_actions} & {x.text for x in at_risk.top_actions}
    assert len(shared_say) <= 1, shared_say
    assert len(shared_top) <= 1, shared_top


@pytest.mark.parametrize("style,stage", list(itertools.product(STYLES, ("new", "loyal",
                                                                          "at-risk"))))
def test_each_stage_brief_has_its_own_style_x_stage_part(books, style, stage):
    brief = brief_for(books, style, stage)
    for part in (brief.top_actions, brief.use, brief.avoid, brief.section("objections").items):
        assert any(x.origin == "style+stage" for x in part)
    assert brief.stage_why == books.styles[style].stages[stage].why


@pytest.mark.parametrize("style,stage", list(itertools.product(STYLES, ("loyal", "at-risk"))))
def test_no_first_sale_lines_for_customers_who_already_buy(books, style, stage):
    for second, me in itertools.product((None, *STYLES), (None, *STYLES)):
        if second == style:
            continue
        text = " ".join(every_text(brief_for(books, style, stage, second, me))).casefold()
        assert [p for p in FIRST_SALE if p in text] == [], (style, stage, second, me)


@pytest.mark.parametrize("style", STYLES)
def test_every_style_has_a_price_objection_at_every_stage(books, style):
    words = ("price", "expensive", "cost", "invoice", "charges", "paying", "money", "spend",
             "for less")
    for stage in STAGES:
        objections = brief_for(books, style, stage).section("objections").items
        assert any(any(w in o.point.casefold() for w in words) for o in objections), stage


def test_every_item_says_where_it_came_from(books):
    origins = {"style", "stage", "style+stage", "second-style", "flex"}
    brief = brief_for(books, "amiable", "loyal", second="expressive", me="driver")
    seen = set()
    for item in every_item(brief):
        assert item.origin in origins, item
        kind = ("flex" if item.origin == "flex" else
                "stage" if item.origin == "stage" else "style")
        assert item.file and item.ref.split(":")[0] in books.of(kind), item
        seen.add(item.origin)
    assert seen == origins
    pair = next(x for x in brief.use if x.origin == "style+stage")
    assert pair.ref == "amiable:stages.loyal.use[0]"
    assert pair.file.endswith("styles/amiable.yaml")
    assert pair.text == books.styles["amiable"].stages["loyal"].use[0]


def test_at_risk_holds_back_the_pitch_and_says_why(books):
    at_risk = brief_for(books, "expressive", "at-risk", second="driver")
    ids = [s.id for s in at_risk.sections]
    assert "strategy" not in ids
    assert "Lead with the vision: innovation, future potential, what's unique." not in [
        a.text for a in at_risk.top_actions]
    assert any(n.text.startswith("Held back at this stage: No pitch") for n in at_risk.notes)
    assert "strategy" in [s.id for s in brief_for(books, "expressive", "potential").sections]


def test_what_a_stage_held_back_is_for_the_json_not_the_reps_page(books):
    """The rep's screen and Markdown carry what to do on the call; the note that a rule
    held lines back (for a trainer tracing the brief) stays in the JSON with its rule."""
    import io
    import json

    from rich.console import Console

    from coach.render.json import dumps
    from coach.render.markdown import render_markdown
    from coach.render.terminal import print_brief

    at_risk = brief_for(books, "expressive", "at-risk")
    held = [n for n in json.loads(dumps(at_risk))["notes"] if n["from"] == "stage"]
    assert held and held[0]["id"] == "at-risk:rules_out"
    assert "Held back" not in render_markdown(at_risk)
    screen = io.StringIO()
    print_brief(at_risk, out=Console(file=screen, width=80, color_system=None))
    assert "Held back" not in screen.getvalue() and "Do on this call" in screen.getvalue()


def test_a_stage_rule_holds_back_tagged_items_from_any_overlay(tmp_path, monkeypatch):
    write(tmp_path, "stage.yaml", """
kind: stage
version: 1
id: loyal
rules_out+:
  - why: "No deadlines with customers who already trust us."
    phrases: ["by friday"]
""")
    write(tmp_path, "style.yaml", """
kind: style
version: 1
id: driver
top_actions+:
  - {do: "Mention the offer.", priority: 1, tags: [pitch]}
""")
    write(tmp_path, "amiable.yaml", """
kind: style
version: 1
id: amiable
stages:
  loyal:
    use+: ["Can we settle the renewal by Friday?"]
""")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    books = load(use_cache=False)
    loyal = brief_for(books, "amiable", "loyal")
    avoid = {x.text for x in loyal.avoid}
    assert not any("by friday" in t.casefold() for t in every_text(loyal)
                   if not t.startswith("Held back") and t not in avoid)
    assert any("No deadlines" in n.text for n in loyal.notes)
    # a warning against such a line is what the stage needs: Avoid keeps it
    assert any("by friday" in t.casefold() for t in avoid)
    assert "Mention the offer." not in [a.text for a in brief_for(books, "driver",
                                                                   "at-risk").top_actions]
    assert "Mention the offer." in [a.text for a in brief_for(books, "driver",
                                                               "potential").top_actions]


def test_a_blend_never_adds_what_the_main_style_avoids(books):
    # Amiable leaning Expressive: the innovation pitch contradicts "It's a bold move..."
    brief = brief_for(books, "amiable", "potential", second="expressive")
    folded = [x.point if hasattr(x, "point") else x.text
              for x in every_item(brief) if x.origin == "second-style"]
    assert folded and all("(Expressive)" in t for t in folded if "(" in t)
    assert not any("innovation" in t.casefold() for t in folded)
    for main, second in itertools.permutations(STYLES, 2):
        refuses = [w.casefold() for w in books.styles[main].refuses]
        for stage in STAGES:
            b = brief_for(books, main, stage, second)
            for item in every_item(b):
                if item.origin == "second-style":
                    text = (item.point + " " + item.answer if hasattr(item, "point")
                            else item.text).casefold()
                    assert not any(w in text for w in refuses), (main, second, text)
            say = {x.text for x in b.use}
            assert not say & {x.text for x in b.avoid}


def test_blend_folds_in_the_second_style_and_says_so(books):
    answers = {"pace": "fast", "ask_or_tell": "tells", "decision_speed": "on_the_spot",
               "small_talk": "straight_in", "evidence": "stories", "formality": "professional"}
    profile = score(books.questions, answers, books.settings.scoring, books.styles)
    assert profile.style == "driver" and profile.second_style == "expressive"
    brief = build_brief(books, Prospect(stage="new"), profile)
    assert brief.second_style == "expressive"
    assert any("(Expressive)" in x.text for x in brief.section("motivations").items)
    assert not any(x.origin == "second-style" for x in brief.use + brief.avoid)
    assert any(p.source == "Expressive" for p in brief.section("concerns").items)
    assert any("Blend" in n.text for n in brief.notes)
    assert "leaning Expressive" in brief.read


def test_every_section_is_filled(books):
    for sid in books.styles:
        brief = build_brief(books, Prospect(stage="new"), given(sid, books.style(sid).position),
                            me="expressive")
        ids = [s.id for s in brief.sections]
        for needed in ("motivations", "decision_making", "concerns", "engagement",
                       "relationship", "stage", "stress", "confirm", "checklist", "flex"):
            assert needed in ids, (sid, needed)
        assert all(s.items for s in brief.sections), sid
        assert len(brief.use) >= 5 and len(brief.avoid) >= 6


def test_flex_advice_depends_on_the_reps_own_style(books):
    flex = books.flex
    prospect = Prospect(stage="loyal")
    # an expressive rep (tell, emotes) meeting an analytical (ask, controls): both moves
    brief = build_brief(books, prospect, given("analytical", books.style("analytical").position),
                        me="expressive")
    items = brief.section("flex").items
    assert [x.text for x in items] == list(flex.to_ask) + list(flex.to_controls)
    assert {x.origin for x in items} == {"flex"} and items[0].ref == "flex:to_ask[0]"
    same = build_brief(books, prospect, given("driver", books.style("driver").position),
                       me="driver")
    # two Drivers share tell and controls: the askers' and the emoters' lines are not theirs
    assert [x.text for x in same.section("flex").items] == [
        str(x) for x in flex.same_style if getattr(x, "pole", None) in (None, "tell", "controls")]
    none = build_brief(books, prospect, given("driver", books.style("driver").position))
    assert "flex" not in [s.id for s in none.sections]


def test_low_confidence_is_flagged(books):
    profile = score(books.questions, {"pace": "fast", "voice": "soft", "animation": "reserved",
                                      "focus": "team"},
                    books.settings.scoring, books.styles)
    brief = build_brief(books, Prospect(stage="new"), profile)
    assert profile.confidence < books.settings.scoring.min_confidence
    assert any("Low confidence" in n.text and n.origin == "read" for n in brief.notes)


def test_without_a_stage_the_style_alone_leads(books):
    brief = build_brief(books, Prospect(), given("driver", books.style("driver").position))
    style = books.styles["driver"]
    ranked = sorted(style.top_actions, key=lambda a: a.priority if isinstance(a, Ranked) else 5)
    assert [a.text for a in brief.top_actions] == [str(a) for a in ranked][:4]
    assert [x.text for x in brief.use] == style.communication.use
    assert brief.stage_why == ""


def test_grid_puts_the_prospect_in_their_quadrant(books):
    driver = build_brief(books, Prospect(), given("driver", books.style("driver").position))
    body = driver.grid[2:-3]
    row = next(r for r in body if "@" in r)
    assert body.index(row) < len(body) // 2  # controls is the top half
    assert row.index("@") > len(row) // 2    # tell is the right half
    assert driver.grid[1].startswith("Analytical") and driver.grid[1].endswith("Driver")
    assert driver.grid[0].strip() == "controls" and driver.grid[-2].strip() == "emotes"


def test_with_your_own_style_the_first_screen_says_how_to_flex(books):
    """A Driver rep calling an Amiable reads the flex before the call starts, not only
    further down: the first line of the flex section is on the first screen and --short."""
    import io

    from rich.console import Console

    from coach.render.markdown import render_markdown
    from coach.render.terminal import print_brief

    brief = brief_for(books, "amiable", "loyal", me="driver")
    first = brief.flex_first()
    assert first and first == str(brief.section("flex").items[0])
    screen = io.StringIO()
    print_brief(brief, short=True, out=Console(file=screen, width=100, color_system=None))
    box = screen.getvalue().split("╰")[0]
    assert "Flex:" in box and " ".join(first.split()[:4]) in " ".join(box.split())
    assert f"- **Flex:** {first}" in render_markdown(brief, short=True)
    assert brief_for(books, "amiable", "loyal").flex_first() == ""
