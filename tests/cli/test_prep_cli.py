"""`coach prep`, `brief`, `identify`, `questions`, `config` as a rep and a script use them."""

from __future__ import annotations

import json
import re

import pytest
import yaml

DRIVER_ANSWERS = {
    "pace": "fast", "voice": "forceful", "ask_or_tell": "tells", "decision_speed": "on_the_spot",
    "takes_charge": "takes_charge", "risk": "bold", "email": "blunt", "small_talk": "straight_in",
    "evidence": "facts", "animation": "reserved", "focus": "task", "formality": "formal",
    "time": "strict", "handshake": "strong", "eye_contact": "holds", "reply_speed": "minutes",
    "email_ask": "instructs", "disagreement": "argues", "detail": "bottom_line",
    "office_wall": "awards", "voicemail": "call_back", "email_opening": "no_greeting",
    "laughter": "never", "personal_interest": "never",
}


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"name": "Dana Reyes", "company": "Acme", "stage": "new",
                                    **DRIVER_ANSWERS}))
    return path


def test_brief_markdown_to_stdout(run):
    r = run("brief", "--style", "driver", "--name", "Dana", "--stage", "loyal",
            "--format", "markdown", "--no-save")
    assert r.code == 0, r.err
    assert r.out.startswith("# Call brief: Dana")
    assert "## Account plan (Loyal customer)" in r.out


def test_prep_no_input_from_answers_file(run, answers_file):
    r = run("prep", "--answers", str(answers_file), "--no-input", "--format", "json",
            "--no-save")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["style"] == "driver"
    assert data["prospect"]["name"] == "Dana Reyes"
    assert 0.8 <= data["profile"]["confidence"] < 1


def test_prep_no_input_names_missing_answers(run_process):
    r = run_process("prep", "--no-input", "--stage", "new")
    assert r.code == 1
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "missing answers: pace, voice" in r.err


def test_prep_without_terminal_fails_fast_instead_of_hanging(run_process):
    r = run_process("prep", "--name", "Dana")
    assert r.code == 1
    assert "no terminal" in r.err and "stage" in r.err


def test_unknown_answer_value_lists_valid_ones(run, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"pace": "zippy"}))
    r = run("identify", "--answers", str(path), "--format", "json")
    assert r.code == 1
    assert "pace: 'zippy' is not an option; valid: fast, brisk" in r.err


def test_identify_json_contract(run, answers_file):
    r = run("identify", "--answers", str(answers_file), "--format", "json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    for key in ("style", "assertiveness", "responsiveness", "confidence", "second_style",
                "evidence", "shares"):
        assert key in data
    assert set(data["shares"]) == {"analytical", "amiable", "driver", "expressive"}
    assert abs(sum(data["shares"].values()) - 1) <= 0.01
    assert max(data["shares"], key=data["shares"].get) == "driver"
    assert data["confidence"] == round(data["shares"]["driver"], 2) < 1
    assert data["style"] == "driver"
    assert {e["question_id"] for e in data["evidence"]} == set(DRIVER_ANSWERS)


def test_questions_json_contract(run):
    r = run("questions", "--format", "json")
    data = json.loads(r.out)
    assert len(data) >= 20
    for q in data:
        assert {"id", "text", "axis", "options", "channels"} <= set(q)
        assert q["channels"] and set(q["channels"]) <= {"email", "phone", "video", "in-person"}
        assert any(o["value"] == "unsure" for o in q["options"])
        for o in q["options"]:
            assert isinstance(o["assertiveness"], float | int)
            assert isinstance(o["responsiveness"], float | int)
    axes = [q["axis"] for q in data]
    assert abs(axes.count("assertiveness") - axes.count("responsiveness")) <= 1


def test_template_round_trips_through_prep(run, tmp_path):
    r = run("questions", "--template")
    path = tmp_path / "t.yaml"
    path.write_text(r.out.replace('stage: ""', "stage: potential").replace(
        "pace: unsure", "pace: fast").replace("evidence: unsure", "evidence: facts"))
    r = run("prep", "--answers", str(path), "--no-input", "--format", "json", "--no-save")
    assert r.code == 0, r.err
    assert json.loads(r.out)["style"] == "driver"


def test_output_is_atomic_and_refuses_to_clobber(run, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "brief.md"
    r = run("brief", "--style", "amiable", "-o", str(target), "--no-save")
    assert r.code == 0, r.err
    first = target.read_text()
    assert first.startswith("# Call brief")
    r = run("brief", "--style", "driver", "-o", str(target), "--no-save")
    assert r.code == 1 and "already exists" in r.err
    assert target.read_text() == first
    r = run("brief", "--style", "driver", "-o", str(target), "--force", "--no-save")
    assert r.code == 0 and "Driver" in target.read_text()
    r = run("brief", "--style", "driver", "-o", str(tmp_path / "nope" / "b.md"), "--no-save")
    assert r.code == 1 and "folder does not exist" in r.err
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_bad_flags_are_usage_errors(run):
    r = run("brief", "--style", "pilot", "--no-save")
    assert r.code == 2 and "unknown style 'pilot'" in r.err
    r = run("brief", "--style", "driver", "--stage", "dormant", "--no-save")
    assert r.code == 2 and "new, loyal, potential, at-risk" in r.err
    r = run("brief", "--style", "driver", "--bogus")
    assert r.code == 2 and "No such option" in r.err


def test_my_style_adds_flex_advice(run):
    r = run("config", "set", "my-style", "expressive")
    assert r.code == 0
    r = run("brief", "--style", "analytical", "--format", "markdown", "--no-save")
    assert "## Flex from your style (Expressive)" in r.out
    r = run("brief", "--style", "analytical", "--me", "analytical", "--format", "markdown",
            "--no-save")
    assert "## Flex from your style (Analytical)" in r.out


# ----------------------------------------------------------------- the real prompts


def test_thats_all_i_know_then_the_rep_picks_among_what_the_answers_allow(keyboard, run):
    keyboard.send_text("Dana\rAcme\r\rRenewal\r")
    keyboard.send_text("2")   # stage: loyal
    keyboard.send_text("\r")  # how they know them: nothing ticked, so every question
    keyboard.send_text("1")   # pace: fast
    keyboard.send_text("6")   # "that's all I know" (4 options, unsure, then this)
    # only assertiveness is known ("tells"): 1 = answer more, 2 = Driver, 3 = Expressive
    keyboard.send_text("2")
    keyboard.send_text("n")   # don't save Markdown
    r = run("prep", "--format", "terminal")
    assert r.code == 0, r.err
    assert "Driver (your pick; 1 answer could not tell)" in r.out
    assert "Low confidence" in r.out


def test_answer_more_goes_back_to_the_questions(keyboard, run):
    keyboard.send_text("Dana\r\r\r\r2\r")
    keyboard.send_text("1" + "6")  # pace: fast, then "that's all I know"
    keyboard.send_text("1")        # "answer more questions first"
    keyboard.send_text("1" * 23)   # the remaining ones, all first options
    keyboard.send_text("n")
    r = run("prep", "--no-save")
    assert r.code == 0, r.err
    assert re.search(r"Driver \d\d% \((strong|balanced) read\)", r.out)
    assert "24 of 24 behaviour questions answered" in r.out


def test_interactive_prep_reads_a_driver(keyboard, run):
    keyboard.send_text("Dana\rAcme\rCFO\rRenewal\r2\r")
    keyboard.send_text("1" * len(DRIVER_ANSWERS))
    keyboard.send_text("n")
    r = run("prep")
    assert r.code == 0, r.err
    assert "Dana (CFO, Acme)" in r.out
    assert "Driver" in r.out and "Do on this call" in r.out


def test_ctrl_c_exits_130_and_writes_nothing(keyboard, run, coach_home):
    keyboard.send_text("Dana\r\x03")
    r = run("prep")
    assert r.code == 130
    assert "stopped" in r.err
    assert not (coach_home / "journal.sqlite3").exists()


def test_accounts_fill_in_company_and_stage_with_the_reason(run, tmp_path):
    csv = tmp_path / "orders.csv"
    csv.write_text("account_id,account_name,order_date,amount\n"
                   + "".join(f"A1,Acme Ltd,2026-0{m}-10,1000\n" for m in range(1, 6))
                   + "B2,Bolt,2026-10-20,500\n")
    r = run("brief", "--style", "driver", "--accounts", str(csv), "--account", "A1",
            "--as-of", "2026-11-01", "--format", "json", "--no-save")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["prospect"]["company"] == "Acme Ltd"
    assert data["stage"] == "at-risk"
    assert "no order for" in data["account"]["reason"]
    assert any("no order for" in n["text"] and n["from"] == "account" for n in data["notes"])
    r = run("brief", "--style", "driver", "--accounts", str(csv), "--account", "ZZ",
            "--no-save")
    assert r.code == 1 and "no account with id 'ZZ'" in r.err
    r = run("brief", "--style", "driver", "--account", "A1", "--no-save")
    assert r.code == 2 and "go together" in r.err


def test_rows_prep_could_not_read_are_said_never_silently_dropped(run, tmp_path):
    """The walkthrough's CRM export: one bad date is left out and the brief says so; a
    day-first file finds no account and says why; a flag prep does not have is named as
    accounts segment's."""
    csv = tmp_path / "orders.csv"
    csv.write_text("account_id,account_name,order_date,amount\n"
                   "A1,Acme,2026-01-05,100\nA1,Acme,2026-02-05,120\nA1,Acme,soon,90\n")
    r = run("brief", "--style", "driver", "--accounts", str(csv), "--account", "A1",
            "--as-of", "2026-03-01", "--format", "json", "--no-save")
    assert r.code == 0, r.err
    reason = json.loads(r.out)["account"]["reason"]
    assert "(1 row of orders.csv could not be read and was left out)" in reason
    csv.write_text("account_id,account_name,order_date,amount\n"
                   "A1,Acme,13/01/2026,100\nA1,Acme,25/02/2026,120\n")
    r = run("brief", "--style", "driver", "--accounts", str(csv), "--account", "A1",
            "--no-save")
    assert r.code == 1 and "2 rows could not be read" in r.err
    assert f"coach accounts segment {csv}" in r.err
    csv.write_text("id,name,date,amt\nA1,Acme,2026-01-05,100\n")
    r = run("brief", "--style", "driver", "--accounts", str(csv), "--account", "A1",
            "--no-save")
    assert r.code == 1 and "--map" in r.err and "accounts segment" in r.err


def test_control_characters_never_reach_the_terminal(run):
    r = run("brief", "--style", "driver", "--name", "Ac\x1b[31mme\x07", "--format", "json",
            "--no-save")
    assert json.loads(r.out)["prospect"]["name"] == "Ac [31mme"  # a space, not glued


def test_output_to_a_folder_is_a_clear_error(run, tmp_path):
    r = run("brief", "--style", "driver", "-o", str(tmp_path), "--no-save")
    assert r.code == 1 and "is a folder" in r.err


def test_named_preps_are_recorded_and_anonymous_ones_are_not(run, coach_home):
    from coach import journal

    run("brief", "--style", "driver", "--format", "json")
    assert not (coach_home / "journal.sqlite3").exists()
    r = run("brief", "--style", "driver", "--name", "Dana", "--stage", "new", "--format", "json")
    assert r.code == 0, r.err
    preps = journal.recent_preps(journal.default_db_path())
    assert [(p["name"], p["style"], p["stage"]) for p in preps] == [("Dana", "driver", "new")]


def _observable(channel: str) -> list[str]:
    from coach.playbook import load

    return [q.id for q in load(use_cache=False).questions if channel in q.channels]


def test_seen_email_asks_only_what_an_email_shows(run, tmp_path):
    email = _observable("email")
    assert "handshake" not in email and "pace" not in email and "animation" not in email
    bare = tmp_path / "bare.yaml"
    bare.write_text("stage: new\n")
    r = run("prep", "--seen", "email", "--no-input", "--answers", str(bare), "--no-save")
    assert r.code == 1
    missing = r.err.split("missing answers: ")[1].split(";")[0].split(", ")
    assert missing == email
    full = tmp_path / "email.yaml"
    full.write_text(yaml.safe_dump({"stage": "new", **{q: DRIVER_ANSWERS[q] for q in email}}))
    r = run("prep", "--seen", "email", "--no-input", "--answers", str(full), "--format", "json",
            "--no-save")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["style"] == "driver"
    assert data["profile"]["asked"] == len(email)


def test_identify_takes_seen_like_prep(run, tmp_path):
    """A read from two emails counts against what an email can show, not all questions."""
    email = _observable("email")
    path = tmp_path / "email.yaml"
    path.write_text(yaml.safe_dump({q: DRIVER_ANSWERS[q] for q in email}))
    everything = json.loads(run("identify", "--answers", str(path), "--format", "json").out)
    by_email = run("identify", "--seen", "email", "--answers", str(path), "--format", "json")
    assert by_email.code == 0, by_email.err
    data = json.loads(by_email.out)
    assert data["style"] == "driver" and data["answered"] == len(email)
    assert data["asked"] == len(email) < everything["asked"]
    path.write_text(yaml.safe_dump({"seen": "email", **{q: DRIVER_ANSWERS[q] for q in email}}))
    assert json.loads(run("identify", "--answers", str(path), "--format", "json").out)[
        "asked"] == len(email)
    r = run("identify", "--seen", "fax", "--answers", str(path))
    assert r.code != 0 and "--seen: unknown channel 'fax'" in r.err


def test_seen_can_come_from_the_answers_file_and_bad_channels_are_named(run, tmp_path):
    phone = _observable("phone")
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump({"stage": "new", "seen": ["phone"],
                                    **{q: DRIVER_ANSWERS[q] for q in phone}}))
    r = run("prep", "--no-input", "--answers", str(path), "--format", "json", "--no-save")
    assert r.code == 0, r.err
    assert json.loads(r.out)["profile"]["asked"] == len(phone)
    r = run("prep", "--seen", "email,fax", "--no-input", "--answers", str(path), "--no-save")
    assert r.code != 0
    assert "--seen: unknown channel 'fax'; choose from: email, phone, video, in-person" in r.err
    path.write_text("stage: new\nseen: telepathy\n")
    r = run("prep", "--no-input", "--answers", str(path), "--no-save")
    assert r.code != 0 and f"{path}: seen: unknown channel 'telepathy'" in r.err


def test_questions_for_a_channel_carry_their_channels(run):
    r = run("questions", "--seen", "phone", "--format", "json")
    data = json.loads(r.out)
    assert [q["id"] for q in data] == _observable("phone")
    assert all("phone" in q["channels"] for q in data)
    template = run("questions", "--template", "--seen", "email").out
    assert "seen: email" in template and "handshake:" not in template


def test_the_templates_seen_line_names_the_channels_and_reads_back(run, tmp_path):
    """A rep filling in the template sees which channels there are; left empty, it asks
    about everything."""
    template = run("questions", "--template").out
    assert "# (email, phone, video, in-person; empty: every question):" in template
    path = tmp_path / "answers.yaml"
    path.write_text(template)
    everything = json.loads(run("identify", "--answers", str(path), "--format", "json").out)
    assert everything["asked"] == len(_all_questions())
    path.write_text(template.replace('seen: ""', "seen: email, phone"))
    data = json.loads(run("identify", "--answers", str(path), "--format", "json").out)
    assert data["asked"] == len({*_observable("email"), *_observable("phone")})
    path.write_text(template.replace('seen: ""', "seen: email").replace('stage: ""',
                                                                        "stage: new"))
    r = run("prep", "--no-input", "--answers", str(path), "--format", "json", "--no-save")
    assert r.code == 0, r.err
    assert json.loads(r.out)["profile"]["asked"] == len(_observable("email"))


def _all_questions():
    from coach.playbook import load

    return load(use_cache=False).questions


def test_the_interview_asks_how_the_rep_knows_them_first(keyboard, run):
    phone = _observable("phone")
    keyboard.send_text("Dana\rAcme\r\rRenewal\r2")
    keyboard.send_text("\x1b[B \r")  # how they know them: down to "phone", tick it, go on
    keyboard.send_text("1" * len(phone))
    keyboard.send_text("n")
    r = run("prep", "--no-save")
    assert r.code == 0, r.err
    assert f"{len(phone)} of {len(phone)} behaviour questions answered" in r.out
    assert "handshake" not in r.out.lower()


def test_all_not_sure_gives_a_discovery_brief_not_an_error(run, tmp_path):
    template = run("questions", "--template").out
    path = tmp_path / "all-unsure.yaml"
    path.write_text(template.replace('stage: ""', "stage: at-risk"))
    r = run("prep", "--answers", str(path), "--no-input", "--format", "json", "--no-save")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["style"] is None and data["profile"]["style"] is None
    sections = {s["id"]: s for s in data["sections"]}
    assert {"opening", "first_questions", "signals", "stage"} <= set(sections)
    assert len(sections["first_questions"]["items"]) == 3
    assert {i["source"] for i in sections["signals"]["items"]} == {
        "Driver", "Analytical", "Amiable", "Expressive"}
    assert sections["stage"]["title"] == "Account plan (At-risk customer)"
    assert data["read"].startswith("Not known yet")


def test_brief_style_unknown_or_none_is_the_discovery_brief(run):
    for args in (("--style", "unknown"), ("--style", "Unknown"), ()):
        r = run("brief", *args, "--stage", "new", "--format", "markdown", "--no-save")
        assert r.code == 0, r.err
        assert "## Open so that any style is comfortable" in r.out
        assert "## What you hear → which style → what to switch to" in r.out
        assert "## Account plan (New customer)" in r.out
    r = run("brief", "--style", "dunno", "--no-save")
    assert r.code != 0 and "expressive, unknown" in r.err


def test_the_picker_never_forces_a_guess(keyboard, run):
    keyboard.send_text("Dana\rAcme\r\rRenewal\r2\r")
    keyboard.send_text("1")   # pace: fast
    keyboard.send_text("6")   # "that's all I know"
    # 1 = answer more, 2 = Driver, 3 = Expressive, 4 = Amiable, 5 = Analytical, 6 = don't know
    keyboard.send_text("6")
    keyboard.send_text("n")
    r = run("prep", "--format", "terminal", "--no-save")
    assert r.code == 0, r.err
    assert "Not known yet (1 answer could not place them" in r.out
    assert "What you hear → which style → what to switch to" in r.out
