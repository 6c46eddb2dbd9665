"""`coach journal push`: a laptop's SQLite journal into the team's on PostgreSQL, twice
without doubling, keeping days, times, reps and the links between preps and debriefs."""

from __future__ import annotations

import json

from test_journal import call, random_journal

from coach import journal


def laptop(path):
    prep = journal.record_prep(path, name="Ann", company="Acme", role="CFO", goal=None,
                               stage="loyal", style="analytical", profile={"confidence": 0.7},
                               answers={"pace": "slow", "voice": "unsure"})
    journal.add_debrief(path, call(prep_id=prep, name="Ann", style="analytical",
                                   read_held=False, actual_style="driver",
                                   day="2025-03-02"))
    journal.add_debrief(path, call(name="Bo", day="2025-01-09", rep="Dana"))
    journal.record_quiz(path, score=9, total=10, passed=True, topics={"driver": [2, 2]},
                        when="2025-01-02T10:00:00+00:00")


def test_push_copies_everything_once_and_keeps_links(tmp_path, pg_url):
    src = tmp_path / "laptop.sqlite3"
    laptop(src)
    journal.add_debrief(pg_url, call(name="Already on the server", day="2024-12-01"))
    assert journal.push(src, pg_url) == {"preps": 1, "calls": 2, "quiz_results": 1}
    assert journal.push(src, pg_url) == {"preps": 0, "calls": 0, "quiz_results": 0}

    mine = {c["name"]: c for c in journal.list_calls(src)}
    theirs = {c["name"]: c for c in journal.list_calls(pg_url)}
    assert sorted(theirs) == ["Already on the server", "Ann", "Bo"]
    for name in ("Ann", "Bo"):
        for key in ("day", "created", "style", "stage", "outcome", "read_held", "rep",
                    "approaches", "objections", "next_date"):
            assert theirs[name][key] == mine[name][key], (name, key)
    assert theirs["Bo"]["rep"] == "Dana"
    ann = journal.get_call(pg_url, theirs["Ann"]["id"])
    assert ann["prep"]["role"] == "CFO" and ann["prep"]["answers"] == {"pace": "slow",
                                                                        "voice": "unsure"}
    assert [q["score"] for q in journal.quiz_history(pg_url)] == [9]
    # the totals the server keeps count the pushed calls too
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(pg_url, from_calls=True)
    assert journal.lesson_rows(pg_url, since="2025-01-01")["calls"] == 2


def test_a_bigger_journal_pushes_to_the_same_lessons(tmp_path, pg_url):
    src = tmp_path / "laptop.sqlite3"
    random_journal(src, seed=7, calls=200)
    journal.push(src, pg_url)
    journal.push(src, pg_url)
    assert journal.count_calls(pg_url) == 200
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(src)


def test_push_from_the_command_line(run, tmp_path, pg_url):
    src = tmp_path / "laptop.sqlite3"
    laptop(src)
    done = run("journal", "push", "--to", pg_url, "--db", str(src))
    assert done.code == 0, done.err
    assert "pushed 2 calls, 1 prep and 1 quiz result" in done.out
    assert "coach-test-secret" not in done.out and ":***@" in done.out
    again = run("journal", "push", "--to", pg_url, "--db", str(src))
    assert "pushed 0 calls, 0 preps and 0 quiz results" in again.out
    listed = json.loads(run("journal", "list", "--format", "json", "--db", pg_url).out)
    assert [c["name"] for c in listed] == ["Ann", "Bo"]
    bad = run("journal", "push", "--to", str(tmp_path / "x.sqlite3"), "--db", str(src))
    assert bad.code == 2 and "--to" in bad.err
    missing = run("journal", "push", "--to", pg_url, "--db", str(tmp_path / "none.sqlite3"))
    assert missing.code == 1 and "no journal to push" in missing.err


def test_a_second_push_changes_nothing_and_a_third_adds_only_the_new_call(tmp_path, pg_url):
    src = tmp_path / "laptop.sqlite3"
    random_journal(src, seed=11, calls=150)
    journal.record_quiz(src, score=7, total=10, passed=False, topics={"amiable": [1, 2]},
                        when="2025-02-03T10:00:00+00:00")
    first = journal.push(src, pg_url)
    assert first["calls"] == 150 and first["preps"] > 0 and first["quiz_results"] == 1

    def state():
        return (journal.count_calls(pg_url), journal.recent_preps(pg_url, limit=None),
                journal.list_calls(pg_url),
                journal.quiz_history(pg_url), journal.lesson_rows(pg_url),
                journal.lesson_rows(pg_url, from_calls=True))

    before = state()
    assert before[4] == journal.lesson_rows(src) == before[5]
    assert journal.push(src, pg_url) == {"preps": 0, "calls": 0, "quiz_results": 0}
    assert state() == before

    journal.add_debrief(src, call(name="New after the first push", day="2025-06-01"))
    assert journal.push(src, pg_url) == {"preps": 0, "calls": 1, "quiz_results": 0}
    assert journal.count_calls(pg_url) == 151
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(src)
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(pg_url, from_calls=True)
