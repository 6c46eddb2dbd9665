"""The one writer for files a user names (issue 13, defect 1): modes, symlinks, devices,
FIFOs, no-clobber races and outputs that are inputs."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from coach.errors import CoachError
from coach.writefile import new_file, write_new


@pytest.fixture
def mask():
    """Set a umask for the test and put the old one back."""
    before = os.umask(0o022)
    os.umask(before)

    def _set(value: int) -> None:
        os.umask(value)

    yield _set
    os.umask(before)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path, mask, umask, expected):
    mask(umask)
    target = tmp_path / "brief.md"
    write_new(target, "hello\n")
    assert target.read_text() == "hello\n"
    assert mode(target) == expected


@pytest.mark.parametrize("kept", [0o644, 0o600, 0o640, 0o755])
def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path, mask, kept):
    mask(0o022)
    target = tmp_path / "brief.md"
    target.write_text("old\n")
    os.chmod(target, kept)
    write_new(target, "new\n", force=True)
    assert target.read_text() == "new\n" and mode(target) == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]  # no temp left


def test_without_force_an_existing_file_is_kept(tmp_path):
    target = tmp_path / "brief.md"
    target.write_text("keep me")
    with pytest.raises(CoachError, match="already exists"):
        write_new(target, "new")
    assert target.read_text() == "keep me"


def test_force_writes_through_a_symlink_and_keeps_the_link(tmp_path):
    real = tmp_path / "real" / "brief.md"
    real.parent.mkdir()
    real.write_text("stale\n")
    os.chmod(real, 0o640)
    link = tmp_path / "brief.md"
    link.symlink_to(real)
    with pytest.raises(CoachError, match="already exists"):
        write_new(link, "fresh\n")
    write_new(link, "fresh\n", force=True)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "fresh\n" and mode(real) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["brief.md"]


def test_a_dangling_symlink_is_written_through_when_forced(tmp_path):
    real = tmp_path / "made.md"
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_new(link, "made\n", force=True)
    assert link.is_symlink() and real.read_text() == "made\n"


def test_a_symlink_loop_is_a_clear_error(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(CoachError, match="symlink loop"):
        write_new(a, "x", force=True)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(CoachError, match="is a folder"):
        write_new(tmp_path, "x", force=True)


def test_dev_null_is_written_to_and_never_replaced():
    before = os.stat("/dev/null")
    write_new("/dev/null", "nothing\n")  # a device needs no --force: nothing to clobber
    write_new("/dev/null", "nothing\n", force=True)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_a_fifo_is_written_to_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    write_new(fifo, "through the pipe\n", force=True)
    reader.join(10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_dash_means_standard_output(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_new("-", "to stdout\n")
    assert capsys.readouterr().out == "to stdout\n" and not os.path.exists("-")


def test_an_output_that_is_an_input_is_refused(tmp_path):
    source = tmp_path / "orders.csv"
    source.write_text("id\n1\n")
    alias = tmp_path / "alias.csv"
    alias.symlink_to(source)
    for target in (source, alias):
        with pytest.raises(CoachError, match="also an input"):
            write_new(target, "clobbered", force=True, inputs=[source])
    assert source.read_text() == "id\n1\n"


def test_an_error_while_filling_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(RuntimeError), new_file(target) as tmp:
        open(tmp, "w").write("half")
        raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []


def test_no_clobber_is_atomic_one_of_many_racing_writers_wins(tmp_path):
    """Twelve writers race for one new name, twenty times: exactly one wins each round and
    the file holds the winner's whole text (exists-then-rename let two both 'win')."""
    for round_ in range(20):
        target = tmp_path / f"race-{round_}.md"
        won, lost = _race(target, 12)
        assert len(won) == 1 and len(lost) == 11
        assert target.read_text() == f"writer {won[0]}\n" * 1000
    assert len(list(tmp_path.iterdir())) == 20  # and no temp files


def test_disk_full_is_a_plain_error():
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with pytest.raises(CoachError, match="disk is full"):
        write_new("/dev/full", "x" * 100_000)


def _race(target, writers: int) -> tuple[list[int], list[str]]:
    start = threading.Barrier(writers)
    won: list[int] = []
    lost: list[str] = []

    def writer(n: int) -> None:
        start.wait()
        try:
            write_new(target, f"writer {n}\n" * 1000)
            won.append(n)
        except CoachError as exc:
            lost.append(str(exc))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all("already exists" in message for message in lost)
    return won, lost
