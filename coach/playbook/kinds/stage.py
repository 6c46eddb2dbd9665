"""An account's lifecycle stage: it changes the plan, not the style."""

from coach.playbook.kinds.common import Base, Text, TextList


class Stage(Base, tag="stage", kw_only=True):
    name: Text
    hint: Text
    """One line shown beside the choice in the interview."""
    meaning: Text
    signals: TextList
    goals: TextList
    actions: TextList
    risks: TextList
    top_actions: TextList
    priority: int = 100
    """Lower is called first in the accounts call list."""
