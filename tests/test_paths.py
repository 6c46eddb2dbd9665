"""The config, data and cache folders: our XDG reading agrees with platformdirs'."""

import sys

import platformdirs
import pytest

from coach import paths


@pytest.mark.skipif(sys.platform in ("darwin", "win32", "cygwin"), reason="XDG platforms only")
@pytest.mark.parametrize("value", [None, "", "relative/dir", "/srv/xdg"])
@pytest.mark.parametrize("kind", ["config", "data", "cache"])
def test_xdg_folders_match_platformdirs(monkeypatch, tmp_path, kind, value):
    monkeypatch.delenv("COACH_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    variable, _, function = paths._KINDS[kind]
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    ours = {"config": paths.config_dir, "data": paths.data_dir, "cache": paths.cache_dir}[kind]()
    assert ours == getattr(platformdirs, function)("coach")
    assert ours.is_absolute()


def test_coach_home_puts_everything_under_one_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("COACH_HOME", str(tmp_path))
    assert paths.config_dir() == tmp_path / "config"
    assert paths.data_dir() == tmp_path
    assert paths.cache_dir() == tmp_path / "cache"
