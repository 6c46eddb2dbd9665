"""CRM export -> each account's lifecycle stage, the reason in words, and who to call first.

The rows are read, aggregated and staged by DuckDB in SQL: a Python loop over a million order
rows costs seconds, the engine well under one. The rules and the reason wording come from the
segmentation playbook (`accounts:`), so a trainer tunes them without touching code. DuckDB is
imported only here, inside functions, so no other command pays for it.

Pipeline: `read_layout` (the header, in Python: delimiter, BOM, roles, duplicates) ->
`segment` (one scan: per-account aggregates, then rules and reasons) -> plain rows for the
renderers (`summary`, `summary_by`, `call_list`, `records`, `json_text`, `csv_text`).
"""

from __future__ import annotations

import csv
import io
import re
import string
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coach.errors import CoachError, UsageError
from coach.playbook.kinds.segmentation import AccountRules

# The call order: accounts due a call first, by stage priority, most valuable first.
CALL_ORDER = "due DESC, priority, monetary DESC, account_id"
ROLES = ("account_id", "account_name", "order_date", "amount")
REQUIRED = ("account_id", "order_date", "amount")
DELIMITERS = (",", ";", "\t", "|")
DEFAULT_PRIORITY = {"at-risk": 10, "new": 20, "loyal": 30, "potential": 40}
INSTALL = "coach accounts needs DuckDB: pip install 'coach[accounts]'"


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
    """What the header says: the delimiter, the columns, and which column plays which role."""

    path: Path
    delimiter: str
    header: list[str]
    roles: dict[str, int]
    """Role -> column index; account_name may be missing (the id is shown instead)."""
    attributes: list[tuple[str, int]]
    """The other named columns (industry, size, region...): kept as demographic attributes."""
    decimal_comma: bool = False
    """Amounts written 12,50 (spreadsheets that separate with ';' do)."""


def _first_line(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except FileNotFoundError:
        raise CoachError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CoachError(f"{path}: is a folder; give a CSV file") from None
    except OSError as exc:
        raise CoachError(f"{path}: cannot read: {exc.strerror}") from None
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


def _decimal_comma(path: Path, delimiter: str, column: int) -> bool:
    """In a ';' file, do the first amounts use a decimal comma (12,50) and never a point?"""
    if delimiter != ";":
        return False
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        head = handle.read(1 << 16)
        lines = head.splitlines()[1:]
        if len(head) == 1 << 16:
            lines = lines[:-1]  # maybe cut short
    values = [row[column].strip() for row in csv.reader(lines, delimiter=delimiter)
              if len(row) > column and row[column].strip()]
    return any(re.fullmatch(r"-?\d*,\d+", v) for v in values) and not any("." in v
                                                                         for v in values)


def _split(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter))


def read_layout(path: Path, columns: dict[str, str]) -> Layout:
    """Sniff the delimiter from the header and find each role's column (exact, then any case)."""
    path = Path(path)
    line = _first_line(path)
    delimiter = max(DELIMITERS, key=lambda d: (len(_split(line, d)), -DELIMITERS.index(d)))
    header = [name.strip() for name in _split(line, delimiter)]
    seen: dict[str, str] = {}
    dupes: list[str] = []
    for name in header:
        if name and name.casefold() in seen and name not in dupes:
            dupes.append(name)
        seen.setdefault(name.casefold(), name)
    if dupes:
        raise CoachError(f"{path}:1: duplicate column name(s) in the header: {', '.join(dupes)}")

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
        found = ", ".join(repr(n) for n in header if n) or "none"
        raise CoachError(f"{path}: missing column(s) {named}; found {found} "
                         f"(map one with --map {missing[0]}=\"Your column\")")
    taken = set(roles.values())
    attributes = [(name, i) for i, name in enumerate(header) if name and i not in taken]
    return Layout(path, delimiter, header, roles, attributes,
                  _decimal_comma(path, delimiter, roles["amount"]))


# --------------------------------------------------------------------------- reasons


# Placeholders a reason can use, and the rules (see AccountRules) where each has a value.
_ORDERS = ("frequency", "monetary", "recency_days", "first_days", "first_order", "last_order")
_ALWAYS = ("name", "account_id", "new_days", "trend_days", "multiple")
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "potential": _ALWAYS,
    "new": _ALWAYS + _ORDERS,
    "lapsed": _ALWAYS + _ORDERS + ("usual_gap", "silent_gaps"),
    "spend_drop": _ALWAYS + _ORDERS + ("usual_gap", "recent", "prior", "drop_pct"),
    "loyal": _ALWAYS + _ORDERS + ("usual_gap",),
    "occasional": _ALWAYS + _ORDERS,
}


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number(value: float) -> str:
    return f"{value:g}"


def _placeholder_sql(rules: AccountRules) -> dict[str, str]:
    money = "format('{{:,.0f}}', coalesce({}, 0))"
    return {
        "name": "account_name",
        "account_id": "account_id",
        "frequency": "CAST(frequency AS VARCHAR)",
        "monetary": money.format("monetary"),
        "recency_days": "CAST(recency_days AS VARCHAR)",
        "first_days": "CAST(first_days AS VARCHAR)",
        "first_order": "CAST(first_order AS VARCHAR)",
        "last_order": "CAST(last_order AS VARCHAR)",
        "usual_gap": "CAST(CAST(round(usual_gap) AS BIGINT) AS VARCHAR)",
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
    """The staged accounts, held in DuckDB (view `staged`) until rendered."""

    con: object
    layout: Layout
    rules: AccountRules
    as_of: date
    priorities: dict[str, int]
    rows: int
    skipped: int
    accounts: int
    attributes: list[str] = field(default_factory=list)
    materialized: bool = False

    def table(self) -> str:
        """The staged accounts as a table, computed once, for renderers that query it often."""
        if not self.materialized:
            self.con.execute("CREATE OR REPLACE TEMP TABLE accounts AS SELECT * FROM staged")
            self.materialized = True
        return "accounts"


def _csv_source(layout: Layout, skip_bad: bool = False) -> str:
    """The reader: the sniffed delimiter, every column by position, date and amount typed.

    Typed columns let the engine parse dates (a time part is dropped) and numbers at full speed
    and name the file line of a value it cannot read; everything else stays text."""
    types = {layout.roles["order_date"]: "DATE", layout.roles["amount"]: "DOUBLE"}
    names = ", ".join(f"'c{i}': '{types.get(i, 'VARCHAR')}'" for i in range(len(layout.header)))
    options = [f"delim={_sql_text(layout.delimiter)}", "header=true", "auto_detect=false",
               f"columns={{{names}}}", "quote='\"'", "escape='\"'"]
    if layout.decimal_comma:
        options.append("decimal_separator=','")
    if skip_bad:
        options += ["ignore_errors=true", "store_rejects=true"]
    return f"read_csv({_sql_text(str(layout.path))}, {', '.join(options)})"


def _row_sql(layout: Layout, skip_bad: bool, only: str | None = None) -> str:
    """One row per CSV row: id, name, date, amount, attributes; `bad` = an order with no amount.

    With --skip-bad a bad row's date is blanked, so it adds no order and counts only as bad."""
    r = layout.roles
    name = f"c{r['account_name']}" if "account_name" in r else "NULL"
    attrs = "".join(f", c{i} AS a{i}" for _, i in layout.attributes)
    where = f" WHERE trim(c{r['account_id']}) = {_sql_text(only)}" if only is not None else ""
    rows = (f"SELECT c{r['account_id']} AS id, {name} AS name, c{r['order_date']} AS d, "
            f"c{r['amount']} AS amt{attrs} FROM {_csv_source(layout, skip_bad)}{where}")
    if not skip_bad:
        return rows
    return (f"SELECT * REPLACE (CASE WHEN bad THEN NULL ELSE d END AS d), bad FROM ("
            f"SELECT *, d IS NOT NULL AND amt IS NULL AS bad FROM ({rows}))")


def _aggregate_sql(layout: Layout, rules: AccountRules, as_of: date, skip_bad: bool,
                   only: str | None) -> str:
    """Per account id as written: rows, bad rows, orders, value, first and last order, and
    spend in the two trend windows. Orders after `as_of` are left out, as if not placed yet."""
    day = f"DATE '{as_of.isoformat()}'"
    trend = rules.trend_days
    bad = "bad" if skip_bad else "d IS NOT NULL AND amt IS NULL"
    attrs = "".join(f", max(a{i}) AS a{i}" for _, i in layout.attributes)
    return f"""
        CREATE OR REPLACE TEMP TABLE agg_raw AS
        SELECT id, max(name) AS name, count(*) AS n_rows, count_if({bad}) AS bad_rows,
               count(d) AS frequency, sum(amt) FILTER (WHERE d IS NOT NULL) AS monetary,
               min(d) AS first_order, max(d) AS last_order,
               sum(amt) FILTER (WHERE d > {day} - {trend}) AS recent_spend,
               sum(amt) FILTER (WHERE d > {day} - {2 * trend} AND d <= {day} - {trend})
                 AS prior_spend{attrs}
        FROM ({_row_sql(layout, skip_bad, only)})
        WHERE d IS NULL OR d <= {day}
        GROUP BY id"""


def _regroup_sql(layout: Layout) -> str:
    """' A1' and 'A1' are one account: every aggregate above can be re-aggregated, so the
    100,000 groups are grouped again by the trimmed id (only when some id needs it)."""
    attrs = "".join(f", max(a{i}) AS a{i}" for _, i in layout.attributes)
    return f"""
        CREATE OR REPLACE TEMP TABLE agg AS
        SELECT nullif(trim(id), '') AS id, max(name) AS name,
               CAST(sum(n_rows) AS BIGINT) AS n_rows, CAST(sum(bad_rows) AS BIGINT) AS bad_rows,
               CAST(sum(frequency) AS BIGINT) AS frequency, sum(monetary) AS monetary,
               min(first_order) AS first_order, max(last_order) AS last_order,
               sum(recent_spend) AS recent_spend, sum(prior_spend) AS prior_spend{attrs}
        FROM agg_raw GROUP BY 1"""


def _stage_sql(layout: Layout, rules: AccountRules, as_of: date,
               priorities: dict[str, int]) -> str:
    """Metrics, then the first rule that matches, its stage, its reason, and whether to call."""
    day = f"DATE '{as_of.isoformat()}'"
    stage_of = {"potential": "potential", "new": "new", "lapsed": "at-risk",
                "spend_drop": "at-risk", "loyal": "loyal", "occasional": rules.occasional_stage}
    reasons = "\n".join(
        f"WHEN {_sql_text(rule)} THEN {reason_sql(rule, getattr(rules.reasons, rule), rules)}"
        for rule in PLACEHOLDERS)
    stages = " ".join(f"WHEN {_sql_text(rule)} THEN {_sql_text(stage)}"
                      for rule, stage in stage_of.items())
    prio = " ".join(f"WHEN {_sql_text(s)} THEN {int(p)}" for s, p in priorities.items())
    attrs = "".join(f", a{i}" for _, i in layout.attributes)
    regular = f"frequency >= {rules.loyal_min_orders}"
    return f"""
        CREATE OR REPLACE TEMP VIEW staged AS
        WITH m AS (
          SELECT id AS account_id, coalesce(name, id) AS account_name, frequency,
                 round(coalesce(monetary, 0), 2) AS monetary, first_order, last_order,
                 round(recent_spend, 2) AS recent_spend, round(prior_spend, 2) AS prior_spend,
                 CASE WHEN prior_spend > 0 THEN CAST(round(100 * (coalesce(recent_spend, 0)
                   / prior_spend - 1)) AS BIGINT) END AS trend_pct,
                 {day} - last_order AS recency_days, {day} - first_order AS first_days,
                 CASE WHEN frequency >= 2
                      THEN (last_order - first_order) / (frequency - 1) END AS usual_gap{attrs}
          FROM agg WHERE id IS NOT NULL AND n_rows > bad_rows
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
        ), s AS (
          SELECT *, CASE rule {stages} END AS stage FROM r
        )
        SELECT *, CASE rule {reasons} END AS reason,
               CASE stage {prio} ELSE 100 END AS priority,
               CASE WHEN stage <> 'loyal' THEN true
                    ELSE coalesce(recency_days >= {rules.review_gap_multiple} * usual_gap,
                                  false) END AS due
        FROM s"""


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


def _first_bad(con, layout: Layout, bad: int) -> CoachError:
    """The error for the first row with no id or no amount: the slow path, on bad input only."""
    con.execute("SET threads = 1")  # file order for row_number()
    found = con.execute(f"""
        SELECT rn, id, d FROM (
          SELECT row_number() OVER () AS rn, * FROM ({_row_sql(layout, False)}))
        WHERE nullif(trim(id), '') IS NULL OR (d IS NOT NULL AND amt IS NULL)
        ORDER BY rn LIMIT 1""").fetchone()
    header, roles = layout.header, layout.roles
    if found is None:
        what, line = "a row with no account id or no amount", 0
    elif not (found[1] or "").strip():
        what, line = f"no {header[roles['account_id']]!r} (account id)", _line_of(layout, found[0])
    else:
        what = f"the order of {found[2]} has no {header[roles['amount']]!r}"
        line = _line_of(layout, found[0])
    more = f" ({bad - 1} more such row(s))" if bad > 1 else ""
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
            detail = f"{layout.header[index]!r} {value!r} is not a date (use YYYY-MM-DD)"
        else:
            detail = f"{layout.header[index]!r} {value!r} is not a number"
    elif columns:
        detail = f"expected {columns.group(1)} columns, found {columns.group(2)}"
    elif "utf-8" in text.lower() or "unicode" in text.lower():
        detail = "not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'"
    return CoachError(f"{where}: {detail}; fix the file, or pass --skip-bad to leave such "
                      "rows out")


def segment(
    path: Path,
    rules: AccountRules | None = None,
    *,
    as_of: date | None = None,
    mapping: dict[str, str] | None = None,
    priorities: dict[str, int] | None = None,
    skip_bad: bool = False,
    only: str | None = None,
) -> Segmented:
    """Read the export and stage every account (or just `only`); raise CoachError on bad input."""
    rules = rules or AccountRules()
    as_of = as_of or date.today()
    priorities = {**DEFAULT_PRIORITY, **(priorities or {})}
    columns = {role: getattr(rules.columns, role) for role in ROLES}
    columns.update({k: v for k, v in (mapping or {}).items() if v})
    layout = read_layout(Path(path), columns)
    stage_sql = _stage_sql(layout, rules, as_of, priorities)  # template errors before the scan
    engine = duckdb()
    con = engine.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        con.execute(_aggregate_sql(layout, rules, as_of, skip_bad, only))
    except engine.Error as exc:
        raise _read_error(layout, exc) from None
    untidy = con.execute("SELECT count(*) FROM agg_raw WHERE id <> trim(id)").fetchone()[0]
    con.execute(_regroup_sql(layout) if untidy else
                "CREATE OR REPLACE TEMP VIEW agg AS SELECT * FROM agg_raw")
    rows, bad = con.execute("""
        SELECT coalesce(sum(n_rows), 0),
               coalesce(sum(CASE WHEN id IS NULL THEN n_rows ELSE bad_rows END), 0)
        FROM agg""").fetchone()
    if bad and not skip_bad:
        raise _first_bad(con, layout, bad)
    rejected = 0
    if skip_bad:
        rejected = con.execute("SELECT count(*) FROM (SELECT DISTINCT scan_id, line "
                               "FROM reject_errors)").fetchone()[0]
    if rows - bad == 0 and only is None:
        if bad or rejected:
            raise CoachError(f"{layout.path}: every row is bad ({bad + rejected} skipped); "
                             "nothing to segment")
        raise CoachError(f"{layout.path}: no rows under the header; nothing to segment")
    con.execute(stage_sql)
    count = con.execute("SELECT count(*) FROM agg WHERE id IS NOT NULL "
                        "AND n_rows > bad_rows").fetchone()[0]
    return Segmented(con, layout, rules, as_of, priorities, rows=rows - bad,
                     skipped=bad + rejected, accounts=count,
                     attributes=[name for name, _ in layout.attributes])


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
    attrs = "".join(f", a{i}" for _, i in seg.layout.attributes)
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


def _json_query(seg: Segmented) -> str:
    attrs = ", ".join(f"{_sql_text(name)}: a{i}" for name, i in seg.layout.attributes)
    fields = ", ".join(f"{_EXPR.get(name, name)} AS {name}" for name in EXPORT[1:])
    source = seg.table() if seg.materialized else "staged"
    return (f"SELECT {fields}, {f'{{{attrs}}}' if attrs else 'json_object()'} AS attributes "
            f"FROM {source} ORDER BY {CALL_ORDER}")


def json_text(seg: Segmented) -> str:
    """Every account as a JSON list in call order (the first to call first), one object a
    line, built by the engine. No rank field: the position is the rank, and numbering 100,000
    objects costs more than the rest of the output."""
    rows = seg.con.execute(
        f"SELECT CAST(to_json(s) AS VARCHAR) FROM ({_json_query(seg)}) s").fetchall()
    if not rows:
        return "[]\n"
    return "[\n  " + ",\n  ".join([row[0] for row in rows]) + "\n]\n"


def write_json(seg: Segmented, target: Path, force: bool = False, flag: str = "--output") -> None:
    """The JSON list written by the engine itself (COPY), for --output: 0.1 s and ~100 MB less
    than 37 MB of text through Python on 100,000 accounts. The promise of
    coach.writefile.write_new, kept the same way: a temp file in the target's folder renamed
    into place, never over an existing file unless forced, nothing left behind on error."""
    import os
    import tempfile

    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CoachError(f"{flag}: folder does not exist: {folder}")
    if target.is_dir():
        raise CoachError(f"{flag}: {target} is a folder; give a file name")
    if target.exists() and not force:
        raise CoachError(f"{flag}: {target} already exists (use --force to overwrite)")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write in {folder}: {exc.strerror}") from None
    engine = duckdb()
    try:
        seg.con.execute(f"COPY ({_json_query(seg)}) TO {_sql_text(tmp)} "
                        "(FORMAT json, ARRAY true)")
        if not force and target.exists():
            raise CoachError(f"{flag}: {target} already exists (use --force to overwrite)")
        os.replace(tmp, target)
    except engine.Error as exc:
        raise CoachError(f"{flag}: cannot write {target}: {str(exc).splitlines()[0]}") from None
    except OSError as exc:
        raise CoachError(f"{flag}: cannot write {target}: {exc.strerror}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def csv_text(seg: Segmented) -> str:
    """Every account, one row each, attributes as the last columns under their own names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*EXPORT, *seg.attributes])
    attrs = "".join(f", a{i}" for _, i in seg.layout.attributes)
    fields = ", ".join({**_EXPR, "due": "CAST(due AS VARCHAR)"}.get(name, name)
                       for name in EXPORT[1:])
    rows = seg.con.execute(
        f"SELECT {fields}{attrs} FROM {seg.table()} ORDER BY {CALL_ORDER}").fetchall()
    writer.writerows((rank, *row) for rank, row in enumerate(rows, 1))
    return out.getvalue()


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


def rules_from(books) -> tuple[AccountRules, dict[str, int]]:
    """The account rules and the stage priorities from loaded playbooks (defaults if absent)."""
    seg = getattr(books, "segmentation", None)
    rules = seg.accounts if seg is not None else AccountRules()
    priorities = {sid: stage.priority for sid, stage in getattr(books, "stages", {}).items()}
    return rules, priorities


def account_record(path: Path, account_id: str, books=None, as_of: date | None = None,
                   mapping: dict[str, str] | None = None,
                   skip_bad: bool = False) -> AccountRecord:
    """One account's stage and reason, for `coach prep --accounts FILE --account ID`."""
    rules, priorities = rules_from(books)
    seg = segment(path, rules, as_of=as_of, mapping=mapping, priorities=priorities,
                  skip_bad=skip_bad, only=account_id.strip())
    found = records(seg)
    if not found:
        raise CoachError(f"{path}: no account with id {account_id!r}")
    found[0].pop("rank")
    return AccountRecord(**found[0])
