"""The journal on a team's PostgreSQL server (`--db postgresql://…`).

coach.journal speaks one SQL to both back ends; this module gives it a psycopg connection
that takes that SQL (`?` placeholders, SQLite's index hints dropped), the PostgreSQL
version of each migration, and one-line errors that name the server with any password
masked. The journal lives in its own schema, `coach`, created on first use by a rep allowed
to (CREATE on the database); a table `journal_schema` holds the migration version, as
`PRAGMA user_version` does in SQLite. Every write and every migration takes one advisory
lock, so writers queue as they do on SQLite (`BEGIN IMMEDIATE`) and never deadlock on the
running totals. The links between rows (a prep's answers, a call's prep, approaches and
objections) are checked by triggers once per statement, not by row-by-row foreign keys, so
`coach journal push` can COPY a laptop's journal straight in. Credentials come from libpq's
usual places (PG* variables, ~/.pgpass, service files) when the URL has none; they are
never printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from coach.errors import CoachError
from coach.journal import (
    _NEG,
    _POS,
    _STAT_CALL_KEY,
    BY_VALUE,
    DAYS_INDEX,
    stat_backfill,
    stat_tables,
)
from coach.journal import _count as _count

SCHEMA = "coach"
LOCK_KEY = 0x436F6163  # the advisory lock every journal write takes ("Coac")
CONNECT_SECONDS = 10

def _function(name: str, body: str, declare: str = "", replace: bool = False) -> str:
    """A trigger function that sees the journal's tables whatever the caller's search_path."""
    return (f"CREATE {'OR REPLACE ' if replace else ''}FUNCTION {name}() RETURNS trigger "
            "LANGUAGE plpgsql "
            f"SET search_path = {SCHEMA}, pg_catalog AS $fn$\n{declare}BEGIN\n{body}\nEND $fn$")


def _statement_link(child: str, column: str, parent: str, on_delete: str) -> list[str]:
    """Replace the foreign key `child.column` -> `parent.id` by triggers that check each
    statement's new rows in one query and carry a parent's delete over to its children
    (`on_delete` CASCADE, or SET NULL). Coach never renumbers a row."""
    check, gone = f"{child}_{column}_check", f"{child}_{column}_gone"
    if on_delete == "CASCADE":
        follow = f"DELETE FROM {child} x USING old_rows o WHERE x.{column} = o.id;"
    else:
        follow = f"UPDATE {child} x SET {column} = NULL FROM old_rows o WHERE x.{column} = o.id;"
    return [
        f"ALTER TABLE {child} DROP CONSTRAINT {child}_{column}_fkey",
        _function(check, f"""
            IF EXISTS (SELECT 1 FROM (SELECT DISTINCT {column} FROM new_rows) x
                       WHERE x.{column} IS NOT NULL AND NOT EXISTS (
                           SELECT 1 FROM {parent} p WHERE p.id = x.{column})) THEN
                RAISE foreign_key_violation USING TABLE = '{child}',
                    MESSAGE = '{child}.{column} names no row of {parent}';
            END IF;
            RETURN NULL;"""),
        *(f"""CREATE TRIGGER {check}_{event.lower()} AFTER {event} ON {child}
              REFERENCING NEW TABLE AS new_rows
              FOR EACH STATEMENT EXECUTE FUNCTION {check}()""" for event in ("INSERT", "UPDATE")),
        _function(gone, f"""
            {follow}
            RETURN NULL;"""),
        f"""CREATE TRIGGER {gone} AFTER DELETE ON {parent} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {gone}()""",
    ]


def _flag(cond: str) -> str:
    return f"CASE WHEN c.{cond} THEN 1 ELSE 0 END"


_SUMS = {"approaches": ["p", "n", "t"], "responses": ["p", "n", "t"],
         "answers": ["missed", "held"], "reads": ["missed", "held"]}
_KEYS = {"approaches": ["style", "stage", "text"],
         "responses": ["style", "stage", "objection", "response"],
         "answers": ["style", "stage", "question", "answer"], "reads": ["style", "stage"]}


def _total_inserts(table: str, keys: list[str], sums: list[str], src: str = "d") -> list[str]:
    """INSERTs adding the rows of `src` (day, rep, then what `keys` and `sums` read) to the
    totals of `table` per day (but answers), per rep and in all. A key read from the loop's
    group (g.) is the same on every row, so it is not grouped on."""
    inserts = []
    for by in ("day", "rep", "") if table != "answers" else ("rep", ""):
        cols = ([by] if by else []) + _KEYS[table]
        exprs = ([f"{src}.{by}"] if by else []) + keys
        group = ", ".join(str(i + 1) for i, e in enumerate(exprs) if not e.startswith("g."))
        tail = f"GROUP BY {group} ORDER BY {group}" if group else "HAVING count(*) > 0"
        update = ", ".join(f"{c} = s.{c} + excluded.{c}" for c in _SUMS[table])
        inserts.append(
            f"INSERT INTO stat_{by + '_' if by else ''}{table} AS s "
            f"({', '.join(cols + _SUMS[table])}) SELECT {', '.join(exprs + sums)} "
            f"FROM {src} {tail} ON CONFLICT ({', '.join(cols)}) DO UPDATE SET {update}")
    return inserts


def _add_totals(rows: str, table: str, keys: list[str], sums: list[str]) -> str:
    """One statement adding `rows` (d) to the totals of `table` (_total_inserts)."""
    *parts, whole = _total_inserts(table, keys, sums)
    return (f"\n            WITH d AS MATERIALIZED ({rows}),\n" + "".join(
        f"            add_{i} AS ({sql}),\n" for i, sql in enumerate(parts))[:-2]
        + f"\n            {whole};")


def _stat_call_add_8() -> str:
    """Migration 8's stat_call_add: a prep's answers read once for both the answers' and the
    reads' totals (7 read them twice)."""
    *inserts, last = [
        *_total_inserts("answers", ["g.style", "g.stage", "d.question", "d.answer"],
                        ["sum(d.missed)", "sum(d.held)"]),
        *_total_inserts("reads", ["g.style", "g.stage"], ["sum(r.missed)", "sum(r.held)"],
                        src="r")]
    return _function("stat_call_add", """
            FOR g IN SELECT c.style, coalesce(c.stage, '') AS stage,
                            array_agg(c.prep_id) AS preps, array_agg(c.day) AS days,
                            array_agg(coalesce(c.rep, '')) AS reps,
                            array_agg(CASE WHEN c.read_held = 0 THEN 1 ELSE 0 END) AS missed,
                            array_agg(CASE WHEN c.read_held = 1 THEN 1 ELSE 0 END) AS held
                     FROM new_rows c WHERE c.read_held IS NOT NULL AND c.prep_id IS NOT NULL
                     GROUP BY 1, 2 ORDER BY 1, 2 LOOP
            WITH x AS MATERIALIZED (
                SELECT p.n, p.day, p.rep, p.missed, p.held, a.question, a.answer
                FROM unnest(g.preps, g.days, g.reps, g.missed, g.held) WITH ORDINALITY
                     AS p(id, day, rep, missed, held, n)
                CROSS JOIN LATERAL (
                    SELECT a.question, a.answer FROM prep_answers a
                    WHERE a.prep_id = p.id AND a.answer <> 'unsure' OFFSET 0) a),
            d AS MATERIALIZED (
                SELECT x.rep, x.question, x.answer, sum(x.missed) AS missed,
                       sum(x.held) AS held
                FROM x GROUP BY 1, 2, 3),
            r AS MATERIALIZED (
                SELECT y.day, y.rep, sum(y.missed) AS missed, sum(y.held) AS held
                FROM (SELECT DISTINCT x.n, x.day, x.rep, x.missed, x.held FROM x) y
                GROUP BY 1, 2),
""" + "".join(f"            add_{i} AS ({sql}),\n" for i, sql in enumerate(inserts))[:-2]
        + f"""
            {last};
            END LOOP;
            RETURN NULL;""", declare="DECLARE g record;\n", replace=True)


def _remove_totals(by: str) -> str:
    """A deleted call (OLD) taken off the totals of `by` ("day", "rep"; "": the whole)."""
    table = f"stat_{by}_" if by else "stat_"
    key = f"{by} = {BY_VALUE[by].format(row='OLD.')} AND " if by else ""
    answers = "" if by == "day" else f"""
                UPDATE {table}answers SET missed = missed - missed_, held = held - held_
                WHERE {key}style = OLD.style AND stage = coalesce(OLD.stage, '')
                  AND (question, answer) IN (SELECT a.question, a.answer FROM prep_answers a
                                             WHERE a.prep_id = OLD.prep_id
                                               AND a.answer <> 'unsure');"""
    return f"""
            UPDATE {table}approaches SET p = p - pos_, n = n - neg_, t = t - 1
            WHERE {key}style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND text IN (SELECT x.text FROM approaches x WHERE x.call_id = OLD.id);
            UPDATE {table}responses SET p = p - pos_, n = n - neg_, t = t - 1
            WHERE {key}style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND (objection, response) IN (SELECT x.objection, coalesce(x.response, '')
                                            FROM objections x WHERE x.call_id = OLD.id);
            IF OLD.read_held IS NOT NULL THEN{answers}
                UPDATE {table}reads SET missed = missed - missed_, held = held - held_
                WHERE {key}style = OLD.style AND stage = coalesce(OLD.stage, '')
                  AND EXISTS (SELECT 1 FROM prep_answers a WHERE a.prep_id = OLD.prep_id
                                                             AND a.answer <> 'unsure');
            END IF;"""


# Entry N here does what entry N of coach.journal.MIGRATIONS does on SQLite: the version
# numbers mean the same schema on both back ends. Released entries are never edited.
MIGRATIONS: list[list[str]] = [
    [  # 1: preps, calls and what was tried on them
        """CREATE TABLE preps (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            created text NOT NULL,
            name text NOT NULL,
            company text, role text, goal text, stage text, style text,
            profile text)""",
        """CREATE TABLE prep_answers (
            prep_id bigint NOT NULL REFERENCES preps(id) ON DELETE CASCADE,
            question text NOT NULL,
            answer text NOT NULL,
            PRIMARY KEY (prep_id, question))""",
        """CREATE TABLE calls (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            created text NOT NULL,
            day text NOT NULL,
            prep_id bigint REFERENCES preps(id) ON DELETE SET NULL,
            name text NOT NULL, company text,
            style text NOT NULL, stage text,
            outcome text NOT NULL,
            read_held integer, actual_style text,
            worked text, missed text, next_step text, next_date text)""",
        """CREATE TABLE approaches (
            call_id bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            pos integer NOT NULL,
            text text NOT NULL,
            PRIMARY KEY (call_id, pos))""",
        """CREATE TABLE objections (
            call_id bigint NOT NULL REFERENCES calls(id) ON DELETE CASCADE,
            pos integer NOT NULL,
            objection text NOT NULL,
            response text,
            PRIMARY KEY (call_id, pos))""",
    ],
    [  # 2: quiz results and indexes for filters
        """CREATE TABLE quiz_results (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            taken text NOT NULL,
            score integer NOT NULL,
            total integer NOT NULL,
            passed integer NOT NULL,
            topics text NOT NULL DEFAULT '{}')""",
        "CREATE INDEX calls_day ON calls(day)",
        "CREATE INDEX calls_prep ON calls(prep_id)",
    ],
    [  # 3: running totals for `coach lessons`, kept by triggers in each write's transaction.
        # Inserts are counted per statement (transition tables), so a bulk push is one
        # set-based update; a delete (one call at a time) per row, before its cascade.
        # No journal existed on PostgreSQL before this version: nothing to backfill.
        """CREATE INDEX calls_groups
            ON calls(style, stage, outcome, read_held, actual_style, day, prep_id)""",
        """CREATE TABLE stat_approaches (
            style text NOT NULL, stage text NOT NULL, text text NOT NULL,
            p integer NOT NULL, n integer NOT NULL, t integer NOT NULL,
            PRIMARY KEY (style, stage, text))""",
        """CREATE TABLE stat_responses (
            style text NOT NULL, stage text NOT NULL, objection text NOT NULL,
            response text NOT NULL,
            p integer NOT NULL, n integer NOT NULL, t integer NOT NULL,
            PRIMARY KEY (style, stage, objection, response))""",
        """CREATE TABLE stat_answers (
            style text NOT NULL, stage text NOT NULL, question text NOT NULL,
            answer text NOT NULL, missed integer NOT NULL, held integer NOT NULL,
            PRIMARY KEY (style, stage, question, answer))""",
        """CREATE TABLE stat_reads (
            style text NOT NULL, stage text NOT NULL,
            missed integer NOT NULL, held integer NOT NULL,
            PRIMARY KEY (style, stage))""",
        _function("stat_approach_add", f"""
            INSERT INTO stat_approaches AS s (style, stage, text, p, n, t)
            SELECT c.style, coalesce(c.stage, ''), x.text, {_count('c.' + _POS)},
                   {_count('c.' + _NEG)}, count(*)
            FROM new_rows x JOIN calls c ON c.id = x.call_id
            GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
            ON CONFLICT (style, stage, text) DO UPDATE
            SET p = s.p + excluded.p, n = s.n + excluded.n, t = s.t + excluded.t;
            RETURN NULL;"""),
        """CREATE TRIGGER stat_approach_add AFTER INSERT ON approaches
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_approach_add()""",
        _function("stat_response_add", f"""
            INSERT INTO stat_responses AS s (style, stage, objection, response, p, n, t)
            SELECT c.style, coalesce(c.stage, ''), x.objection, coalesce(x.response, ''),
                   {_count('c.' + _POS)}, {_count('c.' + _NEG)}, count(*)
            FROM new_rows x JOIN calls c ON c.id = x.call_id
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT (style, stage, objection, response) DO UPDATE
            SET p = s.p + excluded.p, n = s.n + excluded.n, t = s.t + excluded.t;
            RETURN NULL;"""),
        """CREATE TRIGGER stat_response_add AFTER INSERT ON objections
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_response_add()""",
        _function("stat_call_add", f"""
            INSERT INTO stat_answers AS s (style, stage, question, answer, missed, held)
            SELECT c.style, coalesce(c.stage, ''), a.question, a.answer,
                   {_count('c.read_held = 0')}, {_count('c.read_held = 1')}
            FROM new_rows c JOIN prep_answers a ON a.prep_id = c.prep_id
            WHERE c.read_held IS NOT NULL AND a.answer <> 'unsure'
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT (style, stage, question, answer) DO UPDATE
            SET missed = s.missed + excluded.missed, held = s.held + excluded.held;
            INSERT INTO stat_reads AS s (style, stage, missed, held)
            SELECT c.style, coalesce(c.stage, ''), {_count('c.read_held = 0')},
                   {_count('c.read_held = 1')}
            FROM new_rows c WHERE c.read_held IS NOT NULL AND EXISTS (
                SELECT 1 FROM prep_answers a WHERE a.prep_id = c.prep_id
                AND a.answer <> 'unsure')
            GROUP BY 1, 2 ORDER BY 1, 2
            ON CONFLICT (style, stage) DO UPDATE
            SET missed = s.missed + excluded.missed, held = s.held + excluded.held;
            RETURN NULL;"""),
        """CREATE TRIGGER stat_call_add AFTER INSERT ON calls
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_call_add()""",
        _function("stat_call_remove", """
            UPDATE stat_approaches SET p = p - pos_, n = n - neg_, t = t - 1
            WHERE style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND text IN (SELECT x.text FROM approaches x WHERE x.call_id = OLD.id);
            UPDATE stat_responses SET p = p - pos_, n = n - neg_, t = t - 1
            WHERE style = OLD.style AND stage = coalesce(OLD.stage, '')
              AND (objection, response) IN (SELECT x.objection, coalesce(x.response, '')
                                            FROM objections x WHERE x.call_id = OLD.id);
            IF OLD.read_held IS NOT NULL THEN
                UPDATE stat_answers SET missed = missed - missed_, held = held - held_
                WHERE style = OLD.style AND stage = coalesce(OLD.stage, '')
                  AND (question, answer) IN (SELECT a.question, a.answer FROM prep_answers a
                                             WHERE a.prep_id = OLD.prep_id
                                               AND a.answer <> 'unsure');
                UPDATE stat_reads SET missed = missed - missed_, held = held - held_
                WHERE style = OLD.style AND stage = coalesce(OLD.stage, '')
                  AND EXISTS (SELECT 1 FROM prep_answers a WHERE a.prep_id = OLD.prep_id
                                                             AND a.answer <> 'unsure');
            END IF;
            RETURN OLD;""", declare=f"""DECLARE
            pos_ integer := CASE WHEN OLD.{_POS} THEN 1 ELSE 0 END;
            neg_ integer := CASE WHEN OLD.{_NEG} THEN 1 ELSE 0 END;
            missed_ integer := CASE WHEN OLD.read_held = 0 THEN 1 ELSE 0 END;
            held_ integer := CASE WHEN OLD.read_held = 1 THEN 1 ELSE 0 END;
"""),
        """CREATE TRIGGER stat_call_remove BEFORE DELETE ON calls
            FOR EACH ROW EXECUTE FUNCTION stat_call_remove()""",
    ],
    [  # 4: meetings with several people; each attendee is a prep linked to its meeting
        """CREATE TABLE meetings (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            created text NOT NULL,
            company text, goal text, stage text, decider text)""",
        "ALTER TABLE preps ADD COLUMN meeting_id bigint REFERENCES meetings(id)",
        "CREATE INDEX preps_meeting ON preps(meeting_id)",
    ],
    [  # 5: who logged each row, a stable id per row (push), totals per rep and read
        "ALTER TABLE preps ADD COLUMN rep text",
        "ALTER TABLE preps ADD COLUMN uid text",
        "UPDATE preps SET uid = md5(random()::text || clock_timestamp()::text || id::text)",
        "CREATE UNIQUE INDEX preps_uid ON preps(uid)",
        "ALTER TABLE calls ADD COLUMN rep text",
        "ALTER TABLE calls ADD COLUMN uid text",
        "UPDATE calls SET uid = md5(random()::text || clock_timestamp()::text || id::text)",
        "CREATE UNIQUE INDEX calls_uid ON calls(uid)",
        "CREATE INDEX calls_rep ON calls(rep, day)",
        "ALTER TABLE quiz_results ADD COLUMN rep text",
        "ALTER TABLE quiz_results ADD COLUMN uid text",
        "UPDATE quiz_results SET uid = md5(random()::text || clock_timestamp()::text "
        "|| id::text)",
        "CREATE UNIQUE INDEX quiz_results_uid ON quiz_results(uid)",
        """CREATE TABLE stat_calls (
            rep text NOT NULL, style text NOT NULL, stage text NOT NULL,
            outcome text NOT NULL, read_held integer NOT NULL, actual_style text NOT NULL,
            n integer NOT NULL,
            PRIMARY KEY (rep, style, stage, outcome, read_held, actual_style))""",
        _function("stat_calls_add", f"""
            INSERT INTO stat_calls AS s
            SELECT {_STAT_CALL_KEY.format(row="")}, count(*) FROM new_rows
            GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
            ON CONFLICT (rep, style, stage, outcome, read_held, actual_style) DO UPDATE
            SET n = s.n + excluded.n;
            RETURN NULL;"""),
        """CREATE TRIGGER stat_calls_add AFTER INSERT ON calls
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION stat_calls_add()""",
        _function("stat_calls_remove", f"""
            UPDATE stat_calls SET n = n - 1
            WHERE (rep, style, stage, outcome, read_held, actual_style)
                  = ({_STAT_CALL_KEY.format(row="OLD.")});
            RETURN OLD;"""),
        """CREATE TRIGGER stat_calls_remove BEFORE DELETE ON calls
            FOR EACH ROW EXECUTE FUNCTION stat_calls_remove()""",
        f"""INSERT INTO stat_calls SELECT {_STAT_CALL_KEY.format(row="")}, count(*)
            FROM calls GROUP BY 1, 2, 3, 4, 5, 6""",
    ],
    [  # 6: a stable id per meeting (push keeps who met together), and bulk writes at the
        # speed of COPY: a push adds ~24 answers per prep, and the row-by-row foreign keys
        # (a lookup and a row lock per row) cost more than all the rest of it. The links
        # from answers, calls, approaches and objections are checked once per statement
        # instead, and a delete carries on to them as before. The answers' totals are
        # counted per read style, stage and outcome of the read, each a small hashed sum
        # over the preps' answers looked up by key (OFFSET 0 / LIMIT keep the lookups: a
        # push's new tables have no statistics yet, and a join planned on guesses scans
        # every answer in the journal once per group).
        "ALTER TABLE meetings ADD COLUMN uid text",
        "UPDATE meetings SET uid = md5(random()::text || clock_timestamp()::text "
        "|| id::text)",
        "CREATE UNIQUE INDEX meetings_uid ON meetings(uid)",
        *_statement_link("prep_answers", "prep_id", "preps", "CASCADE"),
        *_statement_link("calls", "prep_id", "preps", "SET NULL"),
        *_statement_link("approaches", "call_id", "calls", "CASCADE"),
        *_statement_link("objections", "call_id", "calls", "CASCADE"),
        _function("stat_call_add", """
            FOR g IN SELECT c.style, coalesce(c.stage, '') AS stage,
                            CASE WHEN c.read_held = 0 THEN 1 ELSE 0 END AS missed,
                            CASE WHEN c.read_held = 1 THEN 1 ELSE 0 END AS held,
                            array_agg(c.prep_id) AS preps
                     FROM new_rows c WHERE c.read_held IS NOT NULL AND c.prep_id IS NOT NULL
                     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 LOOP
                INSERT INTO stat_answers AS s (style, stage, question, answer, missed, held)
                SELECT g.style, g.stage, a.question, a.answer, g.missed * count(*),
                       g.held * count(*)
                FROM unnest(g.preps) AS p(id) CROSS JOIN LATERAL (
                    SELECT a.question, a.answer FROM prep_answers a
                    WHERE a.prep_id = p.id AND a.answer <> 'unsure' OFFSET 0) a
                GROUP BY a.question, a.answer ORDER BY a.question, a.answer
                ON CONFLICT (style, stage, question, answer) DO UPDATE
                SET missed = s.missed + excluded.missed, held = s.held + excluded.held;
                INSERT INTO stat_reads AS s (style, stage, missed, held)
                SELECT g.style, g.stage, g.missed * count(*), g.held * count(*)
                FROM unnest(g.preps) AS p(id) CROSS JOIN LATERAL (
                    SELECT 1 FROM prep_answers a
                    WHERE a.prep_id = p.id AND a.answer <> 'unsure' LIMIT 1) a
                HAVING count(*) > 0
                ON CONFLICT (style, stage) DO UPDATE
                SET missed = s.missed + excluded.missed, held = s.held + excluded.held;
            END LOOP;
            RETURN NULL;""", declare="DECLARE g record;\n", replace=True),
    ],
    [  # 7: the running totals per day and per rep too (journal.stat_tables). Each insert
        # trigger now reads its new rows once (d) and adds their sums to the day, rep and
        # whole totals; a delete takes its call off all three.
        *(ddl.replace(" WITHOUT ROWID", "") for by in ("day", "rep") for ddl in stat_tables(by)),
        *DAYS_INDEX,
        _function("stat_approach_add", _add_totals(f"""
                SELECT c.day, coalesce(c.rep, '') AS rep, c.style, coalesce(c.stage, '') AS stage,
                       x.text, {_flag(_POS)} AS p, {_flag(_NEG)} AS n
                FROM new_rows x JOIN calls c ON c.id = x.call_id""", "approaches",
            ["d.style", "d.stage", "d.text"], ["sum(d.p)", "sum(d.n)", "count(*)"]) + """
            RETURN NULL;""", replace=True),
        _function("stat_response_add", _add_totals(f"""
                SELECT c.day, coalesce(c.rep, '') AS rep, c.style, coalesce(c.stage, '') AS stage,
                       x.objection, coalesce(x.response, '') AS response,
                       {_flag(_POS)} AS p, {_flag(_NEG)} AS n
                FROM new_rows x JOIN calls c ON c.id = x.call_id""", "responses",
            ["d.style", "d.stage", "d.objection", "d.response"],
            ["sum(d.p)", "sum(d.n)", "count(*)"]) + """
            RETURN NULL;""", replace=True),
        _function("stat_call_add", """
            FOR g IN SELECT c.style, coalesce(c.stage, '') AS stage,
                            array_agg(c.prep_id) AS preps, array_agg(c.day) AS days,
                            array_agg(coalesce(c.rep, '')) AS reps,
                            array_agg(CASE WHEN c.read_held = 0 THEN 1 ELSE 0 END) AS missed,
                            array_agg(CASE WHEN c.read_held = 1 THEN 1 ELSE 0 END) AS held
                     FROM new_rows c WHERE c.read_held IS NOT NULL AND c.prep_id IS NOT NULL
                     GROUP BY 1, 2 ORDER BY 1, 2 LOOP""" + _add_totals("""
                    SELECT p.rep, a.question, a.answer, sum(p.missed) AS missed,
                           sum(p.held) AS held
                    FROM unnest(g.preps, g.days, g.reps, g.missed, g.held)
                         AS p(id, day, rep, missed, held)
                    CROSS JOIN LATERAL (
                        SELECT a.question, a.answer FROM prep_answers a
                        WHERE a.prep_id = p.id AND a.answer <> 'unsure' OFFSET 0) a
                    GROUP BY 1, 2, 3""", "answers",
            ["g.style", "g.stage", "d.question", "d.answer"],
            ["sum(d.missed)", "sum(d.held)"]) + _add_totals("""
                    SELECT p.day, p.rep, sum(p.missed) AS missed, sum(p.held) AS held
                    FROM unnest(g.preps, g.days, g.reps, g.missed, g.held)
                         AS p(id, day, rep, missed, held)
                    CROSS JOIN LATERAL (
                        SELECT 1 FROM prep_answers a
                        WHERE a.prep_id = p.id AND a.answer <> 'unsure' LIMIT 1) a
                    GROUP BY 1, 2""", "reads", ["g.style", "g.stage"],
            ["sum(d.missed)", "sum(d.held)"]) + """
            END LOOP;
            RETURN NULL;""", declare="DECLARE g record;\n", replace=True),
        _function("stat_call_remove", _remove_totals("") + _remove_totals("day")
                  + _remove_totals("rep")
            + """
            RETURN OLD;""", declare=f"""DECLARE
            pos_ integer := CASE WHEN OLD.{_POS} THEN 1 ELSE 0 END;
            neg_ integer := CASE WHEN OLD.{_NEG} THEN 1 ELSE 0 END;
            missed_ integer := CASE WHEN OLD.read_held = 0 THEN 1 ELSE 0 END;
            held_ integer := CASE WHEN OLD.read_held = 1 THEN 1 ELSE 0 END;
""", replace=True),
        *stat_backfill("day"), *stat_backfill("rep"),
    ],
    [  # 8: writes a little lighter: calls_groups served SQLite's counts from the calls (an
        # INDEXED BY hint); here every count but a rep's over a date range reads the running
        # totals or calls_days, and each new call paid for one more index. A prep's answers
        # are read once per statement for both of their totals.
        "DROP INDEX calls_groups",
        _stat_call_add_8(),
    ],
]


def display(url: str) -> str:
    """The server as a message names it: user, host, port and database; never a password."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        p = conninfo_to_dict(url)
    except Exception:  # psycopg missing, or a URL it cannot parse: mask by hand
        masked = re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)
        return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", masked)
    user = f"{p['user']}{':***' if p.get('password') else ''}@" if p.get("user") else (
        ":***@" if p.get("password") else "")
    host = str(p.get("host") or "localhost")
    port = f":{p['port']}" if p.get("port") else ""
    return f"postgresql://{user}{host}{port}/{p.get('dbname') or ''}"


def _sql(sql: str, params: Any) -> str:
    sql = re.sub(r"\s+INDEXED BY \w+", "", sql).replace("CROSS JOIN", "JOIN")
    return sql.replace("%", "%%").replace("?", "%s") if params else sql


class Connection:
    """A psycopg connection that takes the journal's SQLite-flavoured SQL."""

    dialect = "postgresql"

    def __init__(self, raw: Any, url: str):
        self.raw, self.url = raw, url

    def execute(self, sql: str, params: Any = ()) -> Any:
        params = list(params) if params else None
        return self.raw.execute(_sql(sql, params), params)

    def executemany(self, sql: str, rows: Any) -> None:
        rows = [list(r) for r in rows]
        if rows:
            self.raw.cursor().executemany(_sql(sql, rows[0] or [None]), rows)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write: all of it or nothing, one writer at a time."""
        with self.raw.transaction():
            self.raw.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
            yield

    def close(self) -> None:
        self.raw.close()


def _version(raw: Any, name: str) -> int | None:
    """The journal's schema version; None when the database has no journal yet."""
    has_schema, has_table = raw.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s), "
        "to_regclass(%s) IS NOT NULL", (SCHEMA, f"{SCHEMA}.journal_schema")).fetchone()
    if not has_schema:
        return None
    if not has_table:
        raise CoachError(f"{name}: schema {SCHEMA!r} exists but is not a coach journal; "
                         "give another database with --db")
    row = raw.execute(f"SELECT max(version) FROM {SCHEMA}.journal_schema").fetchone()
    return int(row[0] or 0)


def _migrate(raw: Any, name: str, latest: int) -> None:
    with raw.transaction():
        raw.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        version = _version(raw, name)  # another rep may have created it while we waited
        if version is None:
            raw.execute(f"CREATE SCHEMA {SCHEMA}")
            raw.execute(f"CREATE TABLE {SCHEMA}.journal_schema (version integer NOT NULL)")
            raw.execute(f"INSERT INTO {SCHEMA}.journal_schema VALUES (0)")
            version = 0
        for number in range(version, latest):
            for statement in MIGRATIONS[number]:
                raw.execute(statement)
            raw.execute(f"UPDATE {SCHEMA}.journal_schema SET version = %s", (number + 1,))


def _connect(url: str, write: bool, latest: int) -> Connection | None:
    import psycopg

    raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_SECONDS,
                          application_name="coach")
    try:
        name = display(url)
        version = _version(raw, name)
        if version is not None and version > latest:
            raise CoachError(f"{name}: journal schema version {version} is newer than this coach "
                             f"understands ({latest}); upgrade coach to use it")
        if version is None and not write:
            raw.close()
            return None
        raw.execute(f"SET search_path TO {SCHEMA}")
        if version != latest:
            _migrate(raw, name, latest)
    except BaseException:
        raw.close()
        raise
    return Connection(raw, url)


def explain(exc: Exception) -> str:
    """What a server error means for the rep, in one line."""
    from psycopg import errors

    text = str(exc).strip()
    low = text.lower()
    first = text.splitlines()[0] if text else type(exc).__name__
    if isinstance(exc, errors.InsufficientPrivilege):
        return f"permission denied ({first}); ask the journal's owner for access"
    if isinstance(exc, errors.InvalidPassword) or "password authentication failed" in low:
        return "wrong user name or password (the server refused them)"
    if "no password supplied" in low:
        return ("the server wants a password: put it in ~/.pgpass or PGPASSWORD, "
                "or in the URL")
    if "database" in low and "does not exist" in low:
        match = re.search(r'database "([^"]*)" does not exist', text)
        name = f" {match.group(1)!r}" if match else ""
        return f"database{name} does not exist on the server; ask its owner to create it"
    if isinstance(exc, (errors.AdminShutdown, errors.CrashShutdown)) or (
            "terminat" in low or "server closed the connection" in low
            or "consuming input failed" in low or "connection is lost" in low
            or "the connection is closed" in low):
        return "lost the connection to the server (was it restarted?); try again"
    if "connection refused" in low or "could not connect" in low or "timeout" in low \
            or "could not translate host name" in low or "connection failed" in low:
        return "cannot reach the server (is it running, and the host and port right?)"
    if isinstance(exc, errors.ReadOnlySqlTransaction):
        return "the server is read-only; cannot write to the journal"
    return f"server error: {first}"


@contextmanager
def session(url: str, write: bool, latest: int) -> Iterator[Connection | None]:
    """A connection for one command; every server error becomes one line naming the server."""
    name = display(url)
    try:
        import psycopg
    except ImportError:
        raise CoachError(f"{name}: a PostgreSQL journal needs psycopg: "
                         "pip install 'coach[team]'") from None
    con = None
    try:
        con = _connect(url, write, latest)
        yield con
    except psycopg.Error as exc:
        raise CoachError(f"{name}: {explain(exc)}") from None
    finally:
        if con is not None:
            try:
                con.close()
            except psycopg.Error:
                pass


# --------------------------------------------------------------------------- push

PUSH_TABLES: dict[str, tuple[str, ...]] = {
    "meetings": ("id", "uid", "created", "company", "goal", "stage", "decider"),
    "preps": ("id", "uid", "meeting_id", "created", "name", "company", "role", "goal", "stage",
              "style", "profile", "rep"),
    "prep_answers": ("prep_id", "question", "answer"),
    "calls": ("id", "uid", "prep_id", "created", "day", "name", "company", "style", "stage",
              "outcome", "read_held", "actual_style", "worked", "missed", "next_step",
              "next_date", "rep"),
    "approaches": ("call_id", "pos", "text"),
    "objections": ("call_id", "pos", "objection", "response"),
    "quiz_results": ("id", "uid", "taken", "score", "total", "passed", "topics", "rep"),
}
"""What a push copies, parents first, each row as the source gives it: a table with a uid
starts (id, uid) with the source's own id; a link (a `*_id` column) holds the source's id of
the row it points to."""
KEYED = ("meetings", "preps", "calls", "quiz_results")
"""The tables whose rows have a uid, in PUSH_TABLES order."""
LINKS = {"meeting_id": "meetings", "prep_id": "preps", "call_id": "calls"}


def _new_ids(raw: Any, table: str, count: int) -> list[int]:
    """`count` ids taken from the table's own sequence in one statement (what an INSERT
    would have drawn), so rows can be copied in with their links already set."""
    if not count:
        return []
    sequence = raw.execute("SELECT pg_get_serial_sequence(%s, 'id')",
                           (f"{SCHEMA}.{table}",)).fetchone()[0]
    return [i for (i,) in raw.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
                                      (sequence, count))]


def push(con: Connection, keys: dict[str, list[tuple[Any, str]]],
         rows: Callable[[str], Iterable[Any]]) -> dict[str, int]:
    """Copy a journal into this one, in one transaction. `keys` are the source's (id, uid)
    per KEYED table, in the order the new rows should be numbered (their dates); the server
    answers which uids it lacks, and only those rows, and the rows that hang off them, are
    sent: a second push adds and sends nothing. `rows(table)` gives the source's rows in
    PUSH_TABLES columns.

    Each new row gets its id from the table's sequence up front, so every table is written
    by one COPY straight into the journal, its links (prep of a call, meeting of a prep)
    turned from the source's ids into the server's; the running totals are kept by the
    insert triggers, once per COPY. Returns how many rows of each KEYED table were added."""
    raw = con.raw
    with con.transaction():  # the journal's write lock: nobody adds a uid meanwhile
        # The insert triggers see ~100,000 rows at once here, not the few of a debrief: no
        # time spent compiling their plans (JIT).
        raw.execute("SET LOCAL jit = off")
        ids: dict[str, dict[Any, int]] = {}  # source id -> server id, new rows or old
        new: dict[str, dict[Any, int]] = {}  # the same, new rows only
        for table in KEYED:
            have = dict(raw.execute(f"SELECT uid, id FROM {table} WHERE uid = ANY(%s)",
                                    ([uid for _, uid in keys[table]],)).fetchall())
            fresh = [key for key, uid in keys[table] if uid not in have]
            new[table] = dict(zip(fresh, _new_ids(raw, table, len(fresh))))
            ids[table] = {key: have[uid] for key, uid in keys[table] if uid in have}
            ids[table].update(new[table])
        for table, columns in PUSH_TABLES.items():
            own = table if columns[0] == "id" else None
            parent = None if own else LINKS[columns[0]]
            if not new[own or parent or ""]:
                continue
            _copy(raw, table, columns, rows(table), new[own] if own else None,
                  new[parent] if parent else None,
                  {i: ids[LINKS[c]] for i, c in enumerate(columns) if i and c in LINKS})
    return {table: len(new[table]) for table in KEYED}


def _copy(raw: Any, table: str, columns: tuple[str, ...], rows: Iterable[Any],
          own: dict[Any, int] | None, parent: dict[Any, int] | None,
          links: dict[int, dict[Any, int]]) -> None:
    """COPY the rows that are new (`own`: their source id is; `parent`: the row they hang
    off is) into `table`, each id and link given as the server's."""
    with raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        write = copy.write_row
        keep = own if own is not None else parent
        assert keep is not None
        for row in rows:
            first = keep.get(row[0])
            if first is None:
                continue
            if links:
                row = list(row)
                for i, mapping in links.items():
                    row[i] = mapping.get(row[i])  # None stays None
            write((first, *row[1:]))
