"""The interview's and the meeting's own words come from the playbooks: a team rewords them
in an overlay, and a placeholder the words need is checked at its line."""

from __future__ import annotations

import pytest
from helpers import ScriptedPrompter, write

from coach import interview
from coach.brief import Prospect
from coach.errors import PlaybookError
from coach.meeting import MeetingRequest, prepare
from coach.playbook import load


@pytest.fixture
def overlay(tmp_path, monkeypatch):
    def _load(name: str, text: str):
        write(tmp_path, name, text)
        monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
        return load(use_cache=False)
    return _load


def test_the_interview_asks_in_the_playbooks_words(overlay):
    books = overlay("words.yaml", """
kind: questions
version: 1
id: behaviour
interview:
  name: "Wen ruf ich an?"
  stage: "Wo steht der Kunde?"
  could_be: "Bisher passt {styles}."
""")
    prompter = ScriptedPrompter(["Dana", "Acme", "", "", "new"])
    prospect = Prospect()
    interview.ask_prospect(prompter, prospect, books)
    assert prompter.asked[0] == "Wen ruf ich an?"
    assert prompter.asked[1] == books.interview.company == "Company"  # the rest kept
    assert prompter.asked[-1] == "Wo steht der Kunde?" and prospect.stage == "new"
    picker = ScriptedPrompter([interview.NOT_KNOWN])
    interview.ask_style(picker, books, ["driver"], more=False)
    assert picker.asked == ["Not enough to go on yet. Bisher passt Driver. Which fits best?"]


def test_a_wording_that_drops_a_placeholder_it_needs_is_an_error_at_its_line(tmp_path,
                                                                            monkeypatch):
    write(tmp_path, "words.yaml", "kind: questions\nversion: 1\nid: behaviour\n"
          "interview:\n  could_be: \"So far: maybe.\"\n  done: \"Enough {now}\"\n")
    write(tmp_path, "room.yaml", "kind: meeting\nversion: 1\nid: meeting\n"
          "prompts:\n  known: \"I know their style\"\n")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    with pytest.raises(PlaybookError) as caught:
        load(use_cache=False)
    text = str(caught.value)
    assert "words.yaml:5: interview.could_be: keep the placeholder {styles}" in text
    assert "words.yaml:6: interview.done: unknown placeholder {now}" in text
    assert "room.yaml:5: prompts.known: keep the placeholder {style}" in text


def test_the_meeting_asks_and_notes_in_the_playbooks_words(overlay):
    books = overlay("room.yaml", """
kind: meeting
version: 1
id: meeting
no_decider: "Nobody is marked as deciding: ask who signs."
prompts:
  person: "Attendee {number}?"
  decider: "Who signs?"
""")
    prompter = ScriptedPrompter(["Ines", "CFO", "driver", "", interview.UNSURE])
    meeting = prepare(MeetingRequest(stage="new"), books, prompter)
    assert prompter.asked[0] == "Attendee 1?" and prompter.asked[-1] == "Who signs?"
    assert "Ines's role" in prompter.asked and "Ines's style?" in prompter.asked
    assert meeting.notes[0] == "Nobody is marked as deciding: ask who signs."


def test_a_name_with_braces_is_inserted_as_it_is(books):
    prompter = ScriptedPrompter(["{number} {name}", "", "unknown", "", interview.UNSURE])
    prepare(MeetingRequest(stage="new"), books, prompter)
    assert "{number} {name}'s role" in prompter.asked


def test_the_briefs_notes_are_the_settings_words(overlay):
    from coach.brief import build_brief
    from coach.scoring import given

    books = overlay("settings.yaml", """
kind: settings
version: 1
id: settings
brief:
  notes:
    blend: "Mixed read: see the ({second}) points."
""")
    style = books.style("amiable")
    profile = given("amiable", style.position, len(books.questions))
    profile.second_style = "expressive"
    brief = build_brief(books, Prospect(stage="loyal"), profile)
    assert "Mixed read: see the (Expressive) points." in [n.text for n in brief.notes]


def test_a_note_that_loses_its_placeholder_is_an_error_at_its_line(tmp_path, monkeypatch):
    write(tmp_path, "settings.yaml", "kind: settings\nversion: 1\nid: settings\nbrief:\n"
          "  notes:\n    account: \"From the CRM.\"\n")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(tmp_path))
    with pytest.raises(PlaybookError, match=r"settings.yaml:6: brief.notes.account: keep the "
                       r"placeholder \{reason\}"):
        load(use_cache=False)
