"""`coach journal push`: a laptop's SQLite journal into the team's on PostgreSQL, twice
without doubling, keeping days, times, reps and the links between preps and debriefs."""

from __future__ import annotations

import json

import pytest
from test_journal import REPS, assert_totals_match_the_calls, call, random_journal

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
    assert journal.push(src, pg_url) == {"meetings": 0, "preps": 1, "calls": 2,
                                       "quiz_results": 1}
    assert journal.push(src, pg_url) == {"meetings": 0, "preps": 0, "calls": 0,
                                       "quiz_results": 0}

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
    assert journal.push(src, pg_url) == {"meetings": 0, "preps": 0, "calls": 0,
                                       "quiz_results": 0}
    assert state() == before

    journal.add_debrief(src, call(name="New after the first push", day="2025-06-01"))
    assert journal.push(src, pg_url) == {"meetings": 0, "preps": 0, "calls": 1,
                                       "quiz_results": 0}
    assert journal.count_calls(pg_url) == 151
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(src)
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(pg_url, from_calls=True)
    # every kind of running total (day, rep) counted the pushed calls, and a delete after
    journal.delete_call(pg_url, journal.list_calls(pg_url, limit=1)[0]["id"])
    assert_totals_match_the_calls(pg_url)


def test_a_meeting_arrives_with_its_attendees_and_their_debriefs(tmp_path, pg_url):
    src = tmp_path / "laptop.sqlite3"
    meeting, (ines, tom) = journal.record_meeting(
        src, company="Acme", goal="Pilot", stage="new", decider="Ines",
        attendees=[{"name": "Ines", "role": "CFO", "style": "driver",
                    "answers": {"pace": "fast"}},
                   {"name": "Tom", "role": "IT lead", "style": "analytical"}])
    journal.add_debrief(src, call(prep_id=tom, name="Tom", style="analytical",
                                  read_held=True))
    journal.add_debrief(pg_url, call(name="Already on the server"))  # ids differ there
    assert journal.push(src, pg_url) == {"meetings": 1, "preps": 2, "calls": 1,
                                         "quiz_results": 0}
    # a prep pushed before its debrief: the later push links the call to it
    journal.add_debrief(src, call(prep_id=ines, name="Ines", style="driver", read_held=False))
    assert journal.push(src, pg_url)["calls"] == 1
    on_server = {c["name"]: c for c in journal.list_calls(pg_url)}
    people = journal.meeting_attendees(pg_url, 1)  # the server's first meeting
    assert [(p["name"], p["role"], [d["outcome"] for d in p["debriefs"]])
            for p in people] == [("Ines", "CFO", ["won"]), ("Tom", "IT lead", ["won"])]
    assert journal.get_call(pg_url, on_server["Ines"]["id"])["prep"]["answers"] == {
        "pace": "fast"}
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(pg_url, from_calls=True)


def test_a_push_that_fails_half_way_leaves_the_team_journal_as_it_was(tmp_path, pg_url,
                                                                      monkeypatch):
    from coach import journal_pg

    src = tmp_path / "laptop.sqlite3"
    random_journal(src, seed=5, calls=60)
    journal.add_debrief(pg_url, call(name="Already on the server"))
    before = (journal.list_calls(pg_url), journal.lesson_rows(pg_url))
    real = journal_pg._copy

    def copy_then_fail(raw, table, *args):
        real(raw, table, *args)
        if table == "approaches":  # preps, answers and calls are in by now
            raise OSError("network down")

    monkeypatch.setattr(journal_pg, "_copy", copy_then_fail)
    with pytest.raises(OSError):
        journal.push(src, pg_url)
    assert (journal.list_calls(pg_url), journal.lesson_rows(pg_url)) == before
    monkeypatch.undo()
    journal.push(src, pg_url)  # and the ids it had drawn are simply skipped
    assert journal.count_calls(pg_url) == 61


def test_links_on_the_server_are_still_checked_and_followed(tmp_path, pg_url):
    """Answers, calls, approaches and objections point at their prep or call: checked once
    per statement on PostgreSQL (not per row), and a delete still carries on to them."""
    import psycopg

    prep = journal.record_prep(pg_url, name="Ann", company=None, role=None, goal=None,
                               stage=None, style="driver", profile=None,
                               answers={"pace": "fast"})
    call_id = journal.add_debrief(pg_url, call(prep_id=prep, approaches=["Demo"],
                                               objections=[{"objection": "Price"}]))
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("SET search_path TO coach")
        for sql in ("INSERT INTO prep_answers VALUES (9999, 'pace', 'slow')",
                    "INSERT INTO approaches VALUES (9999, 0, 'Demo')",
                    "INSERT INTO objections VALUES (9999, 0, 'Price', NULL)",
                    "INSERT INTO calls (created, day, prep_id, name, style, outcome, uid) "
                    "VALUES ('x', '2025-01-01', 9999, 'X', 'driver', 'won', 'u1')",
                    f"UPDATE approaches SET call_id = 9999 WHERE call_id = {call_id}"):
            with pytest.raises(psycopg.errors.ForeignKeyViolation):
                con.execute(sql)
        journal.delete_call(pg_url, call_id)
        assert con.execute("SELECT count(*) FROM approaches").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM objections").fetchone()[0] == 0
        call_id = journal.add_debrief(pg_url, call(prep_id=prep))
        con.execute("DELETE FROM preps")
        assert con.execute("SELECT count(*) FROM prep_answers").fetchone()[0] == 0
        assert con.execute("SELECT prep_id FROM calls").fetchall() == [(None,)]


@pytest.mark.parametrize("version", [5, 6, 7])
def test_an_older_team_journal_is_brought_up_to_date_with_its_totals(pg_url, version):
    """A team journal an older coach left (its calls counted by that version's triggers) is
    migrated on first use: the newer running totals are filled from its calls, its links
    are still checked, and its meetings get a uid."""
    import psycopg

    from coach import journal_pg

    with psycopg.connect(pg_url, autocommit=True) as con:
        journal_pg._migrate(con, "old", version)
        con.execute("SET search_path TO coach")
        meeting = con.execute("INSERT INTO meetings (created, company) VALUES ('x', 'Acme') "
                              "RETURNING id").fetchone()[0]
        if version >= 6:  # that coach gave it a uid
            con.execute("UPDATE meetings SET uid = 'old-meeting'")
        for i in range(1, 41):  # ids as that coach drew them: 1 to 40
            con.execute("INSERT INTO preps (created, name, style, rep, uid, meeting_id) "
                        "VALUES ('x', %s, 'driver', %s, %s, %s)",
                        (f"P{i}", REPS[i % 3], f"old-prep-{i}", meeting if i < 3 else None))
            con.execute("INSERT INTO prep_answers VALUES (%s, 'pace', %s), (%s, 'voice', %s)",
                        (i, "ab"[i % 2], i, ["a", "unsure"][i % 2]))
            con.execute(
                "INSERT INTO calls (created, day, prep_id, name, style, stage, outcome, "
                "read_held, actual_style, rep, uid) VALUES ('x', %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s)",
                (f"2025-0{1 + i % 6}-1{i % 10}", i if i % 4 else None, f"P{i}",
                 ["driver", "amiable"][i % 2], ["new", None, "loyal"][i % 3],
                 journal.OUTCOMES[i % 5], [1, 0, None][i % 3],
                 "expressive" if i % 3 == 1 else None, REPS[i % 3], f"old-call-{i}"))
            con.execute("INSERT INTO approaches VALUES (%s, 0, %s), (%s, 1, 'Demo')",
                        (i, ["ROI", "Pilot"][i % 2], i))
            con.execute("INSERT INTO objections VALUES (%s, 0, 'Price', %s)",
                        (i, ["Payback", None][i % 2]))
    assert journal.count_calls(pg_url) == 40  # the first use migrates
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert con.execute("SELECT version FROM coach.journal_schema").fetchone()[0] == \
            journal.LATEST
        assert con.execute("SELECT count(*) FROM coach.meetings WHERE uid IS NULL").fetchone() \
            == (0,)
    assert_totals_match_the_calls(pg_url)
    journal.add_debrief(pg_url, call(name="New", rep="Bo", day="2025-03-13"))
    journal.delete_call(pg_url, 8)
    assert_totals_match_the_calls(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as con:
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            con.execute("INSERT INTO coach.approaches VALUES (999, 0, 'Demo')")


def test_text_with_tabs_newlines_and_backslashes_arrives_as_it_was(tmp_path, pg_url):
    """Answers, approaches and objections travel by COPY: a note with a tab, a line break or
    a backslash must arrive whole, and an empty response stays empty."""
    src = tmp_path / "laptop.sqlite3"
    odd = "Tab\there, line\nbreak, back\\slash and \\N"
    journal.add_debrief(src, call(name="Odd", approaches=[odd, "plain"],
                                  objections=[{"objection": odd, "response": None},
                                              {"objection": "Price", "response": odd}]))
    journal.push(src, pg_url)
    (pushed,) = journal.list_calls(pg_url)
    assert pushed["approaches"] == [odd, "plain"]
    assert pushed["objections"] == [{"objection": odd, "response": None},
                                    {"objection": "Price", "response": odd}]
