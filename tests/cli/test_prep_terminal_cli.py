"""An interactive prep as a rep runs it (issue 13, defects 3, 4 and 9): prompts on the
terminal when stdout is redirected, a save that offers another name instead of failing, and
the prep journalled whatever happens to the save."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time

import pytest

from coach import journal


def preps(coach_home) -> int:
    db = coach_home / "journal.sqlite3"
    return len(journal.recent_preps(db, limit=None)) if db.exists() else 0


def test_a_taken_file_name_offers_another_name_or_overwrite(keyboard, run, coach_home,
                                                            tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # first prep: save under the suggested name
    keyboard.send_text("Dana\r\r\r\r" "2" "y" "\r")
    r = run("prep", "--style", "driver")
    assert r.code == 0, r.err
    first = sorted(p.name for p in tmp_path.glob("brief-dana-*.md"))
    assert len(first) == 1 and preps(coach_home) == 1
    # same prospect, same day: the name is taken -> "Save as ...-2.md"
    keyboard.send_text("Dana\r\r\r\r" "2" "y" "\r" "1")
    r = run("prep", "--style", "analytical")
    assert r.code == 0, r.err
    second = first[0].replace(".md", "-2.md")
    assert sorted(p.name for p in tmp_path.glob("brief-dana-*.md")) == sorted([*first, second])
    assert "Analytical" in (tmp_path / second).read_text()
    assert "Driver" in (tmp_path / first[0]).read_text()
    # taken again -> overwrite it
    keyboard.send_text("Dana\r\r\r\r" "2" "y" "\r" "3")
    r = run("prep", "--style", "expressive")
    assert r.code == 0, r.err
    assert "Expressive" in (tmp_path / first[0]).read_text()
    # taken again -> don't save: nothing changes, still journalled
    keyboard.send_text("Dana\r\r\r\r" "2" "y" "\r" "4")
    r = run("prep", "--style", "amiable")
    assert r.code == 0, r.err
    assert "Expressive" in (tmp_path / first[0]).read_text()
    assert len(list(tmp_path.glob("brief-dana-*.md"))) == 2
    assert preps(coach_home) == 4


def test_a_save_that_fails_asks_again_and_the_prep_is_journalled(keyboard, run, coach_home,
                                                                 tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    keyboard.send_text("Dana\r\r\r\r" "2" "y")
    keyboard.send_text("\x15nowhere/brief.md\r")  # Ctrl-U clears the suggestion
    keyboard.send_text("y" "\x15kept.md\r")       # asked again: another name
    r = run("prep", "--style", "driver")
    assert r.code == 0, r.err
    assert "folder does not exist" in r.err
    assert (tmp_path / "kept.md").read_text().startswith("# Call brief")
    assert preps(coach_home) == 1


def test_ctrl_c_at_the_save_question_keeps_the_prep(keyboard, run, coach_home):
    keyboard.send_text("Dana\r\r\r\r" "2" "\x03")
    r = run("prep", "--style", "driver")
    assert r.code == 130
    assert "Driver" in r.out and preps(coach_home) == 1


def test_a_journal_that_cannot_be_written_is_a_warning_after_the_brief(run, coach_home):
    coach_home.mkdir(parents=True, exist_ok=True)
    (coach_home / "journal.sqlite3").mkdir()  # not a file: the journal cannot be opened
    r = run("brief", "--style", "driver", "--name", "Dana", "--format", "markdown")
    assert r.code == 0, r.err
    assert r.out.startswith("# Call brief: Dana")
    assert "warning: the brief is fine but the prep was not journalled" in r.err


# --------------------------------------------------------------------------- a real terminal


def _expect(master: int, pattern: str, seen: bytearray, timeout: float = 20) -> None:
    """Read the terminal until `pattern` shows (prompt_toolkit draws with escapes)."""
    end = time.monotonic() + timeout
    while not re.search(pattern, _plain(seen)):
        if time.monotonic() > end:
            raise AssertionError(f"never saw {pattern!r}; screen: {_plain(seen)[-500:]!r}")
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break


def _plain(data: bytearray) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Z]|\r", "",
                  data.decode("utf-8", "replace"))


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_prep_redirected_to_a_file_asks_on_the_terminal(tmp_path, coach_home):
    """`coach prep > brief.txt`: the questions show on the screen, the file gets the brief."""
    master, slave = os.openpty()
    out = tmp_path / "brief.txt"
    env = {**os.environ, "COACH_HOME": str(coach_home), "TERM": "xterm", "COLUMNS": "80",
           "LINES": "24", "PROMPT_TOOLKIT_NO_CPR": "1"}
    env.pop("NO_COLOR", None)
    with open(out, "w") as target:
        proc = subprocess.Popen([sys.executable, "-m", "coach", "prep", "--style", "driver",
                                 "--stage", "new"], stdin=slave, stdout=target, stderr=slave,
                                env=env, cwd=tmp_path, start_new_session=True)
    os.close(slave)
    seen = bytearray()
    try:
        for pattern, keys in (("Who are you calling", "Dana\r"), ("Company", "\r"),
                              ("role", "\r"), ("want from this call", "\r"),
                              ("Save this brief", "n")):
            _expect(master, pattern, seen)
            os.write(master, keys.encode())
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = out.read_text()
    assert "Dana" in text and "Driver" in text and "Do on this call" in text
    assert "want from this call" not in text and "Save this brief" not in text
    assert "\x1b[" not in text  # no prompt drawing in the file


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files; needs an ordinary user")
def test_a_read_only_journal_file_is_named_as_such(run, coach_home):
    run("debrief", "--no-input", "--name", "Dana", "--style", "driver", "--outcome", "won")
    db = coach_home / "journal.sqlite3"
    for extra in (db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        extra.unlink(missing_ok=True)
    db.chmod(0o444)
    r = run("brief", "--style", "driver", "--name", "Dana", "--format", "markdown")
    assert r.code == 0 and r.out.startswith("# Call brief: Dana")
    assert "the journal file is read-only" in r.err and "folder" not in r.err
