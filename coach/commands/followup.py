"""`coach followup`: a follow-up email draft in the person's style, for the call's stage."""


from enum import Enum
from typing import Annotated, Optional

import typer

from coach.commands.options import (
    CompanyOpt,
    DbOpt,
    ForceOpt,
    OutputOpt,
    PlaybooksOpt,
    StageOpt,
    deliver,
    format_for,
)
from coach.errors import UsageError


class DraftFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    eml = "eml"
    json = "json"


SUFFIXES = {".txt": DraftFormat.text, ".md": DraftFormat.markdown,
            ".markdown": DraftFormat.markdown, ".eml": DraftFormat.eml,
            ".json": DraftFormat.json}


def _address(to: Optional[str]) -> str:
    if not to:
        return ""
    from email.utils import parseaddr

    _, address = parseaddr(to)
    if (not address or "@" not in address or address != to.strip()
            or any(ch < " " or ch == "\x7f" for ch in to)):
        raise UsageError(f"--to: {to!r} is not an email address (name@example.com)")
    return address


def _rep(rep: Optional[str]) -> str:
    if rep:
        return rep
    from coach.config import load_config

    return str(load_config().get("me") or "")


def register(app: typer.Typer) -> None:
    @app.command()
    def followup(
        call: Annotated[
            Optional[int],
            typer.Option(
                "--call",
                metavar="ID",
                help="Draft for this debriefed call "
                "(default: the latest; see 'coach journal list').",
            ),
        ] = None,
        style: Annotated[
            Optional[str],
            typer.Option(
                "--style",
                metavar="STYLE",
                help="Draft from the flags: their style (with --stage), or change the call's.",
            ),
        ] = None,
        stage: StageOpt = None,
        name: Annotated[str, typer.Option("--name", help="Who the email is to.")] = "",
        company: CompanyOpt = "",
        next_step: Annotated[str, typer.Option("--next-step", help="The next step agreed.")] = "",
        date: Annotated[
            str, typer.Option("--date", metavar="YYYY-MM-DD", help="When the next step happens.")
        ] = "",
        problem: Annotated[
            str, typer.Option("--problem", help="What went wrong (an at-risk email owns it first).")
        ] = "",
        support: Annotated[
            str, typer.Option("--support", help="Who supports them after the call (default: you).")
        ] = "",
        rep: Annotated[
            Optional[str], typer.Option("--rep", metavar="NAME", help="Your name, to sign with.")
        ] = None,
        to: Annotated[
            Optional[str],
            typer.Option("--to", metavar="ADDRESS", help="Their email address (for --format eml)."),
        ] = None,
        fmt: Annotated[
            Optional[DraftFormat],
            typer.Option("--format", help="text (default), markdown, eml or json; with "
                         "--output, a .txt, .md, .eml or .json name picks it."),
        ] = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        db: DbOpt = None,
        playbooks: PlaybooksOpt = None,
    ) -> None:
        """A follow-up email draft in their style: from a debriefed call, or from flags."""
        from coach.followup import prepare
        from coach.playbook import load

        kind = format_for(fmt, output, SUFFIXES, DraftFormat.text)
        address = _address(to)
        draft = prepare(load(playbooks or ()), db, call, style=style or "",
                        stage=stage or "", name=name, company=company, next_step=next_step,
                        date=date, problem=problem, support=support, rep=_rep(rep))
        from coach.render import draft as render

        if kind is DraftFormat.eml:
            text = render.as_eml(draft, address).decode("utf-8")
        elif kind is DraftFormat.markdown:
            text = render.as_markdown(draft)
        elif kind is DraftFormat.json:
            from coach.render.json import dumps

            text = dumps(draft) + "\n"
        else:
            text = render.as_text(draft)
        deliver(text, output, force)
