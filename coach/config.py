"""The rep's own settings in the user config folder: their own style (for flex advice), their
name (who logged a call, on a team journal) and which journal to use."""

from __future__ import annotations

from coach import paths
from coach.errors import CoachError

KEYS = {
    "my-style": "Your own social style, for 'flex your style' advice in every brief.",
    "me": "Your name in a team journal (default: your login name).",
    "db": "The journal every command uses: a file, or your team's postgresql:// URL.",
}


def checked(key: str, value: str) -> str:
    """A free-text setting (me, db) as saved: stripped, and not empty."""
    from coach.errors import UsageError

    value = value.strip()
    if not value:
        raise UsageError(f"{key}: give a value (or 'coach config unset {key}')")
    return value


def shown(key: str, value: str) -> str:
    """A setting as `config show` prints it: a password in a journal URL is masked."""
    if key == "db":
        from coach.journal import describe

        return describe(value)
    return value


def rep_name() -> str:
    """Who logs this call: `coach config set me`, else the login name."""
    import getpass

    try:
        return load_config().get("me") or getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers)
        return "unknown"


def config_file():
    return paths.config_dir() / "config.json"


def load_config() -> dict:
    path = config_file()
    if not path.is_file():
        return {}
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CoachError(f"{path}: cannot read settings: {exc}") from None
    if not isinstance(data, dict):
        raise CoachError(f"{path}: settings must be a JSON object")
    return data


def save_config(data: dict) -> None:
    import json

    from coach.writefile import write_new

    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, json.dumps(data, indent=2) + "\n", force=True, flag=str(path))
