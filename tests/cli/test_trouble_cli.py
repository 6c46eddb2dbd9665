"""Ordinary trouble gets a plain line and the right exit code, never "unexpected error", and
output never vanishes with exit 0 (issue 13, defects 5, 6 and parts of 10)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from coach.render.terminal import print_brief

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False
COACH = [sys.executable, "-m", "coach"]


def shell(command: str, coach_home, **env) -> subprocess.CompletedProcess:
    """Run a shell line where `coach` is this checkout's CLI."""
    full = {**os.environ, "COACH_HOME": str(coach_home), **env}
    return subprocess.run(["sh", "-c", command.replace("coach ", f"{sys.executable} -m coach ")],
                          capture_output=True, text=True, env=full, timeout=60,
                          stdin=subprocess.DEVNULL)


def no_bug(err: str) -> None:
    assert "unexpected error" not in err and "Traceback" not in err, err


# --------------------------------------------------------------------------- the output


def test_disk_full_is_one_plain_line(coach_home):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    done = shell("coach brief --style driver --format markdown --no-save > /dev/full",
                 coach_home)
    assert done.returncode == 1
    assert done.stderr == "coach: cannot write the output: the disk is full\n"


def test_closed_stdout_is_an_error_not_silence(coach_home):
    for fmt in ("markdown", "terminal"):
        done = shell(f"coach brief --style driver --format {fmt} --no-save >&-", coach_home)
        assert done.returncode == 1, done.stderr
        assert "standard output is closed" in done.stderr
        no_bug(done.stderr)


def test_a_closed_pipe_exits_0_quietly(coach_home):
    proc = subprocess.Popen([*COACH, "quiz", "--items", "--format", "json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL,
                            env={**os.environ, "COACH_HOME": str(coach_home)})
    proc.stdout.close()  # like `| head -1` having read all it wanted
    err = proc.stderr.read().decode()
    assert proc.wait(60) == 0 and err == ""


def test_an_ascii_output_encoding_shows_what_it_can(run_process):
    done = run_process("brief", "--style", "driver", "--name", "Zoë 日本", "--no-save",
                       "--format", "markdown", env={"PYTHONIOENCODING": "ascii"})
    assert done.code == 0, done.err
    assert "# Call brief: Zo? ??" in done.out


def test_invalid_utf8_in_a_name(coach_home):
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    done = subprocess.run([*COACH, "brief", "--style", "driver", "--name", b"Dana\xffReyes",
                           "--format", "markdown"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "# Call brief: Dana\ufffdReyes" in done.stdout.decode()
    done = subprocess.run([*COACH, "debrief", "--no-input", "--name", b"Dana\xff", "--style",
                           "driver", "--outcome", "won"], capture_output=True, env=env,
                          timeout=60)
    assert done.returncode == 1 and b"not valid UTF-8" in done.stderr
    no_bug(done.stderr.decode())


def test_control_characters_become_a_space(run):
    done = run("brief", "--style", "driver", "--name", "Dana\tReyes\x1b[31m", "--format",
               "markdown", "--no-save")
    assert done.code == 0
    assert "# Call brief: Dana Reyes " in done.out


def test_coach_home_that_is_a_file(run, tmp_path, monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("")
    monkeypatch.setenv("COACH_HOME", str(home))
    done = run("config", "set", "my-style", "driver")
    assert done.code == 1 and "is a file, not a folder" in done.err
    done = run("journal", "list")
    assert done.code == 1 and "is a file, not a folder" in done.err
    assert "No debriefed calls" not in done.out


@pytest.mark.skipif(ROOT, reason="root writes into read-only folders; needs an ordinary user")
def test_read_only_home(run, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    monkeypatch.setenv("COACH_HOME", str(home))
    done = run("config", "set", "my-style", "driver")
    assert done.code == 1 and "permission denied" in done.err
    no_bug(done.err)


def test_ctrl_c_during_accounts_segment_exits_130(tmp_path, coach_home):
    """DuckDB turns Ctrl-C into its own error; it still means 'stopped', exit 130."""
    duckdb = pytest.importorskip("duckdb")
    big = tmp_path / "big.csv"
    duckdb.sql(f"""COPY (SELECT 'A' || (i % 300000) AS account_id, 'Name ' || i AS account_name,
                   DATE '2024-01-01' + CAST(i % 500 AS INTEGER) AS order_date,
                   (i % 997) + 0.5 AS amount FROM range(4000000) t(i))
                   TO '{big}' (FORMAT csv, HEADER true)""")
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    stopped = 0
    for delay in (1.0, 1.5, 2.0):
        out = tmp_path / f"out-{delay}.csv"
        proc = subprocess.Popen([*COACH, "accounts", "segment", str(big), "--format", "csv",
                                 "-o", str(out)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
        if proc.returncode == 0:  # finished before the signal: nothing to test this time
            continue
        assert proc.returncode == 130 and err == "coach: stopped: nothing was written\n", err
        assert not out.exists()
        stopped += 1
    assert stopped, "every run finished before Ctrl-C: make the file bigger"


# --------------------------------------------------------------------------- the screen


def test_columns_0_still_prints(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "0")
    done = run("brief", "--style", "driver", "--no-save")
    assert done.code == 0 and "Driver" in done.out


def test_piped_output_has_no_trailing_spaces(run):
    done = run("brief", "--style", "driver", "--no-save")
    assert done.code == 0 and done.out.count("\n") > 20
    assert [line for line in done.out.splitlines() if line != line.rstrip()] == []


def test_no_color_means_no_bold_or_dim_either(run, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COACH_PAGER", "")
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\x1b[" in run("brief", "--style", "driver", "--no-save").out  # styling is on
    monkeypatch.setenv("NO_COLOR", "1")
    done = run("brief", "--style", "driver", "--no-save")
    assert done.code == 0 and "Driver" in done.out and "\x1b[" not in done.out


@pytest.fixture
def screen():
    import io

    from rich.console import Console

    buffer = io.StringIO()
    return buffer, Console(file=buffer, width=80, height=20, force_terminal=True,
                           color_system=None)


@pytest.fixture
def long_brief():
    from coach.brief import Prospect, build_brief
    from coach.playbook import load
    from coach.scoring import given

    books = load()
    return build_brief(books, Prospect(stage="potential"),
                       given("driver", books.style("driver").position))


def test_a_pager_that_fails_does_not_swallow_the_brief(screen, long_brief, monkeypatch):
    buffer, out = screen
    monkeypatch.delenv("COACH_PAGER", raising=False)
    monkeypatch.setenv("PAGER", "false")
    print_brief(long_brief, out=out, page=True)
    assert "Call checklist" in buffer.getvalue()


def test_term_dumb_prints_instead_of_paging(screen, long_brief, monkeypatch, tmp_path):
    buffer, out = screen
    ran = tmp_path / "ran"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > {ran}\n")
    pager.chmod(0o755)
    monkeypatch.setenv("COACH_PAGER", str(pager))
    monkeypatch.setenv("TERM", "dumb")
    print_brief(long_brief, out=out, page=True)
    assert not ran.exists() and "Call checklist" in buffer.getvalue()


# --------------------------------------------------------------------------- playbook paths


def test_validate_refuses_paths_that_add_no_file(run, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    done = run("playbooks", "validate", str(empty))
    assert done.code == 1 and "no playbook files" in done.err
    done = run("playbooks", "validate", "/dev/zero")
    assert done.code == 2 and "not a playbook file or folder: /dev/zero" in done.err


def test_validate_reads_upper_case_suffixes(run, tmp_path):
    layer = tmp_path / "layer"
    layer.mkdir()
    assert run("playbooks", "new", "style", "closer", "-o", str(layer / "Closer.YAML")).code == 0
    done = run("playbooks", "validate", str(layer))
    assert done.code == 0, done.err
    assert "closer" in run("playbooks", "list", "--playbooks", str(layer)).out


def test_symlink_loops_in_a_layer_are_reported(run, tmp_path):
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "back").symlink_to(layer)
    done = run("playbooks", "validate", str(layer))
    assert done.code == 1 and "symlink loop" in done.err
    (layer / "back").unlink()
    (layer / "self.yaml").symlink_to(layer / "self.yaml")
    done = run("brief", "--style", "driver", "--playbooks", str(layer), "--no-save")
    assert done.code == 1 and "self.yaml" in done.err and "symbolic links" in done.err


@pytest.mark.skipif(ROOT, reason="root reads unreadable folders; needs an ordinary user")
def test_unreadable_folders_in_a_layer_are_reported(run, tmp_path):
    layer = tmp_path / "layer"
    (layer / "secret").mkdir(parents=True)
    (layer / "secret").chmod(0)
    done = run("playbooks", "validate", str(layer))
    (layer / "secret").chmod(0o755)
    assert done.code == 1 and "cannot read this folder" in done.err


def test_ctrl_c_while_coach_is_still_loading_is_one_line_not_a_traceback(tmp_path):
    """A Ctrl-C before the CLI's own handler exists (typer and the commands still
    importing) ends with the usual line and 130. The import of coach.cli is held up on
    purpose so the signal lands inside it."""
    slow = tmp_path / "slow_import.py"
    slow.write_text(
        "import sys, time\n"
        "class Slow:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'coach.cli':\n"
        "            print('importing', flush=True)\n"
        "            time.sleep(30)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Slow())\n"
        "from coach.__main__ import run\n"
        "run()\n")
    proc = subprocess.Popen([sys.executable, str(slow), "--version"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline() == "importing\n"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err == "coach: stopped: nothing was written\n"


def test_a_ctrl_c_after_the_command_finished_changes_nothing(run, monkeypatch):
    """Once the output is out, a Ctrl-C while the process winds down must not turn a
    finished run into a death by signal (CI saw -2 after 'wrote ... accounts')."""
    monkeypatch.setattr(signal, "getsignal", lambda s: signal.default_int_handler)
    installed = {}
    monkeypatch.setattr(signal, "signal", lambda s, h: installed.setdefault(s, h))
    assert run("brief", "--style", "driver", "--no-save", "--format", "json").code == 0
    handler = installed[signal.SIGINT]
    assert handler(signal.SIGINT, None) is None  # ignored: the work is done
    installed.clear()
    from coach import cli

    cli._watch_ctrl_c()  # a new run: a Ctrl-C means stop again
    with pytest.raises(KeyboardInterrupt):
        installed[signal.SIGINT](signal.SIGINT, None)
