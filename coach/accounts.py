"""CRM export -> each account's lifecycle stage, the reason in words, and who to call first.

The rows are read, aggregated and staged by DuckDB in SQL: a Python loop over a million order
rows costs seconds, the engine well under one. The rules and the reason wording come from the
segmentation playbook (`accounts:`), so a trainer tunes them without touching code. DuckDB is
imported only here, inside functions, so no other command pays for it.

Pipeline: `read_layout` (the header and a sample, in Python: delimiter, BOM, roles,
duplicates, how amounts are written) -> `segment` (one scan: per-account aggregates, then rules
and reasons) -> plain rows for the renderers (`summary`, `summary_by`, `call_list`, `records`)
or a file written by the engine (`export`).
"""

from __future__ import annotations

import csv
import re
import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import CoachError, UsageError
from coach.playbook.kinds.segmentation import AccountRules
from coach.text import FORMULA_LEADS, csv_cell, plural

if TYPE_CHECKING:
    from duckdb import DuckDBPyConnection

    from coach.playbook.loader import Playbooks

# The call order: accounts due a call first, by stage priority, most valuable first.
CALL_ORDER = "due DESC, priority, monetary DESC, account_id"
ROLES = ("account_id", "account_name", "order_date", "amount")
REQUIRED = ("account_id", "order_date", "amount")
DELIMITERS = (",", ";", "\t", "|")
DEFAULT_PRIORITY = {"at-risk": 10, "new": 20, "loyal": 30, "potential": 40}
INSTALL = "coach accounts needs DuckDB: pip install 'coach[accounts]'"
DATE_HINT = "--date-format %d/%m/%Y"


def duckdb():
    """The engine, or one line telling how to get it."""
    try:
        import duckdb as engine
    except ImportError:
        raise CoachError(INSTALL) from None
    return engine


# --------------------------------------------------------------------------- the header


@dataclass(frozen=True)
class Layout:
    """What the header and a sample say: the delimiter, the columns, which column plays which
    role, and how dates and amounts are written."""

    path: Path
    delimiter: str
    header: list[str]
    roles: dict[str, int]
    """Role -> column index; account_name may be missing (the id is shown instead)."""
    attributes: list[tuple[str, int]]
    """The other named columns (industry, size, region...): kept as demographic attributes."""
    decimal_mark: str = "."
    """'.' or ',': the sample's unambiguous amounts decide (1.200,50 / 12,5), else ',' in a
    ';' file (spreadsheets that separate with ';' write 12,50) and '.' elsewhere."""
    plain_amounts: bool = True
    """Every sampled amount a bare number: the engine reads them at full speed. Otherwise (or
    when one further down is not) amounts are read as text and cleaned in SQL."""
    date_format: str | None = None
    """--date-format: dates read as text with this strftime format (a time part allowed)."""


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except FileNotFoundError:
        raise CoachError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CoachError(f"{path}: is a folder; give a CSV file") from None
    except OSError as exc:
        raise CoachError(f"{path}: cannot read: {exc.strerror}") from None
    if b"\x00" in head:  # /dev/zero, a spreadsheet's .xlsx, a UTF-16 export
        raise CoachError(f"{path}: not a CSV text file (it holds binary data); save it from "
                         "the spreadsheet as 'CSV UTF-8'")
    return head


def _first_line(path: Path, head: bytes) -> str:
    line = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CoachError(f"{path}: not UTF-8 text; save it from the spreadsheet as "
                         "'CSV UTF-8'") from None
    if not text.strip() and not head.strip():
        raise CoachError(f"{path}: the file is empty")
    if not text.strip():
        raise CoachError(f"{path}:1: the first line is blank; it must name the columns")
    return text


def _sample(head: bytes, delimiter: str, column: int) -> list[str]:
    """The non-blank cells of one column in the first 64 KB (a line cut short left out)."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()[1:]
    if len(head) == 1 << 16:
        lines = lines[:-1]
    try:
        return [row[column].strip() for row in csv.reader(lines, delimiter=delimiter)
                if len(row) > column and row[column].strip()]
    except csv.Error:
        return []


# Amounts as CRM exports write them: a currency symbol before or after, thousands grouped
# with ',', '.', spaces or apostrophes. The same rules in Python (the sample) and SQL (rows).
# Patterns use the characters themselves (not \u escapes): DuckDB's RE2 reads them too.
SYMBOLS = "$€£¥₹"
GROUPING = " \u00a0\u202f'’"
_BLANK = " \u00a0"
_LEAD = "^([+-]?)[" + _BLANK + "]*[" + SYMBOLS + "][" + _BLANK + "]*"
_TRAIL = "[" + _BLANK + "]*[" + SYMBOLS + "]$"
_SPACED = r"[+-]?\d{1,3}([" + GROUPING + r"]\d{3})+([.,]\d+)?"


_LEAD_RE, _TRAIL_RE, _SPACED_RE = re.compile(_LEAD), re.compile(_TRAIL), re.compile(_SPACED)
_GROUPING_RE = re.compile(f"[{GROUPING}]")


def clean_amount(value: str) -> str:
    """'$ 1 200,50' -> '1200,50': the symbol and space/apostrophe grouping gone."""
    text = _TRAIL_RE.sub("", _LEAD_RE.sub(r"\1", value.strip()))
    if _SPACED_RE.fullmatch(text):
        text = _GROUPING_RE.sub("", text)
    return text


def _mark_of(text: str) -> str | None:
    """The decimal mark an amount shows beyond doubt, or None (1,200 could be either)."""
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        return "." if dot > comma else ","
    sep = "." if dot >= 0 else "," if comma >= 0 else None
    if sep is None:
        return None
    if text.count(sep) > 1:
        return "," if sep == "." else "."
    whole, frac = text.lstrip("+-").split(sep)
    if len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        return None
    return sep


def amount_style(values: list[str], delimiter: str) -> tuple[str, bool]:
    """(decimal mark, all plain numbers) for a sample of amounts."""
    cleaned = [clean_amount(v) for v in values]
    votes = [m for m in map(_mark_of, cleaned) if m]
    mark = (max(".,", key=votes.count) if votes
            else "," if delimiter == ";" else ".")
    plain = re.compile(rf"[+-]?\d+(\{mark}\d+)?" + (r"([eE][+-]?\d+)?" if mark == "." else ""))
    return mark, all(plain.fullmatch(v) for v in values)


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter))


def read_layout(path: Path, columns: dict[str, str], date_format: str | None = None) -> Layout:
    """Sniff the delimiter from the header and find each role's column (exact, then any case)."""
    path = Path(path)
    head = _head(path)
    line = _first_line(path, head)
    delimiter = max(DELIMITERS, key=lambda d: (len(_split(line, d)), -DELIMITERS.index(d)))
    header = [name.strip() for name in _split(line, delimiter)]
    seen: dict[str, str] = {}
    dupes: list[str] = []
    for name in header:
        if name and name.casefold() in seen and name not in dupes:
            dupes.append(name)
        seen.setdefault(name.casefold(), name)
    if dupes:
        raise CoachError(f"{path}:1: duplicate column {'name' if len(dupes) == 1 else 'names'}"
                         f" in the header: {', '.join(dupes)}")

    roles: dict[str, int] = {}
    for role in ROLES:
        wanted = columns.get(role, role).strip()
        exact = [i for i, name in enumerate(header) if name == wanted]
        loose = [i for i, name in enumerate(header) if name.casefold() == wanted.casefold()]
        if exact or loose:
            roles[role] = (exact or loose)[0]
    missing = [role for role in REQUIRED if role not in roles]
    if missing:
        named = ", ".join(role if columns.get(role, role) == role
                          else f"{role} (as {columns[role]!r})" for role in missing)
        found = ", ".join(repr(n[:40]) for n in header if n) or "none"
        if len(found) > 200:  # a binary file's "header" must not fill the screen
            found = found[:200] + "…"
        raise CoachError(f"{path}: missing {'column' if len(missing) == 1 else 'columns'} "
                         f"{named}; found {found} "
                         f"(map one with --map {missing[0]}=\"Your column\")")
    for role, index in roles.items():
        other = next((r for r, i in roles.items() if i == index and r != role), None)
        if other is not None and columns.get(role, role) != role:
            raise UsageError(f"--map {role}={columns[role]}: {header[index]!r} is already the "
                             f"{other} column; each role needs a column of its own")
    taken = set(roles.values())
    attributes = [(name, i) for i, name in enumerate(header) if name and i not in taken]
    mark, plain = amount_style(_sample(head, delimiter, roles["amount"]), delimiter)
    return Layout(path, delimiter, header, roles, attributes, mark, plain, date_format)


# --------------------------------------------------------------------------- reasons


# Placeholders a reason can use, and the rules (see AccountRules) where each has a value.
_ORDERS = ("frequency", "orders", "monetary", "recency_days", "recency", "last_ago",
           "first_days", "first_ago", "first_order", "last_order")
_ALWAYS = ("name", "account_id", "new_days", "trend_days", "multiple")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "potential": _ALWAYS,
    "new": _ALWAYS + _ORDERS,
    "lapsed": _ALWAYS + _ORDERS + ("usual_gap", "gap", "silent_gaps"),
    "spend_drop": _ALWAYS + _ORDERS + ("usual_gap", "gap", "recent", "prior", "drop_pct"),
    "loyal": _ALWAYS + _ORDERS + ("usual_gap", "gap"),
    "occasional": _ALWAYS + _ORDERS,
}


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(value: float) -> str:
    return f"{value:g}"


def _count_sql(expr: str, word: str) -> str:
    """'1 order' / '6 orders' in SQL."""
    return (f"format('{{:,}}', {expr}) || CASE WHEN {expr} = 1 THEN ' {word}' "
            f"ELSE ' {word}s' END")


def _ago_sql(expr: str) -> str:
    return (f"CASE {expr} WHEN 0 THEN 'today' WHEN 1 THEN 'yesterday' "
            f"ELSE format('{{:,}}', {expr}) || ' days ago' END")


def _placeholder_sql(rules: AccountRules) -> dict[str, str]:
    money = "format('{{:,.0f}}', coalesce({}, 0))"
    gap = "CAST(round(usual_gap) AS BIGINT)"
    return {
        "name": "account_name",
        "account_id": "account_id",
        "frequency": "CAST(frequency AS VARCHAR)",
        "orders": _count_sql("frequency", "order"),
        "monetary": money.format("monetary"),
        "recency_days": "CAST(recency_days AS VARCHAR)",
        "recency": _count_sql("recency_days", "day"),
        "last_ago": _ago_sql("recency_days"),
        "first_days": "CAST(first_days AS VARCHAR)",
        "first_ago": _ago_sql("first_days"),
        "first_order": "CAST(first_order AS VARCHAR)",
        "last_order": "CAST(last_order AS VARCHAR)",
        "usual_gap": f"CAST({gap} AS VARCHAR)",
        "gap": _count_sql(gap, "day"),
        "silent_gaps": "format('{:.1f}', recency_days / greatest(usual_gap, 1))",
        "recent": money.format("recent_spend"),
        "prior": money.format("prior_spend"),
        "drop_pct": "CAST(CAST(round(100 * (1 - coalesce(recent_spend, 0) / prior_spend)) "
                    "AS BIGINT) AS VARCHAR)",
        "new_days": _sql_text(str(rules.new_days)),
        "trend_days": _sql_text(str(rules.trend_days)),
        "multiple": _sql_text(_number(rules.at_risk_gap_multiple)),
    }


def reason_sql(rule: str, template: str, rules: AccountRules) -> str:
    """A reason template as one SQL expression; unknown placeholders name the playbook field."""
    where = f"segmentation playbook: accounts.reasons.{rule}"
    allowed = PLACEHOLDERS[rule]
    sql = _placeholder_sql(rules)
    parts: list[str] = []
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise CoachError(f"{where}: {exc} (write a literal brace as {{{{ or }}}})") from None
    for literal, name, spec, conversion in pieces:
        if literal:
            parts.append(_sql_text(literal))
        if name is None:
            continue
        if name not in allowed:
            raise CoachError(f"{where}: unknown placeholder {{{name}}}; "
                             f"use one of: {', '.join(allowed)}")
        if spec or conversion:
            raise CoachError(f"{where}: {{{name}}} takes no format; write just {{{name}}}")
        parts.append(f"coalesce({sql[name]}, '?')")
    return " || ".join(parts) or "''"


# --------------------------------------------------------------------------- the scan


@dataclass
class Segmented:
    """The staged accounts, held in DuckDB (table `accounts`) until rendered."""

    con: DuckDBPyConnection
    layout: Layout
    rules: AccountRules
    as_of: date
    priorities: dict[str, int]
    rows: int
    skipped: int
    accounts: int
    future: int = 0
    """Orders dated after `as_of`: left out, as if not placed yet."""
    attributes: list[str] = field(default_factory=list)

    def table(self) -> str:
        """The staged accounts' table."""
        return "accounts"


def _csv_source(layout: Layout, skip_bad: bool, text_amounts: bool, text_dates: bool) -> str:
    """The reader: the sniffed delimiter, every column by position, date and amount typed
    unless read as text (then parsed in SQL). Typed columns let the engine parse at full
    speed and name the file line of a value it cannot read; everything else stays text."""
    types = {}
    if not text_dates:
        types[layout.roles["order_date"]] = "DATE"
    if not text_amounts:
        types[layout.roles["amount"]] = "DOUBLE"
    names = ", ".join(f"'c{i}': '{types.get(i, 'VARCHAR')}'" for i in range(len(layout.header)))
    options = [f"delim={_sql_text(layout.delimiter)}", "header=true", "auto_detect=false",
               f"columns={{{names}}}", "quote='\"'", "escape='\"'"]
    if layout.decimal_mark == "," and not text_amounts:
        options.append("decimal_separator=','")
    if skip_bad:
        options += ["ignore_errors=true", "store_rejects=true"]
    return f"read_csv({_sql_text(str(layout.path))}, {', '.join(options)})"


def _amount_sql(s: str, mark: str) -> str:
    """A cleaned amount (see clean_amount) as a number, or NULL if it is not one. Grouping
    that shows itself (1,200.50 / 1.200.000) is read whatever the mark; a lone separator
    before three digits (1,200) follows the file's decimal mark."""
    num = "CAST({} AS DOUBLE)".format
    drop_comma, drop_dot = f"replace({s}, ',', '')", f"replace({s}, '.', '')"
    european = f"replace({drop_dot}, ',', '.')"
    rules = [
        (r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?" if mark == "." else r"[+-]?\d+", s),
        (r"[+-]?\d{1,3}(,\d{3})+\.\d+", drop_comma),
        (r"[+-]?\d{1,3}(\.\d{3})+,\d+", european),
        (r"[+-]?\d{1,3}(,\d{3}){2,}", drop_comma),
        (r"[+-]?\d{1,3}(\.\d{3}){2,}", drop_dot),
        (r"[+-]?[1-9]\d{0,2}[.,]\d{3}", drop_comma if mark == "." else european),
        (r"[+-]?(\d+[.,]\d*|[.,]\d+)", f"replace({s}, ',', '.')"),
    ]
    whens = " ".join(f"WHEN regexp_full_match({s}, {_sql_text(p)}) THEN {num(e)}"
                     for p, e in rules)
    return f"CASE {whens} END"


def _lambda(new_syntax: bool, params: str, body: str) -> str:
    """A list lambda in the engine's syntax: `lambda x: ...` since DuckDB 1.3 (the arrow is
    refused from 2.0), `x -> ...` before."""
    return f"lambda {params}: {body}" if new_syntax else f"({params}) -> {body}"


def _version(engine) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", engine.__version__)[:2])


def _row_sql(layout: Layout, as_of: date, text_amounts: bool, only: str | None = None,
             attributes: bool = True, raw: bool = False, skip_bad: bool = False) -> str:
    """One row per CSV row: id, name, the order date `d`, `amt`, `bad` (an order whose date
    or amount cannot be read), `future` (dated after `as_of`), the attributes.

    A bad or future row's date is blanked, so it adds no order and counts only as what it is;
    a row dated after `as_of` is never bad (a planned order may have no amount yet).
    Text columns are parsed here: amounts cleaned of symbols and grouping, dates with
    --date-format (a time part after it is allowed). One account (`only`) is read all as
    text and parsed after the filter, so another account's bad row cannot stop it. `raw`
    keeps the cells as written and numbers the rows in file order (`rn`, on one thread)."""
    r = layout.roles
    day = f"DATE '{as_of.isoformat()}'"
    text_dates = layout.date_format is not None or only is not None
    text_amounts = text_amounts or only is not None
    name = f"c{r['account_name']}" if "account_name" in r else "NULL"
    attrs = "".join(f", c{i} AS a{i}" for _, i in layout.attributes) if attributes else ""
    number = "row_number() OVER () AS rn, " if raw else ""
    rows = (f"SELECT {number}c{r['account_id']} AS id, {name} AS name, "
            f"c{r['order_date']} AS draw, c{r['amount']} AS araw{attrs} "
            f"FROM {_csv_source(layout, skip_bad, text_amounts, text_dates)}")
    if only is not None:
        rows = f"SELECT * FROM ({rows}) WHERE trim(id) = {_sql_text(only)}"
    amt = "araw"
    if text_amounts:
        rows = (f"SELECT *, regexp_replace(regexp_replace(trim(araw), {_sql_text(_LEAD)}, "
                f"'\\1'), {_sql_text(_TRAIL)}, '') AS t FROM ({rows})")
        rows = (f"SELECT *, CASE WHEN regexp_full_match(t, {_sql_text(_SPACED)}) THEN "
                f"regexp_replace(t, {_sql_text(f'[{GROUPING}]')}, '', 'g') ELSE t END AS s "
                f"FROM ({rows})")
        amt = _amount_sql("s", layout.decimal_mark)
    d, unread = "draw", "false"
    if layout.date_format is not None:
        formats = ", ".join(_sql_text(layout.date_format + extra)
                            for extra in ("", " %H:%M", " %H:%M:%S"))
        d = f"CAST(try_strptime(trim(draw), [{formats}]) AS DATE)"
    elif text_dates:
        d = "TRY_CAST(trim(draw) AS DATE)"
    if text_dates:
        unread = "nullif(trim(draw), '') IS NOT NULL"
    # 1e400 reads as infinity: refused like 'inf', as a bad amount
    rows = (f"SELECT *, {d} AS d0, CASE WHEN isfinite(CAST(a_ AS DOUBLE)) THEN a_ END AS amt "
            f"FROM (SELECT *, {amt} AS a_ FROM ({rows}))")
    rows = f"SELECT *, coalesce(d0 > {day}, false) AS future FROM ({rows})"
    rows = (f"SELECT *, NOT future AND coalesce((d0 IS NOT NULL AND amt IS NULL) "
            f"OR (d0 IS NULL AND {unread}), false) AS bad FROM ({rows})")
    keep = ", rn, d0, draw, araw" if raw else ""
    cols = "".join(f", a{i}" for _, i in layout.attributes) if attributes else ""
    return (f"SELECT id, name, CASE WHEN bad OR future THEN NULL ELSE d0 END AS d, amt, bad, "
            f"future{cols}{keep} FROM ({rows})")


def _aggregate_sql(layout: Layout, rules: AccountRules, as_of: date, text_amounts: bool,
                   only: str | None, attributes: bool, skip_bad: bool, tidy: bool,
                   top_n: bool = True) -> str:
    """Per account id: rows, bad rows, orders after `as_of`, orders, value, first and last
    order, the days of the last `gap_orders` orders, newest first (for the usual gap: a
    bounded heap costs less than every day sorted), spend in the two trend windows.

    The id is taken as written; `tidy` trims it (' A1' and 'A1' are one account), which
    costs a little on every row, so it is only asked for when some id needs it. `top_n`:
    the engine has max(x, n) (DuckDB 1.1); before, every day is listed and sorted."""
    day = f"DATE '{as_of.isoformat()}'"
    trend = rules.trend_days
    days = (f"max(d, {rules.gap_orders})" if top_n else
            f"list_reverse_sort(list(d) FILTER (WHERE d IS NOT NULL))[1:{rules.gap_orders}]")
    key = "nullif(trim(id), '')" if tidy else "id"
    attrs = "".join(f", max(a{i}) AS a{i}" for _, i in layout.attributes) if attributes else ""
    return f"""
        SELECT {key} AS id, max(name) AS name, count(*) - count_if(future) AS n_rows,
               count_if(bad) AS bad_rows, count_if(future) AS future,
               count(d) AS frequency, sum(amt) FILTER (WHERE d IS NOT NULL) AS monetary,
               min(d) AS first_order, max(d) AS last_order,
               {days} AS days,
               sum(amt) FILTER (WHERE d > {day} - {trend}) AS recent_spend,
               sum(amt) FILTER (WHERE d > {day} - {2 * trend} AND d <= {day} - {trend})
                 AS prior_spend{attrs}
        FROM ({_row_sql(layout, as_of, text_amounts, only, attributes, skip_bad=skip_bad)})
        GROUP BY 1"""


def _stage_sql(layout: Layout, rules: AccountRules, as_of: date,
               priorities: dict[str, int], attributes: bool, new_lambdas: bool,
               source: str) -> str:
    """Metrics, then the first rule that matches, its stage, its reason, and whether to call.

    The usual gap is the median of the gaps between consecutive order days, over the last
    `gap_orders` orders: one long silence (a year off, then one order) must not stretch it,
    or the silence that follows looks normal; and the recent rhythm is the one that counts.
    Same-day orders are one visit (a gap of 0 is not a rhythm).

    One statement from the file to the staged table `accounts`, in call order, so the
    engine stages and sorts the 100,000 accounts on every core as they leave the aggregate
    (a table of them is scanned by one core). `keep` is false for the groups that are no
    account (no id, only bad rows)."""
    day = f"DATE '{as_of.isoformat()}'"
    stage_of = {"potential": "potential", "new": "new", "lapsed": "at-risk",
                "spend_drop": "at-risk", "loyal": "loyal", "occasional": rules.occasional_stage}
    reasons = "\n".join(
        f"WHEN {_sql_text(rule)} THEN {reason_sql(rule, getattr(rules.reasons, rule), rules)}"
        for rule in PLACEHOLDERS)
    stages = " ".join(f"WHEN {_sql_text(rule)} THEN {_sql_text(stage)}"
                      for rule, stage in stage_of.items())
    prio = " ".join(f"WHEN {_sql_text(s)} THEN {int(p)}" for s, p in priorities.items())
    attrs = "".join(f", a{i}" for _, i in layout.attributes) if attributes else ""
    gaps = f"list_transform(s[2:], {_lambda(new_lambdas, 'x, i', 's[i] - x')})"
    median = f"list_median(list_filter({gaps}, {_lambda(new_lambdas, 'g', 'g > 0')}))"
    regular = f"frequency >= {rules.loyal_min_orders} AND usual_gap IS NOT NULL"
    return f"""
        CREATE OR REPLACE TEMP TABLE accounts AS
        WITH g AS (
          SELECT *, days AS s FROM ({source})
        ), m AS (
          SELECT id AS account_id, coalesce(name, id) AS account_name, frequency,
                 -- an account whose only orders are after --as-of was a prospect then
                 nullif(id, '') IS NOT NULL AND (n_rows > bad_rows OR future > 0) AS keep,
                 n_rows, bad_rows,
                 future,
                 round(coalesce(monetary, 0), 2) AS monetary, first_order, last_order,
                 round(recent_spend, 2) AS recent_spend, round(prior_spend, 2) AS prior_spend,
                 CASE WHEN prior_spend > 0 THEN CAST(round(100 * (coalesce(recent_spend, 0)
                   / prior_spend - 1)) AS BIGINT) END AS trend_pct,
                 {day} - last_order AS recency_days, {day} - first_order AS first_days,
                 CASE WHEN frequency >= 2 THEN {median} END AS usual_gap{attrs}
          FROM g
        ), r AS (
          SELECT *, CASE
            WHEN frequency = 0 THEN 'potential'
            WHEN first_days <= {rules.new_days} THEN 'new'
            WHEN {regular} AND recency_days > {rules.at_risk_gap_multiple} * usual_gap
              THEN 'lapsed'
            WHEN {regular} AND usual_gap <= {rules.trend_days} AND prior_spend > 0
                 AND coalesce(recent_spend, 0) <= prior_spend * {1 - rules.spend_drop}
              THEN 'spend_drop'
            WHEN {regular} THEN 'loyal'
            ELSE 'occasional' END AS rule
          FROM m
        ), st AS (
          SELECT *, CASE rule {stages} END AS stage FROM r
        )
        SELECT *, CASE rule {reasons} END AS reason,
               CASE stage {prio} ELSE 100 END AS priority,
               CASE WHEN stage <> 'loyal' THEN true
                    ELSE coalesce(recency_days >= {rules.review_gap_multiple} * usual_gap,
                                  false) END AS due
        FROM st ORDER BY {CALL_ORDER}"""


# --------------------------------------------------------------------------- errors


def _line_of(layout: Layout, record: int) -> int:
    """The file line where data record `record` (1-based, blank lines skipped) ends."""
    with open(layout.path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=layout.delimiter)
        next(reader, None)
        seen = 0
        for row in reader:
            if row:
                seen += 1
                if seen == record:
                    return reader.line_num
    return 0


def _physical_line(layout: Layout, record: int) -> int:
    """DuckDB numbers records (blank lines too, header = 1); editors number lines, and a
    quoted cell can span several. The line where record `record` ends."""
    try:
        with open(layout.path, encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.reader(handle, delimiter=layout.delimiter)
            for seen, _ in enumerate(reader, 1):
                if seen == record:
                    return reader.line_num
    except csv.Error:
        pass
    return record


def _not_a_date(layout: Layout, value: str) -> str:
    column = layout.header[layout.roles["order_date"]]
    if layout.date_format is not None:
        return f"{column!r} {value!r} is not a date in --date-format {layout.date_format}"
    return (f"{column!r} {value!r} is not a date (use YYYY-MM-DD, or say how it is written: "
            f"{DATE_HINT})")


def _first_bad(con, layout: Layout, as_of: date, text_amounts: bool, bad: int,
               only: str | None) -> CoachError:
    """The error for the first row with no id, or an order with no readable date or amount:
    the slow path, on bad input only."""
    con.execute("SET threads = 1")  # file order for row_number()
    rows = _row_sql(layout, as_of, text_amounts, only, attributes=False, raw=True)
    found = con.execute(f"""
        SELECT rn, id, d0, CAST(draw AS VARCHAR), CAST(araw AS VARCHAR) FROM ({rows})
        WHERE nullif(trim(id), '') IS NULL OR bad
        ORDER BY rn LIMIT 1""").fetchone()
    header, roles = layout.header, layout.roles
    amount = header[roles["amount"]]
    line = _line_of(layout, found[0]) if found else 0
    if found is None:
        what = "a row with no account id or no amount"
    elif not (found[1] or "").strip():
        what = f"no {header[roles['account_id']]!r} (account id)"
    elif found[2] is None:
        what = _not_a_date(layout, (found[3] or "").strip())
    elif (found[4] or "").strip():
        value = found[4].strip()
        what = f"{amount!r} {value!r} is not a number" + (
            " (too large, or infinite)" if value.lower().lstrip("+-") in ("inf", "infinity")
            else "")
    else:
        what = f"the order of {found[3].strip()} has no {amount!r}"
    more = f" ({bad - 1:,} more such {'row' if bad == 2 else 'rows'})" if bad > 1 else ""
    return CoachError(f"{layout.path}:{line}: {what}{more}; fix the file, or pass --skip-bad "
                      "to leave such rows out")


_CONVERT = re.compile(r'converting column "c(\d+)"\. Could not convert string "(.*)" to')


def _read_error(layout: Layout, exc: Exception) -> CoachError:
    """DuckDB's multi-line CSV error as one line, at the file line it names."""
    text = str(exc)
    found = re.search(r"Line: (\d+)", text)
    where = (f"{layout.path}:{_physical_line(layout, int(found.group(1)))}" if found
             else str(layout.path))
    lines = [part.strip() for part in text.splitlines()[1:] if part.strip()]
    detail = next((part for part in lines if not part.startswith("Original Line")),
                  text.splitlines()[0] if text else "unknown error")
    convert = _CONVERT.search(text)
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if convert:
        index, value = int(convert.group(1)), convert.group(2)
        if index == layout.roles["order_date"]:
            detail = _not_a_date(layout, value)
        else:
            detail = f"{layout.header[index]!r} {value!r} is not a number"
    elif columns:
        detail = f"expected {columns.group(1)} columns, found {columns.group(2)}"
    elif "utf-8" in text.lower() or "unicode" in text.lower():
        detail = "not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'"
    elif "unterminated quote" in text.lower():
        detail = 'a quote (") opened in this row is never closed'
        if found and int(found.group(1)) > 1:  # the row starts after the one before ends
            start = _physical_line(layout, int(found.group(1)) - 1) + 1
            where = f"{layout.path}:{start}"
    elif not found:  # not a row of the file: the engine's own words mean nothing to a rep
        used = ", ".join(f"{role} = {layout.header[i]!r}" for role, i in layout.roles.items())
        return CoachError(f"{layout.path}: cannot read the orders with the columns {used}: "
                          "they do not hold what those roles need; check the header and --map")
    return CoachError(f"{where}: {detail}; fix the file, or pass --skip-bad to leave such "
                      "rows out")


def _amount_unread(layout: Layout, exc: Exception) -> bool:
    """Did the fast scan stop at an amount the engine cannot read as a bare number?"""
    found = _CONVERT.search(str(exc))
    return found is not None and int(found.group(1)) == layout.roles["amount"]


def check_date_format(value: str) -> str:
    """A --date-format the engine understands (strftime codes), or a UsageError."""
    if "%" not in value:
        raise UsageError(f"--date-format {value!r}: use strftime codes, e.g. %d/%m/%Y")
    engine = duckdb()
    try:
        engine.connect().execute("SELECT try_strptime('', ?)", [value])
    except engine.Error as exc:
        detail = str(exc).splitlines()[0].split(": ", 1)[-1]
        raise UsageError(f"--date-format {value!r}: {detail}") from None
    return value


# --------------------------------------------------------------------------- segment


def _scan(engine, layout: Layout, rules: AccountRules, as_of: date,
          priorities: dict[str, int], skip_bad: bool, only: str | None, attributes: bool,
          text_amounts: bool, tidy: bool = False):
    """One pass over the file into the table `accounts`; returns the connection, whether
    amounts were read as text, and the counts: rows, bad rows, orders after `as_of`, accounts,
    groups (accounts and the rows with no id).

    The engine reads bare numbers fastest; a file whose amounts carry symbols or grouping
    (1,200.50 $) is read again with amounts as text, cleaned in SQL. An id written with
    spaces around it (' A1') makes a second pass that trims every id."""
    con = engine.connect()
    con.execute("SET preserve_insertion_order = false")
    version = _version(engine)
    source = _aggregate_sql(layout, rules, as_of, text_amounts, only, attributes, skip_bad,
                            tidy, top_n=version >= (1, 1))
    again = None
    try:
        con.execute(_stage_sql(layout, rules, as_of, priorities, attributes,
                               version >= (1, 3), source))
    except engine.Error as exc:
        if text_amounts or not _amount_unread(layout, exc):
            raise _read_error(layout, exc) from None
        again = (True, tidy)
    if again is None and skip_bad and not text_amounts and con.execute(
            "SELECT count(*) FROM reject_errors WHERE column_name = ?",
            [f"c{layout.roles['amount']}"]).fetchone()[0]:
        again = (True, tidy)
    if again is None:
        *counts, untidy = con.execute("""
            SELECT coalesce(sum(n_rows), 0),
                   coalesce(sum(CASE WHEN nullif(account_id, '') IS NULL THEN n_rows
                                     ELSE bad_rows END), 0),
                   coalesce(sum(future), 0), coalesce(count_if(keep), 0), count(*),
                   coalesce(bool_or(account_id <> trim(account_id)), false)
            FROM accounts""").fetchone()
        if tidy or not untidy:
            return con, text_amounts, counts
        again = (text_amounts, True)
    con.close()
    return _scan(engine, layout, rules, as_of, priorities, skip_bad, only, attributes, *again)


def segment(
    path: Path,
    rules: AccountRules | None = None,
    *,
    as_of: date | None = None,
    mapping: dict[str, str] | None = None,
    priorities: dict[str, int] | None = None,
    skip_bad: bool = False,
    only: str | None = None,
    date_format: str | None = None,
    attributes: bool = True,
) -> Segmented:
    """Read the export and stage every account (or just `only`); raise CoachError on bad input.

    `attributes=False` leaves the demographic columns unread (faster when nothing shows
    them: no --by, terminal or Markdown)."""
    rules = rules or AccountRules()
    as_of = as_of or date.today()
    priorities = {**DEFAULT_PRIORITY, **(priorities or {})}
    columns = {role: getattr(rules.columns, role) for role in ROLES}
    columns.update({k: v for k, v in (mapping or {}).items() if v})
    if date_format is not None:
        date_format = check_date_format(date_format)
    layout = read_layout(Path(path), columns, date_format)
    for rule in PLACEHOLDERS:  # template errors before the scan
        reason_sql(rule, getattr(rules.reasons, rule), rules)
    engine = duckdb()
    con, text_amounts, (rows, bad, future, count, groups) = _scan(
        engine, layout, rules, as_of, priorities, skip_bad, only, attributes,
        not layout.plain_amounts)
    if bad and not skip_bad:
        raise _first_bad(con, layout, as_of, text_amounts, bad, only)
    rejected = 0
    if skip_bad:
        rejected = con.execute("SELECT count(*) FROM (SELECT DISTINCT scan_id, line "
                               "FROM reject_errors)").fetchone()[0]
    if rows - bad == 0 and only is None:
        if bad or rejected:
            raise CoachError(f"{layout.path}: every row is bad ({bad + rejected:,} skipped); "
                             "nothing to segment")
        if future:
            raise CoachError(f"{layout.path}: every order is after {as_of.isoformat()} "
                             f"({plural(future, 'order')}); nothing to segment (see --as-of)")
        raise CoachError(f"{layout.path}: no rows under the header; nothing to segment")
    if count < groups:
        con.execute("DELETE FROM accounts WHERE NOT keep")
    con.execute("SET preserve_insertion_order = true")  # the table is in call order
    return Segmented(con, layout, rules, as_of, priorities, rows=rows - bad,
                     skipped=bad + rejected, accounts=count, future=future,
                     attributes=[name for name, _ in layout.attributes] if attributes else [])


# --------------------------------------------------------------------------- plain rows out


def _stage_order(seg: Segmented) -> list[str]:
    return sorted(seg.priorities, key=lambda s: (seg.priorities[s], s))


def summary(seg: Segmented) -> list[dict]:
    """Per stage, in call priority: accounts, revenue, their shares, the average value."""
    found = {row[0]: row[1:] for row in seg.con.execute(
        f"SELECT stage, count(*), sum(monetary) FROM {seg.table()} GROUP BY stage").fetchall()}
    total_n = sum(n for n, _ in found.values()) or 1
    total_v = sum(v for _, v in found.values()) or 0.0
    order = _stage_order(seg) + sorted(set(found) - set(seg.priorities))
    return [{
        "stage": stage, "accounts": n, "account_share": n / total_n, "revenue": v,
        "revenue_share": v / total_v if total_v else 0.0, "average": v / n if n else 0.0,
    } for stage in order for n, v in [found.get(stage, (0, 0.0))]]


def attribute(seg: Segmented, column: str) -> str:
    """The attribute column named `column` (any case); UsageError lists the ones there are."""
    for name in seg.attributes:
        if name == column or name.casefold() == column.casefold():
            return name
    have = ", ".join(seg.attributes) or "none (the file has only the role columns)"
    raise UsageError(f"--by: no column {column!r} among the attributes; the file has: {have}")


def summary_by(seg: Segmented, column: str) -> list[dict]:
    """Per value of a demographic attribute, most revenue first, with accounts per stage."""
    name = attribute(seg, column)
    index = dict(seg.layout.attributes)[name]
    stages = _stage_order(seg)
    counts = "".join(f", count_if(stage = {_sql_text(s)})" for s in stages)
    rows = seg.con.execute(f"""
        SELECT a{index}, count(*), sum(monetary){counts} FROM {seg.table()}
        GROUP BY a{index} ORDER BY sum(monetary) DESC, a{index} NULLS LAST""").fetchall()
    total = sum(r[2] for r in rows) or 0.0
    return [{
        "value": r[0], "accounts": r[1], "revenue": r[2],
        "revenue_share": r[2] / total if total else 0.0, "average": r[2] / r[1],
        "stages": dict(zip(stages, r[3:])),
    } for r in rows]


FIELDS = ("rank", "account_id", "account_name", "stage", "reason", "recency_days", "frequency",
          "monetary", "usual_gap_days", "trend_pct", "first_order", "last_order", "recent_spend",
          "prior_spend", "due", "rule")
"""Every account's fields, for the renderers and the brief (then `attributes`)."""
EXPORT = ("rank", "account_id", "account_name", "stage", "reason", "recency_days", "frequency",
          "monetary", "usual_gap_days", "trend_pct", "last_order", "due")
"""What --format csv writes for each account (then the attributes), and json without the rank
(its position): the stage and why, and the numbers behind it. Kept lean for speed: 100,000
accounts make 37 MB of JSON."""
_EXPR = {
    "usual_gap_days": "CAST(round(usual_gap) AS BIGINT)",
    "first_order": "CAST(first_order AS VARCHAR)",
    "last_order": "CAST(last_order AS VARCHAR)",
}


def _select(seg: Segmented, where: str = "", limit: int | None = None) -> list[tuple]:
    """Accounts in call order, as FIELDS then the attributes (rank = the position)."""
    attrs = "".join(f", a{i}" for _, i in seg.layout.attributes) if seg.attributes else ""
    cap = f" LIMIT {int(limit)}" if limit else ""
    rows = seg.con.execute(
        "SELECT account_id, account_name, stage, reason, recency_days, frequency, monetary, "
        "CAST(round(usual_gap) AS BIGINT), trend_pct, CAST(first_order AS VARCHAR), "
        f"CAST(last_order AS VARCHAR), recent_spend, prior_spend, due, rule{attrs} "
        f"FROM {seg.table()} {where} ORDER BY {CALL_ORDER}{cap}").fetchall()
    return [(rank, *row) for rank, row in enumerate(rows, 1)]


def _dicts(seg: Segmented, rows: list[tuple]) -> list[dict]:
    n = len(FIELDS)
    names = seg.attributes
    return [{**dict(zip(FIELDS, row[:n])), "attributes": dict(zip(names, row[n:]))}
            for row in rows]


def call_list(seg: Segmented, limit: int | None = None) -> list[dict]:
    """Who to call first: at-risk by value, new to onboard, loyal due a review, potentials."""
    return _dicts(seg, _select(seg, "WHERE due", limit))


def records(seg: Segmented) -> list[dict]:
    """Every account in call order (the ones not due last), as plain dicts."""
    return _dicts(seg, _select(seg))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def export_query(seg: Segmented, fmt: str) -> str:
    """The accounts in call order (the table's order) as the engine writes them: json = a
    list of objects, the attributes nested if read (no rank: the position is the rank); csv =
    one row each with a rank, the attributes as the last columns under their own names."""
    source = seg.table()
    fields = ", ".join(f"{_EXPR.get(name, name)} AS {name}" for name in EXPORT[1:])
    pairs = [(name, f"a{i}") for name, i in seg.layout.attributes] if seg.attributes else []
    if fmt == "json":
        attrs = ", ".join(f"{_sql_text(name)}: {col}" for name, col in pairs)
        attrs = f", {{{attrs}}} AS attributes" if pairs else ""
        return f"SELECT {fields}{attrs} FROM {source}"
    fields = ", ".join(f"{_formula_safe(_EXPR.get(name, name))} AS {name}"
                       if name in _TEXT else f"{_EXPR.get(name, name)} AS {name}"
                       for name in EXPORT[1:])
    attrs = "".join(f", {_formula_safe(col)} AS {_quote(csv_cell(name))}" for name, col in pairs)
    return f"SELECT row_number() OVER () AS rank, {fields}{attrs} FROM {source}"


_TEXT = ("account_id", "account_name", "reason")


def _formula_safe(expr: str) -> str:
    """coach.text.csv_cell in SQL: a text cell that a spreadsheet would run as a formula
    (=, +, -, @ first) gets a ' in front, as the journal's CSV export does."""
    leads = ", ".join(_sql_text(lead) for lead in FORMULA_LEADS)
    return f"CASE WHEN left({expr}, 1) IN ({leads}) THEN '''' || {expr} ELSE {expr} END"


_COPY = {"json": "FORMAT json, ARRAY true", "csv": "FORMAT csv, HEADER true"}


def export(seg: Segmented, fmt: str, target: Path, force: bool = False,
           flag: str = "--output", inputs: tuple | list = ()) -> None:
    """Every account as json or csv, written by the engine itself (COPY): 0.1 s and ~100 MB
    less than 37 MB of text through Python on 100,000 accounts. The promise of
    coach.writefile.write_new, kept the same way: a temp file in the target's folder renamed
    into place, never over an existing file unless forced, nothing left behind on error."""
    from coach.writefile import new_file

    engine = duckdb()
    with new_file(Path(target), force, flag, inputs) as tmp:
        try:
            seg.con.execute(f"COPY ({export_query(seg, fmt)}) TO {_sql_text(tmp)} "
                            f"({_COPY[fmt]})")
        except engine.Error as exc:
            raise CoachError(f"{flag}: cannot write {target}: "
                             f"{str(exc).splitlines()[0]}") from None


def dump(seg: Segmented, fmt: str, stream) -> None:
    """Every account as json or csv onto a text stream (stdout): the engine writes a temp
    file, copied across in chunks; no Python loop over the accounts."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="coach-accounts-") as folder:
        tmp = Path(folder) / f"accounts.{fmt}"
        seg.con.execute(f"COPY ({export_query(seg, fmt)}) TO {_sql_text(str(tmp))} "
                        f"({_COPY[fmt]})")
        with open(tmp, encoding="utf-8", newline="") as handle:
            shutil.copyfileobj(handle, stream, 1 << 20)


# --------------------------------------------------------------------------- one account


@dataclass(frozen=True)
class AccountRecord:
    """One account as the brief needs it: who, which stage, why, and the numbers behind it."""

    account_id: str
    account_name: str
    stage: str
    reason: str
    recency_days: int | None
    frequency: int
    monetary: float
    usual_gap_days: int | None
    """The median gap between consecutive order days."""
    trend_pct: int | None
    """Spend in the last trend window against the one before, in percent (-62 = down 62%)."""
    first_order: str | None
    last_order: str | None
    recent_spend: float | None
    prior_spend: float | None
    due: bool
    """In the call list: not a loyal account that ordered within its usual gap."""
    rule: str
    """Which rule staged it: potential, new, lapsed, spend_drop, loyal or occasional."""
    attributes: dict[str, str | None]
    skipped: int = 0
    """Rows of the file that could not be read (bad dates or amounts) and were left out."""


def rules_from(books: Playbooks | None) -> tuple[AccountRules, dict[str, int]]:
    """The account rules and the stage priorities from loaded playbooks (defaults if absent)."""
    seg = getattr(books, "segmentation", None)
    rules = seg.accounts if seg is not None else AccountRules()
    priorities = {sid: stage.priority for sid, stage in getattr(books, "stages", {}).items()}
    return rules, priorities


def account_record(path: Path, account_id: str, books: Playbooks | None = None,
                   as_of: date | None = None, mapping: dict[str, str] | None = None,
                   skip_bad: bool = False, date_format: str | None = None) -> AccountRecord:
    """One account's stage and reason, for `coach prep --accounts FILE --account ID`."""
    rules, priorities = rules_from(books)
    seg = segment(path, rules, as_of=as_of, mapping=mapping, priorities=priorities,
                  skip_bad=skip_bad, only=account_id.strip(), date_format=date_format)
    found = records(seg)
    if not found:
        unread = (f"; {plural(seg.skipped, 'row')} could not be read (dates in another "
                  f"format?): 'coach accounts segment {path}' names them") if seg.skipped else ""
        raise CoachError(f"{path}: no account with id {account_id!r}{unread}")
    found[0].pop("rank")
    return AccountRecord(**found[0], skipped=seg.skipped)
