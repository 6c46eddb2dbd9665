"""`coach meeting` as a rep uses it: from flags, from answers files, interactively, and
recorded so each attendee can be debriefed."""

from __future__ import annotations

import json

import yaml

from coach import journal
from coach.playbook import load

ROOM = ("--attendee", "Ines:CFO:driver", "--attendee", "Tom:IT lead:analytical",
        "--attendee", "Priya:Office manager:amiable", "--decider", "Ines")


def analytical_answers(books) -> dict[str, str]:
    """For each question, the option that pulls most towards ask + controls."""
    return {q.id: max(q.options, key=lambda o: -o.assertiveness - o.responsiveness).value
            for q in books.questions}


def test_json_has_every_attendee_the_decider_and_a_plan_naming_each_style(run):
    r = run("meeting", *ROOM, "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    people = {a["name"]: a for a in data["attendees"]}
    assert {n: a["style"] for n, a in people.items()} == {
        "Ines": "driver", "Tom": "analytical", "Priya": "amiable"}
    assert data["decider"] == "Ines" and people["Ines"]["decides"]
    present = {"Driver", "Analytical", "Amiable"}
    assert set(data["styles_present"]) == present
    for section in ("opening", "agenda"):
        assert {s for item in data[section] for s in item["styles"]} == present, section
    for section in ("needs", "afterwards"):
        assert {p["style_name"] for p in data[section]} == present, section
    assert {tuple(c["styles"]) for c in data["clashes"]} == {
        ("Driver", "Analytical"), ("Driver", "Amiable"), ("Analytical", "Amiable")}
    # recorded: one prep per attendee, linked to the meeting
    assert data["meeting_id"] == 1
    # one command a line, so a terminal never breaks one mid-word
    assert f"\n  coach debrief --prep {people['Ines']['prep_id']}   (Ines)\n" in r.err
    assert all(len(line) <= 80 for line in r.err.splitlines())


def test_the_journal_links_a_meetings_attendees_to_their_debriefs(run):
    data = json.loads(run("meeting", *ROOM, "--format", "json").out)
    ines = next(a for a in data["attendees"] if a["name"] == "Ines")
    r = run("debrief", "--no-input", "--prep", str(ines["prep_id"]), "--outcome", "advanced",
            "--read-held")
    assert r.code == 0, r.err
    people = journal.meeting_attendees(journal.default_db_path(), data["meeting_id"])
    assert [(p["name"], p["role"], p["style"]) for p in people] == [
        ("Ines", "CFO", "driver"), ("Tom", "IT lead", "analytical"),
        ("Priya", "Office manager", "amiable")]
    assert [d["outcome"] for d in people[0]["debriefs"]] == ["advanced"]
    assert people[1]["debriefs"] == [] and people[2]["debriefs"] == []
    assert journal.meeting_attendees(journal.default_db_path(), 99) is None
    # the attendees are ordinary preps, offered first by the debrief's "which prospect?"
    waiting = [p["name"] for p in journal.recent_preps(journal.default_db_path())
               if not p["debriefed"]]
    assert {"Tom", "Priya"} <= set(waiting)


def test_answers_files_read_a_person_and_unknown_is_allowed(run, tmp_path):
    books = load(use_cache=False)
    tom = tmp_path / "tom.yaml"
    tom.write_text(yaml.safe_dump({"name": "Tom", "role": "IT lead",
                                   **analytical_answers(books)}))
    r = run("meeting", "--attendee", "Ines:CFO:driver", "--attendee", "Tom",
            "--attendee", "Sam:Buyer:unknown", "--answers", str(tom), "--format", "json",
            "--no-save")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    people = {a["name"]: a for a in data["attendees"]}
    assert people["Tom"]["style"] == "analytical" and people["Tom"]["answers"]
    assert people["Sam"]["style"] == "" and people["Sam"]["read"].startswith("unknown")
    assert data["decider"] is None and "meeting_id" in data and data["meeting_id"] is None
    assert any("find out early" in n for n in data["notes"])


def test_markdown_escapes_names_and_terminal_shows_the_plan(run):
    r = run("meeting", "--attendee", "[Ines](x) <b>:*CFO*:driver", "--attendee",
            "Tom:IT:expressive", "--format", "markdown", "--no-save")
    assert r.code == 0, r.err
    assert r"\[Ines\](x) \<b\> (\*CFO\*)" in r.out
    assert "## Where styles clash" in r.out and "1. " in r.out
    r = run("meeting", *ROOM, "--no-save")
    assert r.code == 0, r.err
    for heading in ("Who is in the room", "Open so no style is lost", "Agenda, in this order",
                    "What each person needs", "Where styles clash", "Afterwards, send"):
        assert heading in r.out
    assert "Decides: Ines" in r.out


def test_without_attendees_or_a_terminal_it_says_what_to_give(run_process):
    r = run_process("meeting")
    assert r.code == 1 and "no attendees: give --attendee" in r.err
    assert "Traceback" not in r.err


def test_learn_meetings_teaches_the_plan_and_the_quiz_practises_it(run, tmp_path):
    r = run("learn", "meetings", "--format", "markdown")
    assert r.code == 0, r.err
    for text in ("Open so no style is lost", "Where styles clash", "Driver and Analytical",
                 "Handle it:", "Style not known yet", "Send after:"):
        assert text in r.out, text
    r = run("quiz", "--topic", "meetings", "--items", "--format", "json")
    assert r.code == 0, r.err
    items = json.loads(r.out)
    assert len(items) >= 4 and {i["topic"] for i in items} == {"meetings"}
    answers = {i.id: i.answer for i in load(use_cache=False).quiz_items if i.topic == "meetings"}
    path = tmp_path / "answers.yaml"
    path.write_text("".join(f"{k}: {v}\n" for k, v in answers.items()))
    r = run("quiz", "--answers", str(path), "--json")
    assert r.code == 0, r.err
    assert json.loads(r.out)["score"] == len(answers)


# ----------------------------------------------------------------- the real prompts


def test_people_added_one_by_one_with_the_interview_a_known_style_and_unknown(keyboard, run):
    books = load(use_cache=False)
    styles, stages = list(books.styles), list(books.stages)
    digit = {q.id: str([o.value for o in q.options].index(v) + 1)
             for q in books.questions for v in [analytical_answers(books)[q.id]]}
    keyboard.send_text("Ines\rCFO\r" + str(2 + styles.index("driver")))   # a known style
    keyboard.send_text("Tom\rIT lead\r1")                                # the quick interview
    keyboard.send_text("\r")                     # how do you know him: nothing ticked, ask all
    keyboard.send_text("".join(digit[q.id] for q in books.questions))
    keyboard.send_text("Sam\r\r" + str(2 + len(styles)))                 # not known yet
    keyboard.send_text("\r")                                              # that's everyone
    keyboard.send_text("1")                                               # Ines decides
    keyboard.send_text(str(1 + stages.index("at-risk")))
    r = run("meeting", "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert [(a["name"], a["role"], a["style"]) for a in data["attendees"]] == [
        ("Ines", "CFO", "driver"), ("Tom", "IT lead", "analytical"), ("Sam", "", "")]
    assert data["decider"] == "Ines" and data["stage"] == "at-risk"
    assert data["stage_actions"] and data["meeting_id"] == 1
    assert len(data["attendees"][1]["answers"]) == len(books.questions)


def test_journal_meeting_shows_the_room_its_reads_and_who_is_left_to_debrief(run, journal_db):
    """`coach journal meeting` on both back ends: the list, then one meeting page."""
    data = json.loads(run("meeting", *ROOM, "--company", "Acme", "--goal", "Agree the pilot",
                          "--stage", "potential", "--format", "json", "--db", journal_db).out)
    people = {a["name"]: a["prep_id"] for a in data["attendees"]}
    assert run("debrief", "--no-input", "--prep", str(people["Ines"]), "--outcome", "advanced",
               "--read-held", "--db", journal_db).code == 0
    assert run("debrief", "--no-input", "--prep", str(people["Tom"]), "--outcome", "stalled",
               "--read-missed", "--actual-style", "amiable", "--db", journal_db).code == 0

    listed = run("journal", "meeting", "--db", journal_db)
    assert listed.code == 0, listed.err
    row = next(line for line in listed.out.splitlines() if "Acme" in line)
    assert row.split()[0] == str(data["meeting_id"]) and " 3 " in row and " 2 " in row

    page = run("journal", "meeting", str(data["meeting_id"]), "--db", journal_db)
    assert page.code == 0, page.err
    text = " ".join(page.out.split())
    assert "Ines (CFO), decides: Driver. call" in text and "advanced, read held" in text
    assert "read missed (was Amiable)" in text
    assert "Priya (Office manager): Amiable. Not debriefed yet." in text
    assert f"coach debrief --prep {people['Priya']}" in text
    assert "Ines" not in text.split("Still to debrief")[1]

    shown = json.loads(run("journal", "meeting", str(data["meeting_id"]), "--format", "json",
                           "--db", journal_db).out)
    assert shown["decider"] == "Ines" and shown["company"] == "Acme"
    assert [len(a["debriefs"]) for a in shown["attendees"]] == [1, 1, 0]

    # a debrief's case page points back at its meeting
    call = run("journal", "show", "2", "--db", journal_db).out
    assert f"Part of meeting {data['meeting_id']}" in call
    assert "rep's own call" in call and "100%" not in call


def test_journal_meeting_unknown_id_is_one_line_and_exit_1(run):
    assert "No meetings recorded yet" in run("journal", "meeting").out
    r = run("journal", "meeting", "7")
    assert r.code == 1 and r.err.strip().count("\n") == 0 and "no meeting 7" in r.err
