"""Every playbook kind. Adding a kind is one model here and nothing else."""

from coach.playbook.kinds.common import Base
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

# Every model a playbook file can be, as one type (the cache decodes a list of them by tag).
AnyPlaybook = (Style | Stage | Segmentation | Module | Questions | Quiz | Settings | Flex
               | Followup | Meeting | Discovery)


def kind_of(cls: type[Base]) -> str:
    """The `kind:` a model is written with (msgspec types a tag as str | int | None)."""
    tag = cls.__struct_config__.tag
    if not isinstance(tag, str):
        raise TypeError(f"{cls.__name__} has no string kind tag")
    return tag


KINDS: dict[str, type[AnyPlaybook]] = {
    kind_of(cls): cls
    for cls in (Style, Stage, Segmentation, Module, Questions, Quiz, Settings, Flex,
                Followup, Meeting, Discovery)
}

__all__ = [
    "KINDS", "AnyPlaybook", "Base", "Discovery", "Flex", "Followup", "Meeting", "Module",
    "Questions", "Quiz", "Segmentation", "Settings", "Stage", "Style", "kind_of",
]
