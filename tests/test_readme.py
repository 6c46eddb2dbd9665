"""The README is part of the product: its commands exist and its examples work."""

from __future__ import annotations

import re
from pathlib import Path

from coach.commands import MODULES
from coach.playbook import load

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    setup = re.findall(r"```sh\n(.*?)\n```", README, re.S)[:2]
    assert "pip install . && coach prep" in setup[0]
    assert setup[1].endswith("pip install '.[test]' && pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install --quiet '.[test]'" in ci
    assert re.search(r"^pytest$", ci, re.M)


def test_every_command_is_documented():
    for commands in MODULES.values():
        for command in commands:
            assert f"coach {command}" in README, command
    for sub in ("list", "show", "validate", "lint", "schema", "new"):
        assert f"coach playbooks {sub}" in README


def test_the_overlay_example_works(tmp_path):
    example = re.search(r"```yaml\n(# ~/.config/coach/playbooks/.*?)```", README, re.S).group(1)
    (tmp_path / "driver-team.yaml").write_text(example)
    books = load([tmp_path], use_cache=False)
    driver = books.styles["driver"]
    potential = driver.stages["potential"].use
    assert potential[-1].startswith("Here's the one number")
    assert len(potential) == len(load(use_cache=False).styles["driver"]
                                 .stages["potential"].use) + 1
    assert str(driver.top_actions[0]).startswith("Open with the result")
