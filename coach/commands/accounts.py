"""`coach accounts segment`: a CRM export in, stages with reasons and a call list out.

Flags are parsed here and handed to coach.accounts (the core, which imports DuckDB lazily
and writes CSV and JSON itself); coach.render.accounts shows its rows on the terminal or as
Markdown.
"""


import sys
from pathlib import Path
from typing import Annotated

import typer

from coach.commands.options import ForceOpt, OutputOpt, PlaybooksOpt
from coach.render.accounts import future_note, render_markdown, render_terminal
from coach.text import parse_day, plural
from coach.vocab import TableFormat


def register(app: typer.Typer) -> None:
    accounts_app = typer.Typer(
        help="Stage accounts from a CRM export and see who to call first.",
        no_args_is_help=True)
    app.add_typer(accounts_app, name="accounts")
    accounts_app.command("segment")(segment_command)


def segment_command(
    file: Annotated[Path, typer.Argument(
        metavar="FILE.csv", help="Order-level export: one row per order; no date = a prospect.")],
    maps: Annotated[list[str] | None, typer.Option(
        "--map", metavar="ROLE=COLUMN",
        help="Your column for a role: account_id, account_name, order_date or amount "
             "(repeatable), e.g. --map account_id=\"Customer ID\".")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE",
        help="Stage as of this day, YYYY-MM-DD (default today).")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="COLUMN",
        help="Also sum up by this attribute column (industry, size, region...).")] = None,
    fmt: Annotated[TableFormat, typer.Option("--format")] = TableFormat.terminal,
    with_attributes: Annotated[bool, typer.Option(
        "--attributes",
        help="With csv or json: add each account's other columns (industry, size, "
             "region...).")] = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    limit: Annotated[int, typer.Option(
        "--limit", min=0, metavar="N",
        help="Accounts in the call list (terminal, markdown); 0 = all.")] = 20,
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Leave out unreadable rows and count them.")] = False,
    date_format: Annotated[str | None, typer.Option(
        "--date-format", metavar="FORMAT",
        help="How order dates are written, in strftime codes, e.g. %d/%m/%Y for day-first "
             "(default YYYY-MM-DD).")] = None,
    playbooks: PlaybooksOpt = None,
) -> None:
    """Each account's lifecycle stage from an order export, the reason, and who to call first."""
    from coach import accounts
    from coach.errors import UsageError
    from coach.playbook import load

    day = parse_day(as_of, "--as-of")
    mapping = _parse_maps(maps or [])
    every = fmt in (TableFormat.csv, TableFormat.json)  # every account, engine-written
    if by and every:
        raise UsageError("--by adds a table to --format terminal or markdown; csv and json "
                         "list every account (add its other columns with --attributes)")
    if with_attributes and not every:
        raise UsageError("--attributes adds the other columns to --format csv or json; "
                         "for a table by one of them use --by COLUMN")
    rules, priorities = accounts.rules_from(load(playbooks))
    # the other columns are read only when shown: ~0.1 s a million rows
    seg = accounts.segment(file, rules, as_of=day, mapping=mapping, priorities=priorities,
                           skip_bad=skip_bad, date_format=date_format,
                           attributes=with_attributes or by is not None)
    if by:
        accounts.attribute(seg, by)  # an unknown column fails before anything is written
    if seg.skipped:
        print(f"coach: skipped {plural(seg.skipped, 'bad row')} (--skip-bad)",
              file=sys.stderr)
    if seg.future and every:  # the terminal and Markdown headings say it
        print(f"coach: {future_note(seg)}", file=sys.stderr)
    if output is None and fmt is TableFormat.terminal:
        render_terminal(seg, by, limit)
    elif output is None and every:
        accounts.dump(seg, fmt.value, sys.stdout)
    elif output is None:
        sys.stdout.write(render_markdown(seg, by, limit))
    elif every:
        accounts.export(seg, fmt.value, output, force=force, inputs=[file])
    else:
        from coach.writefile import write_new

        text = (render_markdown(seg, by, limit) if fmt is TableFormat.markdown
                else render_terminal(seg, by, limit, plain=True))
        write_new(output, text, force=force, inputs=[file])
    if output is not None:
        print(f"wrote {output}: {plural(seg.accounts, 'account')}", file=sys.stderr)


def _parse_maps(items: list[str]) -> dict[str, str]:
    from coach.accounts import ROLES
    from coach.errors import UsageError

    mapping: dict[str, str] = {}
    for item in items:
        role, sep, column = item.partition("=")
        role, column = role.strip(), column.strip().strip('"').strip("'")
        if not sep or not column:
            raise UsageError(f"--map {item!r}: write ROLE=COLUMN, e.g. "
                             "--map account_id=\"Customer ID\"")
        if role not in ROLES:
            raise UsageError(f"--map {item!r}: unknown role {role!r}; use one of: "
                             f"{', '.join(ROLES)}")
        mapping[role] = column
    return mapping
