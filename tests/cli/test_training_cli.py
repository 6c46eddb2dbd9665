"""`coach learn` and `coach quiz` as a new rep, a trainer and a learning platform use them."""

from __future__ import annotations

import json

import pytest

from coach import interview, training
from coach.playbook import load

TOPICS = ["segmentation", "types", "motivations", "tailoring", "engagement", "stages",
          "case-studies"]


@pytest.fixture
def keys(monkeypatch):
    """Route the quiz's prompts through a prompt_toolkit pipe, as if typed at a terminal."""
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as pipe:
        monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
        real = interview.Prompter
        monkeypatch.setattr(interview, "Prompter",
                            lambda: real(input=pipe, output=DummyOutput()))
        yield pipe


def _digits(asked, right: bool = True) -> str:
    out = ""
    for a in asked:
        values = [v for v, _ in a.options]
        out += str((values.index(a.answer) if right else
                    next(i for i, v in enumerate(values) if v != a.answer)) + 1)
    return out


def _asked(count: int, seed: int, topic=None):
    return training.select(load().quiz_items, count=count, seed=seed, topic=topic)


# --------------------------------------------------------------------------- learn


def test_learn_without_a_topic_lists_the_topics(run):
    r = run("learn")
    assert r.code == 0, r.err
    for topic in TOPICS:
        assert f"coach learn {topic}" in r.out
    assert "Customer segmentation and its criteria" in r.out
    assert "Case studies and lessons learned" in r.out


@pytest.mark.parametrize("topic", TOPICS)
def test_every_topic_renders_in_the_terminal_and_as_markdown(run, topic):
    r = run("learn", topic)
    assert r.code == 0, r.err
    assert r.out.strip() and "Traceback" not in r.err
    md = run("learn", topic, "--format", "markdown")
    assert md.code == 0, md.err
    assert md.out.startswith("# ") and "\n## " in md.out


def test_learn_pages_show_the_playbook_content(run):
    books = load()
    r = run("learn", "tailoring", "--format", "markdown")
    driver = books.styles["driver"]
    assert "## Tailoring the sales approach" in r.out
    assert "\n## Driver\n" in r.out and "### Communication" in r.out
    from coach.render.markdown import escape

    assert f"- {escape(driver.communication.use[0])}" in r.out
    r = run("learn", "2")
    assert "Driver" in r.out and "Listen for on the call" in r.out


def test_unknown_topic_is_one_line_listing_the_topics(run_process):
    r = run_process("learn", "pricing")
    assert r.code in (1, 2)
    assert r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "pricing" in r.err and all(t in r.err for t in TOPICS)


def test_markdown_handout_escapes_playbook_text_and_terminal_shows_it_literally(run, tmp_path):
    hostile = "Split [x](http://evil.example) *loud* <b>bold</b> [red]not markup[/red]"
    layer = tmp_path / "layer"
    layer.mkdir()
    (layer / "seg.yaml").write_text(
        "kind: segmentation\nversion: 1\nid: segmentation\n"
        f"summary: {json.dumps(hostile)}\n", encoding="utf-8")
    md = run("learn", "segmentation", "--format", "markdown", "--playbooks", str(layer))
    assert md.code == 0, md.err
    assert "[x](http" not in md.out and "<b>" not in md.out and "*loud*" not in md.out
    assert r"\[x\](http://evil.example) \*loud\* \<b\>bold\</b\>" in md.out
    term = run("learn", "segmentation", "--playbooks", str(layer))
    assert term.code == 0, term.err
    assert "[red]not markup[/red]" in term.out and "<b>bold</b>" in term.out


def test_learn_writes_a_handout_file_without_clobbering(run, tmp_path):
    target = tmp_path / "stages.md"
    r = run("learn", "stages", "--format", "markdown", "--output", str(target))
    assert r.code == 0, r.err
    assert target.read_text().startswith("# Lifecycle stages")
    again = run("learn", "stages", "--format", "markdown", "--output", str(target))
    assert again.code == 1 and "--force" in again.err


# --------------------------------------------------------------------------- quiz: for other tools


def test_items_json_lists_items_without_answers(run):
    r = run("quiz", "--items", "--format", "json")
    assert r.code == 0, r.err
    items = json.loads(r.out)
    assert len(items) == len(load().quiz_items) >= 32
    for item in items:
        assert set(item) == {"id", "topic", "question", "options"}
        assert all(set(o) == {"value", "label"} for o in item["options"])
    assert "explanation" not in r.out and '"answer"' not in r.out


def test_items_with_a_seed_are_reproducible_and_shuffled(run):
    one = json.loads(run("quiz", "--items", "--json", "--seed", "7", "--count", "8").out)
    two = json.loads(run("quiz", "--items", "--json", "--seed", "7", "--count", "8").out)
    other = json.loads(run("quiz", "--items", "--json", "--seed", "8", "--count", "8").out)
    assert one == two and len(one) == 8
    assert [i["id"] for i in one] != [i["id"] for i in other]
    topic = json.loads(run("quiz", "--items", "--json", "--topic", "stages").out)
    assert topic and {i["topic"] for i in topic} == {"stages"}


def test_answers_file_is_graded_as_json(run, tmp_path):
    books = load()
    items = books.quiz_items[:5]
    answers = {i.id: i.answer for i in items[:4]}
    wrong = items[4]
    answers[wrong.id] = next(o.value for o in wrong.options if o.value != wrong.answer)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    r = run("quiz", "--answers", str(path), "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert (data["score"], data["total"]) == (4, 5)
    # 4/5 is over the pass mark, but five items are practice: a pass needs min_items
    assert 4 / 5 >= books.settings.quiz.pass_mark and data["passed"] is False
    assert data["min_items"] == books.settings.quiz.min_items == 10
    assert [x["id"] for x in data["results"]] == [i.id for i in items]
    assert data["results"][4]["correct"] is False
    assert data["results"][4]["answer"] == wrong.answer
    assert data["revisit"] == [wrong.topic]


def test_answers_file_in_yaml_graded_for_the_terminal(run, tmp_path):
    item = load().quiz_items[0]
    path = tmp_path / "answers.yaml"
    path.write_text(f"{item.id}: {item.answer}\n")
    r = run("quiz", "--answers", str(path))
    assert r.code == 0, r.err
    assert "Correct" in r.out and "Score: 1/1 (100%)" in r.out
    assert "practice only: a pass needs at least 10 items" in r.out and "passed" not in r.out


def test_a_pass_needs_the_set_number_of_items(run, tmp_path):
    items = load().quiz_items[:10]
    answers = {i.id: i.answer for i in items}
    wrong = items[9]
    answers[wrong.id] = next(o.value for o in wrong.options if o.value != wrong.answer)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    data = json.loads(run("quiz", "--answers", str(path), "--json").out)
    assert (data["score"], data["total"], data["passed"]) == (9, 10, True)
    path.write_text(json.dumps({items[0].id: items[0].answer}))
    data = json.loads(run("quiz", "--answers", str(path), "--json").out)
    assert (data["score"], data["total"], data["passed"]) == (1, 1, False)


def test_answers_file_with_an_unknown_value_is_one_clear_line(run, tmp_path):
    item = load().quiz_items[0]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({item.id: "nonsense"}))
    r = run("quiz", "--answers", str(path), "--json")
    assert r.code == 1 and r.out == ""
    assert r.err.count("\n") == 1 and "nonsense" in r.err and item.answer in r.err


def test_no_terminal_and_no_answers_fails_fast(run_process):
    r = run_process("quiz")
    assert r.code == 1
    assert r.err.count("\n") == 1 and "no terminal" in r.err and "--answers" in r.err


def test_conflicting_modes_are_usage_errors(run, tmp_path):
    path = tmp_path / "a.json"
    path.write_text("{}")
    assert run("quiz", "--items", "--answers", str(path)).code == 2
    assert run("quiz", "--count", "0", "--items").code == 2
    assert run("quiz", "--topic", "nope", "--items").code == 2


# --------------------------------------------------------------------------- quiz at a terminal


def test_interactive_quiz_gives_feedback_score_and_topics_to_revisit(run, keys):
    asked = _asked(4, seed=5)
    keys.send_text(_digits(asked[:3]) + _digits(asked[3:], right=False))
    r = run("quiz", "--count", "4", "--seed", "5")
    assert r.code == 0, r.err
    assert r.out.count("Correct") == 3 and r.out.count("Not quite") == 1
    assert asked[3].explanation.split()[0] in r.out
    assert "Score: 3/4 (75%)" in r.out and "practice only" in r.out
    assert f"coach learn {asked[3].topic}" in r.out


def test_interactive_result_kept_in_the_journal_when_it_exists(run, keys):
    journal = pytest.importorskip("coach.journal")
    path = journal.default_db_path()
    with journal.session(path, write=True):
        pass  # the journal exists (a rep who has logged calls)
    asked = _asked(3, seed=1, topic="stages")
    keys.send_text(_digits(asked))
    r = run("quiz", "--count", "3", "--seed", "1", "--topic", "stages")
    assert r.code == 0, r.err
    assert "Score: 3/3 (100%)" in r.out and "journal" in r.out
    history = json.loads(run("quiz", "--history", "--json").out)
    assert len(history) == 1
    # three right answers are practice, not a pass: the journal must not say passed
    assert (history[0]["score"], history[0]["total"], history[0]["passed"]) == (3, 3, False)
    assert history[0]["topics"] == {"stages": {"score": 3, "total": 3}}
    table = run("quiz", "--history")
    assert "3/3" in table.out and "not passed" in table.out


def test_no_journal_means_nothing_is_created(run, keys, coach_home):
    asked = _asked(1, seed=3)
    keys.send_text(_digits(asked))
    r = run("quiz", "--count", "1", "--seed", "3")
    assert r.code == 0, r.err
    assert not list(coach_home.rglob("*.sqlite3"))
    assert "No quiz results yet" in run("quiz", "--history").out


def test_ctrl_c_exits_130_and_keeps_nothing(run, keys):
    journal = pytest.importorskip("coach.journal")
    with journal.session(journal.default_db_path(), write=True):
        pass
    asked = _asked(3, seed=2)
    keys.send_text(_digits(asked[:1]) + "\x03")
    r = run("quiz", "--count", "3", "--seed", "2")
    assert r.code == 130
    assert journal.quiz_history(journal.default_db_path()) == []


# --------------------------------------------------------------------------- trainers


def test_validate_catches_an_answer_that_is_not_an_option(run_process, tmp_path):
    path = tmp_path / "extra-quiz.yaml"
    path.write_text(
        "kind: quiz\nversion: 1\nid: team-extra\nitems:\n"
        "  - id: pricing-1\n    topic: tailoring\n    question: Which?\n"
        "    options:\n      - {value: a, label: A}\n      - {value: b, label: B}\n"
        "    answer: c\n    explanation: Because.\n")
    r = run_process("playbooks", "validate", str(path))
    assert r.code == 1
    assert f"{path}:11: items[0].answer: 'c' is not one of the item's option values: a, b" \
        in r.err


# --------------------------------------------------------------------------- wording, width


def test_feedback_quotes_the_options_and_ends_with_a_full_stop(run, tmp_path):
    item = next(i for i in load().quiz_items if i.id == "driver-follow-up")
    wrong = next(o for o in item.options if o.value != item.answer)
    right = next(o for o in item.options if o.value == item.answer)
    path = tmp_path / "a.yaml"
    path.write_text(f"{item.id}: {wrong.value}\n")
    r = run("quiz", "--answers", str(path))
    out = " ".join(r.out.split())
    assert (f"You chose \u201c{wrong.label}\u201d. Why not: {' '.join(wrong.why.split())} "
            f"The answer is \u201c{right.label}\u201d.") in out
    path.write_text(f"{item.id}: {right.value}\n")
    assert f"Correct: {right.label}." in " ".join(run("quiz", "--answers", str(path)).out.split())


def test_learn_shows_no_backticks_or_doubled_numbering(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    page = run("learn").out
    assert "`" not in page and "• 1." not in page
    assert "1. Customer segmentation" in page and "7. Case studies" in page
    for topic in TOPICS:
        assert "`" not in run("learn", topic).out
    handout = run("learn", "--format", "markdown").out
    assert "\n1. Customer segmentation" in handout and "- 1" not in handout


def test_quiz_history_reads_at_80_columns(run, monkeypatch, utc):
    journal = pytest.importorskip("coach.journal")
    path = journal.default_db_path()
    for score in (3, 4):
        journal.record_quiz(path, score=score, total=4, passed=score == 4,
                            topics={"case-studies": {"score": score - 3, "total": 1},
                                    "segmentation": {"score": 0, "total": 1}},
                            when="2026-11-23T14:05:00+00:00")
    monkeypatch.setenv("COLUMNS", "80")
    lines = run("quiz", "--history").out.splitlines()
    assert max(len(line) for line in lines) <= 80
    tokens = {t.strip(",") for line in lines for t in line.split()}
    assert {"2026-11-23", "14:05", "3/4", "4/4", "75%", "100%", "passed", "case-studies",
            "segmentation"} <= tokens, lines


def test_a_quiz_db_that_is_not_there_is_refused_before_the_first_question(run, tmp_path):
    r = run("quiz", "--db", str(tmp_path / "nowhere" / "j.db"))
    assert r.code == 1 and "no such folder" in r.err and r.out == ""
