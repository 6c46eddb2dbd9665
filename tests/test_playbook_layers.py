"""The layering rule a trainer relies on: shipped -> user config -> $COACH_PLAYBOOKS ->
--playbooks DIR, later wins; small overlay files change a shipped playbook without copying it.
"""

from __future__ import annotations

import os

import pytest
from helpers import write

from coach import paths
from coach.errors import PlaybookError, UsageError
from coach.playbook.loader import load

ANALYTICAL_FILE = paths.shipped_playbooks() / "styles" / "analytical.yaml"


@pytest.fixture
def shipped(books):
    return books


def test_every_layer_in_order_later_wins(tmp_path, monkeypatch, coach_home, shipped):
    user = coach_home / "config" / "playbooks"
    env_a, env_b, flag = tmp_path / "env-a", tmp_path / "env-b", tmp_path / "flag"
    for folder in (user, env_a, env_b, flag):
        write(folder, "new.yaml", f"kind: stage\nid: new\nname: From {folder.name}\n")

    assert load(use_cache=False).stages["new"].name == "From playbooks"  # the user layer
    monkeypatch.setenv("COACH_PLAYBOOKS", os.pathsep.join([str(env_a), str(env_b)]))
    books = load(use_cache=False)
    assert books.stages["new"].name == "From env-b"
    books = load([flag], use_cache=False)
    assert books.stages["new"].name == "From flag"
    assert [s.layer for s in books.sources[("stage", "new")]] == [
        "shipped", "user", "COACH_PLAYBOOKS", "COACH_PLAYBOOKS", "--playbooks"]
    # Everything not overridden still comes from the shipped file.
    assert books.stages["new"].goals == shipped.stages["new"].goals


def test_several_playbooks_flags_apply_in_order(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write(one, "x.yaml", "kind: stage\nid: new\nname: One\nhint: from one\n")
    write(two, "x.yaml", "kind: stage\nid: new\nname: Two\n")
    stage = load([one, two], use_cache=False).stages["new"]
    assert (stage.name, stage.hint) == ("Two", "from one")


def test_a_missing_layer_folder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path / "nope"))
    with pytest.raises(UsageError, match="COACH_PLAYBOOKS: no such file or folder: .*nope"):
        load(use_cache=False)


def test_a_add_items_to_a_shipped_list_without_copying(tmp_path, shipped):
    write(tmp_path, "analytical.yaml", """\
kind: style
id: analytical
communication:
  use+:
    - "Shall I put the numbers in a one-page summary for your committee?"
  avoid+:
    - "Just sign and we'll figure it out."
""")
    style = load([tmp_path], use_cache=False).styles["analytical"]
    assert style.communication.use == [
        *shipped.styles["analytical"].communication.use,
        "Shall I put the numbers in a one-page summary for your committee?"]
    assert style.communication.avoid[-1] == "Just sign and we'll figure it out."
    analytical = shipped.styles["analytical"]
    assert style.communication.how_to_talk == analytical.communication.how_to_talk
    assert style.checklist == shipped.styles["analytical"].checklist


def test_b_replace_one_section(tmp_path, shipped):
    write(tmp_path, "analytical.yaml", """\
kind: style
id: analytical
checklist:
  - "Send the agenda and the data sheet a day ahead."
strategy:
  key_points:
    - "Our team always leads with the audited case study."
""")
    style = load([tmp_path], use_cache=False).styles["analytical"]
    assert style.checklist == ["Send the agenda and the data sheet a day ahead."]
    assert style.strategy.key_points == ["Our team always leads with the audited case study."]
    # Mappings merge key by key: the section's other fields stay as shipped.
    assert style.strategy.objective == shipped.styles["analytical"].strategy.objective
    assert style.strategy.actions == shipped.styles["analytical"].strategy.actions


def test_c_add_a_new_stage_and_a_new_style(tmp_path, shipped):
    write(tmp_path, "dormant.yaml", """\
kind: stage
version: 1
id: dormant
name: Dormant customer
hint: bought once, long ago
meaning: An account that bought once and went quiet.
signals: [one order more than a year ago]
goals: [learn why they stopped]
actions: [call to ask what changed]
risks: [they have moved to a competitor]
top_actions: [ask what changed]
""")
    text = ANALYTICAL_FILE.read_text("utf-8")
    write(tmp_path, "careful.yaml", text.replace("id: analytical", "id: careful")
          .replace("name: Analytical", "name: Careful"))
    books = load([tmp_path], use_cache=False)
    assert books.stages["dormant"].name == "Dormant customer"
    assert books.styles["careful"].name == "Careful"
    assert [s.layer for s in books.sources[("style", "careful")]] == ["--playbooks"]
    assert set(books.styles) == {*shipped.styles, "careful"}
    assert books.styles["analytical"] == shipped.styles["analytical"]


def test_remove_items_by_text_and_by_id(tmp_path, shipped):
    shipped_avoid = shipped.styles["analytical"].communication.avoid
    dropped = shipped_avoid[-1]  # a plain line (a tagged one is a mapping, matched by id)
    write(tmp_path, "analytical.yaml",
          f'kind: style\nid: analytical\ncommunication:\n  avoid-:\n    - "{dropped}"\n')
    write(tmp_path, "questions.yaml", "kind: questions\nid: behaviour\nquestions-: [pace]\n")
    books = load([tmp_path], use_cache=False)
    assert books.styles["analytical"].communication.avoid == shipped_avoid[:-1]
    ids = [q.id for q in books.questions]
    assert "pace" not in ids
    assert ids == [q.id for q in shipped.questions if q.id != "pace"]


def test_replace_true_drops_the_earlier_file(tmp_path):
    write(tmp_path, "new.yaml", """\
kind: stage
version: 1
id: new
replace: true
name: Brand-new account
hint: first order this quarter
meaning: Our own definition.
signals: [first order this quarter]
goals: [a second order]
actions: [onboarding call]
risks: [a bad first delivery]
top_actions: [book the onboarding call]
""")
    stage = load([tmp_path], use_cache=False).stages["new"]
    assert stage.signals == ["first order this quarter"]
    assert stage.goals == ["a second order"]
    assert stage.priority == 100  # the shipped value is gone, back to the default


def test_an_item_with_an_existing_id_replaces_it_in_place(tmp_path, shipped):
    write(tmp_path, "questions.yaml", """\
kind: questions
id: behaviour
questions+:
  - id: pace
    axis: assertiveness
    text: How quickly do they move a meeting on?
    options:
      - {value: quick, label: Quick, assertiveness: 1.0}
      - {value: unhurried, label: Unhurried, assertiveness: -1.0}
  - id: our-own
    axis: responsiveness
    text: Do they send emoji?
    options:
      - {value: often, label: Often, responsiveness: 1.0}
      - {value: never, label: Never, responsiveness: -1.0}
""")
    questions = load([tmp_path], use_cache=False).questions
    ids = [q.id for q in questions]
    assert ids == [q.id for q in shipped.questions] + ["our-own"]
    pace = questions[ids.index("pace")]
    assert pace.text == "How quickly do they move a meeting on?"
    assert [o.value for o in pace.options] == ["quick", "unhurried", "unsure"]


def overlay_problems(tmp_path, text: str) -> list[str]:
    write(tmp_path, "analytical.yaml", text)
    with pytest.raises(PlaybookError) as caught:
        load([tmp_path], use_cache=False)
    return [line.replace(f"{tmp_path}/", "") for line in str(caught.value).splitlines()]


@pytest.mark.parametrize("text,expected", [
    ("kind: style\nid: analytical\ncommunication:\n  use+: one phrase\n",
     "analytical.yaml:4: communication.use+: takes a list of items"),
    ("kind: style\nid: analytical\ncommunication:\n  avoid-:\n    - not a shipped phrase\n",
     "analytical.yaml:5: communication.avoid-: nothing to remove: no item 'not a shipped "
     "phrase' in communication.avoid"),
    ("kind: style\nid: analytical\n\ncomunication:\n  use+: [hello]\n",
     "analytical.yaml:4: comunication: unknown field (did you mean 'communication'?)"),
    ("kind: style\nid: analytical\ncommunication:\n  objective: [not, text]\n",
     "analytical.yaml:4: communication.objective: expected text, got a list"),
    ("kind: style\nid: analytical\nposition:\n  assertiveness: loud\n",
     "analytical.yaml:4: position.assertiveness: 'loud' is not allowed; use one of: ask, tell"),
    ("kind: style\nid: analytical\nsummary+: [x]\n",
     "analytical.yaml:3: summary+: cannot add to summary: it is not a list in the earlier "
     "layers"),
    ("kind: style\nid: analytical\nreplace: please\n",
     "analytical.yaml:3: replace: expected true or false, got 'please'"),
    ("kind: style\nid: analytical\nreplace: true\nname: Mine\n",
     "analytical.yaml:1: characteristics: missing required field"),
])
def test_errors_in_an_overlay_point_at_the_overlay(tmp_path, text, expected):
    found = overlay_problems(tmp_path, text)
    assert expected in found, found


def test_a_bad_item_added_by_an_overlay_points_at_the_overlay(tmp_path, shipped):
    found = overlay_problems(tmp_path, """\
kind: style
id: analytical
objections+:
  - objection: "It costs too much."
    respnse: "Show the three-year cost side by side."
""")
    n = len(shipped.styles["analytical"].objections)
    assert found == [
        f"analytical.yaml:4: objections[{n}].response: missing required field",
        f"analytical.yaml:5: objections[{n}].respnse: unknown field (did you mean 'response'?)",
    ]


def test_a_tagged_line_is_removed_by_its_words(tmp_path, monkeypatch):
    """Lines that carry tags are mappings ({text, tags}); a trainer removes one by its
    words all the same, and a word that matches nothing is still an error at its line."""
    write(tmp_path, "driver.yaml", """\
kind: style
version: 1
id: driver
motivations-:
  - "Align with it: show how fast the results come and how much effort it saves."
communication:
  avoid-:
    - "Let me take you through all forty slides."
""")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    driver = load(use_cache=False).style("driver")
    assert not any("Align with it" in str(m) for m in driver.motivations)
    assert not any("forty slides" in str(a) for a in driver.communication.avoid)
    write(tmp_path, "driver.yaml", "kind: style\nversion: 1\nid: driver\n"
          "motivations-:\n  - \"Nothing like this line.\"\n")
    with pytest.raises(PlaybookError, match=r"driver.yaml:5: motivations-: nothing to remove"):
        load(use_cache=False)
