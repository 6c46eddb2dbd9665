"""A new journal used by many processes at once (issue 13, defect 2): no call is lost while
the first of them is still creating the schema."""

from __future__ import annotations

import os
import sys

import pytest

from coach import journal

WRITERS = 24
ROUNDS = 20


def _start_together(db, writers: int) -> list[int]:
    """Fork `writers` children that each add one debrief the moment the gate opens; return
    their exit codes (a child's error goes to its stderr)."""
    gate_read, gate_write = os.pipe()
    children = []
    for n in range(writers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 1
            try:
                os.close(gate_write)
                os.read(gate_read, 1)  # returns when the parent closes the gate
                journal.add_debrief(db, {"name": f"rep {n}", "style": "driver",
                                         "outcome": "won", "day": "2025-06-30"})
                code = 0
            except BaseException as exc:
                print(f"writer {n}: {exc}", file=sys.stderr)
            finally:
                os._exit(code)
        children.append(pid)
    os.close(gate_read)
    os.close(gate_write)  # open the gate: every child wakes at once
    return [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_many_first_writers_on_a_new_journal_lose_nothing(tmp_path):
    for round_ in range(ROUNDS):
        db = tmp_path / f"journal-{round_}.sqlite3"
        codes = _start_together(db, WRITERS)
        assert codes == [0] * WRITERS, f"round {round_}: {codes}"
        assert journal.count_calls(db) == WRITERS
