"""The discovery brief: what to do on a call when the style is not known yet."""

from typing import Annotated

import msgspec

from coach.playbook.kinds.common import Base, Id, Text, TextList, doc


class Probe(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A question for the first minutes, and what the answer tells you."""

    ask: Annotated[Text, doc("The question, as the rep would ask it.")]
    reveals: Annotated[Text, doc("What the answer tells the rep about the prospect's style.")]


class Signal(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """What you hear on the call, which style it points to, and what to switch to."""

    hear: Annotated[Text, doc("What the rep hears or sees on the call.")]
    style: Annotated[Id, doc("The style it points to: a style id (driver, analytical...).")]
    switch_to: Annotated[Text, doc("How the rep changes course once they hear it.")]
    stages: Annotated[dict[str, Text], doc(
        "`switch_to` for a stage, keyed by stage id, where the general one does not fit "
        "(at-risk: listen first, whatever the style).")] = {}


class DiscoveryStage(msgspec.Struct, kw_only=True, forbid_unknown_fields=True,
                     omit_defaults=True):
    """What changes in the discovery brief at one stage."""

    say: Annotated[list[Text], doc("Say lines for this stage: they replace the general ones.")] = []
    opening: Annotated[list[Text], doc(
        "The opening for this stage: it replaces the general one.")] = []
    first_questions: Annotated[list[Probe], doc(
        "Questions for the first minutes at this stage: they replace the general ones (an "
        "unhappy customer is asked what changed, not what would make it worth their "
        "time).")] = []


class Discovery(Base, tag="discovery", kw_only=True):
    title: Annotated[Text, doc("The brief's heading.")] = "Style not known yet"
    summary: Annotated[Text, doc("One line under the read: why this brief is different.")]
    top_actions: Annotated[TextList, doc("The first screen's actions, before the stage's.")]
    opening: Annotated[TextList, doc(
        "An opening that works whatever the style: neutral pace, short, an early question.")]
    first_questions: Annotated[list[Probe], msgspec.Meta(min_length=3), doc(
        "Questions for the first minutes whose answers reveal the style.")]
    signals: Annotated[list[Signal], msgspec.Meta(min_length=4), doc(
        "What you hear -> which style -> what to switch to.")]
    say: Annotated[TextList, doc("Lines that are safe with any style.")]
    avoid: Annotated[TextList, doc(
        "Lines that lose one style or another before you know which.")]
    stages: Annotated[dict[str, DiscoveryStage], doc(
        "What changes at a stage, keyed by stage id (an at-risk call opens by listening).")] = {}
    yours: Annotated[dict[Id, TextList], doc(
        "The rep's own style id -> what to watch in yourself until you know theirs (your "
        "habits are what may lose them before you can flex).")] = {}
