"""Answers files (`--answers FILE`): YAML or JSON, keyed by question id.

The prospect's fields (name, company, role, goal, stage) may be given there too, so one
file prepared before the call is enough for `coach prep --no-input`.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import CoachError

PROSPECT_KEYS = ("name", "company", "role", "goal", "stage", "seen")


MAX_BYTES = 1 << 20
"""An answers file is a few hundred bytes; anything past 1 MB is the wrong file."""


def read_mapping(path: Path, flag: str = "--answers"):
    """A YAML or JSON file's top-level value (None when empty), read by the playbook rules
    (a duplicate key is refused, not silently the last one); errors name the file and line."""
    from coach.playbook.yamlfile import read_yaml

    path = Path(path)
    if not path.exists():
        raise CoachError(f"{flag}: no such file: {path}")
    if path.is_dir():
        raise CoachError(f"{flag}: {path} is a folder; give a YAML or JSON file")
    return read_yaml(path, str(path), limit=MAX_BYTES)


def read_answers(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(prospect fields, behaviour answers); blank values count as not given."""
    data = read_mapping(path)
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise CoachError(f"{path}: an answers file maps question ids to answers "
                         "(see 'coach questions --template')")
    prospect: dict[str, str] = {}
    answers: dict[str, str] = {}
    for key, value in data.items():
        if value is None or value == "":
            continue
        if key == "seen" and isinstance(value, list):
            value = ",".join(str(v) for v in value)
        if isinstance(value, (dict, list)):
            raise CoachError(f"{path}: {key}: expected one answer, got a "
                             f"{'list' if isinstance(value, list) else 'mapping'}")
        target = prospect if key in PROSPECT_KEYS else answers
        target[str(key)] = str(value).strip()
    return prospect, answers
