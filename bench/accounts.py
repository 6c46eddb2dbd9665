"""Benchmark `coach accounts segment` against a bare DuckDB group-by on the same export.

    python bench/accounts.py [--rows 1000000] [--accounts 100000] [--runs 5] [--keep DIR]

Writes a seeded, realistic order-level CRM export (steady, lapsing, declining, new and one-off
buyers, ~8% prospects with no order, demographic columns, names with commas and quotes) in a
temp folder, then runs each command as its own process several times and prints the median
wall time and the peak resident memory of each, side by side. The goal (DESIGN.md): the whole
segmentation within 2x of the bare group-by, and under 500 MB. Also shown, outside the goal:
the same with --attributes (each account's industry, size and region read and written too).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2025, 6, 30)
INDUSTRIES = ["Retail", "Manufacturing", "Healthcare", "Finance", "Education", "Logistics",
              "Hospitality", "Construction", "Software", "Energy"]
SIZES = ["1-10", "11-50", "51-200", "201-1000", "1000+"]
REGIONS = ["EMEA", "North America", "APAC", "LATAM"]
WORDS = ["Acme", "Northwind", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell",
         "Hooli", "Vandelay", "Soylent", "Cyberdyne", "Wonka", "Gringotts", "Oscorp", "Pied"]
SUFFIXES = ["Ltd", "GmbH", "Inc.", "& Sons", "SA", "Group", "Holdings", "Co"]


def _name(rng: random.Random, i: int) -> str:
    name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(SUFFIXES)} {i}"
    roll = rng.random()
    if roll < 0.03:
        return f"{name}, Branch {rng.randint(1, 9)}"  # a comma: must be quoted
    if roll < 0.04:
        return f'{name} "The Best"'  # quotes inside a cell
    return name


def generate(path: Path, rows: int, accounts: int, seed: int = 7) -> int:
    """Write the export; return the number of data rows."""
    rng = random.Random(seed)
    prospects = accounts * 8 // 100
    buyers = accounts - prospects
    weights = [rng.expovariate(1.0) ** 1.5 + 0.05 for _ in range(buyers)]
    total = sum(weights)
    budget = rows - prospects
    counts = [max(1, int(w / total * budget)) for w in weights]
    short = budget - sum(counts)
    for i in rng.sample(range(buyers), k=min(abs(short), buyers)):
        counts[i] = max(1, counts[i] + (1 if short > 0 else -1))

    out: list[tuple] = []
    for i in range(accounts):
        acc = (f"ACC-{i:06d}", _name(rng, i), rng.choice(INDUSTRIES), rng.choice(SIZES),
               rng.choice(REGIONS))
        if i >= buyers:
            out.append((*acc, "", ""))
            continue
        k = counts[i]
        kind = rng.random()
        if kind < 0.06:  # new: first order in the last three months
            start = AS_OF - timedelta(days=rng.randint(1, 88))
            active = 1.0
        else:
            start = AS_OF - timedelta(days=rng.randint(120, 6 * 365))
            active = 1.0 if kind < 0.7 else rng.uniform(0.2, 0.8)  # the rest lapse
        span = max(1, (AS_OF - start).days * active)
        gap = span / k
        base = rng.lognormvariate(6, 1)
        declining = rng.random() < 0.1
        for n in range(k):
            day = start + timedelta(days=int(min(span, n * gap * rng.uniform(0.7, 1.3))))
            amount = base * rng.uniform(0.5, 1.5)
            if declining and n > k * 0.7:
                amount *= 0.2
            out.append((*acc, day.isoformat(), f"{amount:.2f}"))
    out.sort(key=lambda r: r[5] or "9999")
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["account_id", "account_name", "industry", "size", "region",
                         "order_date", "amount"])
        writer.writerows(out)
    return len(out)


def measure(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process (its own rusage, via wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return elapsed, usage.ru_maxrss / scale


BARE = """
import duckdb, sys
duckdb.sql('''
  SELECT account_id, min(order_date), max(order_date), count(order_date), sum(amount)
  FROM read_csv(?) GROUP BY account_id
'''.replace('?', repr(sys.argv[1]))).fetchall()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Write the export here and keep it.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        export = folder / "orders.csv"
        if not export.exists():
            t = time.perf_counter()
            n = generate(export, args.rows, args.accounts)
            print(f"generated {n:,} rows in {time.perf_counter() - t:.1f} s")
        size = export.stat().st_size / 1e6
        print(f"export: {export} ({size:.0f} MB, {args.accounts:,} accounts)")

        env = {**os.environ, "COACH_HOME": str(Path(tmp) / "home"), "NO_COLOR": "1"}
        out = Path(tmp) / "accounts.json"
        ours = [sys.executable, "-m", "coach", "accounts", "segment", str(export),
                "--as-of", AS_OF.isoformat(), "--format", "json", "--output", str(out),
                "--force"]
        commands = {
            "bare DuckDB group-by": [sys.executable, "-c", BARE, str(export)],
            "coach accounts segment": ours,
            "  with --attributes": [*ours, "--attributes"],
        }
        measure(commands["coach accounts segment"], env)  # warm the playbook cache and disk
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():  # interleaved, so drift hits both alike
                results[name].append(measure(cmd, env))

    print(f"\n{'command':<26}{'median s':>10}{'min s':>8}{'peak MB':>10}")
    medians, mins = {}, {}
    for name, runs in results.items():
        times = [t for t, _ in runs]
        medians[name], mins[name] = statistics.median(times), min(times)
        print(f"{name:<26}{medians[name]:>10.2f}{mins[name]:>8.2f}"
              f"{max(m for _, m in runs):>10.0f}")
    bare, ours, wide = "bare DuckDB group-by", "coach accounts segment", "  with --attributes"
    peak = max(m for _, m in results[ours])
    print(f"\nratio {medians[ours] / medians[bare]:.2f}x of medians, "
          f"{mins[ours] / mins[bare]:.2f}x of minimums (goal: within 2x); "
          f"peak {peak:.0f} MB (goal: under 500 MB); load average {os.getloadavg()[0]:.2f}")
    print(f"with --attributes: {medians[wide] / medians[bare]:.2f}x of medians")


if __name__ == "__main__":
    main()
