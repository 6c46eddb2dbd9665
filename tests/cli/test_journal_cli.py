"""End to end: `coach debrief`, `coach journal ...` and `coach lessons` as a rep, a script and
a trainer use them, including two writers at once and files that are not ours."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from coach import journal

FULL = ["debrief", "--no-input", "--name", "Dana [b]Reyes[/b]", "--company", "=Northwind",
        "--style", "driver", "--stage", "new", "--outcome", "advanced", "--read-missed",
        "--actual-style", "analytical", "--approach", "Lead with the result",
        "--approach", "Short summary", "--objection", "Too expensive", "--response",
        "Showed the payback", "--objection", "No time", "--worked", "Numbers up front",
        "--missed", "Small talk", "--next-step", "Send the pilot plan", "--next-date",
        "2025-07-01", "--date", "2025-06-30"]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_debrief_no_input_stores_every_flag(run, tmp_path):
    db = tmp_path / "j.sqlite3"
    done = run(*FULL, "--db", str(db))
    assert done.code == 0, done.err
    assert done.out.startswith("saved call 1:")
    calls = json.loads(run("journal", "list", "--format", "json", "--db", str(db)).out)
    assert len(calls) == 1
    c = calls[0]
    assert (c["name"], c["company"], c["style"], c["stage"], c["outcome"]) == (
        "Dana [b]Reyes[/b]", "=Northwind", "driver", "new", "advanced")
    assert (c["read_held"], c["actual_style"]) == (False, "analytical")
    assert c["approaches"] == ["Lead with the result", "Short summary"]
    assert c["objections"] == [{"objection": "Too expensive", "response": "Showed the payback"},
                               {"objection": "No time", "response": None}]
    assert (c["worked"], c["missed"], c["next_step"], c["next_date"], c["day"]) == (
        "Numbers up front", "Small talk", "Send the pilot plan", "2025-07-01", "2025-06-30")


def test_debrief_links_a_prep(run, tmp_path):
    db = tmp_path / "j.sqlite3"
    prep = journal.record_prep(db, name="Ann", company="Acme", role=None, goal=None,
                               stage="loyal", style="amiable", profile={"confidence": 0.8},
                               answers={"pace": "slow"})
    listed = json.loads(run("journal", "list", "--preps", "--format", "json", "--db",
                            str(db)).out)
    assert [(p["id"], p["name"], p["debriefed"]) for p in listed] == [(prep, "Ann", False)]
    assert "Acme" in run("journal", "list", "--preps", "--db", str(db)).out
    assert run("debrief", "--no-input", "--prep", str(prep), "--outcome", "won",
               "--read-held", "--db", str(db)).code == 0
    assert json.loads(run("journal", "list", "--preps", "--format", "json", "--db",
                          str(db)).out)[0]["debriefed"] is True
    shown = json.loads(run("journal", "show", "1", "--format", "json", "--db", str(db)).out)
    assert (shown["name"], shown["style"], shown["stage"]) == ("Ann", "amiable", "loyal")
    assert shown["prep"]["answers"] == {"pace": "slow"}
    page = run("journal", "show", "1", "--db", str(db)).out
    assert "Confidence of the read before the call: 80%" in page
    missing = run("debrief", "--no-input", "--prep", "99", "--outcome", "won", "--db", str(db))
    assert missing.code == 1 and "--prep 99" in missing.err


@pytest.mark.parametrize("args, code, needle", [
    (["--name", "A", "--style", "driver"], 1, "missing --outcome"),
    (["--name", "A", "--style", "drivr", "--outcome", "won"], 2, "unknown style 'drivr'"),
    (["--name", "A", "--style", "driver", "--outcome", "maybe"], 2, "maybe"),
    (["--name", "A", "--style", "driver", "--outcome", "won", "--next-date", "soon"], 2,
     "--next-date"),
])
def test_debrief_bad_flags(run, tmp_path, args, code, needle):
    db = tmp_path / "j.sqlite3"
    done = run("debrief", "--no-input", *args, "--db", str(db))
    assert done.code == code and needle in done.err
    assert not db.exists()


def test_debrief_without_a_terminal_names_what_it_would_ask(run_process, tmp_path):
    done = run_process("debrief", "--name", "A", "--style", "driver", "--outcome", "won",
                       "--db", str(tmp_path / "j.sqlite3"))
    assert done.code == 1
    assert "no terminal" in done.err and "--approach" in done.err and "--no-input" in done.err


def test_two_writers_at_once_lose_nothing(tmp_path, coach_home):
    """Several `coach debrief --no-input` processes on one new journal, all started together."""
    db = tmp_path / "shared.sqlite3"
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    # warm the playbook cache first so the writers really overlap
    subprocess.run([sys.executable, "-m", "coach", "playbooks", "list"], env=env,
                   capture_output=True, check=True, timeout=60)
    procs = [subprocess.Popen(
        [sys.executable, "-m", "coach", "debrief", "--no-input", "--name", f"Writer {i}",
         "--style", "driver", "--outcome", "won", "--approach", "Same line",
         "--objection", "Price", "--response", "Payback", "--db", str(db)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(6)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, results
    calls = journal.list_calls(db)
    assert sorted(c["name"] for c in calls) == [f"Writer {i}" for i in range(6)]
    assert all(c["approaches"] == ["Same line"] for c in calls)
    rows = journal.lesson_rows(db)
    assert rows == journal.lesson_rows(db, from_calls=True)
    assert rows["approaches"][0]["calls"] == 6


# --------------------------------------------------------------------------- bad files


def _refused(run_process, db, *args):
    before = digest(db)
    for command in (["journal", "list"], ["lessons"], ["journal", "export"],
                    ["debrief", "--no-input", "--name", "A", "--style", "driver",
                     "--outcome", "won"]):
        done = run_process(*command, "--db", str(db), *args)
        assert done.code == 1, (command, done.err)
        lines = done.err.strip().splitlines()
        assert len(lines) == 1 and str(db) in lines[0], done.err
        assert "Traceback" not in done.err
    assert digest(db) == before


def test_not_a_database(run_process, tmp_path):
    db = tmp_path / "journal.sqlite3"
    db.write_bytes(b"name,outcome\nDana,won\n" * 100)
    _refused(run_process, db)


def test_corrupt_database(run_process, tmp_path):
    db = tmp_path / "journal.sqlite3"
    journal.insert_many(db, [], [{"name": f"N{i}", "style": "driver", "outcome": "won",
                                  "worked": "x" * 300, "approaches": [f"A{i}"]}
                                 for i in range(400)])
    data = bytearray(db.read_bytes())
    data[4096 * 2:len(data) - 4096] = os.urandom(len(data) - 4096 * 3)
    db.write_bytes(bytes(data))
    _refused(run_process, db)


def test_newer_schema(run_process, tmp_path):
    db = tmp_path / "journal.sqlite3"
    journal.add_debrief(db, {"name": "A", "style": "driver", "outcome": "won"})
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")
    con.commit()
    con.close()
    _refused(run_process, db)


def _as_unprivileged() -> list[str] | None:
    """A command prefix that drops root's power to write anywhere, or None if we can't."""
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "--user", "--map-user=1000", "--map-group=1000",
                                   "true"], capture_output=True).returncode == 0:
        return [unshare, "--user", "--map-user=1000", "--map-group=1000"]
    return None


def test_read_only_folder(tmp_path, coach_home):
    prefix = _as_unprivileged()
    if prefix is None:
        pytest.skip("running as root without user namespaces: folders are always writable")
    folder = tmp_path / "locked"
    folder.mkdir()
    db = folder / "journal.sqlite3"
    journal.add_debrief(db, {"name": "A", "style": "driver", "outcome": "won"})
    before = digest(db)
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    folder.chmod(0o555)
    try:
        for target in (db, folder / "new.sqlite3"):
            proc = subprocess.run(
                [*prefix, sys.executable, "-m", "coach", "debrief", "--no-input", "--name",
                 "B", "--style", "driver", "--outcome", "won", "--db", str(target)],
                capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                timeout=60)
            lines = proc.stderr.strip().splitlines()
            assert proc.returncode == 1, proc.stderr
            assert len(lines) == 1 and str(target) in lines[0], proc.stderr
        assert digest(db) == before
        assert sorted(p.name for p in folder.iterdir()) == ["journal.sqlite3"]
    finally:
        folder.chmod(0o755)


# --------------------------------------------------------------------------- journal


@pytest.fixture
def filled(run, journal_db):
    """A journal with four calls, once as an SQLite file and once on PostgreSQL."""
    db = journal_db
    for name, style, outcome, day in (("Ann", "driver", "won", "2025-01-05"),
                                      ("Bob", "amiable", "lost", "2025-02-05"),
                                      ("Cy", "driver", "stalled", "2025-03-05")):
        assert run("debrief", "--no-input", "--name", name, "--style", style, "--outcome",
                   outcome, "--date", day, "--approach", "Lead with the result",
                   "--db", str(db)).code == 0
    assert run(*FULL, "--db", str(db)).code == 0
    return db


def test_list_filters(run, filled):
    def names(*args):
        done = run("journal", "list", "--format", "json", "--db", str(filled), *args)
        assert done.code == 0, done.err
        return [c["name"] for c in json.loads(done.out)]

    assert names() == ["Dana [b]Reyes[/b]", "Cy", "Bob", "Ann"]
    assert names("--style", "driver", "--until", "2025-05-31") == ["Cy", "Ann"]
    assert names("--outcome", "lost") == ["Bob"]
    assert names("--stage", "new") == ["Dana [b]Reyes[/b]"]
    assert names("--since", "2025-02-01", "--until", "2025-03-31") == ["Cy", "Bob"]
    assert names("--limit", "1") == ["Dana [b]Reyes[/b]"]
    assert run("journal", "list", "--style", "nope", "--db", str(filled)).code == 2
    none = run("journal", "list", "--outcome", "no-change", "--db", str(filled))
    assert none.code == 0 and "No debriefed calls match these filters." in none.out


def test_list_and_show_terminal_show_text_literally(run, filled):
    page = run("journal", "list", "--db", str(filled)).out
    assert "Reyes" in page and "Calls (4)" in page
    shown = run("journal", "show", "4", "--db", str(filled))
    assert shown.code == 0
    assert "Dana [b]Reyes[/b]" in shown.out  # markup in a name is not interpreted
    for heading in ("Customer profile", "Sales approach", "Objections", "Outcome",
                    "What worked", "What did not work", "Next step"):
        assert heading in shown.out
    assert "Too expensive -> Showed the payback" in shown.out
    missing = run("journal", "show", "42", "--db", str(filled))
    assert missing.code == 1 and "no call 42" in missing.err


def test_export_csv_json_markdown(run, filled, tmp_path):
    out = run("journal", "export", "--db", str(filled)).out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["name"] for r in rows] == ["Ann", "Bob", "Cy", "Dana [b]Reyes[/b]"]  # oldest first
    assert rows[3]["company"] == "'=Northwind"  # not a spreadsheet formula
    assert rows[3]["approaches"] == "Lead with the result\nShort summary"
    assert rows[3]["read_held"] == "no"

    data = json.loads(run("journal", "export", "--format", "json", "--db", str(filled)).out)
    assert [c["name"] for c in data][:2] == ["Ann", "Bob"] and data[3]["company"] == "=Northwind"

    target = tmp_path / "cases.md"
    done = run("journal", "export", "--format", "markdown", "--style", "driver", "--output",
               str(target), "--db", str(filled))
    assert done.code == 0 and done.err.endswith(": 3 calls\n")
    text = target.read_text()
    assert text.count("\n## Call ") == 3
    assert "Dana \\[b\\]Reyes\\[/b\\]" in text  # escaped for Markdown
    assert "### Objections and how they were answered" in text
    again = run("journal", "export", "--output", str(target), "--db", str(filled))
    assert again.code == 1 and "already exists" in again.err


def test_delete(run, run_process, filled):
    refused = run_process("journal", "delete", "2", "--db", str(filled))
    assert refused.code == 1 and "--yes" in refused.err
    done = run("journal", "delete", "2", "--yes", "--db", str(filled))
    assert done.code == 0 and "deleted call 2: Bob" in done.out
    names = [c["name"] for c in journal.list_calls(filled)]
    assert "Bob" not in names and len(names) == 3
    assert run("journal", "delete", "2", "--yes", "--db", str(filled)).code == 1


# --------------------------------------------------------------------------- lessons


def test_lessons_formats(run, filled):
    data = json.loads(run("lessons", "--format", "json", "--db", str(filled)).out)
    assert data["calls"] == 4 and data["positive"] == 2 and data["negative"] == 2
    assert {g["id"]: g["calls"] for g in data["styles"]} == {"driver": 3, "amiable": 1}
    assert all(g["positive_rate"] is None for g in data["styles"])  # 10+ calls needed
    page = run("lessons", "--db", str(filled)).out
    assert "too few to tell (3 calls)" in page and "Outcomes by style" in page
    shares = run("lessons", "--min-sample", "2", "--db", str(filled)).out
    assert "67%" in shares  # driver: 2 of 3 went well
    md = run("lessons", "--format", "markdown", "--db", str(filled)).out
    assert md.startswith("# Lessons from the call journal")
    assert "| Driver | 3 |" in md
    only = json.loads(run("lessons", "--format", "json", "--style", "amiable",
                          "--db", str(filled)).out)
    assert only["calls"] == 1
    dated = json.loads(run("lessons", "--format", "json", "--since", "2025-02-01",
                           "--until", "2025-05-31", "--db", str(filled)).out)
    assert dated["calls"] == 2


def test_lessons_on_an_empty_journal(run, tmp_path):
    db = tmp_path / "empty.sqlite3"
    with journal.session(db, write=True):
        pass
    done = run("lessons", "--format", "json", "--db", str(db))
    assert done.code == 0 and json.loads(done.out)["calls"] == 0
    assert "No debriefed calls yet" in run("lessons", "--db", str(db)).out


@pytest.mark.parametrize("args", [["journal", "list"], ["journal", "list", "--preps"],
                                  ["journal", "show", "1"], ["journal", "export"],
                                  ["journal", "delete", "1", "--yes"], ["lessons"],
                                  ["quiz", "--history"]])
def test_a_read_command_names_a_db_that_is_not_there(run, tmp_path, args):
    """A typo in --db is an error naming the path, not an empty journal."""
    for db, needle in ((tmp_path / "nowhere" / "j.db", "no such folder"),
                       (tmp_path / "j.db", "no such file")):
        done = run(*args, "--db", str(db))
        assert done.code == 1, done.out
        assert done.err.count("\n") == 1 and str(db) in done.err and needle in done.err
        assert done.out == "" and not db.exists()


def test_debrief_may_create_the_journal_but_not_its_folder(run, tmp_path):
    args = ["debrief", "--no-input", "--name", "A", "--style", "driver", "--outcome", "won"]
    missing = run(*args, "--db", str(tmp_path / "nowhere" / "j.db"))
    assert missing.code == 1 and "folder does not exist" in missing.err
    assert run(*args, "--db", str(tmp_path / "j.db")).code == 0


def test_suggest_writes_an_overlay_that_validates(run, run_process, tmp_path):
    db = tmp_path / "j.sqlite3"
    calls = [{"name": f"P{i}", "style": "driver", "outcome": "won",
              "approaches": ["Open with the headline number"],
              "objections": [{"objection": "Too slow to roll out",
                              "response": "A two-week pilot"}]} for i in range(6)]
    calls += [{"name": "Q", "style": "driver", "outcome": "lost",
               "approaches": ["Talk about the weather"]}]
    journal.insert_many(db, [], calls)
    target = tmp_path / "driver-suggested.yaml"
    assert run("lessons", "--suggest", str(target), "--db", str(db)).code == 2  # no --style
    done = run("lessons", "--style", "driver", "--min-sample", "5", "--suggest", str(target),
               "--format", "json", "--db", str(db))
    assert done.code == 0, done.err
    assert "2 suggestions for Driver" in done.err and json.loads(done.out)["calls"] == 7
    assert "--playbooks" in done.err and "COACH_PLAYBOOKS" in done.err
    checked = run_process("playbooks", "validate", str(target))
    assert checked.code == 0, checked.err
    shown = run_process("playbooks", "show", "driver", "--playbooks", str(target),
                        "--format", "json")
    style = json.loads(shown.out)
    assert style["communication"]["use"][-1] == "Open with the headline number"
    assert style["objections"][-1] == {"objection": "Too slow to roll out",
                                       "response": "A two-week pilot"}
    assert "Talk about the weather" not in shown.out
    again = run("lessons", "--style", "driver", "--suggest", str(target), "--db", str(db))
    assert again.code == 1 and "already exists" in again.err


def test_suggest_without_a_style_writes_one_overlay_per_style_into_a_folder(run, tmp_path):
    db = tmp_path / "j.sqlite3"
    calls = [{"name": f"P{i}", "style": style, "outcome": "won", "approaches": [line]}
             for style, line in (("driver", "Open with the headline number"),
                                 ("amiable", "Ask about the team first")) for i in range(5)]
    calls += [{"name": "Q", "style": "analytical", "outcome": "lost",
               "approaches": ["Rush them"]}]
    journal.insert_many(db, [], calls)
    folder = tmp_path / "suggested"
    done = run("lessons", "--min-sample", "5", "--suggest", str(folder), "--db", str(db))
    assert done.code == 0, done.err
    assert sorted(p.name for p in folder.iterdir()) == ["amiable.yaml", "driver.yaml"]
    assert "1 suggestion for Driver" in done.err
    assert "nothing to suggest for Analytical yet" in done.err
    # The folder is a layer of its own: both overlays apply, no duplicate ids.
    shown = json.loads(run("playbooks", "show", "amiable", "--playbooks", str(folder),
                           "--format", "json").out)
    assert shown["communication"]["use"][-1] == "Ask about the team first"
    again = run("lessons", "--min-sample", "5", "--suggest", str(folder), "--db", str(db))
    assert again.code == 1 and "already exists" in again.err
    # A file name without --style is refused before anything is read or written.
    named = run("lessons", "--suggest", str(tmp_path / "team.yaml"), "--db", str(db))
    assert named.code == 2 and "give a folder" in named.err
    assert not (tmp_path / "team.yaml").exists()


# --------------------------------------------------------------------------- 80 columns


def assert_reads_at_80(page: str, whole: set[str]) -> None:
    """Nothing wider than 80 columns, and every word of a short column (ids, dates, styles,
    stages, outcomes, counts) on one line, not broken like '2026-1' / '1-23'."""
    lines = page.splitlines()
    assert max(len(line) for line in lines) <= 80, page
    tokens = {t.strip("(),") for line in lines for t in line.split()} | {
        t for line in lines for t in line.split()}
    broken = sorted(w for w in whole if w not in tokens)
    assert not broken, f"split across lines: {broken}\n{page}"


LONG = {"name": "Jane Longname", "company": "Acme Industrial Holdings Company",
        "next_step": "Send the proposal with pricing and the pilot plan to the whole team",
        "worked": "x"}


@pytest.fixture
def every_kind(tmp_path):
    """Calls with every outcome, stage and style, long names and a long next step; preps
    with interview answers, so every lessons table has rows."""
    db = tmp_path / "wide.sqlite3"
    styles, stages = ("analytical", "amiable", "driver", "expressive"), ("potential", "new",
                                                                         "loyal", "at-risk")
    outcomes = journal.OUTCOMES
    preps = [{"name": f"Prep {i}", "company": LONG["company"], "style": styles[i % 4],
              "stage": stages[i % 4], "answers": {"pace": "fast", "evidence": "stories"},
              "created": "2026-11-23T14:05:00+00:00"} for i in range(4)]
    calls = [{**LONG, "name": f"{LONG['name']} {i}", "day": f"2026-11-{10 + i}",
              "style": styles[i % 4], "stage": stages[i % 4], "outcome": outcomes[i % 5],
              "read_held": i % 3 == 0, "actual_style": None if i % 3 == 0 else "expressive",
              "prep": i % 4, "approaches": ["Lead with the payback and a one-line summary"],
              "objections": [{"objection": "We are locked into a contract until next year",
                              "response": "Offered a pilot that starts when it ends"}]}
             for i in range(20)]
    journal.insert_many(db, preps, calls)
    return db, styles, stages, outcomes


def test_journal_list_reads_at_80_columns(run, monkeypatch, every_kind):
    db, styles, stages, outcomes = every_kind
    monkeypatch.setenv("COLUMNS", "80")
    page = run("journal", "list", "--db", str(db)).out
    days = {f"2026-11-{10 + i}" for i in range(20)}
    assert_reads_at_80(page, {*days, *styles, *stages, *outcomes, "held", "missed", "id",
                              "date", "outcome", "Acme", "Industrial", "Holdings"})
    assert "Calls (20)" in page


def test_journal_list_of_preps_reads_at_80_columns(run, monkeypatch, every_kind, utc):
    db, styles, stages, _ = every_kind
    monkeypatch.setenv("COLUMNS", "80")
    page = run("journal", "list", "--preps", "--db", str(db)).out
    assert_reads_at_80(page, {*styles, *stages, "2026-11-23", "14:05", "debriefed", "yes",
                              "Industrial", "Holdings"})


def test_lessons_tables_read_at_80_columns(run, monkeypatch, every_kind):
    db, _, _, _ = every_kind
    monkeypatch.setenv("COLUMNS", "80")
    page = run("lessons", "--min-sample", "2", "--db", str(db)).out
    for title in ("Outcomes by style", "Outcomes by stage", "Approaches used most",
                  "Objections and the answers given", "Interview answers most often"):
        assert title in page
    assert_reads_at_80(page, {"Analytical", "Amiable", "Driver", "Expressive", "calls", "won",
                              "advanced", "stalled", "lost", "went", "well", "badly",
                              "missed", "held", "(100%)", "payback", "contract", "Stories"})
    assert "At-risk customer" in page and "Potential customer" in page


def test_a_style_without_checked_reads_says_so(run, tmp_path):
    db = tmp_path / "j.sqlite3"
    journal.insert_many(db, [], [{"name": "A", "style": "driver", "outcome": "won"}])
    page = run("lessons", "--db", str(db)).out
    assert "Driver  no reads checked yet" in page
    assert "(of 0)" not in page and "call(s)" not in page
    assert "Driver (style): 1 call," in page


def test_show_uses_names_and_a_human_outcome(run, filled):
    page = run("journal", "show", "4", "--db", str(filled)).out
    assert "Account stage: New customer" in page
    assert "Advanced: a clear next step was agreed" in page
    assert "the read missed: they were Analytical" in page
    assert "Account stage: new\n" not in page


def test_suggest_never_proposes_what_the_brief_already_said(run, tmp_path, books):
    """The debrief offers the style x stage lines of the brief; one that went well is the
    playbook working, not a new idea for a trainer to add."""
    db = tmp_path / "j.sqlite3"
    pair = books.style("driver").stages["at-risk"]
    action, (objection, *_) = str(pair.top_actions[0]), pair.objections
    calls = [{"name": f"P{i}", "style": "driver", "stage": "at-risk", "outcome": "won",
              "approaches": [action],
              "objections": [{"objection": objection.objection,
                              "response": objection.response}]} for i in range(6)]
    journal.insert_many(db, [], calls)
    done = run("lessons", "--style", "driver", "--min-sample", "5", "--suggest",
               str(tmp_path / "s.yaml"), "--db", str(db))
    assert done.code == 0, done.err
    assert "0 suggestions for Driver" in done.err or "no suggestions" in done.err.lower()
