"""The trainer commands end to end: `coach playbooks list | show | validate | schema | new`."""

from __future__ import annotations

import json
import re

import pytest
from helpers import write

from coach.playbook.loader import load

LOCATED = re.compile(r"^[^\s:][^:]*:\d+: [^:\s][^:]*: \S.*$")


# ------------------------------------------------------------------------------- validate


def test_validate_the_shipped_playbooks(run_process, tmp_path):
    done = run_process("playbooks", "validate", cwd=tmp_path)
    assert done.code == 0, done.err
    assert done.err == ""
    count = sum(len(g) for g in load(use_cache=False).by_kind.values())
    assert re.fullmatch(rf"ok: \d+ file\(s\), {count} playbook\(s\), no problems\n", done.out)


def test_validate_reports_every_problem_as_file_line_field_message(run_process, tmp_path):
    layer = tmp_path / "team"
    write(layer, "analytical.yaml",
          "kind: style\nid: analytical\ncommunication:\n  usee+: [Hello]\n")
    write(layer, "empty.yaml", "# nothing yet\n")
    write(layer, "latin1.yaml", "kind: stage\nid: x\nname: caf\xe9\n".encode("latin-1"))
    mark = tmp_path / "PWNED"
    write(layer, "evil.yaml", f"kind: stage\nid: evil\nname: !!python/object/apply:os.system "
                              f"['touch {mark}']\n")
    write(layer, "bomb.yaml", "kind: stage\nid: lol\na: &a [x, x]\nb: &b [*a, *a]\n")
    done = run_process("playbooks", "validate", "team", cwd=tmp_path)
    assert done.code == 1
    assert done.out == ""
    assert "Traceback" not in done.err
    lines = done.err.splitlines()
    assert all(LOCATED.match(line) for line in lines), lines
    assert lines == [
        "team/analytical.yaml:4: communication.usee: unknown field (did you mean 'use'?)",
        "team/bomb.yaml:4: b[0]: YAML aliases (*name) are not allowed in playbooks: write the "
        "text out (they can blow a small file up into billions of items)",
        "team/empty.yaml:1: (file): the file is empty: a playbook needs at least kind, version "
        "and id",
        "team/evil.yaml:3: name: tag !!python/object/apply:os.system is not allowed: playbooks "
        "hold plain text, numbers, lists and mappings",
        "team/latin1.yaml:3: (file): not UTF-8 text (byte 0xe9): save the file as UTF-8",
    ]
    assert not mark.exists()


def test_validate_a_missing_path_is_a_usage_error(run):
    done = run("playbooks", "validate", "no/such/folder")
    assert done.code == 2
    assert done.err == "coach: validate: no such file or folder: no/such/folder\n"


def test_validate_a_path_on_top_of_the_playbooks_in_force(run, tmp_path):
    write(tmp_path, "analytical.yaml",
          "kind: style\nid: analytical\ncommunication:\n  use+: [Shall I send the figures?]\n")
    done = run("playbooks", "validate", str(tmp_path / "analytical.yaml"))
    assert done.code == 0, done.err
    assert done.out.startswith("ok: ")


def test_every_command_reports_broken_playbooks_the_same_way(run_process, tmp_path):
    write(tmp_path / "layer", "new.yaml", "kind: stage\nid: new\nnmae: typo\n")
    env = {"COACH_PLAYBOOKS": str(tmp_path / "layer")}
    for args in (("playbooks", "list"), ("playbooks", "show", "new"), ("playbooks", "validate")):
        done = run_process(*args, cwd=tmp_path, env=env)
        assert done.code == 1, args
        assert done.err == "layer/new.yaml:3: nmae: unknown field (did you mean 'name'?)\n"


# ----------------------------------------------------------------------------------- list


def test_list_fits_80_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    done = run("playbooks", "list")
    assert done.code == 0
    lines = done.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[1].split() == ["kind", "id", "name", "layer", "file"]
    books = load(use_cache=False)
    for kind, group in books.by_kind.items():
        for ident in group:
            assert re.search(rf"^{kind} +{re.escape(ident)} ", done.out, re.M), ident
    assert "styles/analytical.yaml" in done.out  # shipped files: short, not the install path


def test_list_shows_each_layer_beside_its_file(run, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "team", "analytical.yaml",
          "kind: style\nid: analytical\ncommunication:\n  use+: [Shall I send the figures?]\n")
    done = run("playbooks", "list", "--playbooks", "team")
    row = [line for line in done.out.splitlines() if " analytical " in line]
    index = done.out.splitlines().index(row[0])
    following = done.out.splitlines()[index + 1]
    assert "shipped" in row[0] and "styles/analytical.yaml" in row[0]
    assert "--playbooks" in following and "team/analytical.yaml" in following


def test_list_as_json(run):
    done = run("playbooks", "list", "--format", "json")
    rows = json.loads(done.out)
    style = next(r for r in rows if r["kind"] == "style" and r["id"] == "driver")
    assert style == {"kind": "style", "id": "driver", "name": "Driver",
                     "layers": ["shipped"], "files": ["styles/driver.yaml"]}


# ----------------------------------------------------------------------------------- show


def test_show_a_style_has_a_heading_per_section(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    done = run("playbooks", "show", "analytical")
    assert done.code == 0
    style = load(use_cache=False).styles["analytical"]
    lines = done.out.splitlines()
    assert lines[0] == "Analytical  style analytical"
    headings = [line.strip("─ ") for line in lines if line.startswith("── ")]
    assert headings == ["Identify", "Characteristics", "Preferences", "Motivations",
                        "Decision making", "Concerns", "Communication", "Strategy",
                        "Engagement", "Relationship", "Stress", "Objections", "Top actions",
                        "Confirm cues", "Checklist", "Stages", "Refuses"]
    assert max(len(line) for line in lines) <= 80
    flat = " ".join(line.strip(" •→") for line in lines)
    flat = re.sub(r"\s+", " ", flat)
    for phrase in [*style.communication.use, *map(str, style.communication.avoid)]:
        assert phrase in flat
    assert f"• {style.objections[0].objection}" in done.out
    assert "Position: assertiveness ask, responsiveness controls" in done.out


def test_show_prints_playbook_text_literally(run, tmp_path):
    write(tmp_path, "driver.yaml",
          "kind: style\nid: driver\nchecklist: ['[bold red]Agenda[/bold red] first']\n")
    done = run("playbooks", "show", "style/driver", "--playbooks", str(tmp_path))
    assert "• [bold red]Agenda[/bold red] first" in done.out


def test_show_other_kinds_and_json(run):
    done = run("playbooks", "show", "stage/new")
    assert done.code == 0
    assert done.out.startswith("New customer  stage new")
    assert "── Signals " in done.out
    done = run("playbooks", "show", "new", "--format", "json")
    data = json.loads(done.out)
    assert data["kind"] == "stage" and data["id"] == "new" and data["signals"]


def test_show_reads_plainly_for_every_playbook(run, books):
    """No internal flag shown as a bare '→ False', no id said three times in the title."""
    for kind, group in books.by_kind.items():
        for ident, item in group.items():
            done = run("playbooks", "show", f"{kind}/{ident}")
            assert done.code == 0, done.err
            name = getattr(item, "name", "") or getattr(item, "title", "")
            expected = f"{name}  {kind} {ident}" if name else f"{kind} {ident}"
            assert done.out.splitlines()[0] == expected
            assert "→ False" not in done.out and "→ True" not in done.out, (kind, ident)
    assert run("playbooks", "show", "followup/followup").out.startswith("followup followup\n")
    assert "Blend: no" in run("playbooks", "show", "style/driver").out


def test_show_an_unknown_or_ambiguous_id(run):
    done = run("playbooks", "show", "nope")
    assert done.code == 2
    assert done.err.startswith("coach: no playbook 'nope'; known: ")
    assert "style/analytical" in done.err
    done = run("playbooks", "show", "types-of-customers")
    assert done.code == 2
    assert "ambiguous; say which: " in done.err


# ------------------------------------------------------------------------------ new, schema


@pytest.mark.parametrize("kind", ["style", "stage", "questions", "quiz", "settings"])
def test_new_writes_a_valid_starter_and_refuses_to_overwrite(run, tmp_path, monkeypatch, kind):
    monkeypatch.chdir(tmp_path)
    done = run("playbooks", "new", kind, "team-one")
    assert done.code == 0, done.err
    assert done.out == ("wrote team-one.yaml: edit it, then check it with "
                        "'coach playbooks validate team-one.yaml'\n")
    text = (tmp_path / "team-one.yaml").read_text("utf-8")
    assert "# yaml-language-server: $schema=playbook.schema.json" in text
    done = run("playbooks", "validate", "team-one.yaml")
    assert done.code == 0, done.err

    (tmp_path / "team-one.yaml").write_text("mine\n", encoding="utf-8")
    done = run("playbooks", "new", kind, "team-one")
    assert done.code == 1
    assert done.err == "coach: new: team-one.yaml already exists (use --force to overwrite)\n"
    assert (tmp_path / "team-one.yaml").read_text("utf-8") == "mine\n"
    done = run("playbooks", "new", kind, "team-one", "--force")
    assert done.code == 0
    assert (tmp_path / "team-one.yaml").read_text("utf-8") == text


def test_new_teaches_the_format(run, tmp_path):
    target = tmp_path / "dormant.yaml"
    assert run("playbooks", "new", "stage", "dormant", "-o", str(target)).code == 0
    text = target.read_text("utf-8")
    assert "name+: [...]  adds items to a list" in text
    assert "# One line shown beside the choice in the interview." in text  # a field's doc
    assert "# priority: 100" in text  # optional fields, commented out with their default
    assert f"coach playbooks validate {target}" in text


def test_new_refuses_a_bad_kind_or_id(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    done = run("playbooks", "new", "stlye", "x")
    assert done.code == 2 and "unknown kind 'stlye'" in done.err
    done = run("playbooks", "new", "style", "My Style")
    assert done.code == 2 and "'My Style' is not a valid id" in done.err
    assert list(tmp_path.iterdir()) == []


def test_schema_prints_json_schema(run_process):
    from coach.playbook.schema import schema

    done = run_process("playbooks", "schema")
    assert done.code == 0
    assert json.loads(done.out) == schema()
    assert json.loads(run_process("playbooks", "schema", "style").out) == schema("style")
    done = run_process("playbooks", "schema", "stlye")
    assert done.code == 2
    assert done.err.startswith("coach: unknown kind 'stlye'")


def test_list_with_a_deep_overlay_path_reads_at_80_columns(run, tmp_path, monkeypatch):
    """Kinds, ids and layers are never broken mid-word; a long path is cut at the start,
    so the file name still shows, instead of being folded into 15-character pieces."""
    monkeypatch.setenv("COLUMNS", "80")
    folder = tmp_path / "a-rather-long-folder-name" / "team-playbooks-for-2026"
    write(folder, "driver-overlay.yaml",
          "kind: style\nid: driver\ncommunication:\n  use+: [Lead with the number]\n")
    done = run("playbooks", "list", "--playbooks", str(folder))
    assert done.code == 0, done.err
    lines = done.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    tokens = {t for line in lines for t in line.split()}
    books = load([folder], use_cache=False)
    for kind, group in books.by_kind.items():
        assert kind in tokens
        assert set(group) <= tokens, sorted(set(group) - tokens)
    assert {"shipped", "--playbooks"} <= tokens
    overlay = next(line for line in lines if "--playbooks" in line)
    assert overlay.rstrip().endswith("driver-overlay.yaml") and "\u2026" in overlay
    assert "styles/analytical.yaml" in done.out
