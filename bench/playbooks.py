"""Benchmark loading and validating 1,000 playbook files (issue 2: under 1 s here).

    python bench/playbooks.py [--files 1000] [--layers 10] [--runs 5] [--keep DIR]

Writes a realistic trainer set in a temp folder, split over several layers (each a folder
given as its own `--playbooks` layer): overlays of the four shipped styles (`use+:`, a
replaced section), full copies of the shipped styles and stages under new ids, small quiz
files and question banks. Then it times, each as the median of several runs:

- `load(dirs, use_cache=False)` in this process: read, merge, validate and lint every file;
- `coach playbooks validate DIR...` as its own process (start-up included);
- `load(dirs)` warm, from the cache (what every rep's command pays).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHIPPED = ROOT / "playbooks"
STYLES = ("analytical", "amiable", "driver", "expressive")
STAGES = ("new", "loyal", "potential", "at-risk")

OVERLAY = """\
# Layer {layer}: the team's own phrases for {style} buyers.
kind: style
id: {style}
communication:
  use+:
    - "Team {layer} phrase one for {style} buyers, said in our own words."
    - "Team {layer} phrase two: a question that invites them to say more."
  avoid+:
    - "Team {layer}: never rush a {style} buyer to sign on the first call."
checklist:
  - "Team {layer}: open with the agenda and the time you need."
  - "Team {layer}: close with one agreed next step and a date."
"""

QUIZ_ITEM = """\
  - id: item-{n}
    topic: types
    question: "Scenario {n}: the buyer asks for every figure in writing. Which style?"
    options:
      - {{value: analytical, label: Analytical}}
      - {{value: amiable, label: Amiable}}
      - {{value: driver, label: Driver}}
      - {{value: expressive, label: Expressive}}
    answer: analytical
    explanation: "Asking for written figures shows facts first and a measured pace."
"""

QUESTION = """\
  - id: q-{n}
    axis: assertiveness
    text: "Question {n}: how quickly do they decide?"
    options:
      - {{value: fast, label: "Decides on the spot", assertiveness: 1.0}}
      - {{value: steady, label: "Decides within the week", assertiveness: 0.0}}
      - {{value: slow, label: "Needs weeks and a committee", assertiveness: -1.0}}
"""


def _renamed(text: str, new_id: str) -> str:
    return re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)


def generate(root: Path, files: int, layers: int) -> list[Path]:
    """`files` playbook files spread evenly over `layers` folders; returns the folders."""
    styles = {s: (SHIPPED / "styles" / f"{s}.yaml").read_text("utf-8") for s in STYLES}
    stages = {s: (SHIPPED / "stages" / f"{s}.yaml").read_text("utf-8") for s in STAGES}
    dirs, written = [], 0
    for layer in range(layers):
        d = root / f"layer-{layer:02d}"
        d.mkdir(parents=True)
        dirs.append(d)
        quota = files // layers + (1 if layer < files % layers else 0)
        for i in range(quota):
            n = written + i
            if i < len(STYLES):
                name, text = f"overlay-{STYLES[i]}.yaml", OVERLAY.format(layer=layer,
                                                                       style=STYLES[i])
            elif i % 4 == 0:
                src = STYLES[n % 4]
                name, text = f"style-{n}.yaml", _renamed(styles[src], f"{src}-{n}")
            elif i % 4 == 1:
                src = STAGES[n % 4]
                name, text = f"stage-{n}.yaml", _renamed(stages[src], f"{src}-{n}")
            elif i % 4 == 2:
                items = "".join(QUIZ_ITEM.format(n=f"{n}-{k}") for k in range(5))
                name = f"quiz-{n}.yaml"
                text = f"kind: quiz\nversion: 1\nid: quiz-{n}\ntitle: Quiz {n}\nitems:\n{items}"
            else:
                qs = "".join(QUESTION.format(n=f"{n}-{k}") for k in range(4))
                name = f"questions-{n}.yaml"
                text = f"kind: questions\nversion: 1\nid: bank-{n}\nquestions:\n{qs}"
            (d / name).write_text(text, "utf-8")
        written += quota
    return dirs


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--layers", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "playbooks"
        home = Path(tmp) / "home"
        os.environ["COACH_HOME"] = str(home)
        os.environ.pop("COACH_PLAYBOOKS", None)
        dirs = generate(root, args.files, args.layers)
        count = sum(1 for d in dirs for _ in d.glob("*.yaml"))
        lines = sum(p.read_text("utf-8").count("\n") for d in dirs for p in d.glob("*.yaml"))

        from coach.playbook.loader import load

        books = load(dirs, use_cache=False)  # also warms the OS file cache
        total = sum(len(group) for group in books.by_kind.values())
        cold = _median(lambda: load(dirs, use_cache=False), args.runs)

        env = {**os.environ, "COACH_HOME": str(home)}
        cmd = [sys.executable, "-m", "coach", "playbooks", "validate", *map(str, dirs)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
            return 1
        cli = _median(lambda: subprocess.run(cmd, env=env, capture_output=True, check=True),
                      args.runs)
        load(dirs)  # fill the cache
        warm = _median(lambda: load(dirs), args.runs)

    print(f"{count} files ({lines:,} lines) in {args.layers} layers + shipped "
          f"-> {total} playbooks")
    print(f"load, no cache (read+merge+validate+lint): {cold:.3f} s")
    print(f"coach playbooks validate (own process):     {cli:.3f} s")
    print(f"load, warm cache:                           {warm:.3f} s")
    goal = "met" if max(cold, cli) < 1.0 else "MISSED"
    print(f"goal (< 1 s): {goal}")
    return 0 if goal == "met" else 1


if __name__ == "__main__":
    raise SystemExit(main())
