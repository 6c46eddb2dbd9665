"""Every command that writes a named file goes through the one writer (issue 13, defect 1)."""

from __future__ import annotations

import os
import stat

import pytest
from test_accounts_cli import AS_OF, write


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_002():
    before = os.umask(0o002)
    yield
    os.umask(before)


def test_accounts_segment_refuses_to_overwrite_its_own_input(run, tmp_path):
    orders = write(tmp_path / "orders.csv")
    before = orders.read_bytes()
    link = tmp_path / "same.csv"
    link.symlink_to(orders)
    for fmt in ("csv", "markdown"):
        for target in (orders, link):
            r = run("accounts", "segment", str(orders), "--format", fmt, "-o", str(target),
                    "--force", "--as-of", AS_OF.isoformat())
            assert r.code == 1 and "also an input" in r.err, r.err
    assert orders.read_bytes() == before


def test_duckdb_written_csv_gets_the_umask_mode_and_keeps_a_forced_files_mode(
        run, tmp_path, umask_002):
    orders = write(tmp_path / "orders.csv")
    new = tmp_path / "new.csv"
    r = run("accounts", "segment", str(orders), "--format", "csv", "-o", str(new),
            "--as-of", AS_OF.isoformat())
    assert r.code == 0, r.err
    assert new.read_text().startswith("rank,") and mode(new) == 0o664
    private = tmp_path / "private.json"
    private.write_text("[]")
    os.chmod(private, 0o600)
    r = run("accounts", "segment", str(orders), "--format", "json", "-o", str(private),
            "--force", "--as-of", AS_OF.isoformat())
    assert r.code == 0, r.err
    assert private.read_text().startswith("[") and mode(private) == 0o600


def test_brief_file_gets_the_umask_mode(run, tmp_path, umask_002):
    target = tmp_path / "brief.md"
    r = run("brief", "--style", "driver", "-o", str(target), "--no-save")
    assert r.code == 0, r.err
    assert mode(target) == 0o664


def test_dash_output_is_stdout(run, tmp_path):
    r = run("brief", "--style", "driver", "--format", "markdown", "-o", "-", "--no-save")
    assert r.code == 0 and r.out.startswith("# Call brief") and "saved" not in r.err
    orders = write(tmp_path / "orders.csv")
    r = run("accounts", "segment", str(orders), "--format", "csv", "-o", "-",
            "--as-of", AS_OF.isoformat())
    assert r.code == 0 and r.out.startswith("rank,")
    assert not (tmp_path / "-").exists() and not os.path.exists("-")


def test_dev_stdout_is_written_to_not_replaced(run_process, tmp_path):
    """As root the old writer replaced the system's /dev/stdout link with a plain file."""
    before = os.lstat("/dev/stdout")
    r = run_process("brief", "--style", "driver", "--format", "markdown", "-o", "/dev/stdout",
                    "--force", "--no-save")
    assert r.code == 0, r.err
    assert r.out.startswith("# Call brief")
    after = os.lstat("/dev/stdout")
    assert stat.S_ISLNK(after.st_mode) and after.st_ino == before.st_ino


def test_accounts_csv_to_dev_null_and_a_symlink(run, tmp_path):
    orders = write(tmp_path / "orders.csv")
    r = run("accounts", "segment", str(orders), "--format", "csv", "-o", "/dev/null",
            "--as-of", AS_OF.isoformat())
    assert r.code == 0, r.err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    r = run("accounts", "segment", str(orders), "--format", "csv", "-o", str(link), "--force",
            "--as-of", AS_OF.isoformat())
    assert r.code == 0, r.err
    assert link.is_symlink() and real.read_text().startswith("rank,")


def test_journal_export_refuses_to_overwrite_the_journal(run, tmp_path):
    db = tmp_path / "j.sqlite3"
    r = run("debrief", "--no-input", "--name", "Dana", "--style", "driver", "--outcome", "won",
            "--db", str(db))
    assert r.code == 0, r.err
    before = db.read_bytes()
    r = run("journal", "export", "--db", str(db), "-o", str(db), "--force")
    assert r.code == 1 and "also an input" in r.err
    assert db.read_bytes() == before
