"""Command groups kept in their own modules, so each feature's flags live beside each other.

Each module exposes `register(app)`; none imports anything heavy at module level.
"""

from __future__ import annotations

import importlib

MODULES = ("prep", "training", "journal", "accounts")


def register_all(app) -> None:
    for name in MODULES:
        try:
            module = importlib.import_module(f"coach.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"coach.commands.{name}":
                raise
            continue
        module.register(app)
