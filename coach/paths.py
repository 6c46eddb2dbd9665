"""Where coach keeps the user's config, data and cache.

COACH_HOME puts all three under one folder (tests and demos use it). Otherwise the
platform's usual places: on Linux and the BSDs the XDG base directories, read here in a few
lines because importing platformdirs (which pulls in tempfile, urllib and ipaddress) costs
~5 ms on every command; on macOS and Windows, platformdirs, whose rules there are not a few
lines. tests/test_paths.py holds the XDG reading equal to platformdirs'.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "coach"
# (XDG variable, its default under the home folder, platformdirs' function) per kind of folder
_KINDS = {
    "config": ("XDG_CONFIG_HOME", ".config", "user_config_path"),
    "data": ("XDG_DATA_HOME", ".local/share", "user_data_path"),
    "cache": ("XDG_CACHE_HOME", ".cache", "user_cache_path"),
}


def _home() -> Path | None:
    home = os.environ.get("COACH_HOME")
    if not home:
        return None
    path = Path(home).expanduser()
    if path.exists() and not path.is_dir():  # else every read looks like an empty journal
        from coach.errors import CoachError

        raise CoachError(f"COACH_HOME={home}: is a file, not a folder")
    return path


def _user_path(kind: str) -> Path:
    variable, default, function = _KINDS[kind]
    if sys.platform in ("darwin", "win32", "cygwin"):
        import platformdirs

        return getattr(platformdirs, function)(APP)
    value = os.environ.get(variable, "")
    # the spec: a relative value is ignored, as if unset
    base = value if os.path.isabs(value) else os.path.expanduser(f"~/{default}")
    return Path(base) / APP


def config_dir() -> Path:
    home = _home()
    return home / "config" if home else _user_path("config")


def data_dir() -> Path:
    home = _home()
    return home if home else _user_path("data")


def cache_dir() -> Path:
    home = _home()
    return home / "cache" if home else _user_path("cache")


def shipped_playbooks() -> Path:
    """The playbooks that come with coach: inside the wheel, or at the repo top in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_playbooks"
    if installed.is_dir():
        return installed
    return here.parent / "playbooks"
