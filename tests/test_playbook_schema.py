"""`coach playbooks schema` is strict enough for an outside validator: every shipped file
passes, overlays pass, and a misspelled field or a wrong value fails."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from coach import paths
from coach.playbook.kinds import KINDS
from coach.playbook.scaffold import scaffold
from coach.playbook.schema import schema

SHIPPED = sorted(paths.shipped_playbooks().rglob("*.yaml"))
ANY = jsonschema.Draft202012Validator(schema())


def read(path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


def errors(doc: dict, validator=ANY) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(doc)]


def test_the_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema())
    for kind in KINDS:
        jsonschema.Draft202012Validator.check_schema(schema(kind))


def test_there_are_shipped_files_of_every_core_kind():
    kinds = {read(p)["kind"] for p in SHIPPED}
    assert {"style", "stage", "segmentation", "module"} <= kinds


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_file_validates(path):
    doc = read(path)
    assert errors(doc) == []
    assert errors(doc, jsonschema.Draft202012Validator(schema(doc["kind"]))) == []


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_scaffold_validates(kind):
    assert errors(yaml.safe_load(scaffold(kind, "starter"))) == []


def style() -> dict:
    return read(paths.shipped_playbooks() / "styles" / "analytical.yaml")


def test_a_misspelled_top_level_field_is_rejected():
    doc = style()
    doc["sumary"] = doc.pop("summary")
    found = errors(doc)
    assert found and any("sumary" in e for e in found), found


def test_a_misspelled_nested_field_is_rejected():
    doc = style()
    doc["communication"]["usee"] = doc["communication"].pop("use")
    found = errors(doc)
    assert any(e.startswith("communication:") and "usee" in e for e in found), found


@pytest.mark.parametrize("change,where", [
    (lambda d: d["position"].update(assertiveness="loud"), "position.assertiveness"),
    (lambda d: d.update(version=2), "version"),
    (lambda d: d.update(id="Not An Id"), "id"),
    (lambda d: d.update(checklist="one line"), "checklist"),
    (lambda d: d.update(name="   "), "name"),
    (lambda d: d.update(kind="stlye"), "kind"),
])
def test_wrong_values_are_rejected(change, where):
    doc = style()
    change(doc)
    found = errors(doc)
    assert any(e.startswith(f"{where}:") for e in found), found


def test_overlays_validate():
    overlay = {"kind": "style", "id": "analytical", "replace": False,
               "communication": {"use+": ["Shall I send the figures?"],
                                 "avoid-": ["Trust me, it just works."]},
               "checklist": ["Bring the data sheet."]}
    assert errors(overlay) == []
    assert errors({"kind": "questions", "id": "behaviour", "questions-": ["pace"]}) == []


def test_a_file_without_kind_or_id_is_rejected():
    assert errors({"id": "x"})
    assert errors({"kind": "stage", "name": "No id"})
