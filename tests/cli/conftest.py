"""Helpers to run the real CLI in-process (fast) or as a subprocess (for exit codes and TTY)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach import interview
from coach.cli import main


class Result:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run(capsys):
    """Call `coach ARGS` in this process; returns exit code, stdout and stderr."""

    def _run(*args: str) -> Result:
        capsys.readouterr()
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def run_process(coach_home):
    """Run `python -m coach ARGS` with no stdin, as CI and scripts do."""

    def _run(*args: str, cwd=None, env=None) -> Result:
        full_env = {**os.environ, "COACH_HOME": str(coach_home), **(env or {})}
        proc = subprocess.run([sys.executable, "-m", "coach", *args], capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, cwd=cwd, env=full_env,
                              timeout=60)
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return _run


@pytest.fixture
def keyboard(monkeypatch):
    """Route the interview's prompts through a prompt_toolkit pipe, as if typed."""
    pipe_cm = create_pipe_input()
    pipe = pipe_cm.__enter__()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    real = interview.Prompter
    monkeypatch.setattr(interview, "Prompter", lambda: real(input=pipe, output=DummyOutput()))
    yield pipe
    pipe_cm.__exit__(None, None, None)
