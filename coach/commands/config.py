"""`coach config set|show|unset`: your own settings (your style, your name, a team journal)."""


from typing import Annotated

import typer

from coach.errors import UsageError


def register(app: typer.Typer) -> None:
    config_app = typer.Typer(help="Your own settings (for example your own social style).",
                             no_args_is_help=True)
    app.add_typer(config_app, name="config")

    @config_app.command("set")
    def config_set(
        key: Annotated[str, typer.Argument(help="my-style, me or db")],
        value: Annotated[str, typer.Argument()],
    ):
        """Save a setting: `coach config set my-style expressive`, `… me "Dana Reyes"`,
        `… db postgresql://dana@db.example.com/sales` (a team journal)."""
        from coach.config import KEYS, checked, load_config, save_config, shown

        if key not in KEYS:
            raise UsageError(f"unknown setting {key!r}; settings: {', '.join(KEYS)}")
        data = load_config()
        if key == "my-style":
            from coach.playbook import load
            from coach.prep import style_id

            data[key] = style_id(load(), value, key)
        else:
            data[key] = checked(key, value)
        save_config(data)
        print(f"{key} = {shown(key, data[key])}")

    @config_app.command("show")
    def config_show():
        """Your saved settings."""
        from coach.config import KEYS, load_config, shown

        data = load_config()
        for key, about in KEYS.items():
            value = shown(key, data[key]) if key in data else "(not set)"
            print(f"{key} = {value}    # {about}")

    @config_app.command("unset")
    def config_unset(key: Annotated[str, typer.Argument()]):
        """Forget a setting."""
        from coach.config import load_config, save_config

        data = load_config()
        data.pop(key, None)
        save_config(data)
        print(f"{key} unset")
