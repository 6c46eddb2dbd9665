"""Options several commands take read and behave the same in each: declared once in
coach/commands/options.py (prep and brief share theirs through `with_options`)."""

from __future__ import annotations

import json

import pytest

CALL_OPTIONS = ["--name", "--company", "--role", "--goal", "--stage", "--me", "--format",
                "--output", "--force", "--short", "--playbooks", "--no-save", "--accounts",
                "--account", "--as-of"]


def options_in_help(run, *command: str) -> list[str]:
    done = run(*command, "--help")
    assert done.code == 0, done.err
    return [word.rstrip(",") for line in done.out.splitlines() if line.startswith("  -")
            for word in line.split()[:2] if word.startswith("--")]


@pytest.mark.parametrize("command,own", [
    ("prep", ["--style", "--answers", "--no-input", "--seen"]),
    ("brief", ["--style"]),
])
def test_prep_and_brief_list_their_own_options_then_the_shared_ones(run, command, own):
    assert options_in_help(run, command) == [*own, *CALL_OPTIONS, "--help"]


def test_the_shared_options_reach_the_brief(run, tmp_path):
    target = tmp_path / "dana.json"
    done = run("brief", "--style", "driver", "--name", "Dana", "--company", "Acme",
               "--stage", "at-risk", "--me", "amiable", "-o", str(target), "--no-save")
    assert done.code == 0, done.err
    assert done.err == f"saved {target}\n"
    brief = json.loads(target.read_text("utf-8"))  # the format from the .json name
    assert brief["prospect"]["name"] == "Dana" and brief["prospect"]["company"] == "Acme"
    assert brief["stage"] == "at-risk" and brief["me"] == "amiable"
    done = run("brief", "--style", "driver", "-o", str(target), "--no-save")
    assert done.code == 1 and "already exists (use --force to overwrite)" in done.err
    done = run("prep", "--style", "analytical", "--stage", "new", "--no-input",
               "-o", str(target), "--force", "--short", "--no-save")
    assert done.code == 0, done.err
    assert json.loads(target.read_text("utf-8"))["style"] == "analytical"


@pytest.mark.parametrize("command", [
    ("brief", "--style", "driver", "--no-save"),
    ("meeting", "--attendee", "Ines:CFO:driver", "--no-save"),
    ("learn", "types"),
])
def test_every_text_output_takes_its_format_from_the_file_name(run, tmp_path, command):
    target = tmp_path / "page.md"
    done = run(*command, "-o", str(target))
    assert done.code == 0, done.err
    assert target.read_text("utf-8").startswith("#")
    done = run(*command, "-o", str(tmp_path / "page.txt"))
    assert done.code == 2 and "--output: say --format (markdown, json)" in done.err
    done = run(*command, "--format", "terminal", "-o", str(tmp_path / "page.md"))
    assert done.code == 2
    assert "the terminal format cannot be saved; use --format markdown or json" in done.err


@pytest.mark.parametrize("command", [
    ("brief", "--style", "driver", "--no-save"),
    ("meeting", "--attendee", "Ines:CFO:driver", "--no-save"),
    ("learn", "types"),
    ("followup", "--style", "driver", "--stage", "new", "--name", "Dana"),
])
def test_every_output_refuses_a_folder_before_doing_anything(run, tmp_path, command):
    done = run(*command, "-o", str(tmp_path))
    assert done.code == 1 and f"--output: {tmp_path} is a folder; give a file name" in done.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [
    ("brief",), ("prep",), ("meeting",), ("followup",), ("learn",), ("lessons",),
    ("accounts", "segment"), ("journal", "export"),
])
def test_output_and_force_read_the_same_everywhere(run, command):
    done = run(*command, "--help")
    flat = " ".join(done.out.split())
    assert "-o, --output FILE Write to FILE instead of the screen ('-' is the screen)." in flat
    if command != ("lessons",):  # its --force covers --suggest too
        assert "--force Overwrite the --output file." in flat
