"""The small items of issue 13 (defects 8 and 10): bounded answers files, messages that name
the right place, numbers read the same way, and accounts CSV safe in a spreadsheet."""

from __future__ import annotations

import csv
import io
import time

from coach.errors import Problem


def test_answers_from_dev_zero_stop_at_once_with_a_clear_line(run):
    started = time.monotonic()
    done = run("prep", "--answers", "/dev/zero", "--no-input", "--style", "driver")
    assert time.monotonic() - started < 5
    assert done.code == 1
    assert done.err == "coach: /dev/zero: (file): larger than 1 MB: not a file of answers\n"


def test_duplicate_keys_in_an_answers_file_are_refused_at_their_line(run, tmp_path):
    answers = tmp_path / "dana.yaml"
    answers.write_text("name: Dana\npace: fast\npace: slow\n")
    done = run("identify", "--answers", str(answers))
    assert done.code == 1
    assert done.err == f"{answers}:3: pace: duplicate key (the first is on line 2)\n"


def test_a_stage_from_the_answers_file_is_blamed_on_the_file(run, tmp_path):
    answers = tmp_path / "dana.yaml"
    answers.write_text("name: Dana\nstage: dormant\n")
    done = run("prep", "--answers", str(answers), "--no-input", "--style", "driver",
               "--no-save")
    assert done.code == 2
    assert f"{answers}: stage: unknown stage 'dormant'" in done.err and "--stage" not in done.err
    done = run("prep", "--stage", "dormant", "--no-input", "--style", "driver", "--no-save")
    assert done.code == 2 and "--stage: unknown stage 'dormant'" in done.err


def test_no_line_zero_in_messages():
    assert str(Problem("/dev/zero", 0, "", "cannot read")) == "/dev/zero: (file): cannot read"
    assert str(Problem("a.yaml", 3, "id", "bad")) == "a.yaml:3: id: bad"


def test_range_messages_never_say_none(run, tmp_path):
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "settings.yaml").write_text(
        "kind: settings\nversion: 1\nid: settings\nscoring:\n  max_share: 1.5\n"
        "  answer_noise: 0\n")
    done = run("playbooks", "validate", str(layer))
    assert done.code == 1 and "None" not in done.err
    assert "max_share: 1.5 is out of range (at least 0.25 and less than 1.0)" in done.err
    assert "answer_noise: 0 is out of range (more than 0.0 and at most 2.0)" in done.err


HEADER = "account_id,account_name,order_date,amount"


def test_1e400_is_refused_like_inf(run, tmp_path):
    for amount in ("inf", "1e400"):
        orders = tmp_path / f"{amount}.csv"
        orders.write_text(f"{HEADER},region\nA1,Acme,2025-01-02,{amount},x\n"
                          "A2,Bolt,2025-03-02,50,y\n")
        done = run("accounts", "segment", str(orders), "--as-of", "2025-06-30", "--format",
                   "csv")
        assert done.code == 1, (amount, done.out)
        assert f"{orders}:2: 'amount'" in done.err and "is not a number" in done.err


def test_an_account_whose_only_order_is_after_as_of_is_listed(run, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text(f"{HEADER}\nA1,Acme,2025-01-02,100\nF1,Future Co,2025-09-02,50\n")
    done = run("accounts", "segment", str(orders), "--as-of", "2025-06-30", "--format", "csv")
    assert done.code == 0, done.err
    rows = {r["account_id"]: r for r in csv.DictReader(io.StringIO(done.out))}
    assert rows["F1"]["stage"] == "potential" and rows["F1"]["frequency"] == "0"


def test_accounts_csv_is_safe_in_a_spreadsheet(run, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_text(f"{HEADER},=cmd\n=A1,\"=HYPERLINK(\"\"x\"\")\",2025-01-02,100,@SUM(1)\n"
                      "A2,-Bolt,2025-03-02,50,plain\n")
    target = tmp_path / "out.csv"
    for args in ((), ("-o", str(target))):
        done = run("accounts", "segment", str(orders), "--as-of", "2025-06-30", "--format",
                   "csv", "--attributes", *args)
        assert done.code == 0, done.err
        text = target.read_text() if args else done.out
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][-1] == "'=cmd"
        cells = [cell for row in rows[1:] for cell in row]
        assert "'=A1" in cells and "'=HYPERLINK(\"x\")" in cells and "'@SUM(1)" in cells
        assert "'-Bolt" in cells and "plain" in cells
        assert not any(cell and cell[0] in "=+@" for cell in cells)


def test_no_negative_zero_percent():
    from coach.render.accounts import _money, _pct

    assert (_pct(-0.0001), _pct(-0.02), _money(-0.3), _money(-1200)) == (
        "0.0%", "-2.0%", "0", "-1,200")


def test_an_overlay_that_removes_every_question_is_blamed(run, tmp_path):
    from coach.playbook import load

    ids = [q.id for q in load().questions]
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "q.yaml").write_text("kind: questions\nversion: 1\nid: behaviour\nquestions-:\n"
                                  + "".join(f"  - {i}\n" for i in ids))
    done = run("playbooks", "validate", str(layer))
    assert done.code == 1
    assert done.err.startswith(f"{layer / 'q.yaml'}:4: questions: needs at least 1 item")
    assert "site-packages" not in done.err and "playbooks/questions.yaml" not in done.err
