"""Answers files (`--answers FILE`): YAML or JSON, keyed by question id.

The prospect's fields (name, company, role, goal, stage) may be given there too, so one
file prepared before the call is enough for `coach prep --no-input`.
"""

from __future__ import annotations

from pathlib import Path

from coach.errors import CoachError

PROSPECT_KEYS = ("name", "company", "role", "goal", "stage", "seen")


def read_mapping(path: Path, flag: str = "--answers"):
    """A YAML or JSON file's top-level value (None when empty); errors name the file and line."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CoachError(f"{flag}: no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CoachError(f"{flag}: cannot read {path}: {exc}") from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else 1
        raise CoachError(f"{path}:{line}: invalid YAML/JSON: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise CoachError(f"{path}: invalid YAML/JSON: {exc}") from None


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
