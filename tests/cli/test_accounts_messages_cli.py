"""DuckDB's own words never reach the rep (issue 13, defect 7): a wrong --map names the flag
and the column, a broken row names its line and the problem, a binary file is one short line."""

from __future__ import annotations

import pytest

ORDERS = ("account_id,account_name,order_date,amount\n"
          "A1,Acme,2025-01-02,100\nA2,Bolt,2025-03-02,50\n")
ENGINE_WORDS = ("Candidate functions", "LINE ", "SELECT", "Binder", "cast")


@pytest.fixture
def orders(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS)
    return path


def segment(run, *args):
    return run("accounts", "segment", *map(str, args), "--as-of", "2025-06-30")


@pytest.mark.parametrize("flag, blamed", [
    ("amount=order_date", "--map amount=order_date: 'order_date' is already the order_date "
                          "column"),
    ("order_date=amount", "--map order_date=amount: 'amount' is already the amount column"),
])
def test_two_roles_on_one_column_is_a_usage_error_naming_the_flag(run, orders, flag, blamed):
    done = segment(run, orders, "--map", flag)
    assert done.code == 2
    assert blamed in done.err and "--skip-bad" not in done.err
    assert not any(word in done.err for word in ENGINE_WORDS)
    assert done.err.count("\n") == 1


def test_a_column_that_cannot_hold_its_role_is_plain_words(run, tmp_path):
    path = tmp_path / "swapped.csv"
    path.write_text("id,name,when,amt\nA1,Acme,2025-01-02,100\n")
    done = segment(run, path, "--map", "account_id=id", "--map", "order_date=amt",
                   "--map", "amount=when")
    assert done.code == 1 and done.err.count("\n") == 1
    assert "'amt'" in done.err
    assert not any(word in done.err for word in ENGINE_WORDS)


def test_an_unbalanced_quote_names_its_line_and_the_problem(run, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('account_id,account_name,order_date,amount\nA1,"Acme,2025-01-02,100\n'
                    "A2,Bolt,2025-03-02,50\n")
    done = segment(run, path)
    assert done.code == 1
    assert f"{path}:2: a quote (\") opened in this row is never closed" in done.err


def test_binary_input_is_one_short_line(run, tmp_path):
    done = segment(run, "/dev/zero")
    assert done.code == 1 and len(done.err) < 200
    assert "not a CSV text file" in done.err
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"column number {i}" for i in range(5000)) + "\n1\n")
    done = segment(run, wide)
    assert done.code == 1 and len(done.err) < 400 and "missing columns" in done.err
