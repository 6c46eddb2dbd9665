"""Playbooks: the YAML content trainers edit. `load()` is the one way in."""

from coach.playbook.loader import Playbooks, Source, layers, load

__all__ = ["Playbooks", "Source", "layers", "load"]
