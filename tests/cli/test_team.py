"""Reps on a shared journal (both back ends): each call records who logged it; lessons show
the team by default, one rep with --rep or --mine, and each rep's reads; a rep deletes only
their own calls unless --any."""

from __future__ import annotations

import getpass
import json
import os

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


TEAM_OVERLAY = """kind: style
version: 1
id: driver
stages:
  potential:
    use+:
      - "Our team's line: here is the one number for this quarter."
"""


def test_team_playbooks_and_suggestions_reviewed_into_them(run, pg_url, tmp_path, monkeypatch):
    shared = tmp_path / "sales-playbooks"
    (shared / "team").mkdir(parents=True)
    (shared / "team" / "driver.yaml").write_text(TEAM_OVERLAY)
    monkeypatch.setenv("COACH_PLAYBOOKS", str(shared / "team"))
    brief = run("brief", "--style", "driver", "--stage", "potential", "--format", "json",
                "--no-save")
    assert "Our team's line" in brief.out  # every rep's brief uses the shared layer

    for rep in ("Ann", "Bo"):  # two reps' debriefs in the team journal
        monkeypatch.setattr(getpass, "getuser", lambda rep=rep: rep)
        for _ in range(3):
            debrief(run, pg_url, "--outcome", "won", "--approach",
                    "Brought their finance lead into the first call")
    suggested = shared / "suggested"
    done = run("lessons", "--db", pg_url, "--min-sample", "2", "--suggest", str(suggested))
    assert done.code == 0, done.err
    assert "Brought their finance lead" in (suggested / "driver.yaml").read_text()
    assert run("playbooks", "validate", str(suggested / "driver.yaml")).code == 0
    (shared / "reviewed").mkdir()
    (suggested / "driver.yaml").rename(shared / "reviewed" / "driver.yaml")
    monkeypatch.setenv("COACH_PLAYBOOKS", os.pathsep.join([str(shared / "team"),
                                                          str(shared / "reviewed")]))
    shown = run("playbooks", "show", "driver")
    assert shown.code == 0, shown.err
    assert "Our team's line" in shown.out and "Brought their finance lead" in shown.out
