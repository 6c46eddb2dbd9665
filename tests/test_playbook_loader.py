"""The loader's cache, its lint hook and the cross-field checks of the questions kind."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import msgspec
import pytest
from helpers import write

from coach.errors import PlaybookError
from coach.playbook import loader
from coach.playbook.kinds import KINDS
from coach.playbook.loader import Snapshot, files, load, parse
from coach.playbook.scaffold import scaffold
from coach.playbook.validate import locate
from coach.playbook.yamlfile import read_playbook

# ------------------------------------------------------------------------------ the cache

PROBE = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from coach.playbook import load
    books = load([Path(p) for p in sys.argv[1:]])
    print(len(books.styles), books.stages["new"].name, "yaml" in sys.modules)
""")


def probe(coach_home, *extra) -> list[str]:
    """Load the playbooks in a fresh interpreter: (styles, new stage's name, yaml imported?)."""
    env = {**os.environ, "COACH_HOME": str(coach_home)}
    env.pop("COACH_NO_CACHE", None)
    out = subprocess.run([sys.executable, "-c", PROBE, *map(str, extra)], env=env,
                         capture_output=True, text=True, check=True, timeout=60).stdout
    return out.rsplit(None, 1)[0].split(" ", 1) + [out.split()[-1]]


def test_a_warm_run_does_not_import_yaml(coach_home):
    assert probe(coach_home)[-1] == "True"  # cold: parses the YAML and fills the cache
    assert probe(coach_home)[-1] == "False"  # warm: the cache alone
    assert list((coach_home / "cache").glob("playbooks-*.msgpack"))


def test_a_changed_file_invalidates_the_cache(tmp_path, coach_home):
    layer = tmp_path / "layer"
    path = write(layer, "new.yaml", "kind: stage\nid: new\nname: Fresh AAA\n")
    assert probe(coach_home, layer) == ["4", "Fresh AAA", "True"]
    assert probe(coach_home, layer) == ["4", "Fresh AAA", "False"]

    # Same size, newer modification time.
    stat = path.stat()
    path.write_text("kind: stage\nid: new\nname: Fresh BBB\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert probe(coach_home, layer) == ["4", "Fresh BBB", "True"]

    # Same modification time, another size.
    stat = path.stat()
    path.write_text("kind: stage\nid: new\nname: Fresh CCCC\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert probe(coach_home, layer) == ["4", "Fresh CCCC", "True"]

    # A new file, then a removed one.
    write(layer, "careful.yaml", (loader.paths.shipped_playbooks() / "styles" / "driver.yaml")
          .read_text("utf-8").replace("id: driver", "id: careful"))
    assert probe(coach_home, layer) == ["5", "Fresh CCCC", "True"]
    (layer / "careful.yaml").unlink()
    assert probe(coach_home, layer) == ["4", "Fresh CCCC", "True"]
    assert probe(coach_home, layer) == ["4", "Fresh CCCC", "False"]


def test_the_cache_gives_back_exactly_what_was_parsed(coach_home):
    parsed = load(use_cache=False)
    load()  # writes the cache
    cached = load()
    assert cached.by_kind == parsed.by_kind
    assert cached.sources == parsed.sources


def test_every_kind_round_trips_through_the_cache_format(tmp_path):
    """A default that breaks its own constraint would make every cache read fail (and every
    command slow) without any error; the scaffold of each kind uses all the defaults."""
    for kind in KINDS:
        write(tmp_path, f"{kind}.yaml", scaffold(kind, f"starter-{kind}"))
    books = parse(files(checked=[tmp_path]))
    items = [group[f"starter-{kind}"] for kind, group in books.by_kind.items()
             if f"starter-{kind}" in group]
    assert len(items) == len(KINDS)
    cache = tmp_path / "cache" / "playbooks-x.msgpack"
    loader._write_cache(cache, books)
    back = loader._from_snapshot(msgspec.msgpack.decode(cache.read_bytes(), type=Snapshot))
    assert sorted((back.of(kind)[f"starter-{kind}"] for kind in KINDS), key=repr) == sorted(
        items, key=repr)


def test_a_kind_the_models_no_longer_read_is_parsed_again(coach_home):
    """The cache decodes a kind only when a command reads it; one written by other models (a
    checkout between versions) must still give the playbooks, not an error mid-command."""
    load()
    (cached,) = (coach_home / "cache").glob("playbooks-*.msgpack")
    snap = msgspec.msgpack.decode(cached.read_bytes(), type=Snapshot)
    snap.kinds["style"] = msgspec.Raw(msgspec.msgpack.encode([{"kind": "style", "id": 3}]))
    cached.write_bytes(msgspec.msgpack.encode(snap))
    books = load()
    assert set(books.styles) == {"analytical", "amiable", "driver", "expressive"}
    assert books.style("driver").name == "Driver"


def test_a_corrupt_cache_is_rebuilt(coach_home):
    load()
    (cached,) = (coach_home / "cache").glob("playbooks-*.msgpack")
    cached.write_bytes(b"\x00not msgpack")
    assert set(load().styles) == {"analytical", "amiable", "driver", "expressive"}


def test_broken_playbooks_are_never_cached(tmp_path, coach_home):
    write(tmp_path, "bad.yaml", "kind: stage\nid: new\nname: [\n")
    for _ in range(2):
        with pytest.raises(PlaybookError):
            load([tmp_path])
    assert not list((coach_home / "cache").glob("playbooks-*.msgpack"))


def test_a_shipped_file_given_again_is_not_layered_on_itself(coach_home):
    shipped = loader.paths.shipped_playbooks()
    found = files(checked=[shipped / "questions.yaml", shipped])
    assert [layer for layer, _, _ in found] == ["shipped"] * len(found)
    assert len(parse(found).questions) == len(load(use_cache=False).questions)


# ------------------------------------------------------------------------- lint and lines


def test_locate_walks_the_merged_document(tmp_path):
    path = write(tmp_path, "q.yaml", textwrap.dedent("""\
        kind: quiz
        items:
          - id: one
            answer: a

          - id: two
            options:
              - {value: a}
              - value: b
                label: B
            answer: c
        """))
    doc = read_playbook(path, "q.yaml")
    assert locate(doc, "items[1].answer") == ("q.yaml", 11)
    assert locate(doc, "items[1].options[1].label") == ("q.yaml", 10)
    assert locate(doc, "items[1].options[0]") == ("q.yaml", 8)
    assert locate(doc, "items[0]") == ("q.yaml", 3)
    # A path that goes further than the file: the deepest part that exists.
    assert locate(doc, "items[1].explanation") == ("q.yaml", 6)
    assert locate(doc, "items[7].answer") == ("q.yaml", 2)


def test_lint_problems_are_reported_at_the_overlay_line(tmp_path):
    write(tmp_path, "questions.yaml", textwrap.dedent("""\
        kind: questions
        id: behaviour
        questions+:
          - id: extra
            axis: both
            text: Do they lean in or sit back?
            options:
              - {value: lean, label: Lean in, assertiveness: 0.5}
              - {value: sit, label: Sit back, assertiveness: -0.5}
              - {value: lean, label: Lean in again}
          - id: pace
            axis: assertiveness
            text: Again?
            options:
              - {value: a, label: A}
              - {value: b, label: B}
        """))
    write(tmp_path, "more.yaml", textwrap.dedent("""\
        kind: questions
        version: 1
        id: more
        questions:
          - id: mine
            axis: both
            text: One?
            options: [{value: a, label: A}, {value: b, label: B}]
          - id: mine
            axis: both
            text: Two?
            options: [{value: a, label: A}, {value: b, label: B}]
        """))
    with pytest.raises(PlaybookError) as caught:
        load([tmp_path], use_cache=False)
    lines = [line.replace(f"{tmp_path}/", "") for line in str(caught.value).splitlines()]
    shipped = len(load(use_cache=False).questions)
    assert lines == [
        "more.yaml:9: questions[1].id: duplicate question id 'mine' (the first is "
        "questions[0]); give it its own id",
        f"questions.yaml:10: questions[{shipped}].options[2].value: duplicate option value "
        "'lean' in question 'extra' (the first is options[0])",
    ]


def test_the_loader_calls_lint_on_any_kind(tmp_path, monkeypatch):
    """Adding a cross-field check to a kind is one method: no loader change."""
    from coach.playbook.kinds.stage import Stage

    def lint(self):
        return [("goals[1]", "say what 'better' means"), ("nowhere[3].x", "a missing path")]

    monkeypatch.setattr(Stage, "lint", lint, raising=False)
    write(tmp_path, "new.yaml", "kind: stage\nid: new\n\ngoals:\n  - one\n  - better\n")
    with pytest.raises(PlaybookError) as caught:
        load([tmp_path], use_cache=False)
    found = {(p.file.rsplit("/", 1)[-1], p.line, p.field, p.message)
             for p in caught.value.problems}
    assert ("new.yaml", 6, "goals[1]", "say what 'better' means") in found
    # Unknown paths fall back to the playbook's first line, never a crash.
    assert any(f[2] == "nowhere[3].x" and f[1] >= 1 for f in found)


def test_the_benchmark_generates_valid_playbooks(tmp_path):
    """bench/playbooks.py must keep producing files today's models accept."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_playbooks", Path(__file__).resolve().parent.parent / "bench" / "playbooks.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    dirs = bench.generate(tmp_path, 60, 3)
    assert sum(1 for d in dirs for _ in d.glob("*.yaml")) == 60
    books = load(dirs, use_cache=False)
    assert "team 2 phrase one" in " ".join(books.styles["driver"].communication.use).lower()
