"""Start-up discipline: a rep's command imports nothing heavy, and the lazy command map is true.

Times are measured by bench/startup.py, not here; these tests keep the causes out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import typer

from coach.commands import MODULES, modules_for

HEAVY = ("questionary", "prompt_toolkit", "rich.markdown", "duckdb", "sqlite3", "yaml",
         "pydantic", "hashlib", "psycopg")


def _imported_by(*args: str, home) -> set[str]:
    code = ("import sys, json\n"
            "from coach.cli import main\n"
            "try:\n    main(sys.argv[1:])\n"
            "except SystemExit:\n    pass\n"
            "print('\\n@@' + json.dumps(sorted(sys.modules)))")
    env = {**os.environ, "COACH_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=env, stdin=subprocess.DEVNULL, timeout=60).stdout
    return set(json.loads(out.rsplit("\n@@", 1)[1]))


def test_brief_imports_nothing_heavy(coach_home):
    args = ("brief", "--style", "driver", "--format", "markdown", "--no-save")
    _imported_by(*args, home=coach_home)  # first run parses YAML and fills the cache
    loaded = _imported_by(*args, home=coach_home)
    assert "coach.brief" in loaded
    assert not [m for m in HEAVY if m in loaded]
    assert "rich.console" not in loaded  # Markdown needs no Rich at all
    # models of kinds a brief never reads are not even built
    unread = {f"coach.playbook.kinds.{k}" for k in ("quiz", "module", "followup", "meeting")}
    assert not unread & loaded


def test_terminal_brief_does_not_import_prompting_or_markdown(coach_home):
    loaded = _imported_by("brief", "--style", "amiable", "--no-save", home=coach_home)
    assert "rich.console" in loaded
    assert not [m for m in ("questionary", "prompt_toolkit", "rich.markdown", "duckdb")
                if m in loaded]


def test_only_the_running_commands_module_is_loaded(coach_home):
    loaded = _imported_by("brief", "--style", "driver", "--format", "json", "--no-save",
                          home=coach_home)
    others = {f"coach.commands.{m}" for m in MODULES if m != "prep"}
    assert not others & loaded


def test_the_command_map_matches_what_each_module_registers():
    from importlib import import_module

    for name, commands in MODULES.items():
        app = typer.Typer()
        import_module(f"coach.commands.{name}").register(app)
        found = {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}
        found |= {g.name for g in app.registered_groups}
        assert found == set(commands), name
        for command in commands:
            assert modules_for([command]) == [name]
    assert modules_for(["--help"]) == list(MODULES)


def test_followup_and_meeting_import_nothing_heavy(coach_home):
    args = ("followup", "--style", "driver", "--stage", "potential", "--name", "Dana")
    _imported_by(*args, home=coach_home)
    loaded = _imported_by(*args, home=coach_home)
    assert "coach.followup" in loaded
    assert not [m for m in (*HEAVY, "rich.console", "email.message") if m in loaded]
    args = ("meeting", "--attendee", "Ines:CFO:driver", "--attendee", "Tom:IT:analytical",
            "--format", "markdown", "--no-save")
    loaded = _imported_by(*args, home=coach_home)
    assert "coach.meeting" in loaded
    assert not [m for m in (*HEAVY, "rich.console") if m in loaded]


def test_command_signatures_are_not_postponed_strings():
    """Typer reads each option off the command's signature; with `from __future__ import
    annotations` every annotation is a string it must compile first, which doubled the
    time to build the `brief` command (~7 ms of every run)."""
    import ast
    from pathlib import Path

    import coach.commands

    folder = Path(coach.commands.__file__).parent
    for name in MODULES:
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        future = {alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
                  and node.module == "__future__" for alias in node.names}
        assert "annotations" not in future, name
