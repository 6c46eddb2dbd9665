"""Command groups kept in their own modules, so each feature's flags live beside each other.

Each module exposes `register(app)`; none imports anything heavy at module level. Only the
module that owns the command being run is imported and registered (Typer inspects every
registered command's signature on every run): that keeps a rep's `coach brief` fast.
`coach --help` and unknown commands register them all. tests/test_startup.py checks that
this map matches what each module registers.
"""

from __future__ import annotations

import importlib

MODULES: dict[str, tuple[str, ...]] = {
    "prep": ("prep", "brief", "identify", "questions"),
    "config": ("config",),
    "training": ("learn", "quiz"),
    "debrief": ("debrief",),
    "lessons": ("lessons",),
    "journal": ("journal",),
    "accounts": ("accounts",),
    "followup": ("followup",),
    "meeting": ("meeting",),
}


def command_word(argv: list[str]) -> str | None:
    for arg in argv:
        if not arg.startswith("-"):
            return arg
    return None


def modules_for(argv: list[str] | None) -> list[str]:
    word = command_word(argv or [])
    owners = [name for name, commands in MODULES.items() if word in commands]
    return owners or list(MODULES)


_done: set[tuple[int, str]] = set()


def register(app, argv: list[str] | None = None) -> None:
    for name in modules_for(argv):
        if (id(app), name) in _done:  # main() may run many times in one process (tests)
            continue
        importlib.import_module(f"coach.commands.{name}").register(app)
        _done.add((id(app), name))

