"""Start-up benchmark: a rep's command against `python -c "import typer"`, side by side.

Runs each command alternately N times in this venv (whole process, warm cache) and prints
the medians and the ratios. Budget (DESIGN.md): brief as Markdown within 1.5x of importing
typer, the terminal brief within 2x, the interview's first question within 0.3 s.

    python bench/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

PY = sys.executable
# The console script a rep runs (`python -m coach` adds runpy's ~5 ms on top).
COACH = os.path.join(os.path.dirname(PY), "coach")
COMMANDS = {
    "import typer": [PY, "-c", "import typer"],
    "brief --format markdown": [COACH, "brief", "--style", "driver", "--format",
                                "markdown", "--no-save"],
    "brief (terminal)": [COACH, "brief", "--style", "driver", "--no-save"],
    "identify --format json": None,  # filled in below: needs an answers file
    "followup (text)": [COACH, "followup", "--style", "driver", "--stage", "potential",
                        "--name", "Dana", "--next-step", "pilot start", "--date", "2026-12-10"],
    "meeting --format markdown": [COACH, "meeting", "--attendee", "Ines:CFO:driver",
                                  "--attendee", "Tom:IT lead:analytical", "--decider", "Ines",
                                  "--format", "markdown", "--no-save"],
}


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) which other load on the machine disturbs less."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                   stdin=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def first_question_time(env: dict) -> float | None:
    """Time from start to the first prompt on a pseudo-terminal (POSIX only)."""
    try:
        import pty
        import select
    except ImportError:
        return None
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(COACH, [COACH, "prep", "--no-save"], env)
    start = time.perf_counter()
    seen = b""
    try:
        while time.perf_counter() - start < 10:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
                if b"Who are you calling" in seen:
                    return time.perf_counter() - start
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="coach-bench-")
    env = {**os.environ, "COACH_HOME": home, "NO_COLOR": "1", "COLUMNS": "100"}
    # An installed package has its bytecode compiled by pip; let an editable one cache it too.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    answers = os.path.join(home, "answers.json")
    with open(answers, "w") as handle:
        handle.write('{"pace": "fast", "small_talk": "straight_in", "evidence": "facts"}')
    COMMANDS["identify --format json"] = [COACH, "identify", "--answers", answers,
                                          "--format", "json"]
    for cmd in COMMANDS.values():  # warm the playbook cache and the OS file cache
        timed(cmd, env)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, cmd in COMMANDS.items():
            samples[name].append(timed(cmd, env))

    def medians(name):
        return (statistics.median(w for w, _ in samples[name]),
                statistics.median(c for _, c in samples[name]))

    base_wall, base_cpu = medians("import typer")
    print(f"{'command':<28}{'wall s':>8}{'x typer':>9}{'cpu s':>8}{'x typer':>9}")
    for name in samples:
        wall, cpu = medians(name)
        print(f"{name:<28}{wall:>8.3f}{wall / base_wall:>9.2f}{cpu:>8.3f}{cpu / base_cpu:>9.2f}")
    first = [t for t in (first_question_time(env) for _ in range(5)) if t]
    if first:
        print(f"{'prep: first question':<28}{statistics.median(first):>10.3f}")


if __name__ == "__main__":
    main()
