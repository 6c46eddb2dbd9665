"""coach.accounts: each rule and its reason, the call order, mapping, and every kind of bad file."""

from __future__ import annotations

import csv
import sys
from datetime import date, timedelta

import msgspec
import pytest

from coach import accounts
from coach.errors import CoachError, UsageError
from coach.playbook.kinds.segmentation import AccountReasons, AccountRules

AS_OF = date(2025, 6, 30)
HEADER = ["account_id", "account_name", "industry", "order_date", "amount"]


def ago(days: int) -> str:
    return (AS_OF - timedelta(days=days)).isoformat()


def orders(ident, name, industry, days_amounts):
    return [[ident, name, industry, ago(d), str(a)] for d, a in days_amounts]


# One account per rule, with numbers that make each reason easy to check by hand.
BOOK = [
    *orders("LAPSED", "Lapsed Ltd", "Retail", [(143, 100), (173, 100), (203, 100), (233, 100)]),
    *orders("DROP", "Dropping plc", "Finance",
            [(d, 100) for d in (10, 40, 70, 100, 130, 160)]
            + [(d, 1000) for d in (190, 220, 250, 280, 310, 340)]),
    *orders("LOYAL", "Steady GmbH", "Retail", [(d, 500) for d in range(10, 341, 30)]),
    *orders("DUE", "Due Review Co", "Finance", [(d, 300) for d in range(40, 371, 30)]),
    *orders("NEW", "Fresh Start", "Retail", [(30, 500)]),
    *orders("ONCE", "One-off Inc", "Finance", [(400, 250)]),
    ["PROSPECT", "Maybe Corp", "Retail", "", ""],
]


def write(tmp_path, rows, header=HEADER, name="orders.csv", delimiter=",", bom=False):
    path = tmp_path / name
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def staged(path, **kwargs):
    kwargs.setdefault("as_of", AS_OF)
    seg = accounts.segment(path, kwargs.pop("rules", None), **kwargs)
    return {r["account_id"]: r for r in accounts.records(seg)}


@pytest.fixture
def book(tmp_path):
    return write(tmp_path, BOOK)


# --------------------------------------------------------------------------- rules and reasons


def test_potential_has_no_order(book):
    row = staged(book)["PROSPECT"]
    assert (row["stage"], row["reason"]) == ("potential", "no order yet")
    assert row["frequency"] == 0 and row["monetary"] == 0 and row["recency_days"] is None


def test_new_is_a_first_order_within_new_days(book):
    row = staged(book)["NEW"]
    assert row["stage"] == "new"
    assert row["reason"] == "first order 30 days ago; 1 order worth 500 so far"


def test_at_risk_when_silent_for_more_than_twice_the_usual_gap(book):
    row = staged(book)["LAPSED"]
    assert row["stage"] == "at-risk" and row["rule"] == "lapsed"
    assert row["reason"] == "no order for 143 days; usual gap 30 days"
    assert (row["recency_days"], row["frequency"], row["usual_gap_days"]) == (143, 4, 30)


def test_at_risk_when_spend_drops_sharply(book):
    row = staged(book)["DROP"]
    assert row["stage"] == "at-risk" and row["rule"] == "spend_drop"
    assert row["reason"] == ("spend down 90%: 600 in the last 180 days against 6,000 "
                             "in the 180 before")
    assert row["trend_pct"] == -90


def test_loyal_is_a_regular_recent_repeat_buyer(book):
    row = staged(book)["LOYAL"]
    assert row["stage"] == "loyal"
    assert row["reason"] == "12 orders about every 30 days, 6,000 in all; last 10 days ago"
    assert row["due"] is False  # ordered a third of a gap ago: no review call yet


def test_a_buyer_who_went_quiet_is_at_risk_never_potential(book):
    row = staged(book)["ONCE"]
    assert row["stage"] == "at-risk"
    assert row["reason"] == "1 order worth 250, last 400 days ago; bought, then went quiet"


def test_thresholds_and_wording_come_from_the_rules(book):
    rules = AccountRules(new_days=10, occasional_stage="loyal",
                         reasons=AccountReasons(lapsed="quiet {silent_gaps} gaps ({name})"))
    rows = staged(book, rules=rules)
    assert rows["NEW"]["stage"] == "loyal"  # 30 days is no longer new; one order: occasional
    assert rows["LAPSED"]["reason"] == "quiet 4.8 gaps (Lapsed Ltd)"
    stricter = staged(book, rules=AccountRules(at_risk_gap_multiple=5.0))
    assert stricter["LAPSED"]["stage"] == "loyal"


def test_unknown_placeholder_names_the_playbook_field(book):
    rules = AccountRules(reasons=AccountReasons(potential="silent for {recency_days} days"))
    with pytest.raises(CoachError, match=r"accounts\.reasons\.potential: unknown placeholder "
                                         r"\{recency_days\}"):
        accounts.segment(book, rules, as_of=AS_OF)


def test_orders_after_as_of_are_left_out_and_counted(tmp_path):
    path = write(tmp_path, [*orders("A", "A", "x", [(5, 100), (-20, 900)]),
                            ["B", "B", "x", ago(-3), ""]])  # planned, no amount yet: not bad
    seg = accounts.segment(path, as_of=AS_OF)
    # B's only order is after --as-of: on that day B was a prospect, still listed (issue 13)
    assert (seg.rows, seg.future, seg.skipped, seg.accounts) == (1, 2, 0, 2)
    row = staged(path)["A"]
    assert (row["frequency"], row["monetary"], row["recency_days"]) == (1, 100, 5)
    row = staged(path)["B"]
    assert (row["stage"], row["frequency"], row["monetary"]) == ("potential", 0, 0)


def test_one_long_gap_does_not_hide_an_at_risk_account(tmp_path):
    """Monthly Jan-May 2025 (1,300), once in Jun 2026 (400), then silent 175 days: the mean
    gap (101 days) would call it loyal; the median of the gaps (31) flags it."""
    days = ["2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10", "2025-05-10"]
    rows = [["ACME-1", "Acme", "x", day, "260"] for day in days]
    path = write(tmp_path, [*rows, ["ACME-1", "Acme", "x", "2026-06-01", "400"]])
    row = staged(path, as_of=date(2026, 11, 23))["ACME-1"]
    assert (row["stage"], row["rule"]) == ("at-risk", "lapsed")
    assert row["reason"] == "no order for 175 days; usual gap 31 days"
    assert (row["usual_gap_days"], row["frequency"], row["monetary"]) == (31, 6, 1700)


def test_orders_on_the_same_day_are_one_visit(tmp_path):
    path = write(tmp_path, orders("TWICE", "Twice", "x",
                                  [(d, 50) for d in (10, 10, 40, 40, 70, 70, 100)]))
    row = staged(path)["TWICE"]
    assert (row["usual_gap_days"], row["stage"]) == (30, "loyal")
    assert row["reason"].startswith("7 orders about every 30 days")


def test_usual_gap_follows_the_last_gap_orders(tmp_path):
    path = write(tmp_path, orders("X", "X", "x",
                                  [(d, 50) for d in (10, 40, 70, 100, 400, 700, 1000)]))
    assert staged(path)["X"]["usual_gap_days"] == 165  # gaps 30, 30, 30, 300, 300, 300
    assert staged(path, rules=AccountRules(gap_orders=4))["X"]["usual_gap_days"] == 30


def test_singular_and_plural_in_reasons(tmp_path):
    path = write(tmp_path, [*orders("ONE", "One", "x", [(1, 5)]),
                            *orders("TWO", "Two", "x", [(0, 5), (0, 5)])])
    rows = staged(path)
    assert rows["ONE"]["reason"] == "first order yesterday; 1 order worth 5 so far"
    assert rows["TWO"]["reason"] == "first order today; 2 orders worth 10 so far"


def test_ids_with_stray_spaces_are_one_account(tmp_path):
    path = write(tmp_path, [["A1", "Acme", "x", ago(5), "10"], [" A1 ", "Acme", "x", ago(9), "5"]])
    rows = staged(path)
    assert list(rows) == ["A1"] and rows["A1"]["frequency"] == 2


def test_extra_columns_are_kept_as_attributes(book):
    assert staged(book)["DROP"]["attributes"] == {"industry": "Finance"}


# --------------------------------------------------------------------------- summaries and order


def test_summary_by_stage_counts_accounts_and_revenue(book):
    seg = accounts.segment(book, as_of=AS_OF)
    summary = {s["stage"]: s for s in accounts.summary(seg)}
    assert [s["stage"] for s in accounts.summary(seg)] == ["at-risk", "new", "loyal", "potential"]
    assert summary["at-risk"]["accounts"] == 3 and summary["at-risk"]["revenue"] == 7250
    total = sum(s["revenue"] for s in summary.values())
    assert summary["loyal"]["revenue_share"] == pytest.approx((6000 + 3600) / total)
    assert summary["potential"]["average"] == 0  # only the prospect; the one-off buyer is at-risk


def test_summary_by_attribute(book):
    seg = accounts.segment(book, as_of=AS_OF)
    rows = {r["value"]: r for r in accounts.summary_by(seg, "INDUSTRY")}
    assert rows["Finance"]["accounts"] == 3
    assert rows["Finance"]["stages"] == {"at-risk": 2, "new": 0, "loyal": 1, "potential": 0}
    with pytest.raises(UsageError, match="no column 'region'.*industry"):
        accounts.summary_by(seg, "region")


def test_call_list_order(book):
    seg = accounts.segment(book, as_of=AS_OF)
    calls = [c["account_id"] for c in accounts.call_list(seg)]
    # at-risk by value (the one-off buyer too), new, loyal due a review (not the one that
    # just ordered), potentials
    assert calls == ["DROP", "LAPSED", "ONCE", "NEW", "DUE", "PROSPECT"]
    assert [c["account_id"] for c in accounts.call_list(seg, limit=2)] == ["DROP", "LAPSED"]


def test_call_order_follows_stage_priorities(book):
    seg = accounts.segment(book, as_of=AS_OF, priorities={"new": 1})
    assert accounts.call_list(seg)[0]["account_id"] == "NEW"


# --------------------------------------------------------------------------- reading the file


def test_map_and_any_case_headers(tmp_path):
    path = write(tmp_path, [["C1", "Acme", ago(3), "9"]],
                 header=["Customer ID", "ACCOUNT_NAME", "Order Date", "Amount"])
    rows = staged(path, mapping={"account_id": "Customer ID", "order_date": "Order Date"})
    assert rows["C1"]["account_name"] == "Acme" and rows["C1"]["frequency"] == 1


def test_columns_mapping_from_the_playbook(tmp_path):
    path = write(tmp_path, [["C1", ago(3), "9"]], header=["Kunde", "order_date", "amount"])
    rules = AccountRules(columns=msgspec.convert({"account_id": "Kunde"},
                                                 type(AccountRules().columns)))
    assert staged(path, rules=rules)["C1"]["account_name"] == "C1"  # no name column: the id


def test_bom_and_semicolons_with_decimal_commas(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "12,50"], ["A", "Acme", "x", ago(4), "1"]],
                 delimiter=";", bom=True)
    assert staged(path)["A"]["monetary"] == 13.5


@pytest.mark.parametrize(("cells", "delimiter", "total"), [
    (["1.200,50"], ";", 1200.5),
    (["$1,200.50"], ",", 1200.5),
    (["€ 1 200,50"], ",", 1200.5),
    (["1 200,50 €", "-$10"], ",", 1190.5),
    (["£1,234,567"], ",", 1234567),
    (["1,200", "7.50"], ",", 1207.5),  # the file writes a decimal point: 1,200 is a thousand
    (["1.200", "3,50"], ";", 1203.5),  # and here a decimal comma: 1.200 is a thousand
])
def test_amounts_as_crm_exports_write_them(tmp_path, cells, delimiter, total):
    rows = [["A", "Acme", "x", ago(3 + i), cell] for i, cell in enumerate(cells)]
    path = write(tmp_path, rows, delimiter=delimiter)
    assert staged(path)["A"]["monetary"] == total


@pytest.mark.parametrize("skip_bad", [False, True])
def test_a_formatted_amount_past_the_sample_is_read_not_skipped(tmp_path, skip_bad):
    plain = [[f"P{i}", "Plain", "x", ago(3), "10"] for i in range(3000)]  # > 64 KB
    path = write(tmp_path, [*plain, ["A", "Acme", "x", ago(3), "$1,200.50"]])
    seg = accounts.segment(path, as_of=AS_OF, skip_bad=skip_bad)
    assert seg.skipped == 0 and seg.accounts == 3001
    assert {r["account_id"]: r for r in accounts.records(seg)}["A"]["monetary"] == 1200.5


@pytest.mark.parametrize("cell", ["12 EUR", "1,2,3", "$", "1.2.3,4,5"])
def test_amounts_that_are_no_number_still_fail(tmp_path, cell):
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "5"], ["B", "Bee", "x", ago(3), cell]])
    assert message(path).startswith(f"{path}:3: 'amount' {cell!r} is not a number")


def test_day_first_dates_with_date_format(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", "31/05/2025", "5"],
                            ["A", "Acme", "x", "01/06/2025 17:45", "5"]])
    row = staged(path, date_format="%d/%m/%Y")["A"]
    assert (row["first_order"], row["last_order"]) == ("2025-05-31", "2025-06-01")
    text = message(path)
    assert text.startswith(f"{path}:2: 'order_date' '31/05/2025' is not a date")
    assert "--date-format %d/%m/%Y" in text
    iso = write(tmp_path, [["A", "Acme", "x", "2025-05-31", "5"]], name="iso.csv")
    assert message(iso, date_format="%d/%m/%Y").startswith(
        f"{iso}:2: 'order_date' '2025-05-31' is not a date in --date-format %d/%m/%Y")


def test_unknown_date_format_is_a_usage_error(book):
    with pytest.raises(UsageError, match="--date-format '%d/%q': "):
        accounts.segment(book, as_of=AS_OF, date_format="%d/%q")


def test_timestamps_are_days(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", ago(3) + " 17:45:00", "5"]])
    assert staged(path)["A"]["recency_days"] == 3


def message(path, **kwargs) -> str:
    with pytest.raises(CoachError) as info:
        accounts.segment(path, as_of=AS_OF, **kwargs)
    text = str(info.value)
    assert "\n" not in text
    return text


def test_missing_columns_are_named_with_the_columns_found(tmp_path):
    path = write(tmp_path, [["A", "5"]], header=["id", "value"])
    text = message(path)
    assert "missing columns account_id, order_date, amount" in text
    assert "found 'id', 'value'" in text and "--map account_id=" in text
    one = write(tmp_path, [["A", ago(1)]], header=["account_id", "order_date"], name="one.csv")
    assert "missing column amount;" in message(one)


def test_missing_mapped_column_says_what_was_looked_for(tmp_path):
    path = write(tmp_path, BOOK)
    assert "account_id (as 'Customer ID')" in message(path, mapping={"account_id": "Customer ID"})


def test_duplicate_header_names(tmp_path):
    path = write(tmp_path, [["A", "B", ago(1), "5"]],
                 header=["account_id", "Account_ID", "order_date", "amount"])
    assert message(path) == f"{path}:1: duplicate column name in the header: Account_ID"


def test_empty_file_and_header_only(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert message(empty) == f"{empty}: the file is empty"
    bare = write(tmp_path, [], name="bare.csv")
    assert "no rows under the header" in message(bare)


def test_bad_date_names_the_line(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "5"], ["B", "Bee", "x", "31/02/2024", "5"]])
    text = message(path)
    assert text.startswith(f"{path}:3: 'order_date' '31/02/2024' is not a date")
    assert "--skip-bad" in text


def test_bad_value_names_the_line_even_after_a_quoted_newline(tmp_path):
    rows = [["A", "Acme\nsecond line", "x", ago(3), "5"], ["B", "Bee", "x", ago(3), "5"]]
    path = write(tmp_path, [*rows, ["C", "Cee", "x", ago(3), "12 EUR"]])
    assert message(path).startswith(f"{path}:5: 'amount' '12 EUR' is not a number")
    path = write(tmp_path, [*rows, ["C", "Cee", "x", "soon", "12"]], name="date.csv")
    assert message(path).startswith(f"{path}:5: 'order_date' 'soon' is not a date")


def test_order_without_amount_and_row_without_id(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "5"], ["B", "Bee", "x", ago(3), ""]])
    assert message(path).startswith(f"{path}:3: the order of {ago(3)} has no 'amount'")
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "5"], ["", "Nobody", "x", ago(3), "5"],
                            ["  ", "Nobody", "x", ago(3), "5"]], name="noid.csv")
    assert message(path).startswith(f"{path}:3: no 'account_id' (account id) (1 more such row")


def test_ragged_row_names_the_line(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("account_id,order_date,amount\nA,2025-01-01,5\nB,2025-01-01,5,extra\n")
    assert message(path).startswith(f"{path}:3: expected 3 columns, found 4")


def test_skip_bad_leaves_out_and_counts(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "5"], ["A", "Acme", "x", "soon", "7"],
                            ["B", "Bee", "x", ago(3), ""], ["", "Nobody", "x", ago(3), "5"],
                            ["C", "Cee", "x", ago(3), "4"]])
    seg = accounts.segment(path, as_of=AS_OF, skip_bad=True)
    rows = {r["account_id"]: r for r in accounts.records(seg)}
    assert seg.skipped == 3 and sorted(rows) == ["A", "C"]
    assert rows["A"]["monetary"] == 5


def test_a_file_of_only_bad_rows_is_an_error_even_with_skip_bad(tmp_path):
    path = write(tmp_path, [["A", "Acme", "x", "never", "5"]])
    assert "every row is bad" in message(path, skip_bad=True)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("account_id,order_date,amount,région\n".encode("latin-1"))
    assert "not UTF-8" in message(path)


def test_without_duckdb_says_how_to_install(book, monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)
    assert message(book) == "coach accounts needs DuckDB: pip install 'coach[accounts]'"


# --------------------------------------------------------------------------- one account, rules


def test_account_record_for_the_brief(book):
    from coach.playbook import load

    record = accounts.account_record(book, "LAPSED", load(), as_of=AS_OF)
    assert (record.account_name, record.stage) == ("Lapsed Ltd", "at-risk")
    assert record.reason == "no order for 143 days; usual gap 30 days"
    assert record.attributes == {"industry": "Retail"}
    with pytest.raises(CoachError, match="no account with id 'NOPE'"):
        accounts.account_record(book, "NOPE", None, as_of=AS_OF)


def test_account_record_reads_only_that_account(tmp_path):
    """Another account's unreadable row does not stop a prep; this account's own does,
    unless skipped (what prep asks for)."""
    path = write(tmp_path, [["A", "Acme", "x", ago(3), "5"], ["B", "Bee", "x", "soon", "$x"],
                            ["A", "Acme", "x", "never", "5"]])
    with pytest.raises(CoachError, match=r":4: 'order_date' 'never' is not a date"):
        accounts.account_record(path, "A", None, as_of=AS_OF)
    assert accounts.account_record(path, "A", None, as_of=AS_OF, skip_bad=True).frequency == 1
    clean = write(tmp_path, [["A", "Acme", "x", ago(3), "$5"], ["B", "Bee", "x", "soon", "?"]],
                  name="clean.csv")
    record = accounts.account_record(clean, " A ", None, as_of=AS_OF)
    assert (record.frequency, record.monetary) == (1, 5)


def test_shipped_rules_are_the_defaults_and_a_file_without_them_validates():
    from coach.playbook import load
    from coach.playbook.kinds import Segmentation

    shipped = load().segmentation.accounts
    assert shipped == AccountRules()
    bare = msgspec.convert({"kind": "segmentation", "version": 1, "id": "s", "name": "n",
                            "summary": "s", "importance": [{"title": "t", "objective": "o",
                                                            "key_points": ["k"],
                                                            "actions": ["a"]}],
                            "criteria": [{"id": "c", "name": "n", "objective": "o",
                                          "covers": ["x"], "key_points": ["k"],
                                          "actions": ["a"]}]}, Segmentation)
    assert bare.accounts == AccountRules()


def test_a_trainer_typo_in_the_rules_is_a_playbook_problem(tmp_path):
    from coach.errors import PlaybookError
    from coach.playbook import load

    over = tmp_path / "seg.yaml"
    over.write_text("kind: segmentation\nversion: 1\nid: segmentation\naccounts:\n"
                    "  spend_drop: 3\n  new_dayz: 30\n")
    with pytest.raises(PlaybookError) as info:
        load([over])
    text = str(info.value)
    assert "seg.yaml:5: accounts.spend_drop: 3 is out of range" in text
    assert "seg.yaml:6: accounts.new_dayz: unknown field (did you mean 'new_days'?)" in text


def test_a_trainer_cannot_stage_past_buyers_as_potential(tmp_path):
    from coach.errors import PlaybookError
    from coach.playbook import load

    overlay = tmp_path / "seg.yaml"
    overlay.write_text("kind: segmentation\nversion: 1\nid: segmentation\n"
                       "accounts:\n  occasional_stage: potential\n", encoding="utf-8")
    with pytest.raises(PlaybookError) as caught:
        load([overlay], use_cache=False)
    assert f"{overlay}:5: accounts.occasional_stage: 'potential' is not allowed" in str(
        caught.value)
