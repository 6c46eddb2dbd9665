"""Reps on a shared journal (both back ends): each call records who logged it; lessons show
the team by default, one rep with --rep or --mine, and each rep's reads; a rep deletes only
their own calls unless --any."""

from __future__ import annotations

import getpass
import json

from coach import journal


def debrief(run, db, *flags):
    done = run("debrief", "--no-input", "--name", "P", "--style", "driver", "--db", db, *flags)
    assert done.code == 0, done.err


def test_reps_lessons_and_deleting_only_your_own(run, journal_db, monkeypatch):
    db = journal_db
    monkeypatch.setattr(getpass, "getuser", lambda: "sam")
    assert run("config", "set", "me", "Dana Reyes").code == 0
    debrief(run, db, "--outcome", "won", "--read-held")
    debrief(run, db, "--outcome", "lost", "--read-held")
    assert run("config", "unset", "me").code == 0  # now the login name: sam
    debrief(run, db, "--outcome", "won", "--read-missed", "--actual-style", "amiable")
    assert sorted(c["rep"] for c in journal.list_calls(db)) == ["Dana Reyes", "Dana Reyes",
                                                                "sam"]

    def lessons(*flags):
        done = run("lessons", "--format", "json", "--min-sample", "1", "--db", db, *flags)
        assert done.code == 0, done.err
        return json.loads(done.out)

    team = lessons()
    assert team["calls"] == 3 and team["rep"] is None
    assert [(r["name"], r["calls"], r["read_rate"]) for r in team["reps"]] == [
        ("Dana Reyes", 2, 1.0), ("sam", 1, 0.0)]
    dana = lessons("--rep", "Dana Reyes")
    assert dana["calls"] == 2 and dana["positive"] == 1 and dana["rep"] == "Dana Reyes"
    assert lessons("--mine")["calls"] == 1
    page = run("lessons", "--min-sample", "1", "--db", db).out
    assert "Style read held, by rep" in page and "Dana Reyes" in page
    assert "Lessons from sam's 1 call" in run("lessons", "--mine", "--db", db).out
    assert run("lessons", "--mine", "--rep", "x", "--db", db).code == 2

    danas = next(c["id"] for c in journal.list_calls(db) if c["rep"] == "Dana Reyes")
    refused = run("journal", "delete", str(danas), "--yes", "--db", db)
    assert refused.code == 1 and "logged by Dana Reyes" in refused.err and "--any" in refused.err
    assert journal.count_calls(db) == 3
    assert run("journal", "delete", str(danas), "--yes", "--any", "--db", db).code == 0
    own = next(c["id"] for c in journal.list_calls(db) if c["rep"] == "sam")
    assert run("journal", "delete", str(own), "--yes", "--db", db).code == 0
    assert journal.count_calls(db) == 1
    assert journal.lesson_rows(db) == journal.lesson_rows(db, from_calls=True)
