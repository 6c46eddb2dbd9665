"""`coach accounts segment` end to end: formats, flags, hostile cells and bad files."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import pytest

AS_OF = date(2025, 6, 30)


def ago(days: int) -> str:
    return (AS_OF - timedelta(days=days)).isoformat()


HOSTILE = "[bold red]Evil[/] | *Corp* <script>x</script> \x1b[31mred\x1b[0m"
ROWS = [
    ["A1", "Lapsed Ltd", "Retail", "EMEA", ago(143), "100"],
    ["A1", "Lapsed Ltd", "Retail", "EMEA", ago(173), "100"],
    ["A1", "Lapsed Ltd", "Retail", "EMEA", ago(203), "100"],
    ["N1", HOSTILE, "Finance|Banking", "NA", ago(30), "800"],
    *[["L1", "Steady GmbH", "Retail", "APAC", ago(d), "500"] for d in range(40, 371, 30)],
    ["P1", "Maybe Corp", "Finance|Banking", "EMEA", "", ""],
]
HEADER = ["account_id", "account_name", "industry", "region", "order_date", "amount"]


def write(path, rows=ROWS, header=HEADER, delimiter=","):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def export(tmp_path):
    return write(tmp_path / "orders.csv")


def segment(run, *args):
    return run("accounts", "segment", *map(str, args), "--as-of", AS_OF.isoformat())


def test_json_lists_every_account_in_call_order(run, export):
    r = segment(run, export, "--format", "json", "--attributes")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert [a["account_id"] for a in data] == ["A1", "N1", "L1", "P1"]
    first = data[0]
    for key in ("account_id", "account_name", "stage", "reason", "recency_days", "frequency",
                "monetary"):
        assert key in first
    assert first["stage"] == "at-risk"
    assert first["reason"] == "no order for 143 days; usual gap 30 days"
    assert first["attributes"] == {"industry": "Retail", "region": "EMEA"}
    assert data[1]["account_name"] == HOSTILE  # JSON keeps the text exactly
    assert "rank" not in first  # the position is the rank
    lean = json.loads(segment(run, export, "--format", "json").out)
    assert [a["account_id"] for a in lean] == ["A1", "N1", "L1", "P1"]
    assert "attributes" not in lean[0]  # the other columns are read only when asked for


def test_csv_has_one_row_per_account_and_the_attributes(run, export):
    r = segment(run, export, "--format", "csv", "--attributes")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [row["account_id"] for row in rows] == ["A1", "N1", "L1", "P1"]
    assert [row["rank"] for row in rows] == ["1", "2", "3", "4"]
    assert rows[2]["stage"] == "loyal" and rows[2]["industry"] == "Retail"
    assert rows[1]["account_name"] == HOSTILE
    lean = segment(run, export, "--format", "csv").out.splitlines()[0].split(",")
    assert lean[:3] == ["rank", "account_id", "account_name"] and "industry" not in lean


def test_terminal_shows_summary_and_call_list_with_cells_literal(run, export, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    r = segment(run, export, "--by", "industry")
    assert r.code == 0, r.err
    for title in ("Accounts by stage", "By industry", "Call first"):
        assert title in r.out
    assert "no order for 143 days; usual gap 30 days" in r.out
    assert "[bold" in r.out and "[/]" in r.out  # markup shown, not applied
    assert "\x1b" not in r.out and "\\x1b[31mred" in r.out  # escape codes made visible
    assert r.out.index("Lapsed Ltd") < r.out.index("Evil") < r.out.index("Steady")


def test_markdown_escapes_cells_and_keeps_tables_whole(run, export):
    r = segment(run, export, "--format", "markdown", "--by", "industry")
    assert r.code == 0, r.err
    assert r.out.startswith("# Accounts by lifecycle stage")
    assert "<script>" not in r.out and "\\<script\\>" in r.out
    assert "\\*Corp\\*" in r.out and "\\[bold red\\]" in r.out and "\x1b" not in r.out
    for line in r.out.splitlines():
        if line.startswith("| ") and "Evil" in line:
            cells = line.replace("\\|", "").split("|")
            assert len(cells) == 9  # 7 columns: the pipe inside the name did not split it
    assert "Finance\\|Banking" in r.out


def test_call_list_limit(run, export):
    r = segment(run, export, "--format", "markdown", "--limit", "1")
    calls = r.out.split("## Call first")[1]
    assert "Lapsed Ltd" in calls and "Steady" not in calls


def test_map_names_the_columns(run, tmp_path):
    path = write(tmp_path / "crm.csv", [["C-7", "Acme", ago(3), "12"]],
                 header=["Customer ID", "Company", "Date", "Total"])
    r = segment(run, path, "--format", "json", "--map", 'account_id="Customer ID"',
                "--map", "account_name=Company", "--map", "order_date=Date",
                "--map", "amount=Total")
    assert r.code == 0, r.err
    assert json.loads(r.out)[0]["account_name"] == "Acme"


def test_output_file_no_clobber_and_force(run, export, tmp_path):
    target = tmp_path / "out.json"
    assert segment(run, export, "--format", "json", "--output", target).code == 0
    assert json.loads(target.read_text())[0]["account_id"] == "A1"
    target.write_text("keep me")
    r = segment(run, export, "--format", "json", "--output", target)
    assert r.code == 1 and "already exists" in r.err and target.read_text() == "keep me"
    assert segment(run, export, "--format", "json", "--output", target, "--force").code == 0
    assert target.read_text().startswith("[")


def test_json_file_is_the_same_list_as_json_on_stdout(run, export, tmp_path):
    target = tmp_path / "out.json"
    r = segment(run, export, "--format", "json", "--output", target)
    assert r.code == 0 and "wrote" in r.err and "4 accounts" in r.err
    assert json.loads(target.read_text()) == json.loads(segment(run, export, "--format",
                                                                "json").out)
    assert not list(tmp_path.glob(".out.json*"))  # no temp file left behind


def test_terminal_format_to_a_file_is_plain_text(run, export, tmp_path):
    target = tmp_path / "out.txt"
    assert segment(run, export, "--output", target).code == 0
    text = target.read_text()
    assert "Call first" in text and "\x1b" not in text


@pytest.mark.parametrize(("args", "needle"), [
    (("--as-of", "yesterday"), "--as-of: 'yesterday' is not a date"),
    (("--map", "acount_id=X"), "unknown role 'acount_id'"),
    (("--map", "account_id"), "write ROLE=COLUMN"),
    (("--by", "industry", "--format", "json"), "--by adds a table"),
    (("--by", "colour"), "no column 'colour'"),
    (("--attributes",), "--attributes adds the other columns to --format csv or json"),
    (("--date-format", "dd/mm/yyyy"), "--date-format 'dd/mm/yyyy': use strftime codes"),
    (("--date-format", "%d/%q/%Y"), "--date-format '%d/%q/%Y': "),
])
def test_usage_errors_exit_2(run, export, args, needle):
    r = run("accounts", "segment", str(export), *args)
    assert r.code == 2 and needle in r.err
    assert r.err.count("\n") == 1


BAD = {
    "missing column": ("account_id,amount\nA,5\n", "missing column order_date"),
    "bad date": ("account_id,order_date,amount\nA,2025-01-01,5\nB,someday,5\n",
                 ":3: 'order_date' 'someday' is not a date"),
    "bad amount": ("account_id,order_date,amount\nA,2025-01-01,12 EUR\n",
                   ":2: 'amount' '12 EUR' is not a number"),
    "no amount": ("account_id,order_date,amount\nA,2025-01-01,\n", ":2: the order of 2025-01-01"),
    "empty": ("", "the file is empty"),
    "header only": ("account_id,order_date,amount\n", "no rows under the header"),
    "duplicate header": ("account_id,order_date,amount,amount\nA,2025-01-01,5,6\n",
                         ":1: duplicate column name in the header: amount"),
    "ragged": ("account_id,order_date,amount\nA,2025-01-01,5,9\n", ":2: expected 3 columns"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_one_line_exit_1_and_writes_nothing(run, tmp_path, case):
    text, needle = BAD[case]
    path = tmp_path / "bad.csv"
    path.write_text(text)
    target = tmp_path / "out.json"
    r = segment(run, path, "--format", "json", "--output", target)
    assert r.code == 1, r.out
    assert needle in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert not target.exists()
    assert not list(tmp_path.glob(".out.json*"))


def test_bom_and_semicolons_are_read(run, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffaccount_id;account_name;order_date;amount\nA;Acme;2025-06-01;12,5\n"
                     .encode())
    r = segment(run, path, "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)[0]["monetary"] == 12.5


def test_skip_bad_counts_on_stderr(run, tmp_path):
    path = tmp_path / "some-bad.csv"
    path.write_text("account_id,order_date,amount\nA,2025-06-01,5\nB,soon,5\nC,2025-06-02,x\n")
    r = segment(run, path, "--format", "json", "--skip-bad")
    assert r.code == 0, r.err
    assert "skipped 2 bad rows" in r.err
    assert [a["account_id"] for a in json.loads(r.out)] == ["A"]


def test_missing_duckdb_is_one_line_with_the_install_hint(run, export, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "duckdb", None)
    r = segment(run, export)
    assert r.code == 1
    assert r.err == "coach: coach accounts needs DuckDB: pip install 'coach[accounts]'\n"


def test_as_a_process(run_process, export):
    r = run_process("accounts", "segment", str(export), "--as-of", "2025-06-30",
                    "--format", "json")
    assert r.code == 0, r.err
    assert json.loads(r.out)[0]["stage"] == "at-risk"


def test_orders_after_as_of_are_said_not_dropped_silently(run, tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("account_id,order_date,amount\nA,2026-10-01,5\nA,2026-11-20,7\n")
    r = run("accounts", "segment", str(path), "--as-of", "2026-11-01")
    assert r.code == 0, r.err
    assert ("As of 2026-11-01: 1 account from two.csv, 1 row; 1 order after 2026-11-01 "
            "ignored") in " ".join(r.out.split())
    r = run("accounts", "segment", str(path), "--as-of", "2026-11-01", "--format", "json")
    assert r.err == "coach: 1 order after 2026-11-01 ignored\n"
    assert json.loads(r.out)[0]["frequency"] == 1
    r = run("accounts", "segment", str(path), "--as-of", "2026-01-01", "--format", "json")
    assert r.code == 1 and "every order is after 2026-01-01 (2 orders)" in r.err


def test_day_first_dates_and_formatted_amounts(run, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text('account_id,order_date,amount\nA,31/05/2025,"$1,200.50"\n'
                    'A,15/06/2025,€ 1 000\n', encoding="utf-8")
    r = segment(run, path, "--format", "json")
    assert r.code == 1 and "'31/05/2025' is not a date" in r.err
    assert "--date-format %d/%m/%Y" in r.err
    r = segment(run, path, "--format", "json", "--date-format", "%d/%m/%Y")
    assert r.code == 0, r.err
    assert json.loads(r.out)[0]["monetary"] == 2200.5
    assert json.loads(r.out)[0]["last_order"] == "2025-06-15"


def test_markdown_numbers_stay_readable_and_file_text_is_escaped(run, tmp_path):
    path = write(tmp_path / "x.csv", [["A", "Acme", "*bold*", ago(3), "5"]],
                 header=["account_id", "account_name", "revenue", "order_date", "amount"])
    r = segment(run, path, "--format", "markdown", "--by", "revenue")
    assert r.code == 0, r.err
    assert "| \\*bold\\* | 1 | 5 | 100.0% | 5 | 0 |" in r.out  # an attribute named 'revenue'
    assert "\\." not in r.out


def test_at_80_columns_the_call_list_gives_the_reason_room(run, export, monkeypatch):
    """Heavy borders left the reason a word or two a line at 80 columns: a narrow screen gets
    light rules, every line fits, and a reason takes few lines."""
    from rich.cells import cell_len
    from rich.console import Console

    from coach.render import terminal

    screen = io.StringIO()
    monkeypatch.setattr(terminal, "console", lambda: Console(
        file=screen, width=80, color_system=None, force_terminal=False))
    assert segment(run, export).code == 0
    text = screen.getvalue()
    assert "┃" not in text and "│" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80
    call_first = text.split("Call first")[1].splitlines()
    first_row = next(i for i, line in enumerate(call_first) if line.strip().startswith("1 "))
    reason_lines = 1 + next(i for i, line in enumerate(call_first[first_row + 1:])
                            if line.strip().startswith("2 "))
    assert reason_lines <= 4
