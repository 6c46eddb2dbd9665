"""The call journal: preps, debriefs and quiz results, in one SQLite file or on a team's
PostgreSQL server (coach.journal_pg).

Everything that touches the database lives here, behind plain functions over typed records
(coach.records); the SQL is written once for both back ends (journal_pg adapts placeholders
and hints). Which journal: `--db`, else `COACH_DB`, else `coach config set db`, else the
default file.

The SQLite file is opened in WAL mode, every write is one `BEGIN IMMEDIATE` transaction (two
processes writing at once wait for each other instead of losing rows), and
`PRAGMA user_version` drives the migrations.

A file that is not a coach journal (not SQLite, another program's database, a newer schema)
is refused with one line naming it, and is never written to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Union, cast

from coach import paths
from coach.config import rep_name
from coach.errors import CoachError
from coach.records import (
    CallDetail,
    CallRow,
    DeletedCall,
    MeetingAttendee,
    MeetingDetail,
    MeetingSummary,
    PrepRow,
    PrepSummary,
    QuizRow,
)
from coach.vocab import OUTCOMES

APPLICATION_ID = 0x436F6163  # "Coac": marks the file as a coach journal
BUSY_SECONDS = 30.0

_POS = "outcome IN ('won', 'advanced')"
_NEG = "outcome IN ('stalled', 'lost')"
_ANSWERED = "answer <> 'unsure'"


_STAT_CALL_KEY = ("coalesce({row}rep, ''), {row}style, coalesce({row}stage, ''), {row}outcome, "
                  "coalesce({row}read_held, -1), coalesce({row}actual_style, '')")
"""The key of a call's row in stat_calls (the same on both back ends)."""


def _count(cond: str) -> str:
    """How many rows meet `cond`, in SQL both back ends take (PostgreSQL has no sum(bool))."""
    return f"sum(CASE WHEN {cond} THEN 1 ELSE 0 END)"

# The running totals again per day and per rep (migration 7): lessons over a date range,
# or one rep's, add up the totals of those days, or of that rep, instead of counting calls.
# `by` is "day" or "rep"; BY_VALUE is how a call's row gives it ({row}: "", "c.", "NEW.").
# The answers a prep held are kept per rep only: per day they would be nearly as many rows
# as the answers themselves (a push would write one per prep answer), so lessons over a
# date range count those from the calls.
BY_VALUE = {"day": "{row}day", "rep": "coalesce({row}rep, '')"}


def _keeps_answers(by: str) -> bool:
    return by == "rep"


def stat_tables(by: str) -> list[str]:
    """The tables of one split (stat_day_*, stat_rep_*), in SQL both back ends take once
    PostgreSQL drops WITHOUT ROWID."""
    return [
        f"""CREATE TABLE stat_{by}_approaches (
            {by} TEXT NOT NULL, style TEXT NOT NULL, stage TEXT NOT NULL, text TEXT NOT NULL,
            p INTEGER NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
            PRIMARY KEY ({by}, style, stage, text)) WITHOUT ROWID""",
        f"""CREATE TABLE stat_{by}_responses (
            {by} TEXT NOT NULL, style TEXT NOT NULL, stage TEXT NOT NULL,
            objection TEXT NOT NULL, response TEXT NOT NULL,
            p INTEGER NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
            PRIMARY KEY ({by}, style, stage, objection, response)) WITHOUT ROWID""",
        *([f"""CREATE TABLE stat_{by}_answers (
            {by} TEXT NOT NULL, style TEXT NOT NULL, stage TEXT NOT NULL,
            question TEXT NOT NULL, answer TEXT NOT NULL,
            missed INTEGER NOT NULL, held INTEGER NOT NULL,
            PRIMARY KEY ({by}, style, stage, question, answer)) WITHOUT ROWID"""]
          if _keeps_answers(by) else []),
        f"""CREATE TABLE stat_{by}_reads (
            {by} TEXT NOT NULL, style TEXT NOT NULL, stage TEXT NOT NULL,
            missed INTEGER NOT NULL, held INTEGER NOT NULL,
            PRIMARY KEY ({by}, style, stage)) WITHOUT ROWID""",
    ]


def stat_backfill(by: str) -> list[str]:
    """One split's totals for the calls already in a journal (both back ends)."""
    value = BY_VALUE[by].format(row="c.")
    return [
        f"""INSERT INTO stat_{by}_approaches ({by}, style, stage, text, p, n, t)
            SELECT {value}, c.style, coalesce(c.stage, ''), x.text, {_count('c.' + _POS)},
                   {_count('c.' + _NEG)}, count(*)
            FROM approaches x JOIN calls c ON c.id = x.call_id GROUP BY 1, 2, 3, 4""",
        f"""INSERT INTO stat_{by}_responses ({by}, style, stage, objection, response, p, n, t)
            SELECT {value}, c.style, coalesce(c.stage, ''), x.objection,
                   coalesce(x.response, ''), {_count('c.' + _POS)}, {_count('c.' + _NEG)},
                   count(*)
            FROM objections x JOIN calls c ON c.id = x.call_id GROUP BY 1, 2, 3, 4, 5""",
        *([f"""INSERT INTO stat_{by}_answers ({by}, style, stage, question, answer, missed,
                                             held)
            SELECT {value}, c.style, coalesce(c.stage, ''), a.question, a.answer,
                   {_count('c.read_held = 0')}, {_count('c.read_held = 1')}
            FROM calls c JOIN prep_answers a ON a.prep_id = c.prep_id
            WHERE c.read_held IS NOT NULL AND a.{_ANSWERED} GROUP BY 1, 2, 3, 4, 5"""]
          if _keeps_answers(by) else []),
        f"""INSERT INTO stat_{by}_reads ({by}, style, stage, missed, held)
            SELECT {value}, c.style, coalesce(c.stage, ''), {_count('c.read_held = 0')},
                   {_count('c.read_held = 1')}
            FROM calls c WHERE c.read_held IS NOT NULL AND EXISTS (
                SELECT 1 FROM prep_answers a WHERE a.prep_id = c.prep_id AND a.{_ANSWERED})
            GROUP BY 1, 2, 3""",
    ]


def _stat_triggers(by: str) -> list[str]:
    """SQLite: one split's totals kept by triggers, as migration 3 keeps the others."""
    value, new, old = (BY_VALUE[by].format(row=r) for r in ("", "NEW.", "OLD."))
    add_answers = f"""
            INSERT INTO stat_{by}_answers ({by}, style, stage, question, answer, missed, held)
            SELECT {new}, NEW.style, coalesce(NEW.stage, ''), question, answer,
                   NEW.read_held = 0, NEW.read_held = 1
            FROM prep_answers WHERE prep_id = NEW.prep_id AND {_ANSWERED}
            ON CONFLICT ({by}, style, stage, question, answer) DO UPDATE
            SET missed = missed + excluded.missed, held = held + excluded.held;"""
    remove_answers = f"""
            UPDATE stat_{by}_answers
            SET missed = missed - (OLD.read_held = 0), held = held - (OLD.read_held = 1)
            WHERE OLD.read_held IS NOT NULL AND {by} = {old} AND style = OLD.style
              AND stage = coalesce(OLD.stage, '')
              AND (question, answer) IN (SELECT question, answer FROM prep_answers
                                         WHERE prep_id = OLD.prep_id AND {_ANSWERED});"""
    if not _keeps_answers(by):
        add_answers = remove_answers = ""
    return [
        f"""CREATE TRIGGER stat_{by}_approach_add AFTER INSERT ON approaches BEGIN
            INSERT INTO stat_{by}_approaches ({by}, style, stage, text, p, n, t)
            SELECT {value}, style, coalesce(stage, ''), NEW.text, {_POS}, {_NEG}, 1
            FROM calls WHERE id = NEW.call_id
            ON CONFLICT ({by}, style, stage, text) DO UPDATE
            SET p = p + excluded.p, n = n + excluded.n, t = t + 1;
        END""",
        f"""CREATE TRIGGER stat_{by}_response_add AFTER INSERT ON objections BEGIN
            INSERT INTO stat_{by}_responses ({by}, style, stage, objection, response, p, n, t)
            SELECT {value}, style, coalesce(stage, ''), NEW.objection,
                   coalesce(NEW.response, ''), {_POS}, {_NEG}, 1
            FROM calls WHERE id = NEW.call_id
            ON CONFLICT ({by}, style, stage, objection, response) DO UPDATE
            SET p = p + excluded.p, n = n + excluded.n, t = t + 1;
        END""",
        f"""CREATE TRIGGER stat_{by}_call_add AFTER INSERT ON calls
            WHEN NEW.prep_id IS NOT NULL AND NEW.read_held IS NOT NULL BEGIN{add_answers}
            INSERT INTO stat_{by}_reads ({by}, style, stage, missed, held)
            SELECT {new}, NEW.style, coalesce(NEW.stage, ''), NEW.read_held = 0,
                   NEW.read_held = 1
            WHERE EXISTS (SELECT 1 FROM prep_answers
                          WHERE prep_id = NEW.prep_id AND {_ANSWERED})
            ON CONFLICT ({by}, style, stage) DO UPDATE
            SET missed = missed + excluded.missed, held = held + excluded.held;
        END""",
        f"""CREATE TRIGGER stat_{by}_call_remove BEFORE DELETE ON calls BEGIN
            UPDATE stat_{by}_approaches
            SET p = p - (OLD.{_POS}), n = n - (OLD.{_NEG}), t = t - 1
            WHERE {by} = {old} AND style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND text IN (SELECT text FROM approaches WHERE call_id = OLD.id);
            UPDATE stat_{by}_responses
            SET p = p - (OLD.{_POS}), n = n - (OLD.{_NEG}), t = t - 1
            WHERE {by} = {old} AND style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND (objection, response) IN (SELECT objection, coalesce(response, '')
                                            FROM objections WHERE call_id = OLD.id);{remove_answers}
            UPDATE stat_{by}_reads
            SET missed = missed - (OLD.read_held = 0), held = held - (OLD.read_held = 1)
            WHERE OLD.read_held IS NOT NULL AND {by} = {old} AND style = OLD.style
              AND stage = coalesce(OLD.stage, '')
              AND EXISTS (SELECT 1 FROM prep_answers
                          WHERE prep_id = OLD.prep_id AND {_ANSWERED});
        END""",
    ]


DAYS_INDEX = ["CREATE INDEX calls_days "
              "ON calls(day, style, stage, outcome, read_held, actual_style, rep)",
              "DROP INDEX calls_day"]
"""Covers the per-call counts (outcomes, misreads, reps) over a date range (and replaces
the index on the day alone)."""

# Each entry moves the schema from version N to N+1. Released entries are never edited:
# a journal written by an older coach is brought up to date by running the ones it lacks.
MIGRATIONS: list[list[str]] = [
    [  # 1: preps, calls and what was tried on them
        """CREATE TABLE preps (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            name TEXT NOT NULL,
            company TEXT, role TEXT, goal TEXT, stage TEXT, style TEXT,
            profile TEXT)""",
        """CREATE TABLE prep_answers (
            prep_id INTEGER NOT NULL REFERENCES preps(id) ON DELETE CASCADE,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            PRIMARY KEY (prep_id, question)) WITHOUT ROWID""",
        """CREATE TABLE calls (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            day TEXT NOT NULL,
            prep_id INTEGER REFERENCES preps(id) ON DELETE SET NULL,
            name TEXT NOT NULL, company TEXT,
            style TEXT NOT NULL, stage TEXT,
            outcome TEXT NOT NULL,
            read_held INTEGER, actual_style TEXT,
            worked TEXT, missed TEXT, next_step TEXT, next_date TEXT)""",
        """CREATE TABLE approaches (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (call_id, pos)) WITHOUT ROWID""",
        """CREATE TABLE objections (
            call_id INTEGER NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            pos INTEGER NOT NULL,
            objection TEXT NOT NULL,
            response TEXT,
            PRIMARY KEY (call_id, pos)) WITHOUT ROWID""",
        f"PRAGMA application_id = {APPLICATION_ID}",
    ],
    [  # 2: quiz results (the training commands keep them here) and indexes for filters
        """CREATE TABLE quiz_results (
            id INTEGER PRIMARY KEY,
            taken TEXT NOT NULL,
            score INTEGER NOT NULL,
            total INTEGER NOT NULL,
            passed INTEGER NOT NULL,
            topics TEXT NOT NULL DEFAULT '{}')""",
        "CREATE INDEX calls_day ON calls(day)",
        "CREATE INDEX calls_prep ON calls(prep_id)",
    ],
    [  # 3: running totals for `coach lessons`, kept by triggers in the same transaction
        # as each write, so lessons over 100,000 calls read a few thousand rows. Calls are
        # only ever inserted or deleted; an edit feature must keep these totals too.
        # covers every lessons query on calls, date ranges included
        """CREATE INDEX calls_groups
            ON calls(style, stage, outcome, read_held, actual_style, day, prep_id)""",
        """CREATE TABLE stat_approaches (
            style TEXT NOT NULL, stage TEXT NOT NULL, text TEXT NOT NULL,
            p INTEGER NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
            PRIMARY KEY (style, stage, text)) WITHOUT ROWID""",
        """CREATE TABLE stat_responses (
            style TEXT NOT NULL, stage TEXT NOT NULL, objection TEXT NOT NULL,
            response TEXT NOT NULL,
            p INTEGER NOT NULL, n INTEGER NOT NULL, t INTEGER NOT NULL,
            PRIMARY KEY (style, stage, objection, response)) WITHOUT ROWID""",
        """CREATE TABLE stat_answers (
            style TEXT NOT NULL, stage TEXT NOT NULL, question TEXT NOT NULL,
            answer TEXT NOT NULL, missed INTEGER NOT NULL, held INTEGER NOT NULL,
            PRIMARY KEY (style, stage, question, answer)) WITHOUT ROWID""",
        """CREATE TABLE stat_reads (
            style TEXT NOT NULL, stage TEXT NOT NULL,
            missed INTEGER NOT NULL, held INTEGER NOT NULL,
            PRIMARY KEY (style, stage)) WITHOUT ROWID""",
        f"""CREATE TRIGGER stat_approach_add AFTER INSERT ON approaches BEGIN
            INSERT INTO stat_approaches (style, stage, text, p, n, t)
            SELECT style, coalesce(stage, ''), NEW.text, {_POS}, {_NEG}, 1
            FROM calls WHERE id = NEW.call_id
            ON CONFLICT (style, stage, text) DO UPDATE
            SET p = p + excluded.p, n = n + excluded.n, t = t + 1;
        END""",
        f"""CREATE TRIGGER stat_response_add AFTER INSERT ON objections BEGIN
            INSERT INTO stat_responses (style, stage, objection, response, p, n, t)
            SELECT style, coalesce(stage, ''), NEW.objection, coalesce(NEW.response, ''),
                   {_POS}, {_NEG}, 1
            FROM calls WHERE id = NEW.call_id
            ON CONFLICT (style, stage, objection, response) DO UPDATE
            SET p = p + excluded.p, n = n + excluded.n, t = t + 1;
        END""",
        f"""CREATE TRIGGER stat_call_add AFTER INSERT ON calls
            WHEN NEW.prep_id IS NOT NULL AND NEW.read_held IS NOT NULL BEGIN
            INSERT INTO stat_answers (style, stage, question, answer, missed, held)
            SELECT NEW.style, coalesce(NEW.stage, ''), question, answer,
                   NEW.read_held = 0, NEW.read_held = 1
            FROM prep_answers WHERE prep_id = NEW.prep_id AND {_ANSWERED}
            ON CONFLICT (style, stage, question, answer) DO UPDATE
            SET missed = missed + excluded.missed, held = held + excluded.held;
            INSERT INTO stat_reads (style, stage, missed, held)
            SELECT NEW.style, coalesce(NEW.stage, ''), NEW.read_held = 0, NEW.read_held = 1
            WHERE EXISTS (SELECT 1 FROM prep_answers
                          WHERE prep_id = NEW.prep_id AND {_ANSWERED})
            ON CONFLICT (style, stage) DO UPDATE
            SET missed = missed + excluded.missed, held = held + excluded.held;
        END""",
        f"""CREATE TRIGGER stat_call_remove BEFORE DELETE ON calls BEGIN
            UPDATE stat_approaches
            SET p = p - (OLD.{_POS}), n = n - (OLD.{_NEG}), t = t - 1
            WHERE style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND text IN (SELECT text FROM approaches WHERE call_id = OLD.id);
            UPDATE stat_responses
            SET p = p - (OLD.{_POS}), n = n - (OLD.{_NEG}), t = t - 1
            WHERE style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND (objection, response) IN (SELECT objection, coalesce(response, '')
                                            FROM objections WHERE call_id = OLD.id);
            UPDATE stat_answers
            SET missed = missed - (OLD.read_held = 0), held = held - (OLD.read_held = 1)
            WHERE OLD.read_held IS NOT NULL AND style = OLD.style
              AND stage = coalesce(OLD.stage, '')
              AND (question, answer) IN (SELECT question, answer FROM prep_answers
                                         WHERE prep_id = OLD.prep_id AND {_ANSWERED});
            UPDATE stat_reads
            SET missed = missed - (OLD.read_held = 0), held = held - (OLD.read_held = 1)
            WHERE OLD.read_held IS NOT NULL AND style = OLD.style
              AND stage = coalesce(OLD.stage, '')
              AND EXISTS (SELECT 1 FROM prep_answers
                          WHERE prep_id = OLD.prep_id AND {_ANSWERED});
        END""",
        # totals for the calls already in the journal
        f"""INSERT INTO stat_approaches (style, stage, text, p, n, t)
            SELECT c.style, coalesce(c.stage, ''), x.text,
                   count(DISTINCT CASE WHEN c.{_POS} THEN c.id END),
                   count(DISTINCT CASE WHEN c.{_NEG} THEN c.id END), count(DISTINCT c.id)
            FROM approaches x JOIN calls c ON c.id = x.call_id GROUP BY 1, 2, 3""",
        f"""INSERT INTO stat_responses (style, stage, objection, response, p, n, t)
            SELECT c.style, coalesce(c.stage, ''), x.objection, coalesce(x.response, ''),
                   count(DISTINCT CASE WHEN c.{_POS} THEN c.id END),
                   count(DISTINCT CASE WHEN c.{_NEG} THEN c.id END), count(DISTINCT c.id)
            FROM objections x JOIN calls c ON c.id = x.call_id GROUP BY 1, 2, 3, 4""",
        f"""INSERT INTO stat_answers (style, stage, question, answer, missed, held)
            SELECT c.style, coalesce(c.stage, ''), a.question, a.answer,
                   sum(c.read_held = 0), sum(c.read_held = 1)
            FROM calls c JOIN prep_answers a ON a.prep_id = c.prep_id
            WHERE c.read_held IS NOT NULL AND a.{_ANSWERED} GROUP BY 1, 2, 3, 4""",
        f"""INSERT INTO stat_reads (style, stage, missed, held)
            SELECT style, coalesce(stage, ''), sum(read_held = 0), sum(read_held = 1)
            FROM calls c WHERE read_held IS NOT NULL AND EXISTS (
                SELECT 1 FROM prep_answers a WHERE a.prep_id = c.prep_id AND a.{_ANSWERED})
            GROUP BY 1, 2""",
    ],
    [  # 4: meetings with several people; each attendee is a prep linked to its meeting,
        # so each can be debriefed (calls.prep_id) and a meeting finds its debriefs
        """CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            company TEXT, goal TEXT, stage TEXT, decider TEXT)""",
        "ALTER TABLE preps ADD COLUMN meeting_id INTEGER REFERENCES meetings(id)",
        "CREATE INDEX preps_meeting ON preps(meeting_id)",
    ],
    [  # 5: a team's journal: who logged each row (rep), a stable id per row (uid) so a push
        # from a laptop never doubles, and totals per rep, style, stage, outcome and read,
        # so lessons on a big shared journal never count the calls one by one.
        "ALTER TABLE preps ADD COLUMN rep TEXT",
        "ALTER TABLE preps ADD COLUMN uid TEXT",
        "UPDATE preps SET uid = lower(hex(randomblob(16)))",
        "CREATE UNIQUE INDEX preps_uid ON preps(uid)",
        "ALTER TABLE calls ADD COLUMN rep TEXT",
        "ALTER TABLE calls ADD COLUMN uid TEXT",
        "UPDATE calls SET uid = lower(hex(randomblob(16)))",
        "CREATE UNIQUE INDEX calls_uid ON calls(uid)",
        "CREATE INDEX calls_rep ON calls(rep, day)",
        "ALTER TABLE quiz_results ADD COLUMN rep TEXT",
        "ALTER TABLE quiz_results ADD COLUMN uid TEXT",
        "UPDATE quiz_results SET uid = lower(hex(randomblob(16)))",
        "CREATE UNIQUE INDEX quiz_results_uid ON quiz_results(uid)",
        """CREATE TABLE stat_calls (
            rep TEXT NOT NULL, style TEXT NOT NULL, stage TEXT NOT NULL,
            outcome TEXT NOT NULL, read_held INTEGER NOT NULL, actual_style TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (rep, style, stage, outcome, read_held, actual_style)) WITHOUT ROWID""",
        f"""CREATE TRIGGER stat_calls_add AFTER INSERT ON calls BEGIN
            INSERT INTO stat_calls VALUES ({_STAT_CALL_KEY.format(row="NEW.")}, 1)
            ON CONFLICT (rep, style, stage, outcome, read_held, actual_style) DO UPDATE
            SET n = n + 1;
        END""",
        f"""CREATE TRIGGER stat_calls_remove BEFORE DELETE ON calls BEGIN
            UPDATE stat_calls SET n = n - 1
            WHERE (rep, style, stage, outcome, read_held, actual_style)
                  = ({_STAT_CALL_KEY.format(row="OLD.")});
        END""",
        f"""INSERT INTO stat_calls SELECT {_STAT_CALL_KEY.format(row="")}, count(*)
            FROM calls GROUP BY 1, 2, 3, 4, 5, 6""",
    ],
    [  # 6: a stable id per meeting too, so a push keeps which preps met together
        "ALTER TABLE meetings ADD COLUMN uid TEXT",
        "UPDATE meetings SET uid = lower(hex(randomblob(16)))",
        "CREATE UNIQUE INDEX meetings_uid ON meetings(uid)",
    ],
    [  # 7: the running totals per day and per rep too (stat_tables), kept like those of 3
        *stat_tables("day"), *stat_tables("rep"), *DAYS_INDEX,
        *_stat_triggers("day"), *_stat_triggers("rep"),
        *stat_backfill("day"), *stat_backfill("rep"),
    ],
    [],  # 8: nothing here (on PostgreSQL: lighter writes, see journal_pg)
]
LATEST = len(MIGRATIONS)

CALL_COLUMNS = ("id", "day", "name", "company", "style", "stage", "outcome", "read_held",
                "actual_style", "worked", "missed", "next_step", "next_date", "prep_id",
                "created", "rep")
PREP_COLUMNS = ("id", "created", "name", "company", "role", "goal", "stage", "style", "rep")
NO_NAME = "(no name)"
"""The name a prep made without one is stored under (the column is required)."""


def default_db_path() -> Path:
    return paths.data_dir() / "journal.sqlite3"


Target = Union[Path, str]
"""A journal: an SQLite file's path, or a postgresql:// URL."""


def is_server(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def resolve(db: Path | str | None = None) -> Target:
    """The journal to use: `db` (--db), else COACH_DB, else the `db` setting, else the file
    in the data folder."""
    if db is None or db == "":
        import os

        from coach.config import load_config

        db = os.environ.get("COACH_DB") or load_config().get("db") or None
    if db is None:
        return default_db_path()
    if is_server(db):
        return str(db)
    return Path(db).expanduser()


def describe(target: Path | str | None) -> str:
    """The journal as messages name it (a server's password masked)."""
    target = resolve(target)
    if isinstance(target, str):
        from coach.journal_pg import display

        return display(target)
    return str(target)


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def local_time(stamp, short: bool = False) -> str:
    """A stored UTC timestamp as the rep's own date and time: 2025-06-01 12:00 (`short`:
    01 Jun 12:00 within the current year)."""
    try:
        when = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")[:16]
    if when.tzinfo is not None:
        when = when.astimezone()
    if short and when.year == datetime.now().year:
        return when.strftime("%d %b %H:%M")
    return when.strftime("%Y-%m-%d %H:%M")


# --------------------------------------------------------------------------- connection


def _fail(path: Path, what: str, exc: object = None) -> CoachError:
    detail = f": {exc}" if exc is not None else ""
    return CoachError(f"{path}: {what}{detail}")


def _explain(exc, write: bool, path: Path | None = None) -> str:
    """What an SQLite error means for the rep, from its result code where Python gives it."""
    import os

    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name in ("SQLITE_NOTADB",) or "not a database" in text:
        return "not a coach journal (corrupt or not an SQLite file)"
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return "the journal is damaged"
    if (name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"))
            or "readonly" in text or "unable to open" in text):
        if path is not None and path.is_file() and not os.access(path, os.W_OK):
            return "the journal file is read-only (its permissions), so it cannot be written"
        return ("cannot write to the journal (is its folder read-only?)" if write else
                "cannot open the journal: its folder must be writable, even to read it")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return "the journal is busy (another coach is writing to it); try again"
    return "cannot write to the journal" if write else "cannot read the journal"


def _open(path: Path, write: bool):
    """A checked, migrated connection, or None when there is no journal yet and none is needed."""
    import sqlite3

    if not path.exists():
        if not write:
            return None
        if not path.parent.is_dir():
            if path == default_db_path():
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise _fail(path.parent, "cannot create the data folder",
                                exc.strerror) from None
            else:
                raise _fail(path, "cannot create the journal: the folder does not exist")
    if path.is_dir():
        raise _fail(path, "is a folder, not a journal file")
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}?mode={'rwc' if write else 'rw'}"
    con = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None)
    try:
        _check(con, path)
        con.execute("PRAGMA foreign_keys = ON")
        mode = _patient(con, "PRAGMA journal_mode = WAL")[0]
        if mode.lower() != "wal":
            raise _fail(path, f"cannot switch the journal to WAL mode (got {mode})")
        con.execute("PRAGMA synchronous = NORMAL")
        _migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def _check(con, path: Path) -> None:
    """Refuse, before anything is written, a file that is not (or not yet) ours. The three
    facts are read in one statement, so in one snapshot: read one by one, they could straddle
    another process's creation of the schema and look like someone else's database."""
    version, app, tables = _patient(
        con, "SELECT (SELECT user_version FROM pragma_user_version), "
             "(SELECT application_id FROM pragma_application_id), "
             "(SELECT count(*) FROM sqlite_master)")
    if app not in (0, APPLICATION_ID) or (app == 0 and (version or tables)):
        raise _fail(path, "is an SQLite database but not a coach journal; "
                    "give another file with --db")
    if version > LATEST:
        raise _fail(path, f"journal schema version {version} is newer than this coach "
                    f"understands ({LATEST}); upgrade coach to use it")


def _patient(con, sql: str):
    """One row of `sql`, waiting out the 'locked' SQLite reports at once, without calling the
    busy handler, while another process is still creating the journal (the switch to WAL)."""
    import random
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            return con.execute(sql).fetchone()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _migrate(con) -> None:
    version = con.execute("PRAGMA user_version").fetchone()[0]
    if version == LATEST:
        return
    with _transaction(con):
        version = con.execute("PRAGMA user_version").fetchone()[0]  # another process may
        for number in range(version, LATEST):  # have migrated while we waited for the lock
            for statement in MIGRATIONS[number]:
                con.execute(statement)
            con.execute(f"PRAGMA user_version = {number + 1}")


@contextmanager
def _transaction(con) -> Iterator[None]:
    if getattr(con, "dialect", "sqlite") == "postgresql":
        with con.transaction():
            yield
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if con.in_transaction:  # SQLite may already have rolled back (disk full, ...)
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def session(db_path: Path | str | None, write: bool = False):
    """A connection for one command (None for reads when no journal exists yet).

    Writes happen inside `with transaction(con):`; any database error becomes one line
    naming the file or the server.
    """
    target = resolve(db_path)
    if isinstance(target, str):
        from coach import journal_pg

        with journal_pg.session(target, write, LATEST) as server:
            yield server
        return
    import sqlite3

    path = target
    con = None
    try:
        con = _open(path, write)
        yield con
    except sqlite3.Error as exc:
        raise _fail(path, _explain(exc, write, path), exc) from None
    finally:
        if con is not None:
            con.close()


transaction = _transaction


# --------------------------------------------------------------------------- preps


def _uid() -> str:
    import uuid

    return uuid.uuid4().hex


def _prep_insert(con, *, name, company=None, role=None, goal=None, stage=None, style=None,
                 profile=None, answers=None, created=None, rep=None, uid=None) -> int:
    cur = con.execute(
        "INSERT INTO preps (created, name, company, role, goal, stage, style, profile, rep, "
        "uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (created or _now(), name, company or None, role or None, goal or None, stage or None,
         style or None, json.dumps(profile, ensure_ascii=False, default=str)
         if profile is not None else None, rep or rep_name(), uid or _uid()))
    prep_id = cur.fetchone()[0]
    rows = [(prep_id, str(q), a if isinstance(a, str) else json.dumps(a, default=str))
            for q, a in (answers or {}).items() if a is not None]
    con.executemany("INSERT INTO prep_answers (prep_id, question, answer) VALUES (?, ?, ?)",
                    rows)
    return prep_id


def record_prep(db_path, *, name: str, company: str | None, role: str | None,
                goal: str | None, stage: str | None, style: str | None,
                profile: dict | None, answers: dict) -> int:
    """Remember what the rep believed before the call; returns the prep id."""
    with session(db_path, write=True) as con, _transaction(con):
        return _prep_insert(con, name=name or NO_NAME, company=company, role=role,
                            goal=goal, stage=stage, style=style, profile=profile,
                            answers=answers)


def record_meeting(db_path, *, company: str | None, goal: str | None, stage: str | None,
                   decider: str | None, attendees: list[dict]) -> tuple[int, list[int]]:
    """A meeting and one prep per attendee, linked, in one transaction: (meeting id, prep ids)."""
    with session(db_path, write=True) as con, _transaction(con):
        created = _now()
        meeting_id = con.execute(
            "INSERT INTO meetings (created, company, goal, stage, decider, uid) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (created, company or None, goal or None, stage or None,
             decider or None, _uid())).fetchone()[0]
        prep_ids = []
        for person in attendees:
            prep_id = _prep_insert(con, name=person["name"] or NO_NAME, company=company,
                                   role=person.get("role"), goal=goal, stage=stage,
                                   style=person.get("style"), profile=person.get("profile"),
                                   answers=person.get("answers"), created=created)
            con.execute("UPDATE preps SET meeting_id = ? WHERE id = ?", (meeting_id, prep_id))
            prep_ids.append(prep_id)
        return meeting_id, prep_ids


MEETING_COLUMNS = ("id", "created", "company", "goal", "stage", "decider")


def meeting_attendees(db_path, meeting_id: int) -> list[MeetingAttendee] | None:
    """A meeting's attendees (their preps) and each one's debriefs; None if no such meeting."""
    found = get_meeting(db_path, meeting_id)
    return None if found is None else found["attendees"]


def get_meeting(db_path, meeting_id: int) -> MeetingDetail | None:
    """A meeting, its attendees in the order they were added, and each one's debriefs."""
    with session(db_path) as con:
        if con is None:
            return None
        head = con.execute(f"SELECT {', '.join(MEETING_COLUMNS)} FROM meetings WHERE id = ?",
                           (meeting_id,)).fetchone()
        if head is None:
            return None
        rows = con.execute(
            "SELECT p.id, p.name, p.role, p.style, c.id, c.day, c.outcome, c.read_held, "
            "c.actual_style "
            "FROM preps p LEFT JOIN calls c ON c.prep_id = p.id WHERE p.meeting_id = ? "
            "ORDER BY p.id, c.id", (meeting_id,)).fetchall()
    people: dict[int, MeetingAttendee] = {}
    for prep_id, name, role, style, call_id, day, outcome, held, actual in rows:
        person = people.setdefault(prep_id, {"prep_id": prep_id, "name": name, "role": role,
                                             "style": style, "debriefs": []})
        if call_id is not None:
            person["debriefs"].append({"call_id": call_id, "day": str(day), "outcome": outcome,
                                       "read_held": None if held is None else bool(held),
                                       "actual_style": actual or None})
    meeting = cast(MeetingDetail, dict(zip(MEETING_COLUMNS, head)))
    meeting["attendees"] = list(people.values())
    return meeting


def list_meetings(db_path, limit: int | None = 20) -> list[MeetingSummary]:
    """Meetings newest first, with how many attendees each had and how many are debriefed."""
    with session(db_path) as con:
        if con is None:
            return []
        rows = con.execute(
            f"SELECT {', '.join('m.' + c for c in MEETING_COLUMNS)}, "
            "(SELECT COUNT(*) FROM preps p WHERE p.meeting_id = m.id), "
            "(SELECT COUNT(*) FROM preps p WHERE p.meeting_id = m.id AND EXISTS "
            "(SELECT 1 FROM calls c WHERE c.prep_id = p.id)) "
            f"FROM meetings m ORDER BY m.id DESC{' LIMIT ?' if limit else ''}",
            (limit,) if limit else ()).fetchall()
    return [cast(MeetingSummary, {**dict(zip(MEETING_COLUMNS, r[:-2])), "attendees": r[-2],
                                  "debriefed": r[-1]}) for r in rows]


def _prep_dict(con, row) -> PrepRow:
    prep = dict(zip(PREP_COLUMNS, row[:-1]))
    prep["profile"] = json.loads(row[-1]) if row[-1] else None
    prep["answers"] = dict(con.execute(
        "SELECT question, answer FROM prep_answers WHERE prep_id = ? ORDER BY question",
        (prep["id"],)).fetchall())
    return cast(PrepRow, prep)


def get_prep(db_path, prep_id: int) -> PrepRow | None:
    with session(db_path) as con:
        if con is None:
            return None
        row = con.execute(f"SELECT {', '.join(PREP_COLUMNS)}, profile FROM preps WHERE id = ?",
                          (prep_id,)).fetchone()
        return _prep_dict(con, row) if row else None


def recent_preps(db_path, limit: int | None = 8,
                 newest_first: bool = False) -> list[PrepSummary]:
    """The latest preps, those without a debrief yet first (for the debrief's "which
    prospect?"), or simply newest first."""
    with session(db_path) as con:
        if con is None:
            return []
        order = "p.id DESC" if newest_first else "debriefed, p.id DESC"
        rows = con.execute(
            f"SELECT {', '.join('p.' + c for c in PREP_COLUMNS)}, "
            "EXISTS (SELECT 1 FROM calls c WHERE c.prep_id = p.id) AS debriefed "
            f"FROM preps p ORDER BY {order}{' LIMIT ?' if limit else ''}",
            (limit,) if limit else ()).fetchall()
        return [cast(PrepSummary, {**dict(zip(PREP_COLUMNS, r[:-1])), "debriefed": bool(r[-1])})
                for r in rows]


# --------------------------------------------------------------------------- calls


def _clean_list(items) -> list[str]:
    """Stripped, without blanks or repeats (a call used an approach, or did not)."""
    return list(dict.fromkeys(t.strip() for t in items or () if t and t.strip()))


def _call_insert(con, call: dict) -> int:
    outcome = call["outcome"]
    if outcome not in OUTCOMES:
        raise CoachError(f"unknown outcome {outcome!r}; use one of: {', '.join(OUTCOMES)}")
    held = call.get("read_held")
    cur = con.execute(
        "INSERT INTO calls (created, day, prep_id, name, company, style, stage, outcome, "
        "read_held, actual_style, worked, missed, next_step, next_date, rep, uid) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (call.get("created") or _now(), str(call.get("day") or date.today().isoformat()),
         call.get("prep_id"), call["name"], call.get("company") or None, call["style"],
         call.get("stage") or None, outcome, None if held is None else int(bool(held)),
         call.get("actual_style") or None, call.get("worked") or None,
         call.get("missed") or None, call.get("next_step") or None,
         str(call["next_date"]) if call.get("next_date") else None,
         call.get("rep") or rep_name(), call.get("uid") or _uid()))
    call_id = cur.fetchone()[0]
    con.executemany("INSERT INTO approaches (call_id, pos, text) VALUES (?, ?, ?)",
                    [(call_id, i, t) for i, t in enumerate(_clean_list(call.get("approaches")))])
    objections = list(dict.fromkeys(
        (o["objection"].strip(), (o.get("response") or "").strip() or None)
        for o in call.get("objections") or () if (o.get("objection") or "").strip()))
    con.executemany(
        "INSERT INTO objections (call_id, pos, objection, response) VALUES (?, ?, ?, ?)",
        [(call_id, i, o, r) for i, (o, r) in enumerate(objections)])
    return call_id


def add_debrief(db_path, call: dict) -> int:
    """Store one debriefed call (all of it or nothing); returns its id."""
    with session(db_path, write=True) as con, _transaction(con):
        if call.get("prep_id") is not None and not con.execute(
                "SELECT 1 FROM preps WHERE id = ?", (call["prep_id"],)).fetchone():
            raise CoachError(f"--prep {call['prep_id']}: no prep with that id in "
                             f"{describe(db_path)}")
        return _call_insert(con, call)


def _where(style=None, stage=None, outcome=None, since=None, until=None, rep=None,
           alias="") -> tuple:
    """A WHERE clause over calls from the list/export/lessons filters (values bound, not pasted)."""
    clauses, params = [], []
    for column, value in (("style", style), ("stage", stage), ("outcome", outcome),
                          ("rep", rep)):
        if value:
            clauses.append(f"{alias}{column} = ?")
            params.append(value)
    if since:
        clauses.append(f"{alias}day >= ?")
        params.append(str(since))
    if until:
        clauses.append(f"{alias}day <= ?")
        params.append(str(until))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _call_dicts(con, rows) -> list[CallRow]:
    calls = [cast(CallRow, dict(zip(CALL_COLUMNS, r))) for r in rows]
    if not calls:
        return calls
    by_id = {c["id"]: c for c in calls}
    for c in calls:
        c["read_held"] = None if c["read_held"] is None else bool(c["read_held"])
        c["approaches"], c["objections"] = [], []
    ids = list(by_id)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" * len(chunk))
        for call_id, text in con.execute(
                f"SELECT call_id, text FROM approaches WHERE call_id IN ({marks}) "
                "ORDER BY call_id, pos", chunk):
            by_id[call_id]["approaches"].append(text)
        for call_id, objection, response in con.execute(
                f"SELECT call_id, objection, response FROM objections WHERE call_id IN "
                f"({marks}) ORDER BY call_id, pos", chunk):
            by_id[call_id]["objections"].append({"objection": objection, "response": response})
    return calls


def count_calls(db_path, **filters) -> int:
    with session(db_path) as con:
        if con is None:
            return 0
        where, params = _where(**filters)
        return con.execute(f"SELECT count(*) FROM calls{where}", params).fetchone()[0]


def list_calls(db_path, *, limit: int | None = None, oldest_first: bool = False,
               **filters) -> list[CallRow]:
    """Calls matching the filters (style, stage, outcome, since, until), newest first."""
    return list(iter_calls(db_path, limit=limit, oldest_first=oldest_first, **filters))


def iter_calls(db_path, *, limit: int | None = None, oldest_first: bool = False,
               **filters) -> Iterator[CallRow]:
    """The same, a batch at a time: an export of the whole journal never holds it all."""
    with session(db_path) as con:
        if con is None:
            return
        where, params = _where(**filters)
        order = "ASC" if oldest_first else "DESC"
        sql = (f"SELECT {', '.join(CALL_COLUMNS)} FROM calls{where} "
               f"ORDER BY day {order}, id {order}")
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        cur = con.execute(sql, params)
        while True:
            rows = cur.fetchmany(500)
            if not rows:
                break
            batch = _call_dicts(con, rows)
            yield from batch


def get_call(db_path, call_id: int) -> CallDetail | None:
    """One call, with the prep it was linked to (profile and answers) when there is one."""
    with session(db_path) as con:
        if con is None:
            return None
        rows = con.execute(f"SELECT {', '.join(CALL_COLUMNS)} FROM calls WHERE id = ?",
                           (call_id,)).fetchall()
        if not rows:
            return None
        call = cast(CallDetail, _call_dicts(con, rows)[0])
        call["prep"] = None
        if call["prep_id"] is not None:
            row = con.execute(f"SELECT {', '.join(PREP_COLUMNS)}, profile FROM preps "
                              "WHERE id = ?", (call["prep_id"],)).fetchone()
            call["prep"] = _prep_dict(con, row) if row else None
            meeting = con.execute("SELECT meeting_id FROM preps WHERE id = ?",
                                  (call["prep_id"],)).fetchone()
            call["meeting_id"] = meeting[0] if meeting else None
        else:
            call["meeting_id"] = None
        return call


def check_owner(call: CallRow | DeletedCall, any_rep: bool = False) -> None:
    """A rep deletes only the calls they logged (or nobody's, from before reps were kept),
    unless they say --any."""
    if any_rep or not call.get("rep") or call["rep"] == rep_name():
        return
    raise CoachError(f"call {call['id']} was logged by {call['rep']}, not you "
                     f"({rep_name()}); add --any to delete it anyway")


def delete_call(db_path, call_id: int, any_rep: bool = True) -> DeletedCall | None:
    """Remove one call and what was recorded with it; returns what was removed (or None).
    With `any_rep` False, only a call the current rep logged (see check_owner)."""
    target = resolve(db_path)
    if isinstance(target, Path) and not target.exists():
        return None
    with session(target, write=True) as con, _transaction(con):
        row = con.execute("SELECT id, day, name, style, outcome, rep FROM calls WHERE id = ?",
                          (call_id,)).fetchone()
        if row is None:
            return None
        gone = cast(DeletedCall, dict(zip(("id", "day", "name", "style", "outcome", "rep"), row)))
        check_owner(gone, any_rep)
        con.execute("DELETE FROM calls WHERE id = ?", (call_id,))
        return gone


# --------------------------------------------------------------------------- quiz results


def record_quiz(db_path, *, score: int, total: int, passed: bool, topics: dict,
                when: datetime | str | None = None) -> int:
    """One quiz attempt; `topics` maps a topic to its own score (any JSON-able dict)."""
    taken = when.isoformat() if isinstance(when, datetime) else (when or _now())
    with session(db_path, write=True) as con, _transaction(con):
        return con.execute(
            "INSERT INTO quiz_results (taken, score, total, passed, topics, rep, uid) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (taken, int(score), int(total), int(bool(passed)),
             json.dumps(topics or {}, ensure_ascii=False, default=str), rep_name(),
             _uid())).fetchone()[0]


def quiz_history(db_path) -> list[QuizRow]:
    """Every quiz attempt, oldest first."""
    with session(db_path) as con:
        if con is None:
            return []
        rows = con.execute("SELECT id, taken, score, total, passed, topics FROM quiz_results "
                           "ORDER BY taken, id").fetchall()
    return [QuizRow(id=i, taken=t, score=s, total=n, passed=bool(p), topics=json.loads(topics))
            for i, t, s, n, p, topics in rows]


# --------------------------------------------------------------------------- lessons


def _call_counts(con, source: str, where: str, params: list, weight: str = "1") -> dict:
    """Outcome and read counts per style and per stage, misreads (read as -> turned out) and
    each rep's calls and reads: one query over the calls (through a covering index, `weight`
    1) or over the running totals in stat_calls (`weight` n), a few thousand cells at most,
    rolled up here."""
    cells = [cell for cell in con.execute(
        f"SELECT {_STAT_CALL_KEY.format(row='')}, sum({weight}) FROM {source}{where} "
        "GROUP BY 1, 2, 3, 4, 5, 6", params) if cell[6]]
    groups = []
    for by, index in (("style", 1), ("stage", 2)):
        acc: dict[str, list[int]] = {}
        for cell in cells:
            outcome, held, n = cell[3], cell[4], cell[6]
            t = acc.setdefault(cell[index], [0] * 8)
            t[0] += n
            t[1 + OUTCOMES.index(outcome)] += n
            t[6 + (held == 0)] += n if held in (0, 1) else 0
        for key, t in sorted(acc.items(), key=lambda kv: (-kv[1][0], kv[0])):
            groups.append({"by": by, "key": key or None, "calls": t[0],
                           "outcomes": dict(zip(OUTCOMES, t[1:6])),
                           "read_held": t[6], "read_missed": t[7]})
    misses: dict[tuple[str, str], int] = {}
    reps: dict[str, list[int]] = {}
    for rep, style, _, _, held, actual, n in cells:
        if held == 0:
            misses[(style, actual)] = misses.get((style, actual), 0) + n
        r = reps.setdefault(rep, [0, 0, 0])
        r[0] += n
        r[1] += n if held == 1 else 0
        r[2] += n if held == 0 else 0
    return {"calls": sum(cell[6] for cell in cells), "groups": groups,
            "misread": [{"style": s, "actual_style": a or None, "calls": n}
                        for (s, a), n in sorted(misses.items(),
                                                key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))],
            "reps": [{"rep": r or None, "calls": c, "read_held": h, "read_missed": m}
                     for r, (c, h, m) in sorted(reps.items())]}


def _ranked(con, agg: str, keys: list[str], params: list, top: int) -> list[dict]:
    """Per style and per stage: the `top` items most seen in positive and in negative calls.

    `agg` yields (style, stage, *keys, p, n, t) rows: from the running totals, or from the
    calls themselves when a date range rules the totals out.
    """
    cols = ", ".join(keys)
    # sums of sums are NUMERIC on PostgreSQL (Decimal in Python): kept whole numbers
    sums = ", ".join(f"CAST(sum({k}) AS BIGINT) AS {k}" for k in "pnt")
    sql = f"""
    WITH agg AS MATERIALIZED ({agg}),
    rolled AS (
        SELECT 'style' AS by_, style AS key_, {cols}, {sums}
        FROM agg GROUP BY 2, {cols}
        UNION ALL
        SELECT 'stage', stage, {cols}, {sums} FROM agg GROUP BY 2, {cols}),
    ranked AS (
        SELECT *, row_number() OVER (PARTITION BY by_, key_ ORDER BY p DESC, t DESC, {cols})
                      AS rp,
                  row_number() OVER (PARTITION BY by_, key_ ORDER BY n DESC, t DESC, {cols})
                      AS rn
        FROM rolled WHERE t > 0)
    SELECT by_, key_, {cols}, p, n, t, rp, rn FROM ranked
    WHERE (rp <= ? AND p > 0) OR (rn <= ? AND n > 0)
    ORDER BY by_, key_, rp"""
    out = []
    for r in con.execute(sql, [*params, top, top]):
        item = {"by": r[0], "key": r[1] or None}
        item.update(zip(keys, (v if v != "" else None for v in r[2:2 + len(keys)])))
        p, n, t, rp, rn = r[2 + len(keys):]
        item.update(positive=p, negative=n, calls=t, top_positive=rp <= top and p > 0,
                    top_negative=rn <= top and n > 0)
        out.append(item)
    return out


def _top_answers(rows, top: int) -> list[dict]:
    """Per read style: the answers most often there when the read missed."""
    by_style: dict[str, list] = {}
    for r in rows:
        if r[3] > 0:
            by_style.setdefault(r[0], []).append(r)
    out = []
    for style in sorted(by_style):
        ranked = sorted(by_style[style], key=lambda r: (-r[3], r[1], r[2]))[:top]
        out += [dict(zip(("style", "question", "answer", "missed", "held"), r)) for r in ranked]
    return out


def _stat_filter(style, stage, since=None, until=None, rep=None) -> tuple[str, list]:
    clauses, params = [], []
    for clause, value in (("style = ?", style), ("stage = ?", stage), ("day >= ?", since),
                          ("day <= ?", until), ("rep = ?", rep)):
        if value:
            clauses.append(clause)
            params.append(str(value))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _from_totals(con, style, stage, top: int, since=None, until=None, rep=None) -> dict:
    """Lessons from the running totals the triggers keep: a few thousand rows at most; with
    a date range, from the totals of its days (stat_day_*, and the answers from its calls),
    for a rep from theirs (stat_rep_*), never both."""
    where, params = _stat_filter(style, stage, since, until, rep)
    stat = "stat_day_" if since or until else "stat_rep_" if rep else "stat_"
    approaches = _ranked(con, f"SELECT style, stage, text, p, n, t FROM {stat}approaches{where}",
                         ["text"], params, top)
    responses = _ranked(con, "SELECT style, stage, objection, response, p, n, t "
                        f"FROM {stat}responses{where}", ["objection", "response"], params, top)
    if stat == "stat_day_":
        cwhere, cparams = _where(style=style, stage=stage, since=since, until=until, alias="c.")
        answers = _answers_from_calls(con, cwhere, cparams, top, bases=False)["answers"]
    else:
        answers = _top_answers(con.execute(
            f"SELECT style, question, answer, sum(missed), sum(held) FROM {stat}answers{where} "
            "GROUP BY 1, 2, 3", params).fetchall(), top)
    bases = con.execute(f"SELECT style, sum(missed), sum(held) FROM {stat}reads{where} "
                        "GROUP BY 1 HAVING sum(missed) + sum(held) > 0 ORDER BY 1",
                        params).fetchall()
    return {"approaches": approaches, "responses": responses, "answers": answers,
            "answer_bases": [{"style": s, "missed": m or 0, "held": h or 0}
                             for s, m, h in bases]}


_CALLS = "calls c INDEXED BY calls_groups"  # covering: no row lookups, whatever the filter


def _from_calls(con, where: str, params: list, top: int) -> dict:
    """The same, counted from the calls (a date range): slower on a big journal."""
    pos, neg = _count(f"c.{_POS}"), _count(f"c.{_NEG}")
    approaches = _ranked(
        con, f"SELECT c.style AS style, coalesce(c.stage, '') AS stage, x.text AS text, "
        f"{pos} AS p, {neg} AS n, count(*) AS t "
        f"FROM {_CALLS} CROSS JOIN approaches x ON x.call_id = c.id{where} GROUP BY 1, 2, 3",
        ["text"], params, top)
    responses = _ranked(
        con, "SELECT c.style AS style, coalesce(c.stage, '') AS stage, x.objection AS objection, "
        f"coalesce(x.response, '') AS response, {pos} AS p, {neg} AS n, count(*) AS t "
        f"FROM {_CALLS} CROSS JOIN objections x ON x.call_id = c.id{where} "
        "GROUP BY 1, 2, 3, 4", ["objection", "response"], params, top)
    return {"approaches": approaches, "responses": responses,
            **_answers_from_calls(con, where, params, top)}


def _answers_from_calls(con, where: str, params: list, top: int, bases: bool = True) -> dict:
    """The answers seen when reads missed, and (`bases`) how often reads were checked,
    counted from the calls `where` picks."""
    reads = (where + " AND" if where else " WHERE") + " c.read_held IS NOT NULL"
    answered = ("EXISTS (SELECT 1 FROM prep_answers a WHERE a.prep_id = c.prep_id "
                "AND a.answer <> 'unsure')")
    checked = con.execute(
        f"SELECT c.style, {_count('c.read_held = 0')}, {_count('c.read_held = 1')} "
        f"FROM {_CALLS}{reads} "
        f"AND {answered} GROUP BY 1 ORDER BY 1", params).fetchall() if bases else []
    # One pass over the checked reads' answers: missed and held counted side by side.
    rows = con.execute(
        f"SELECT c.style, a.question, a.answer, {_count('c.read_held = 0')}, "
        f"{_count('c.read_held = 1')} FROM {_CALLS} "
        f"JOIN prep_answers a ON a.prep_id = c.prep_id{reads} "
        "AND a.answer <> 'unsure' GROUP BY 1, 2, 3", params).fetchall()
    return {"answers": _top_answers(rows, top),
            "answer_bases": [{"style": s, "missed": m or 0, "held": h or 0}
                             for s, m, h in checked]}


def lesson_rows(db_path, *, style=None, stage=None, since=None, until=None, rep=None,
                top: int = 5, from_calls: bool = False) -> dict:
    """Everything `coach lessons` shows, counted by the database: no call is loaded.

    The running totals answer, fast at any size: those of every day, or with a date range
    (one that does not span every call) those of its days, or for one rep theirs. One rep
    over a date range, or `from_calls`, counts the calls themselves (the tests check that
    all of these agree).
    """
    empty: dict[str, Any] = {"calls": 0, "first_day": None, "last_day": None, "groups": [],
             "approaches": [], "responses": [], "misread": [], "answer_bases": [],
             "answers": [], "reps": []}
    with session(db_path) as con:
        if con is None:
            return empty
        lo, hi = con.execute("SELECT min(day), max(day) FROM calls").fetchone()
        if lo is None:
            return empty
        if (not since or str(since) <= lo) and (not until or str(until) >= hi):
            since = until = None  # a range that spans every call is no range
        where, params = _where(style=style, stage=stage, since=since, until=until, rep=rep)
        if from_calls or since or until:  # the per-call counts from the calls
            source, swhere, sparams, weight = (
                f"calls INDEXED BY {'calls_days' if since or until else 'calls_groups'}",
                where, params, "1")
        else:  # every day, a rep's or the team's: the per-call counts from stat_calls
            source, weight = "stat_calls", "n"
            swhere, sparams = _stat_filter(style, stage, rep=rep)
        counts = _call_counts(con, source, swhere, sparams, weight)
        if not counts["calls"]:
            return empty
        first, last = (lo, hi) if not where else con.execute(
            f"SELECT min(day), max(day) FROM calls{where}", params).fetchone()
        if from_calls or (rep and (since or until)):
            cwhere, _ = _where(style=style, stage=stage, since=since, until=until, rep=rep,
                               alias="c.")
            lessons = _from_calls(con, cwhere, params, top)
        else:
            lessons = _from_totals(con, style, stage, top, since, until, rep)
        return {"first_day": first, "last_day": last, **counts, **lessons}


def push(source: Path, target: str) -> dict[str, int]:
    """`coach journal push`: copy the SQLite journal `source` into the team's journal on
    the server `target`, keeping dates, reps (the pusher's name where none was kept) and
    the links between meetings, preps and debriefs; rows already there (same uid) are
    skipped. Returns how many meetings, preps, calls and quiz results were added."""
    from coach import journal_pg

    me = rep_name()
    # Each table's rows in journal_pg.PUSH_TABLES columns, and the order new rows are
    # numbered in on the server (by date, as they were written).
    order = {"meetings": "created, id", "preps": "created, id", "calls": "day, created, id",
             "quiz_results": "taken, id"}
    with session(source) as src:
        if src is None:
            raise CoachError(f"{source}: no journal to push (no such file)")
        keys = {table: src.execute(f"SELECT id, uid FROM {table} ORDER BY {by}").fetchall()
                for table, by in order.items()}

        def rows(table: str) -> Iterable[Any]:
            columns = ", ".join("coalesce(rep, ?)" if c == "rep" else c
                                for c in journal_pg.PUSH_TABLES[table])
            return src.execute(f"SELECT {columns} FROM {table}",
                               [me] if "rep" in journal_pg.PUSH_TABLES[table] else [])

        with session(target, write=True) as dst:
            return journal_pg.push(dst, keys, rows)


def insert_many(db_path, preps: Iterable[dict], calls: Iterable[dict]) -> None:
    """Bulk load in one transaction (benchmarks, imports). A call's `prep` is an index into
    `preps` and becomes its prep_id."""
    with session(db_path, write=True) as con, _transaction(con):
        ids = [_prep_insert(con, **p) for p in preps]
        for call in calls:
            if call.get("prep") is not None:
                call = {**call, "prep_id": ids[call["prep"]]}
            _call_insert(con, call)
