"""The journal's storage: schema and migrations, transactions, refusing files that aren't ours,
and lessons counted by SQLite (running totals checked against a count from the calls)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from coach import journal
from coach.errors import CoachError


def call(**over) -> dict:
    base = {"name": "Dana Reyes", "company": "Northwind", "style": "driver", "stage": "new",
            "outcome": "won", "read_held": True, "approaches": ["Lead with the result"],
            "objections": [{"objection": "Too expensive", "response": "Showed the payback"}],
            "worked": "Short call", "missed": None, "next_step": "Send the contract",
            "next_date": "2025-07-01", "day": "2025-06-30"}
    return {**base, **over}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def schema(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return sorted(con.execute("SELECT type, name, sql FROM sqlite_master").fetchall(),
                      key=lambda r: (r[0], r[1]))
    finally:
        con.close()


# --------------------------------------------------------------------------- basics


def test_default_path_is_in_coach_home(coach_home):
    assert journal.default_db_path() == coach_home / "journal.sqlite3"
    journal.add_debrief(None, call())
    assert (coach_home / "journal.sqlite3").is_file()


def test_new_journal_is_wal_with_the_latest_schema(tmp_path):
    db = tmp_path / "j.sqlite3"
    journal.add_debrief(db, call())
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("PRAGMA user_version").fetchone()[0] == journal.LATEST
    assert con.execute("PRAGMA application_id").fetchone()[0] == journal.APPLICATION_ID


def test_reading_a_missing_journal_creates_nothing(tmp_path):
    db = tmp_path / "none.sqlite3"
    assert journal.list_calls(db) == []
    assert journal.get_call(db, 1) is None
    assert journal.recent_preps(db) == []
    assert journal.quiz_history(db) == []
    assert journal.lesson_rows(db)["calls"] == 0
    assert journal.delete_call(db, 1) is None
    assert not db.exists()


def test_explicit_db_in_a_missing_folder_is_an_error(tmp_path):
    with pytest.raises(CoachError, match="folder does not exist"):
        journal.add_debrief(tmp_path / "nope" / "j.sqlite3", call())


def test_prep_round_trip_and_link(journal_db):
    db = journal_db
    prep_id = journal.record_prep(
        db, name="Ann", company="Acme", role="CFO", goal="Renewal", stage="loyal",
        style="analytical", profile={"style": "analytical", "confidence": 0.72,
                                     "evidence": [{"question": "pace", "answer": "slow"}]},
        answers={"pace": "slow", "risk": "unsure"})
    prep = journal.get_prep(db, prep_id)
    assert prep["name"] == "Ann" and prep["role"] == "CFO" and prep["stage"] == "loyal"
    assert prep["profile"]["confidence"] == 0.72
    assert prep["answers"] == {"pace": "slow", "risk": "unsure"}
    recent = journal.recent_preps(db)
    assert [p["id"] for p in recent] == [prep_id] and not recent[0]["debriefed"]

    call_id = journal.add_debrief(db, call(prep_id=prep_id, name="Ann"))
    shown = journal.get_call(db, call_id)
    assert shown["prep"]["answers"]["pace"] == "slow"
    assert journal.recent_preps(db)[0]["debriefed"]
    with pytest.raises(CoachError, match="--prep 99"):
        journal.add_debrief(db, call(prep_id=99))
    assert len(journal.list_calls(db)) == 1


def test_call_round_trip(journal_db):
    db = journal_db
    call_id = journal.add_debrief(db, call(
        approaches=["  Lead with the result ", "Lead with the result", "", "Show ROI"],
        read_held=False, actual_style="analytical"))
    got = journal.get_call(db, call_id)
    assert got["approaches"] == ["Lead with the result", "Show ROI"]  # stripped, no repeats
    assert got["objections"] == [{"objection": "Too expensive",
                                  "response": "Showed the payback"}]
    assert got["read_held"] is False and got["actual_style"] == "analytical"
    assert got["next_date"] == "2025-07-01" and got["day"] == "2025-06-30"
    assert got["prep"] is None


def test_list_filters_and_order(journal_db):
    db = journal_db
    journal.add_debrief(db, call(name="A", day="2025-01-10", style="driver", outcome="won"))
    journal.add_debrief(db, call(name="B", day="2025-02-10", style="amiable", outcome="lost",
                                 stage="at-risk"))
    journal.add_debrief(db, call(name="C", day="2025-03-10", style="driver", outcome="lost"))
    names = lambda **f: [c["name"] for c in journal.list_calls(db, **f)]  # noqa: E731
    assert names() == ["C", "B", "A"]
    assert names(style="driver") == ["C", "A"]
    assert names(outcome="lost") == ["C", "B"]
    assert names(stage="at-risk") == ["B"]
    assert names(since="2025-02-01", until="2025-03-01") == ["B"]
    assert names(limit=1) == ["C"]
    assert [c["name"] for c in journal.iter_calls(db, oldest_first=True)] == ["A", "B", "C"]
    assert journal.count_calls(db, style="driver") == 2


def test_delete_removes_the_call_and_what_came_with_it(journal_db):
    db = journal_db
    keep = journal.add_debrief(db, call(name="Keep"))
    gone = journal.add_debrief(db, call(name="Gone"))
    assert journal.delete_call(db, gone)["name"] == "Gone"
    assert journal.delete_call(db, gone) is None
    assert [c["id"] for c in journal.list_calls(db)] == [keep]
    with journal.session(db) as con:
        for table in ("approaches", "objections"):
            assert con.execute(f"SELECT count(*) FROM {table} WHERE call_id = ?",
                               (gone,)).fetchone()[0] == 0


def test_a_failing_write_stores_nothing(journal_db):
    db = journal_db
    journal.add_debrief(db, call(name="First"))
    with pytest.raises(AttributeError):  # the call row is in before the objection fails
        journal.add_debrief(db, call(name="Broken", objections=[{"objection": 42}]))
    with pytest.raises(CoachError, match="unknown outcome"):
        journal.add_debrief(db, call(name="Broken", outcome="maybe"))
    assert [c["name"] for c in journal.list_calls(db)] == ["First"]
    assert journal.lesson_rows(db) == journal.lesson_rows(db, from_calls=True)


def test_quiz_results(journal_db):
    db = journal_db
    journal.record_quiz(db, score=8, total=10, passed=True, topics={"driver": [3, 3]},
                        when="2025-01-02T10:00:00+00:00")
    journal.record_quiz(db, score=4, total=10, passed=False, topics={})
    history = journal.quiz_history(db)
    assert [(h["score"], h["passed"]) for h in history] == [(8, True), (4, False)]
    assert history[0]["topics"] == {"driver": [3, 3]}


# --------------------------------------------------------------------------- migrations


def build_version(db: Path, version: int) -> None:
    """A journal as an older coach left it: the first `version` migrations only."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    for number in range(version):
        for statement in journal.MIGRATIONS[number]:
            con.execute(statement)
        con.execute(f"PRAGMA user_version = {number + 1}")
    con.close()


def fill_old(db: Path) -> None:
    """Rows written straight into a version-1 journal (no running totals yet)."""
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("INSERT INTO preps (id, created, name, style) VALUES (1, 'x', 'Old', 'driver')")
    con.executemany("INSERT INTO prep_answers VALUES (1, ?, ?)",
                    [("pace", "fast"), ("voice", "unsure")])
    con.execute("INSERT INTO calls (id, created, day, prep_id, name, style, stage, outcome, "
                "read_held, actual_style) VALUES (1, 'x', '2024-05-01', 1, 'Old', 'driver', "
                "'new', 'lost', 0, 'amiable')")
    con.execute("INSERT INTO calls (id, created, day, name, style, outcome, read_held) "
                "VALUES (2, 'x', '2024-05-02', 'Older', 'driver', 'won', 1)")
    con.executemany("INSERT INTO approaches VALUES (?, ?, ?)",
                    [(1, 0, "Pushed for a date"), (2, 0, "Pushed for a date"),
                     (2, 1, "Showed ROI")])
    con.execute("INSERT INTO objections VALUES (1, 0, 'Too expensive', NULL)")
    con.close()


@pytest.mark.parametrize("version", range(1, journal.LATEST))
def test_migrates_an_old_journal_once_and_keeps_its_calls(tmp_path, version):
    old, fresh = tmp_path / "old.sqlite3", tmp_path / "fresh.sqlite3"
    build_version(old, version)
    fill_old(old)
    calls = journal.list_calls(old)  # the first open migrates
    assert [c["name"] for c in calls] == ["Older", "Old"]
    assert calls[1]["approaches"] == ["Pushed for a date"]
    con = sqlite3.connect(old)
    assert con.execute("PRAGMA user_version").fetchone()[0] == journal.LATEST
    con.close()
    journal.add_debrief(fresh, call())
    assert schema(old) == schema(fresh)  # same tables, indexes and triggers as a new journal
    # the totals were filled from the calls already there, and keep up with new ones
    assert journal.lesson_rows(old) == journal.lesson_rows(old, from_calls=True)
    journal.add_debrief(old, call(style="driver", approaches=["Showed ROI"]))
    journal.delete_call(old, 1)
    assert journal.lesson_rows(old) == journal.lesson_rows(old, from_calls=True)
    before = schema(old)
    journal.list_calls(old)  # opening again runs nothing
    assert schema(old) == before
    assert journal.quiz_history(old) == []


def test_migration_is_all_or_nothing(tmp_path, monkeypatch):
    db = tmp_path / "old.sqlite3"
    build_version(db, 1)
    fill_old(db)
    before = schema(db)
    broken = [*journal.MIGRATIONS[:-1], [*journal.MIGRATIONS[-1], "CREATE TABLE oops (("]]
    monkeypatch.setattr(journal, "MIGRATIONS", broken)
    with pytest.raises(CoachError, match="old.sqlite3"):
        journal.list_calls(db)
    assert schema(db) == before
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1


# --------------------------------------------------------------------------- refusing files


def test_not_sqlite_is_refused_untouched(tmp_path):
    db = tmp_path / "notes.txt"
    db.write_text("Call Bob on Tuesday\n" * 50)
    before = digest(db)
    for action in (lambda: journal.list_calls(db), lambda: journal.add_debrief(db, call()),
                   lambda: journal.record_prep(db, name="x", company=None, role=None,
                                               goal=None, stage=None, style=None,
                                               profile=None, answers={})):
        with pytest.raises(CoachError, match=r"notes\.txt: not a coach journal"):
            action()
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_corrupt_journal_is_refused_untouched(tmp_path):
    db = tmp_path / "j.sqlite3"
    journal.insert_many(db, [], [call(name=f"N{i}", worked="x" * 200) for i in range(300)])
    data = bytearray(db.read_bytes())
    data[4096 * 3:4096 * 6] = b"\xff" * (4096 * 3)
    db.write_bytes(bytes(data))
    before = digest(db)
    with pytest.raises(CoachError, match=r"j\.sqlite3: (the journal is damaged|not a coach)"):
        journal.list_calls(db)
    with pytest.raises(CoachError, match=r"j\.sqlite3"):
        journal.lesson_rows(db, from_calls=True)
    assert digest(db) == before


def test_another_programs_database_is_refused_untouched(tmp_path):
    db = tmp_path / "crm.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = digest(db)
    with pytest.raises(CoachError, match="not a coach journal"):
        journal.add_debrief(db, call())
    assert digest(db) == before


def test_a_newer_schema_is_refused_untouched(tmp_path):
    db = tmp_path / "j.sqlite3"
    journal.add_debrief(db, call())
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {journal.LATEST + 1}")
    con.commit()
    con.close()
    before = digest(db)
    with pytest.raises(CoachError, match=f"version {journal.LATEST + 1} is newer"):
        journal.add_debrief(db, call())
    with pytest.raises(CoachError, match="upgrade coach"):
        journal.list_calls(db)
    assert digest(db) == before


# --------------------------------------------------------------------------- lessons


REPS = ["Ann", "Bo", "Cy"]


def random_journal(db: Path, seed: int, calls: int = 300) -> None:
    rng = random.Random(seed)
    styles = ["driver", "amiable", "analytical", "expressive"]
    stages = ["new", "loyal", "potential", "at-risk", None]
    words = ["ROI first", "Case study", "Free trial", "Small talk", "Deadline", "Demo"]
    preps, rows = [], []
    for i in range(calls):
        style = rng.choice(styles)
        held = rng.choice([True, False, None])
        row = call(name=f"P{i}", style=style, stage=rng.choice(stages), rep=REPS[i % 3],
                   outcome=rng.choice(journal.OUTCOMES), read_held=held,
                   actual_style=rng.choice(styles) if held is False else None,
                   day=f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   approaches=rng.sample(words, rng.randint(0, 3)),
                   objections=[{"objection": rng.choice(["Price", "Timing"]),
                                "response": rng.choice(["Payback", "Pilot", None])}
                               for _ in range(rng.randint(0, 2))])
        if rng.random() < 0.7:
            preps.append({"name": row["name"], "style": style, "answers": {
                q: rng.choice(["a", "b", "unsure"]) for q in ("pace", "voice", "risk")}})
            row["prep"] = len(preps) - 1
        rows.append(row)
    journal.insert_many(db, preps, rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_running_totals_match_a_count_from_the_calls(journal_db, tmp_path, seed):
    db = journal_db
    random_journal(db, seed)
    rng = random.Random(seed)
    gone = rng.sample(range(1, 301), 40)
    for call_id in gone:
        journal.delete_call(db, call_id)
    for top in (1, 3, 50):
        assert journal.lesson_rows(db, top=top) == journal.lesson_rows(db, top=top,
                                                                       from_calls=True)
    assert journal.lesson_rows(db, since="2000-01-01", until="2999-12-31") == \
        journal.lesson_rows(db)
    # a date range counts from the calls: it must match a journal that holds only those calls
    since, until = "2025-03-01", "2025-08-31"
    part = tmp_path / "part.sqlite3"  # an SQLite journal, whichever back end `db` is
    random_journal(part, seed)
    for call_id in gone:
        journal.delete_call(part, call_id)
    for c in journal.list_calls(part):
        if not since <= c["day"] <= until:
            journal.delete_call(part, c["id"])
    assert journal.lesson_rows(db, since=since, until=until) == journal.lesson_rows(part)
    for style, stage in (("driver", None), (None, "new"), ("amiable", "loyal")):
        assert journal.lesson_rows(db, style=style, stage=stage) == journal.lesson_rows(
            db, style=style, stage=stage, from_calls=True)


FILTERS = [{}, {"rep": "Ann"}, {"rep": "Bo", "style": "driver"}, {"rep": "Cy", "stage": "new"},
           {"rep": "Nobody"}, {"since": "2025-03-01"}, {"until": "2025-06-30"},
           {"since": "2025-03-01", "until": "2025-08-31", "style": "amiable"},
           {"since": "2025-05-01", "until": "2025-05-01"},
           {"since": "2025-02-10", "stage": "loyal"}, {"since": "2030-01-01"},
           {"rep": "Ann", "since": "2025-04-01"}]
"""Every way `coach lessons` narrows the calls: the whole team's totals, a rep's, a date
range's (per day), and a rep over a date range (counted from the calls)."""


def assert_totals_match_the_calls(db) -> None:
    """What each kind of running total says equals a count made from the calls themselves."""
    for filters in FILTERS:
        for top in (1, 5):
            assert journal.lesson_rows(db, top=top, **filters) == journal.lesson_rows(
                db, top=top, from_calls=True, **filters), filters


@pytest.mark.parametrize("seed", [4, 5])
def test_totals_per_day_and_per_rep_follow_debriefs_and_deletes(journal_db, seed):
    db = journal_db
    random_journal(db, seed)  # one transaction: a statement per row on SQLite, a bulk insert
    assert_totals_match_the_calls(db)
    prep = journal.record_prep(db, name="Late", company=None, role=None, goal=None,
                               stage="new", style="driver", profile=None,
                               answers={"pace": "a", "voice": "b", "risk": "unsure"})
    for i in range(4):  # then debriefs one by one, some on a day and rep already counted
        journal.add_debrief(db, call(name=f"Late {i}", rep=REPS[i % 2], day=f"2025-05-0{i + 1}",
                                     approaches=["Demo", "Deadline"], read_held=i % 2 == 0,
                                     prep_id=prep if i < 2 else None))
    for call_id in random.Random(seed).sample(range(1, 301), 60):
        journal.delete_call(db, call_id)
    assert_totals_match_the_calls(db)
    rows = journal.lesson_rows(db, rep="Ann")
    assert [r["rep"] for r in rows["reps"]] == ["Ann"] and rows["calls"] == journal.lesson_rows(
        db, rep="Ann", from_calls=True)["calls"] > 0
    assert journal.lesson_rows(db, since="2025-05-01", until="2025-05-01")["calls"] >= 1


def test_lesson_rows_count_what_was_entered(journal_db):
    db = journal_db
    prep = journal.record_prep(db, name="A", company=None, role=None, goal=None, stage=None,
                               style="driver", profile=None,
                               answers={"pace": "fast", "voice": "unsure"})
    journal.add_debrief(db, call(outcome="won", approaches=["ROI"], day="2025-01-01"))
    journal.add_debrief(db, call(outcome="lost", approaches=["ROI", "Demo"], prep_id=prep,
                                 read_held=False, actual_style="amiable", stage=None,
                                 day="2025-02-01"))
    rows = journal.lesson_rows(db)
    assert (rows["calls"], rows["first_day"], rows["last_day"]) == (2, "2025-01-01",
                                                                    "2025-02-01")
    driver = next(g for g in rows["groups"] if g["by"] == "style")
    assert driver["outcomes"]["won"] == 1 and driver["outcomes"]["lost"] == 1
    assert (driver["read_held"], driver["read_missed"]) == (1, 1)
    roi = next(a for a in rows["approaches"] if a["by"] == "style" and a["text"] == "ROI")
    assert (roi["positive"], roi["negative"], roi["calls"]) == (1, 1, 2)
    assert rows["misread"] == [{"style": "driver", "actual_style": "amiable", "calls": 1}]
    # "not sure" is no evidence, so it is never blamed for a missed read
    assert rows["answers"] == [{"style": "driver", "question": "pace", "answer": "fast",
                                "missed": 1, "held": 0}]
    assert rows["answer_bases"] == [{"style": "driver", "missed": 1, "held": 0}]
    assert journal.lesson_rows(db, since="2025-01-15")["calls"] == 1


def test_both_back_ends_have_every_migration():
    from coach import journal_pg

    assert len(journal_pg.MIGRATIONS) == len(journal.MIGRATIONS) == journal.LATEST


def test_a_meeting_links_its_attendees_to_their_debriefs(journal_db):
    meeting_id, (ines, tom) = journal.record_meeting(
        journal_db, company="Acme", goal="Pilot", stage="new", decider="Ines",
        attendees=[{"name": "Ines", "role": "CFO", "style": "driver"},
                   {"name": "Tom", "role": "IT lead", "style": "analytical"}])
    journal.add_debrief(journal_db, call(prep_id=tom, name="Tom", style="analytical"))
    people = journal.meeting_attendees(journal_db, meeting_id)
    assert [(p["name"], len(p["debriefs"])) for p in people] == [("Ines", 0), ("Tom", 1)]
    assert journal.meeting_attendees(journal_db, meeting_id + 1) is None
