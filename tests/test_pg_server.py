"""The throwaway PostgreSQL server the journal tests use (tests/pg.py)."""

from __future__ import annotations

import pg
import pytest


def test_the_test_server_listens_on_loopback_only_and_not_as_root(pg_url):
    import psycopg

    with psycopg.connect(pg_url) as con:
        assert con.execute("SHOW listen_addresses").fetchone()[0] in ("127.0.0.1", "localhost")
        assert con.execute("SELECT current_setting('is_superuser')").fetchone()[0] == "on"
        data = con.execute("SHOW data_directory").fetchone()[0]
    import os

    assert os.stat(data).st_uid != 0  # the server refuses root; it runs as another user


def test_missing_server_binaries_say_how_to_install_them(monkeypatch):
    monkeypatch.setattr(pg.shutil, "which", lambda name: None)
    monkeypatch.setattr(pg.glob, "glob", lambda pattern: [])
    with pytest.raises(pg.MissingServer, match=r"apt-get install postgresql"):
        pg.start()
