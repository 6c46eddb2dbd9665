"""Every test runs with its own COACH_HOME: the real user folders are never touched.

The environment is isolated here, at import, before pytest imports any test module: a
module that loads playbooks at import time must not see the developer's COACH_PLAYBOOKS
or their own playbook folder.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

os.environ.pop("COACH_PLAYBOOKS", None)
_SESSION_HOME = tempfile.mkdtemp(prefix="coach-tests-")
os.environ["COACH_HOME"] = _SESSION_HOME
atexit.register(shutil.rmtree, _SESSION_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def coach_home(tmp_path, monkeypatch):
    home = tmp_path / "coach-home"
    monkeypatch.setenv("COACH_HOME", str(home))
    monkeypatch.delenv("COACH_PLAYBOOKS", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    return home


@pytest.fixture
def utc():
    """Local time is UTC for the test (stored times are UTC; shown times are local)."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture(scope="session")
def pg_server():
    """The admin URL of a PostgreSQL server: COACH_TEST_PG when set (`.ci/run` starts one),
    otherwise a throwaway server started for this test run (tests/pg.py). Missing server
    binaries fail the PostgreSQL tests with how to install them; they are never skipped."""
    import os

    import pg

    given = os.environ.get("COACH_TEST_PG")
    if given:
        yield given
        return
    try:
        url, folder = pg.start()
    except pg.MissingServer as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield url
    finally:
        pg.stop(folder)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database for one test (dropped after it); its postgresql:// URL."""
    import uuid

    import pg

    name = f"coach_test_{uuid.uuid4().hex[:12]}"
    url = pg.create_database(pg_server, name)
    yield url
    pg.drop_database(pg_server, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def journal_db(request, tmp_path):
    """The journal a test writes to, once per back end: an SQLite file, then a PostgreSQL
    database. Tests that take it run against both."""
    if request.param == "sqlite":
        return str(tmp_path / "journal.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="session")
def books():
    """The shipped playbooks, validated afresh (not from the cache), shared by every test."""
    from coach.playbook import load

    return load(use_cache=False)
