"""Every playbook kind. Adding a kind is one model module and one line in `_MODELS`.

A model's module is imported the first time its kind is needed: a brief never builds the
classes of the quiz, the module or the follow-ups (a few milliseconds on every command).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from coach.playbook.kinds.common import Base

if TYPE_CHECKING:
    from coach.playbook.kinds.discovery import Discovery
    from coach.playbook.kinds.flex import Flex
    from coach.playbook.kinds.followup import Followup
    from coach.playbook.kinds.meeting import Meeting
    from coach.playbook.kinds.module import Module
    from coach.playbook.kinds.questions import Questions
    from coach.playbook.kinds.quiz import Quiz
    from coach.playbook.kinds.segmentation import Segmentation
    from coach.playbook.kinds.settings import Settings
    from coach.playbook.kinds.stage import Stage
    from coach.playbook.kinds.style import Style

    AnyPlaybook = (Style | Stage | Segmentation | Module | Questions | Quiz | Settings | Flex
                   | Followup | Meeting | Discovery)

# kind (the `kind:` tag) -> (module under coach.playbook.kinds, class)
_MODELS = {
    "style": ("style", "Style"),
    "stage": ("stage", "Stage"),
    "segmentation": ("segmentation", "Segmentation"),
    "module": ("module", "Module"),
    "questions": ("questions", "Questions"),
    "quiz": ("quiz", "Quiz"),
    "settings": ("settings", "Settings"),
    "flex": ("flex", "Flex"),
    "followup": ("followup", "Followup"),
    "meeting": ("meeting", "Meeting"),
    "discovery": ("discovery", "Discovery"),
}
_CLASSES = {cls: kind for kind, (_, cls) in _MODELS.items()}


def kind_of(cls: type[Base]) -> str:
    """The `kind:` a model is written with (msgspec types a tag as str | int | None)."""
    tag = cls.__struct_config__.tag
    if not isinstance(tag, str):
        raise TypeError(f"{cls.__name__} has no string kind tag")
    return tag


class _Kinds(MutableMapping[str, "type[AnyPlaybook]"]):
    """kind -> model class, importing each model's module on first use. A model set here
    (a test, a plug-in) joins the shipped ones."""

    def __init__(self) -> None:
        self._models: dict[str, tuple[str, str] | None] = dict(_MODELS)
        self._loaded: dict[str, type[AnyPlaybook]] = {}

    def __getitem__(self, kind: str) -> type[AnyPlaybook]:
        found = self._loaded.get(kind)
        if found is None:
            where = self._models[kind]
            if where is None:
                raise KeyError(kind)
            found = getattr(importlib.import_module(f"{__name__}.{where[0]}"), where[1])
            self._loaded[kind] = found
        return found

    def __setitem__(self, kind: str, model: type[AnyPlaybook]) -> None:
        self._models[kind] = None
        self._loaded[kind] = model

    def __delitem__(self, kind: str) -> None:
        del self._models[kind]
        self._loaded.pop(kind, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._models)

    def __len__(self) -> int:
        return len(self._models)

    def __contains__(self, kind: object) -> bool:
        return kind in self._models


KINDS: MutableMapping[str, type[AnyPlaybook]] = _Kinds()


def __getattr__(name: str) -> Any:
    """`from coach.playbook.kinds import Style` still works, importing that model only."""
    if name in _CLASSES:
        return KINDS[_CLASSES[name]]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "KINDS", "Base", "Discovery", "Flex", "Followup", "Meeting", "Module", "Questions", "Quiz",
    "Segmentation", "Settings", "Stage", "Style", "kind_of",
]
