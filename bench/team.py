"""Benchmark the team journal on PostgreSQL: concurrent writers, lessons at scale, push.

    python bench/team.py [--writers 50] [--calls 1000000] [--push 100000] [--runs 5]

Starts a throwaway server (tests/pg.py) unless COACH_TEST_PG names one, and on it:

1. `--writers` `coach debrief --no-input` processes at once against a new journal (the first
   ones race to create it): every call must be there exactly once.
2. `--calls` calls generated on the server (styles, stages, outcomes, reads, two approaches
   each, objections on most, preps with answers on 80%, 50 reps), then `coach lessons` run
   as its own process: the median wall time, start-up included. Goal: under 1 s.
3. A `--push`-call SQLite journal (bench/lessons.py's generator) pushed with
   `coach journal push`, twice: wall time of each, and nothing doubled. Goal: under 10 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "tests"), str(HERE)]

import pg  # noqa: E402  (tests/pg.py: the throwaway server)
from lessons import measure  # noqa: E402  (bench/lessons.py)

STYLES = "ARRAY['driver', 'amiable', 'analytical', 'expressive']"
STAGES = "ARRAY['potential', 'new', 'loyal', 'at-risk']"
OUTCOMES = "ARRAY['won', 'advanced', 'no-change', 'stalled', 'lost']"
TEXTS = [f"Approach number {i}" for i in range(40)]
OBJECTIONS = ["Too expensive", "No time", "Happy with the current supplier", "Need approval",
              "Bad timing", "Send me something", "Too complex", "Not a priority"]
RESPONSES = ["Showed the payback", "Offered a pilot", "Named a reference", None,
             "Agreed a date", "Sent the summary"]


def _sql_array(items: list) -> str:
    quoted = ["NULL" if i is None else "'" + i.replace("'", "''") + "'" for i in items]
    return f"ARRAY[{', '.join(quoted)}]::text[]"


def fill(url: str, calls: int) -> None:
    """`calls` calls written on the server by SQL, through the journal's own triggers."""
    import psycopg

    from coach import journal

    journal.add_debrief(url, {"name": "seed", "style": "driver", "outcome": "won"})
    journal.delete_call(url, 1)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("SET search_path TO coach")
        con.execute(f"""
            INSERT INTO preps (created, name, style, stage, rep, uid)
            SELECT '2025-01-01T09:00:00+00:00', 'Prospect ' || i, ({STYLES})[1 + i % 4],
                   ({STAGES})[1 + (i * 17) % 4], 'Rep ' || (i % 50), 'p' || i
            FROM generate_series(1::bigint, {calls}) i WHERE i % 5 <> 0""")
        con.execute("""
            INSERT INTO prep_answers (prep_id, question, answer)
            SELECT p.id, q, (ARRAY['a', 'b', 'c', 'unsure'])[1 + (p.id * 7 + k) % 4]
            FROM preps p, unnest(ARRAY['pace', 'voice', 'gestures']) WITH ORDINALITY
                 AS t(q, k)""")
        con.execute(f"""
            INSERT INTO calls (created, day, prep_id, name, style, stage, outcome, read_held,
                               actual_style, rep, uid)
            SELECT '2025-01-01T09:00:00+00:00',
                   to_char(date '2024-01-01' + ((i * 7919) % 540)::int, 'YYYY-MM-DD'), p.id,
                   'Prospect ' || i, ({STYLES})[1 + i % 4],
                   CASE WHEN i % 9 = 0 THEN NULL ELSE ({STAGES})[1 + (i * 17) % 4] END,
                   ({OUTCOMES})[1 + (i * 13 + i / 7) % 5],
                   CASE WHEN (i * 11) % 10 < 7 THEN 1 WHEN (i * 11) % 10 < 9 THEN 0 END,
                   CASE WHEN (i * 11) % 10 BETWEEN 7 AND 8 THEN ({STYLES})[1 + (i + 1) % 4] END,
                   'Rep ' || (i % 50), 'c' || i
            FROM generate_series(1::bigint, {calls}) i LEFT JOIN preps p ON p.uid = 'p' || i""")
        con.execute(f"""
            INSERT INTO approaches (call_id, pos, text)
            SELECT c.id, k, ({_sql_array(TEXTS)})[1 + (c.id * 37 + k * 11) % {len(TEXTS)}]
            FROM calls c, generate_series(0, 1) k""")
        con.execute(f"""
            INSERT INTO objections (call_id, pos, objection, response)
            SELECT c.id, 0, ({_sql_array(OBJECTIONS)})[1 + c.id % {len(OBJECTIONS)}],
                   ({_sql_array(RESPONSES)})[1 + (c.id * 3) % {len(RESPONSES)}]
            FROM calls c WHERE c.id % 5 < 3""")
        con.execute("ANALYZE")


def writers(url: str, count: int, env: dict) -> None:
    names = [f"Writer {i}" for i in range(count)]
    start = time.perf_counter()
    procs = [subprocess.Popen(
        [sys.executable, "-m", "coach", "debrief", "--no-input", "--name", name, "--style",
         "driver", "--outcome", "won", "--approach", "Opened with the result", "--objection",
         "Price", "--response", "Payback", "--db", url],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for name in names]
    failed = []
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            failed.append(err.decode().strip())
    elapsed = time.perf_counter() - start
    from coach import journal

    stored = [c["name"] for c in journal.list_calls(url)]
    lost = sorted(set(names) - set(stored))
    doubled = sorted({n for n in stored if stored.count(n) > 1})
    print(f"{count} concurrent debriefs on a new journal: {len(stored)} stored, "
          f"{len(lost)} lost, {len(doubled)} duplicated, {len(failed)} failed, "
          f"{elapsed:.1f} s in all")
    for line in failed[:3]:
        print(f"  failure: {line}")
    totals_ok = journal.lesson_rows(url) == journal.lesson_rows(url, from_calls=True)
    print(f"  running totals match a count from the calls: {totals_ok}")


def lessons_at_scale(url: str, calls: int, runs: int, env: dict) -> None:
    t = time.perf_counter()
    fill(url, calls)
    print(f"\ngenerated {calls:,} calls on the server in {time.perf_counter() - t:.0f} s")
    from coach import journal

    t = time.perf_counter()
    journal.lesson_rows(url)
    print(f"lesson_rows (the database's part, in this process): "
          f"{time.perf_counter() - t:.3f} s")
    base = [sys.executable, "-m", "coach", "lessons", "--db", url]
    commands = {
        "python -c 'import typer'": [sys.executable, "-c", "import typer"],
        "coach lessons": base,
        "coach lessons --format json": [*base, "--format", "json"],
        "coach lessons --style driver": [*base, "--style", "driver"],
        "coach lessons --rep 'Rep 7' (rep totals)": [*base, "--rep", "Rep 7"],
        "coach lessons --since (day totals)": [*base, "--since", "2025-04-01"],
        "coach lessons --since --until (day totals)": [*base, "--since", "2025-04-01",
                                                       "--until", "2025-04-30"],
        "coach lessons --rep --since (from calls)": [*base, "--rep", "Rep 7", "--since",
                                                     "2025-04-01"],
    }
    measure(base, env)  # warm caches
    results: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            results[name].append(measure(cmd, env)[0])
    print(f"{'command':<46}{'median s':>10}{'min s':>8}")
    for name, times in results.items():
        print(f"{name:<46}{statistics.median(times):>10.2f}{min(times):>8.2f}")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def push(url: str, calls: int, folder: Path, env: dict) -> None:
    db = folder / "laptop.sqlite3"
    t = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "lessons.py"), "--generate", str(db), "--calls",
                    str(calls)], env=env, check=True)
    print(f"\ngenerated a {calls:,}-call SQLite journal in {time.perf_counter() - t:.0f} s")
    cmd = [sys.executable, "-m", "coach", "journal", "push", "--to", url, "--db", str(db)]
    first = measure(cmd, env)[0]
    second = measure(cmd, env)[0]
    from coach import journal

    stored = journal.count_calls(url)
    same = journal.lesson_rows(url) == journal.lesson_rows(db)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"coach journal push: {first:.2f} s the first time, {second:.2f} s again; "
          f"{stored:,} calls on the server (of {calls:,}); lessons the same as the "
          f"laptop's: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--push", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    admin, folder = os.environ.get("COACH_TEST_PG"), None
    if not admin:
        admin, folder = pg.start()
    made = []
    try:
        with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
            env = {**os.environ, "COACH_HOME": str(Path(tmp) / "home"), "NO_COLOR": "1",
                   "COLUMNS": "100"}
            os.environ["COACH_HOME"] = env["COACH_HOME"]

            def database() -> str:
                name = f"coach_bench_{uuid.uuid4().hex[:8]}"
                made.append(name)
                return pg.create_database(admin, name)

            if args.writers:
                writers(database(), args.writers, env)
            if args.calls:
                lessons_at_scale(database(), args.calls, args.runs, env)
            if args.push:
                push(database(), args.push, Path(tmp), env)
    finally:
        for name in made:
            pg.drop_database(admin, name)
        if folder is not None:
            pg.stop(folder)


if __name__ == "__main__":
    main()
