"""`coach playbooks lint`: every style x stage x second-style brief; contradictions by line."""

from __future__ import annotations

from helpers import write


def test_the_shipped_playbooks_pass(run):
    done = run("playbooks", "lint")
    assert done.code == 0, done.err
    # 4 styles x 4 stages x (no second style + 3 others) x (no --me + 4 rep styles), and the
    # discovery brief at each of the 4 stages
    assert done.out == ("ok: 340 briefs built (style x stage x second style x your own "
                        "style, and discovery), quiz feedback checked, no problems\n")


def test_a_line_in_both_say_and_avoid_fails_at_its_line(run, tmp_path):
    path = write(tmp_path, "driver.yaml", """\
kind: style
version: 1
id: driver
stages:
  loyal:
    use+:
      - "Nothing new to report; I was just checking in."
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    assert done.err.startswith(f"{path}:7: stages.loyal.use[5]: in both Say and Avoid at the "
                               "loyal stage (Avoid: stages.loyal.avoid[1]): ")
    assert done.out == ""


def test_duplicates_and_contradicting_rules_are_reported(run, tmp_path):
    path = write(tmp_path, "amiable.yaml", """\
kind: style
version: 1
id: amiable
stages:
  at-risk:
    instead_of+: [no-such-action]
    avoid+:
      - "Other customers never worry about that."
    top_actions+:
      - {do: "Show them our new range.", priority: 1, tags: [pitch]}
    use+:
      - "Would a free trial of the new version help?"
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    lines = done.err.splitlines()
    assert (f"{path}:6: stages.at-risk.instead_of[2]: 'no-such-action' is not the id of one of "
            "the at-risk stage's or the style's top_actions (listen-first, own-it)") in lines
    assert any(line.startswith(f"{path}:8: stages.at-risk.avoid[3]: duplicate avoid line")
               for line in lines)
    assert any(line.startswith(f"{path}:10: stages.at-risk.top_actions[3]: tagged pitch, "
                               "which the at-risk stage rules out") for line in lines)
    assert any(line.startswith(f"{path}:12: stages.at-risk.use[5]: contains 'free trial', "
                               "which the at-risk stage rules out") for line in lines)


def test_a_stage_without_style_content_is_reported_for_every_style(run, tmp_path):
    write(tmp_path, "lapsed.yaml", """\
kind: stage
version: 1
id: lapsed
name: Lapsed customer
hint: bought once, long ago
meaning: Bought from us before and then stopped.
signals: [no order for a long time]
goals: [win them back]
actions: [ask what changed]
risks: [treating them like a stranger]
top_actions: [ask what changed since they last bought]
""")
    done = run("playbooks", "lint", str(tmp_path))
    assert done.code == 1
    for style in ("amiable", "analytical", "driver", "expressive"):
        assert any(f"styles/{style}.yaml:" in line and "no content of its own for the lapsed "
                   "stage" in line for line in done.err.splitlines()), style


def test_a_blend_that_would_add_an_avoided_line_is_reported(run, tmp_path):
    path = write(tmp_path, "expressive.yaml", """\
kind: style
version: 1
id: expressive
motivations:
  - "Let me take you through all forty slides."
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    assert (f"{path}:5: motivations[0]: folded into Driver briefs by a blend, but Driver's "
            "Avoid has it") in done.err.splitlines()


def test_a_pitch_line_shown_at_at_risk_fails_at_its_line(run, tmp_path):
    """Any line outside Avoid with a stem the stage's never_in_brief lists, in any brief the
    stage builds (any second style, any rep's own style), is reported where it is written."""
    path = write(tmp_path, "expressive.yaml", """\
kind: style
version: 1
id: expressive
relationship:
  actions+:
    - "Keep bringing them what is new: fresh features and services."
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    assert done.err.startswith(f"{path}:6: relationship.actions[3]: says 'what is new', which "
                               "no at-risk brief may say (the stage's never_in_brief), e.g. in "
                               "the Expressive at-risk brief")


def test_an_at_risk_flex_line_and_a_same_style_line_for_the_wrong_pole_fail(run, tmp_path):
    path = write(tmp_path, "flex.yaml", """\
kind: flex
version: 1
id: flex
same_style+:
  - "Two emoters can chat for an hour: agree what you'll cover first."
stages:
  at-risk:
    to_ask:
      - "Slow down, then pitch the new range."
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    lines = done.err.splitlines()
    assert (f"{path}:5: same_style[5]: names the emotes pole (emoters) but has no pole: give it "
            "pole: emotes so only two styles that share it see it") in lines
    assert any(line.startswith(f"{path}:9: stages.at-risk.to_ask[0]: says 'pitch'")
               for line in lines), lines


def test_an_at_risk_meeting_or_follow_up_that_sells_fails_at_its_line(run, tmp_path):
    """The meeting plan and the follow-ups go through the stage's never_in_brief too, so an
    at-risk room planned as a first sale cannot come back silently."""
    meeting = write(tmp_path, "meeting.yaml", """\
kind: meeting
version: 1
id: meeting
stages:
  at-risk:
    agenda:
      - text: "The result: the headline outcome and the return, in two minutes."
        for: [driver]
      - text: "What went wrong, in each person's own words."
""")
    followup = write(tmp_path, "followup.yaml", """\
kind: followup
version: 1
id: followup
styles:
  expressive:
    at-risk:
      subject: "Something new I think you'll love"
""")
    done = run("playbooks", "lint", str(tmp_path))
    assert done.code == 1
    lines = done.err.splitlines()
    assert any(line.startswith(f"{meeting}:7: stages.at-risk.agenda[0]: says 'outcome and the "
                               "return', which nothing at the at-risk stage may say")
               for line in lines), lines
    assert any(line.startswith(f"{followup}:7: styles.expressive.at-risk.subject: says \"new i "
                               "think you'll love\"") for line in lines), lines


def test_a_same_style_flex_line_at_a_stage_is_checked_for_its_pole(run, tmp_path):
    path = write(tmp_path, "flex.yaml", """\
kind: flex
version: 1
id: flex
stages:
  at-risk:
    same_style:
      - "Two askers can both wait for the other: say the fix yourself."
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    assert done.err.startswith(f"{path}:7: stages.at-risk.same_style[0]: names the ask pole")


def test_a_new_style_in_an_occupied_corner_is_reported(run, tmp_path):
    """A starter style lands in the Analytical corner; loaded beside Analytical it would
    split every read there, so a clear Analytical comes out 'not known yet'."""
    folder = tmp_path / "team"
    folder.mkdir()
    assert run("playbooks", "new", "style", "careful", "-o", str(folder / "careful.yaml")
               ).code == 0
    done = run("playbooks", "lint", str(folder))
    assert done.code == 1
    assert "careful.yaml:" in done.err and "position: careful sits in the same corner as " \
        "analytical" in done.err


def test_a_first_sale_question_or_switch_in_a_discovery_brief_fails_at_its_line(run, tmp_path):
    path = write(tmp_path, "discovery.yaml", """\
kind: discovery
version: 1
id: discovery
stages:
  at-risk:
    first_questions:
      - ask: "What would make this worth your time today?"
        reveals: "A result: controls. People: emotes."
""")
    done = run("playbooks", "lint", str(path))
    assert done.code == 1
    assert done.err.startswith(f"{path}:7: stages.at-risk.first_questions[0].ask: says 'worth "
                               "your time'")


def test_a_style_line_in_its_own_say_and_avoid_and_a_repeated_line_are_reported(run,
                                                                                tmp_path):
    """The walkthrough's trainer: one phrase in both Say and Avoid of the style's general
    lines (a brief drops it without a word) and a characteristic written twice."""
    write(tmp_path, "d.yaml", """\
kind: style
version: 1
id: driver
communication:
  use+:
    - "Let's agree the next step today."
  avoid+:
    - "Let's agree the next step today."
characteristics+:
  - "Direct and quick."
  - "Direct and quick."
""")
    done = run("playbooks", "lint", str(tmp_path))
    assert done.code == 1
    assert "d.yaml:6: communication.use[" in done.err and "in both Say and Avoid" in done.err
    assert "d.yaml:11: characteristics[" in done.err and "the same line as" in done.err
