"""Where coach keeps the user's config, data and cache.

COACH_HOME puts all three under one folder (tests and demos use it); otherwise the
platform's usual places are used, via platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "coach"


def _home() -> Path | None:
    home = os.environ.get("COACH_HOME")
    if not home:
        return None
    path = Path(home).expanduser()
    if path.exists() and not path.is_dir():  # else every read looks like an empty journal
        from coach.errors import CoachError

        raise CoachError(f"COACH_HOME={home}: is a file, not a folder")
    return path


def config_dir() -> Path:
    home = _home()
    if home:
        return home / "config"
    import platformdirs

    return platformdirs.user_config_path(APP)


def data_dir() -> Path:
    home = _home()
    if home:
        return home
    import platformdirs

    return platformdirs.user_data_path(APP)


def cache_dir() -> Path:
    home = _home()
    if home:
        return home / "cache"
    import platformdirs

    return platformdirs.user_cache_path(APP)


def shipped_playbooks() -> Path:
    """The playbooks that come with coach: inside the wheel, or at the repo top in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "_playbooks"
    if installed.is_dir():
        return installed
    return here.parent / "playbooks"
