"""A team's journal on PostgreSQL from the command line: choosing it (--db, COACH_DB, the `db`
setting) for every journal command, and the server trouble a rep meets: each is one line
naming the server with the password masked, exit 1, and nothing half-written."""

from __future__ import annotations

import json
import socket

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from coach import journal

DEBRIEF = ["debrief", "--no-input", "--name", "Ann", "--style", "driver", "--outcome", "won",
           "--approach", "Lead with the result", "--objection", "Price", "--response",
           "Payback"]


def with_params(url: str, **changes) -> str:
    import pg

    return pg.to_url(make_conninfo(url, **changes))


def secret(url: str) -> str:
    return conninfo_to_dict(url)["password"]


def one_line_naming(done, url: str, needle: str) -> None:
    """The failure every fault must be: exit 1, one line, the server named, no password."""
    assert done.code == 1, (done.out, done.err)
    lines = done.err.strip().splitlines()
    assert len(lines) == 1, done.err
    p = conninfo_to_dict(url)
    assert f"postgresql://{p['user']}:***@{p['host']}:{p['port']}/{p['dbname']}" in lines[0]
    assert needle in lines[0], lines[0]
    assert secret(url) not in done.err + done.out
    assert "Traceback" not in done.err and "unexpected error" not in done.err


def test_every_journal_command_uses_the_server_from_coach_db_or_the_setting(
        run, pg_url, monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_DB", pg_url)
    done = run(*DEBRIEF)
    assert done.code == 0, done.err
    assert "in postgresql://coach:***@127.0.0.1" in done.out
    assert secret(pg_url) not in done.out
    # prep recording: a named brief is kept for a later debrief
    assert run("brief", "--style", "amiable", "--name", "Bo", "--stage", "loyal",
               "--format", "markdown").code == 0
    monkeypatch.delenv("COACH_DB")
    saved = run("config", "set", "db", pg_url)
    assert saved.code == 0 and secret(pg_url) not in saved.out
    shown = run("config", "show").out
    assert "db = postgresql://coach:***@127.0.0.1" in shown and secret(pg_url) not in shown
    assert [p["name"] for p in json.loads(run("journal", "list", "--preps", "--format",
                                              "json").out)] == ["Bo"]
    assert [c["name"] for c in json.loads(run("journal", "list", "--format", "json").out)] == \
        ["Ann"]
    assert json.loads(run("journal", "show", "1", "--format", "json").out)["approaches"] == \
        ["Lead with the result"]
    assert "Ann" in run("journal", "export").out
    assert json.loads(run("lessons", "--format", "json").out)["calls"] == 1
    journal.record_quiz(pg_url, score=9, total=10, passed=True, topics={})
    history = json.loads(run("quiz", "--history", "--format", "json").out)
    assert [(h["score"], h["passed"]) for h in history] == [(9, True)]
    assert run("journal", "delete", "1", "--yes").code == 0
    assert journal.list_calls(pg_url) == []
    # --db still wins over the setting
    own = tmp_path / "mine.sqlite3"
    assert run(*DEBRIEF, "--db", str(own)).code == 0
    assert own.is_file() and journal.list_calls(pg_url) == []


def test_the_first_write_creates_the_journal_and_a_read_creates_nothing(run, pg_url):
    assert json.loads(run("journal", "list", "--format", "json", "--db", pg_url).out) == []
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'coach'"
                           ).fetchone()[0] == 0
    assert run(*DEBRIEF, "--db", pg_url).code == 0
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT version FROM coach.journal_schema").fetchone()[0] == \
            journal.LATEST


def test_unreachable_server(run):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    url = f"postgresql://coach:hunter2@127.0.0.1:{port}/team"
    one_line_naming(run(*DEBRIEF, "--db", url), url, "cannot reach the server")
    one_line_naming(run("lessons", "--db", url), url, "cannot reach the server")


def test_wrong_password(run, pg_url):
    url = with_params(pg_url, password="not-the-password")
    one_line_naming(run(*DEBRIEF, "--db", url), url, "wrong user name or password")


def test_missing_database(run, pg_url):
    url = with_params(pg_url, dbname="no_such_journal")
    one_line_naming(run("journal", "list", "--db", url), url,
                    "database 'no_such_journal' does not exist")


def test_permission_denied(run, pg_url):
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("DROP ROLE IF EXISTS coach_rep_plain")
        con.execute("CREATE ROLE coach_rep_plain LOGIN PASSWORD 'rep-secret'")
    try:
        url = with_params(pg_url, user="coach_rep_plain", password="rep-secret")
        # may not create the journal (no CREATE on the database) ...
        one_line_naming(run(*DEBRIEF, "--db", url), url, "permission denied")
        assert run(*DEBRIEF, "--db", pg_url).code == 0  # the owner creates it
        # ... nor read it without being granted access
        one_line_naming(run("lessons", "--db", url), url, "permission denied")
    finally:
        with psycopg.connect(pg_url, autocommit=True) as con:
            con.execute("DROP OWNED BY coach_rep_plain")
            con.execute("DROP ROLE coach_rep_plain")


def test_a_newer_schema_or_a_foreign_one_is_refused_untouched(run, pg_url):
    assert run(*DEBRIEF, "--db", pg_url).code == 0
    with psycopg.connect(pg_url, autocommit=True) as con:
        con.execute("UPDATE coach.journal_schema SET version = %s", (journal.LATEST + 1,))
    one_line_naming(run(*DEBRIEF, "--db", pg_url), pg_url,
                    f"version {journal.LATEST + 1} is newer than this coach")
    with psycopg.connect(pg_url, autocommit=True) as con:
        assert con.execute("SELECT count(*) FROM coach.calls").fetchone()[0] == 1
        con.execute("DROP SCHEMA coach CASCADE")
        con.execute("CREATE SCHEMA coach")
        con.execute("CREATE TABLE coach.calls (id int)")
    one_line_naming(run(*DEBRIEF, "--db", pg_url), pg_url, "not a coach journal")


def _cut_connections(url: str) -> None:
    """What a server restart does to a rep's open connection."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")


def test_server_restart_in_the_middle_of_lessons(run, pg_url, monkeypatch):
    assert run(*DEBRIEF, "--db", pg_url).code == 0
    groups = journal._call_counts

    def restarted(con, *args, **kwargs):
        _cut_connections(pg_url)
        return groups(con, *args, **kwargs)

    monkeypatch.setattr(journal, "_call_counts", restarted)
    one_line_naming(run("lessons", "--db", pg_url), pg_url, "lost the connection")


def test_a_debrief_cut_off_half_way_stores_nothing(run, pg_url, monkeypatch):
    assert run(*DEBRIEF, "--db", pg_url).code == 0
    insert = journal._call_insert

    def cut_after_the_call_row(con, call):
        con.execute("INSERT INTO calls (created, day, name, style, outcome) "
                    "VALUES ('x', '2025-01-01', 'Half', 'driver', 'won')")
        _cut_connections(pg_url)
        return insert(con, call)

    monkeypatch.setattr(journal, "_call_insert", cut_after_the_call_row)
    one_line_naming(run(*DEBRIEF, "--db", pg_url), pg_url, "lost the connection")
    assert [c["name"] for c in journal.list_calls(pg_url)] == ["Ann"]
    assert journal.lesson_rows(pg_url) == journal.lesson_rows(pg_url, from_calls=True)
