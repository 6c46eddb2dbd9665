"""A throwaway PostgreSQL server for the tests and for `.ci/run`.

`initdb` into a fresh folder under /tmp, `pg_ctl start` on a free loopback port (and a unix
socket in the same folder), stopped and removed at the end. The server refuses to run as
root, so as root the folder is given to `nobody` and the binaries run through `runuser`.
The superuser has a password (scram over TCP), so the tests can also get it wrong.

    python tests/pg.py start      # prints shell `export` lines (COACH_TEST_PG, ..._DIR)
    python tests/pg.py stop DIR   # stops the server started in DIR and removes DIR
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USER = "coach"
PASSWORD = "coach-test-secret"
RUN_AS = "nobody"
INSTALL_HINT = ("PostgreSQL server binaries (initdb, pg_ctl) not found: install them "
                "(apt-get install postgresql, or brew install postgresql) or point "
                "COACH_TEST_PG at a server you can create databases on "
                "(COACH_TEST_PG=postgresql://user:password@host:port/postgres)")


class MissingServer(RuntimeError):
    pass


def binaries() -> Path:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(Path(folder) / "initdb", os.X_OK):
            return Path(folder)
    raise MissingServer(INSTALL_HINT)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(argv: list[str]) -> list[str]:
    return ["runuser", "-u", RUN_AS, "--", *argv] if os.geteuid() == 0 else argv


def _run(argv: list[str], folder: Path) -> None:
    done = subprocess.run(_as_server_user(argv), cwd=folder, capture_output=True, text=True)
    if done.returncode:
        log = folder / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise RuntimeError(f"{' '.join(argv[:2])} failed: {done.stderr.strip()}\n{tail}")


def start() -> tuple[str, Path]:
    """Start a server; returns its URL (superuser, password included) and its folder."""
    bin_dir = binaries()
    folder = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam(RUN_AS)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    (folder / "pw").write_text(PASSWORD)
    if os.geteuid() == 0:
        os.chown(folder / "pw", entry.pw_uid, entry.pw_gid)
    data = folder / "data"
    _run([str(bin_dir / "initdb"), "-D", str(data), "-U", USER, "--pwfile", str(folder / "pw"),
          "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
          "--locale=C"], folder)
    port = _free_port()
    options = (f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
               "-c max_connections=120")
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
          "-o", options, "-w", "-t", "60", "start"], folder)
    (folder / "port").write_text(str(port))
    return f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{port}/postgres", folder


def stop(folder: Path | str) -> None:
    folder = Path(folder)
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        try:
            _run([str(binaries() / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                 folder)
        except (RuntimeError, MissingServer) as exc:
            print(f"tests/pg.py: {exc}", file=sys.stderr)
    shutil.rmtree(folder, ignore_errors=True)


def restart(folder: Path | str) -> None:
    """Restart the server in `folder` (fast mode: open connections are cut)."""
    folder = Path(folder)
    _run([str(binaries() / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "-w",
          "restart"], folder)


def create_database(admin_url: str, name: str) -> str:
    """A new empty database on the server; returns its URL."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    params = conninfo_to_dict(admin_url)
    params["dbname"] = name
    return to_url(make_conninfo(**params))


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def to_url(conninfo: str) -> str:
    """A key=value conninfo as a postgresql:// URL (what a rep would type)."""
    from urllib.parse import quote

    from psycopg.conninfo import conninfo_to_dict

    p = conninfo_to_dict(conninfo)
    auth = quote(str(p.get("user", "")), safe="")
    if p.get("password"):
        auth += ":" + quote(str(p["password"]), safe="")
    host = p.get("host", "127.0.0.1")
    return f"postgresql://{auth}@{host}:{p.get('port', 5432)}/{p.get('dbname', 'postgres')}"


def wait_ready(url: str, seconds: float = 30.0) -> None:
    import psycopg

    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(url, connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "start":
        try:
            url, where = start()
        except MissingServer as exc:
            sys.exit(f"tests/pg.py: {exc}")
        print(f"export COACH_TEST_PG='{url}' COACH_TEST_PG_DIR='{where}'")
    elif len(sys.argv) == 3 and sys.argv[1] == "stop":
        stop(sys.argv[2])
    else:
        sys.exit(__doc__)
