"""Every kind of broken playbook is reported as FILE:LINE: field.path: message, at its line.

Each case is a small file a trainer could plausibly write; the expected line is the one they
would have to edit.
"""

from __future__ import annotations

import time

import pytest
from helpers import write

from coach.errors import PlaybookError
from coach.playbook.loader import load

STAGE = """\
kind: stage
version: 1
id: {id}
name: Dormant customer
hint: Bought once, long ago
meaning: An account that bought once and went quiet.
signals: [one order more than a year ago]
goals: [find out why they stopped]
actions: [call to ask what changed]
risks: [they have moved to a competitor]
top_actions: [ask what changed]
"""


def problems(folder) -> list[str]:
    """The problem lines `load` reports for the playbooks in `folder` (on top of shipped)."""
    with pytest.raises(PlaybookError) as caught:
        load([folder], use_cache=False)
    return str(caught.value).splitlines()


def only(folder, name: str, text: str | bytes) -> str:
    """Write one file and return its one problem line, with the folder prefix removed."""
    write(folder, name, text)
    found = problems(folder)
    assert len(found) == 1, found
    return found[0].replace(f"{folder}/", "")


def test_a_good_extra_stage_loads(tmp_path):
    write(tmp_path, "dormant.yaml", STAGE.format(id="dormant"))
    assert load([tmp_path], use_cache=False).stages["dormant"].name == "Dormant customer"


CASES = {
    "malformed YAML": (
        "kind: stage\nversion: 1\nid: x\nsignals: [one, two\nname: x\n",
        "bad.yaml:5: (file): invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence that starts on line 4)"),
    "bad indentation": (
        "kind: stage\nversion: 1\nid: x\nname: Dormant\n  hint: x\n",
        "bad.yaml:5: (file): invalid YAML: mapping values are not allowed in this context"),
    "wrong type (a list where text belongs)": (
        STAGE.format(id="x").replace("name: Dormant customer", "name: [Dormant, customer]"),
        "bad.yaml:4: name: expected text, got a list"),
    "wrong type (a number where a list belongs)": (
        STAGE.format(id="x").replace("goals: [find out why they stopped]", "goals: 3"),
        "bad.yaml:8: goals: expected a list, got the number 3"),
    "wrong type (yes/no read as true/false)": (
        STAGE.format(id="x").replace("hint: Bought once, long ago", "hint: no"),
        "bad.yaml:5: hint: expected text, got true/false (put it in quotes)"),
    "wrong type deep in a list": (
        STAGE.format(id="x").replace("risks: [they have moved to a competitor]",
                                     "risks:\n  - fine\n  - {a: b}"),
        "bad.yaml:12: risks[1]: expected text, got a mapping"),
    "unknown field (a typo)": (
        STAGE.format(id="x") + "sigals: [a typo]\n",
        "bad.yaml:12: sigals: unknown field (did you mean 'signals'?)"),
    "unknown nested field (a typo)": (
        "kind: settings\nversion: 1\nid: mine\nscoring:\n  second: 0.3\n  strnog: 0.6\n",
        "bad.yaml:6: scoring.strnog: unknown field (did you mean 'strong'?)"),
    "unknown kind (a typo)": (
        "kind: stgae\nversion: 1\nid: x\n",
        "bad.yaml:1: kind: unknown kind 'stgae' (did you mean 'stage'?); use one of: "),
    "missing required field": (
        STAGE.format(id="x").replace("meaning: An account that bought once and went quiet.\n",
                                     ""),
        "bad.yaml:1: meaning: missing required field"),
    "missing id": (
        "kind: stage\nversion: 1\nname: x\n",
        "bad.yaml:1: id: missing required field"),
    "bad id": (
        STAGE.format(id="Dormant Customer"),
        "bad.yaml:3: id: 'Dormant Customer' is not a valid id: use lower-case letters, "
        "digits, '-' and '_'"),
    "empty text": (
        STAGE.format(id="x").replace("name: Dormant customer", 'name: "  "'),
        "bad.yaml:4: name: must not be empty"),
    "version out of range": (
        STAGE.format(id="x").replace("version: 1", "version: 2"),
        "bad.yaml:2: version: 2 is out of range (1 to 1)"),
    "duplicate key": (
        STAGE.format(id="x") + "hint: again\n",
        "bad.yaml:12: hint: duplicate key (the first is on line 5)"),
    "duplicate key, nested": (
        "kind: settings\nversion: 1\nid: mine\nscoring:\n  second: 0.3\n  second: 0.4\n",
        "bad.yaml:6: scoring.second: duplicate key (the first is on line 5)"),
    "key that is not text": (
        STAGE.format(id="x") + "yes: 1\n",
        "bad.yaml:12: yes: keys must be text, this one reads as true/false (put it in quotes)"),
    "empty file": (
        "",
        "bad.yaml:1: (file): the file is empty: a playbook needs at least kind, version and id"),
    "only comments": (
        "# a stage, one day\n\n# TODO\n",
        "bad.yaml:1: (file): the file is empty: a playbook needs at least kind, version and id"),
    "not a mapping": (
        "- kind: stage\n",
        "bad.yaml:1: (file): a playbook must be a mapping of fields (kind: ..., id: ..., ...)"),
    "non-UTF-8 (Latin-1) file": (
        STAGE.format(id="x").replace("went quiet", "went quiet \xe9t\xe9").encode("latin-1"),
        "bad.yaml:6: (file): not UTF-8 text (byte 0xe9): save the file as UTF-8"),
    "control character": (
        STAGE.format(id="x").replace("Bought once", "Bought\x00once"),
        "bad.yaml:5: (file): invalid YAML: control character U+0000 is not allowed: remove it"),
    "!!python/object tag": (
        STAGE.format(id="x").replace("hint: Bought once, long ago",
                                     "hint: !!python/object/apply:os.system ['echo hi']"),
        "bad.yaml:5: hint: tag !!python/object/apply:os.system is not allowed: playbooks hold "
        "plain text, numbers, lists and mappings"),
    "!!python/name tag deep in a list": (
        STAGE.format(id="x").replace("goals: [find out why they stopped]",
                                     "goals:\n  - fine\n  - !!python/name:os.system"),
        "bad.yaml:10: goals[1]: tag !!python/name:os.system is not allowed: playbooks hold "
        "plain text, numbers, lists and mappings"),
    "an alias": (
        STAGE.format(id="x").replace("goals: [find out why they stopped]",
                                     "goals: &g [find out why they stopped]")
        + "more: *g\n",
        "bad.yaml:12: more: YAML aliases (*name) are not allowed in playbooks: write the text "
        "out (they can blow a small file up into billions of items)"),
    "nesting deep enough to exhaust the stack": (
        "kind: stage\nversion: 1\nid: x\n\nx: " + "{a: " * 20000 + "1" + "}" * 20000 + "\n",
        "bad.yaml:5: x.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a...: nested more than 64 levels "
        "deep: playbooks need only a few"),
    "two documents": (
        STAGE.format(id="x") + "---\n" + STAGE.format(id="y"),
        "bad.yaml:12: (file): one playbook per file: a second document ('---') starts here"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_error_at_its_line(tmp_path, case):
    text, expected = CASES[case]
    got = only(tmp_path, "bad.yaml", text)
    assert got.startswith(expected), got


def test_duplicate_id_in_one_layer_points_at_the_second(tmp_path):
    write(tmp_path, "a.yaml", STAGE.format(id="dormant"))
    write(tmp_path, "more/b.yaml", "# a copy\n" + STAGE.format(id="dormant"))
    (line,) = problems(tmp_path)
    assert line == (f"{tmp_path}/more/b.yaml:4: id: duplicate id: stage 'dormant' is already "
                    f"defined in {tmp_path}/a.yaml:3 in the same folder, and both set name; "
                    "merge the files, or move one to a later layer")


def test_overlays_in_one_folder_stack_when_they_do_not_clash(tmp_path):
    from coach.playbook import load

    write(tmp_path, "a-team.yaml", "kind: style\nversion: 1\nid: driver\n"
          "communication:\n  use+:\n    - First team phrase.\n")
    write(tmp_path, "b-team.yaml", "kind: style\nversion: 1\nid: driver\n"
          "communication:\n  use+:\n    - Second team phrase.\nsummary: Our own summary.\n")
    driver = load([tmp_path], use_cache=False).styles["driver"]
    assert driver.communication.use[-2:] == ["First team phrase.", "Second team phrase."]
    assert driver.summary == "Our own summary."


def test_same_id_in_two_layers_is_an_overlay_not_a_duplicate(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    write(first, "a.yaml", STAGE.format(id="dormant"))
    write(second, "a.yaml", "kind: stage\nid: dormant\nname: Sleeping customer\n")
    assert load([first, second], use_cache=False).stages["dormant"].name == "Sleeping customer"


def billion_laughs(levels: int = 30) -> str:
    lines = ["kind: stage", "version: 1", "id: lol", 'l0: &l0 ["lol", "lol"]']
    lines += [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def merge_key_bomb(levels: int = 30) -> str:
    """Merge keys that double at each level, nested inside one value."""
    inner = "{k: 1}"
    for i in range(levels):
        inner = f"{{<<: [&m{i} {inner}, *m{i}]}}"
    return f"kind: stage\nversion: 1\nid: merge\nx: {inner}\n"


@pytest.mark.parametrize("text,line,field", [
    (billion_laughs(), 5, "l1[0]"),
    (merge_key_bomb(), 4, "x.<<[0].<<[0].<<[0].<<[0].<<[0].<<[0].<<[0]"),
])
def test_alias_bombs_are_refused_fast(tmp_path, text, line, field):
    start = time.perf_counter()
    got = only(tmp_path, "bomb.yaml", text)
    assert time.perf_counter() - start < 1.0
    assert got.startswith(f"bomb.yaml:{line}: {field}")
    assert "YAML aliases (*name) are not allowed" in got


def test_every_problem_of_every_file_in_one_run(tmp_path):
    write(tmp_path, "a-typo.yaml", STAGE.format(id="a") + "sigals: [x]\n")
    write(tmp_path, "b-empty.yaml", "")
    write(tmp_path, "c-latin1.yaml", "kind: stage\nname: caf\xe9\n".encode("latin-1"))
    write(tmp_path, "d-broken.yaml", "kind: stage\nid: [x\n")
    write(tmp_path, "e-two-wrongs.yaml",
          STAGE.format(id="e").replace("name: Dormant customer", "name: 3")
          .replace("goals: [find out why they stopped]", "goals: nope"))
    write(tmp_path, "f-fine.yaml", STAGE.format(id="f"))
    found = [line.replace(f"{tmp_path}/", "") for line in problems(tmp_path)]
    assert [line.split(": ")[0] for line in found] == [
        "a-typo.yaml:12", "b-empty.yaml:1", "c-latin1.yaml:2", "d-broken.yaml:2",
        "e-two-wrongs.yaml:4", "e-two-wrongs.yaml:8",
    ]
    assert found[4] == ("e-two-wrongs.yaml:4: name: expected text, got the number 3 "
                        "(put it in quotes)")
    assert found[5] == "e-two-wrongs.yaml:8: goals: expected a list, got text"


def test_problems_in_several_layers_are_all_reported(tmp_path, monkeypatch, coach_home):
    user = coach_home / "config" / "playbooks"
    write(user, "u.yaml", STAGE.format(id="u") + "extra: 1\n")
    env = tmp_path / "env"
    write(env, "e.yaml", "kind: stage\nid: e\nname: [\n")
    monkeypatch.setenv("COACH_PLAYBOOKS", str(env))
    flag = tmp_path / "flag"
    write(flag, "f.yaml", "")
    with pytest.raises(PlaybookError) as caught:
        load([flag], use_cache=False)
    files = {p.file.rsplit("/", 1)[-1] for p in caught.value.problems}
    assert files == {"u.yaml", "e.yaml", "f.yaml"}
