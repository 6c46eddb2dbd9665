"""A real, non-editable install finds the shipped playbooks (they live outside the package in
the repo, and inside it in the wheel).

Builds the wheel with hatchling (offline: --no-build-isolation), installs it with --no-deps
into a fresh venv, lets that venv see this environment's dependencies (but not its editable
`coach`), then runs `coach playbooks validate` from another folder. Skipped, with the
reason, only when a wheel cannot be built here (no hatchling, or a pip without --python).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _pip_supports_python_option() -> bool:
    done = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True,
                          text=True)
    found = re.search(r"pip (\d+)\.(\d+)", done.stdout)
    return bool(found) and (int(found[1]), int(found[2])) >= (22, 3)


def _needs_to_build() -> None:
    if importlib.util.find_spec("hatchling") is None:
        pytest.skip("cannot build a wheel offline: hatchling is not installed here "
                    "(pip install hatchling)")
    if not _pip_supports_python_option():
        pytest.skip("pip >= 22.3 is needed to install into another venv (pip --python)")


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL, **kwargs)
    assert done.returncode == 0, f"{cmd}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv with the built wheel installed: (its bin folder, the wheel)."""
    _needs_to_build()
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    _run([sys.executable, "-m", "pip", "wheel", ROOT, "--no-deps", "--no-build-isolation",
          "--no-index", "-w", dist])
    (wheel,) = dist.glob("coach-*.whl")

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps",
          "--no-index", wheel])

    # The dependencies: this environment's site-packages, added as plain paths after the
    # new venv's own (its .pth files, an editable coach's included, are not processed). A
    # coach installed there too (as in CI) comes later on sys.path than the wheel's; the
    # test below checks which one is imported.
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                         "['purelib'])"]).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (purelib / "zz_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n", "utf-8")
    return python.parent, wheel


def test_the_wheel_carries_the_playbooks(installed):
    _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.relative_to(ROOT / "playbooks").as_posix()
                     for p in (ROOT / "playbooks").rglob("*.yaml"))
    assert shipped
    assert all(f"coach/_playbooks/{name}" in names for name in shipped), names


def test_validate_from_another_folder_finds_the_shipped_playbooks(installed, tmp_path):
    bin_dir, _ = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "COACH_HOME": str(tmp_path / "home"), "PYTHONPATH": "",
           "COLUMNS": "120", "NO_COLOR": "1"}
    env.pop("COACH_PLAYBOOKS", None)
    coach = bin_dir / ("coach.exe" if os.name == "nt" else "coach")

    where = _run([bin_dir / "python", "-c",
                  "import coach, coach.paths; print(coach.__file__); "
                  "print(coach.paths.shipped_playbooks())"], cwd=elsewhere, env=env)
    module, shipped = where.stdout.splitlines()
    venv = bin_dir.parent.resolve()
    assert Path(module).resolve().is_relative_to(venv), module  # not the checkout
    assert Path(shipped).resolve().is_relative_to(venv) and shipped.endswith("_playbooks")

    done = _run([coach, "playbooks", "validate"], cwd=elsewhere, env=env)
    count = len(list((ROOT / "playbooks").rglob("*.yaml")))
    assert done.stdout.startswith(f"ok: {count} file(s), ")

    listed = _run([coach, "playbooks", "list"], cwd=elsewhere, env=env).stdout
    for style in ("analytical", "amiable", "driver", "expressive"):
        assert f"styles/{style}.yaml" in listed
    assert _run([coach, "--version"], cwd=elsewhere, env=env).stdout.startswith("coach ")
