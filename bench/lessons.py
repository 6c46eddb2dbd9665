"""Benchmark `coach lessons` over a journal of 100,000 synthetic calls.

    python bench/lessons.py [--calls 100000] [--runs 7] [--keep DIR]

Fills a journal (seeded) with preps and debriefed calls that look like a real team's: the
shipped styles' strategy and engagement actions plus free-text approaches (some unique),
playbook and own objection answers, reads that held, missed or were not checked, and interview
answers on most preps. Then runs `coach lessons` as its own process several times in each
format and prints the median wall time and the peak resident memory. The goal (DESIGN.md):
under 1 s and under 100 MB, which means the counting stays in SQLite.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

OWN = ["Asked about their deadline first", "Sent the one-page summary before the call",
       "Brought a customer reference on the call", "Let them talk about their team first",
       "Showed the ROI calculator live", "Offered a two-week pilot", "Kept it to 15 minutes",
       "Walked through the spec sheet line by line", "Told the story of a similar client",
       "Invited their engineer to the demo", "Agreed the decision criteria in writing",
       "Followed up the same day with figures", "Asked who else should be involved",
       "Opened with the headline result", "Shared the implementation timeline"]
OWN_ANSWERS = ["Showed the payback period", "Offered a smaller first order",
               "Put them in touch with a reference client", "Agreed a trial with exit terms",
               "Sent the comparison sheet", "Promised the figures in writing by Friday"]


def generate(db: Path, calls: int, seed: int = 11) -> None:
    from coach import journal
    from coach.playbook import load

    books = load()
    rng = random.Random(seed)
    styles = list(books.styles)
    stages = [*books.stages, None]
    questions = [(q.id, [o.value for o in q.options]) for q in books.questions]
    start = date(2024, 1, 1)
    preps, rows = [], []
    for i in range(calls):
        style = rng.choice(styles)
        book = books.styles[style]
        actions = [str(a) for a in (*book.strategy.actions, *book.engagement.actions)]
        stage = rng.choice(stages)
        fit = rng.random()
        approaches = rng.sample(actions, k=rng.randint(1, 3))
        if rng.random() < 0.4:
            approaches.append(rng.choice(OWN))
        if rng.random() < 0.05:
            approaches.append(f"Tried something new #{i}")  # unique free text
        objections = []
        for item in rng.sample(book.objections,
                               k=min(len(book.objections), rng.choice((0, 0, 1, 1, 2)))):
            roll = rng.random()
            answer = (item.response if roll < 0.6 else rng.choice(OWN_ANSWERS)
                      if roll < 0.9 else None)
            objections.append({"objection": item.objection, "response": answer})
        roll = rng.random()
        held = True if roll < 0.7 else (False if roll < 0.9 else None)
        good = fit + (0.2 if held else -0.1) + 0.05 * len(approaches)
        outcome = ("won" if good > 1.0 else "advanced" if good > 0.7 else "no-change"
                   if good > 0.5 else "stalled" if good > 0.3 else "lost")
        call = {
            "day": (start + timedelta(days=rng.randint(0, 540))).isoformat(),
            "name": f"Prospect {i}", "company": f"Company {i % 7000}", "style": style,
            "stage": stage, "outcome": outcome, "read_held": held,
            "actual_style": rng.choice([s for s in styles if s != style])
            if held is False and rng.random() < 0.8 else None,
            "approaches": approaches, "objections": objections,
            "worked": "Short and to the point" if good > 0.7 else None,
            "missed": "Too much detail too early" if good < 0.5 else None,
            "next_step": "Send the proposal" if outcome in ("won", "advanced") else None,
        }
        if rng.random() < 0.8:
            answers = {qid: (rng.choice(values) if rng.random() > 0.2 else "unsure")
                       for qid, values in questions}
            preps.append({"name": call["name"], "company": call["company"], "style": style,
                          "stage": stage, "answers": answers,
                          "profile": {"style": style, "confidence": round(rng.random(), 2)}})
            call["prep"] = len(preps) - 1
        rows.append(call)
    journal.insert_many(db, preps, rows)


def measure(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process (its own rusage, via wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if code != 0:
        sys.exit(f"failed ({code}): {' '.join(cmd)}\n{err}")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="Write the journal here and keep it.")
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, args.calls)
        return

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        home = Path(tmp) / "home"
        env = {**os.environ, "COACH_HOME": str(home), "NO_COLOR": "1", "COLUMNS": "100"}
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "journal.sqlite3"
        if not db.exists():
            # in a child process, so the children measured later don't start from its memory
            t = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--generate", str(db),
                            "--calls", str(args.calls)], env=env, check=True)
            print(f"generated {args.calls:,} calls in {time.perf_counter() - t:.1f} s")
        print(f"journal: {db} ({db.stat().st_size / 1e6:.0f} MB)")

        base = [sys.executable, "-m", "coach", "lessons", "--db", str(db)]
        commands = {
            "python -c 'import typer'": [sys.executable, "-c", "import typer"],
            "coach lessons": base,
            "coach lessons --format json": [*base, "--format", "json"],
            "coach lessons --style driver": [*base, "--style", "driver"],
            # a date range can't use the running totals: counted from the calls
            "coach lessons --since (a quarter)": [*base, "--since", "2025-04-01"],
            "coach lessons --since (all)": [*base, "--since", "2024-01-01"],
        }
        measure(base, env)  # warm the playbook cache and the page cache
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():  # interleaved, so drift hits all alike
                results[name].append(measure(cmd, env))

    print(f"\n{'command':<32}{'median s':>10}{'min s':>8}{'peak MB':>10}")
    worst_time = worst_mem = 0.0
    for name, runs in results.items():
        times = [t for t, _ in runs]
        peak = max(m for _, m in runs)
        print(f"{name:<32}{statistics.median(times):>10.2f}{min(times):>8.2f}{peak:>10.0f}")
        if name.startswith("coach") and "--since" not in name:
            worst_time = max(worst_time, statistics.median(times))
            worst_mem = max(worst_mem, peak)
    print(f"\nslowest median without a date range {worst_time:.2f} s (goal: under 1 s); "
          f"peak {worst_mem:.0f} MB (goal: under 100 MB)")


if __name__ == "__main__":
    main()
