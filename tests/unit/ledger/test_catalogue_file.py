"""The catalogue file: validated as a whole with every problem at its JSON path; imported in
one atomic save or not at all; the same version again is a no-op, with other content a
conflict; the documented example imports; the committed schema is the generated one."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from ledger import (
    CatalogueInvalidError,
    CatalogueVersionConflictError,
    Ledger,
    QualificationKind,
    diff_versions,
)
from ledger.catalogue_schema import CATALOGUE_SCHEMA
from tests.builders import ADMIN, DAY_ONE, nothing_appended
from tests.catalogue_data import (
    catalogue,
    import_docs,
    module,
    programme_doc,
    qualification_doc,
    table_doc,
)
from tests.examples import doc_catalogue

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "contracts" / "catalogue" / "catalogue.v1.json"


def problems(ledger: Ledger, *documents: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in ledger.check_catalogue(catalogue(*documents)).problems]


def paths(ledger: Ledger, *documents: dict[str, Any]) -> list[str]:
    return [path for path, _ in problems(ledger, *documents)]


def test_the_committed_catalogue_schema_equals_the_generated_one() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == CATALOGUE_SCHEMA


def test_the_catalogue_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(CATALOGUE_SCHEMA)


def test_the_documented_example_fits_the_schema() -> None:
    Draft202012Validator(CATALOGUE_SCHEMA).validate(doc_catalogue())


def test_the_documented_example_imports_its_three_documents(ledger: Ledger) -> None:
    result = ledger.import_catalogue(doc_catalogue(), actor=ADMIN, occurred_at=DAY_ONE)
    assert result.published == (
        ("qualification", "EX-BK-HOUT", 1),
        ("programme", "EX-WW-HOUT", 1),
        ("concordance_table", "EX-WW-EVK", 1),
    )
    assert (
        ledger.qualification("EX-BK-HOUT").in_force().kind is QualificationKind.BEROEPSKWALIFICATIE
    )
    assert ledger.programme("EX-WW-HOUT").in_force().places["EX-02"] == "workplace"
    assert ledger.concordance_table("EX-WW-EVK").in_force().row("R2").module_hours == {
        "EX-M-HOUT": 24
    }


def test_importing_the_same_file_again_appends_nothing(ledger: Ledger) -> None:
    ledger.import_catalogue(doc_catalogue(), actor=ADMIN, occurred_at=DAY_ONE)
    with nothing_appended(ledger):
        again = ledger.import_catalogue(doc_catalogue(), actor=ADMIN, occurred_at=DAY_ONE)
    assert again.published == ()
    assert len(again.unchanged) == 3
    assert again.position is None


def test_the_same_version_with_other_content_is_a_conflict(ledger: Ledger) -> None:
    import_docs(ledger, qualification_doc())
    changed = qualification_doc()
    changed["title"]["nl"] = "Andere titel"
    with nothing_appended(ledger), pytest.raises(CatalogueVersionConflictError) as e:
        import_docs(ledger, changed)
    assert e.value.code == "catalogue-version-conflict"
    assert e.value.problems[0][0] == "$.documents[0].version"


def test_an_import_receipt_names_the_position_of_its_last_event(ledger: Ledger) -> None:
    result = import_docs(ledger, qualification_doc(), programme_doc())
    assert result.position == ledger.recorder.max_notification_id()


def test_a_duplicate_competence_code_is_reported_at_its_path(ledger: Ledger) -> None:
    doc = qualification_doc()
    doc["competences"].append(copy.deepcopy(doc["competences"][0]))
    assert paths(ledger, doc) == ["$.documents[0].competences[4].code"]


def test_a_partial_certificate_naming_an_unknown_competence_is_reported(ledger: Ledger) -> None:
    doc = qualification_doc()
    doc["partial_certificates"][0]["competences"] = ["T-01", "T-99"]
    assert problems(ledger, doc) == [
        ("$.documents[0].partial_certificates[0].competences", "names unknown competences: T-99")
    ]


def test_a_module_naming_an_unknown_competence_is_reported(ledger: Ledger) -> None:
    programme = programme_doc(
        modules=[
            module("T-M1", ["T-01", "T-04"], 40),
            module("T-M2", ["T-02", "T-77"], 80),
            module("T-M3", ["T-03"], 40),
        ]
    )
    assert paths(ledger, qualification_doc(), programme) == [
        "$.documents[1].modules[1].competences"
    ]


def test_a_version_that_is_not_the_next_one_is_reported(ledger: Ledger) -> None:
    ((path, message),) = problems(ledger, qualification_doc(version=2))
    assert path == "$.documents[0].version"
    assert "not the next one (1)" in message


def test_consecutive_versions_in_one_file_are_the_next_ones(ledger: Ledger) -> None:
    second = qualification_doc(version=2, competences=("T-01", "T-02", "T-03", "T-04", "T-05"))
    assert problems(ledger, qualification_doc(), second) == []


def test_a_title_missing_in_one_language_is_reported(ledger: Ledger) -> None:
    doc = qualification_doc()
    del doc["competences"][1]["title"]["en"]
    ((path, message),) = problems(ledger, doc)
    assert path == "$.documents[0].competences[1].title"
    assert '"en" is a required property' in message


def test_an_unknown_kind_is_a_schema_violation(ledger: Ledger) -> None:
    assert paths(ledger, qualification_doc(kind="professional")) == ["$.documents[0].kind"]


def test_a_choice_rule_choosing_more_than_its_package_is_reported(ledger: Ledger) -> None:
    programme = programme_doc(
        choice_rules=[{"common": ["T-M1"], "choose": 3, "package": ["T-M2", "T-M3"]}]
    )
    assert problems(ledger, qualification_doc(), programme) == [
        ("$.documents[1].choice_rules[0].choose", "cannot choose 3 of 2 modules")
    ]


def test_a_choice_rule_whose_totals_miss_the_study_points_is_reported(ledger: Ledger) -> None:
    programme = programme_doc(
        unit="study_points",
        modules=[
            module("T-M1", ["T-01", "T-04"], 4),
            module("T-M2", ["T-02"], 4),
            module("T-M3", ["T-03"], 4),
        ],
        choice_rules=[{"common": ["T-M1"], "choose": 1, "package": ["T-M2", "T-M3"]}],
        total_study_points={"min": 11, "max": 12},
    )
    assert problems(ledger, qualification_doc(), programme) == [
        ("$.documents[1].choice_rules", "no admissible choice totals 11-12 study points")
    ]


def test_a_programme_must_place_every_competence(ledger: Ledger) -> None:
    programme = programme_doc(places={"T-01": "school", "T-02": "workplace", "T-03": "school"})
    ((path, message),) = problems(ledger, qualification_doc(), programme)
    assert path == "$.documents[1].places"
    assert "T-04" in message


def test_a_programme_of_an_unregistered_provider_is_reported(ledger: Ledger) -> None:
    programme = programme_doc(provider_key="nobody")
    assert paths(ledger, qualification_doc(), programme) == ["$.documents[1].provider"]


def test_a_programme_for_an_unpublished_version_is_reported(ledger: Ledger) -> None:
    assert paths(ledger, programme_doc(qualification=("T-BK", 1))) == [
        "$.documents[0].qualification"
    ]


def test_only_an_onderwijskwalificatie_is_composed_of_beroepskwalificaties(ledger: Ledger) -> None:
    composed = qualification_doc(
        "T-OK",
        beroepskwalificaties=[
            {"code": "T-BK", "title": {"nl": "BK", "en": "BK"}, "competences": ["T-01"]}
        ],
    )
    assert paths(ledger, qualification_doc(), composed) == ["$.documents[1].kind"]


def test_a_composition_naming_a_qualification_that_is_no_beroepskwalificatie_is_reported(
    ledger: Ledger,
) -> None:
    certificate = qualification_doc("T-CERT", kind="certificaat")
    composed = qualification_doc(
        "T-OK",
        kind="onderwijskwalificatie",
        beroepskwalificaties=[
            {"code": "T-CERT", "title": {"nl": "C", "en": "C"}, "competences": ["T-01"]}
        ],
    )
    assert problems(ledger, certificate, composed) == [
        ("$.documents[1].beroepskwalificaties[0].code", "T-CERT is not a beroepskwalificatie")
    ]


def test_a_concordance_table_without_a_scope_is_reported(ledger: Ledger) -> None:
    assert paths(ledger, qualification_doc(), programme_doc(), table_doc(scope={})) == [
        "$.documents[2].scope"
    ]


def test_a_concordance_row_granting_more_hours_than_the_module_has_is_reported(
    ledger: Ledger,
) -> None:
    rows = [
        {
            "id": "R1",
            "prior": {"code": "X", "title": {"nl": "X", "en": "X"}},
            "programme": "T-PROG",
            "module_hours": {"T-M1": 41},
        }
    ]
    assert problems(ledger, qualification_doc(), programme_doc(), table_doc(rows=rows)) == [
        ("$.documents[2].rows[0].module_hours", "T-M1 has 40 hours, fewer than 41")
    ]


def test_every_problem_of_a_file_is_reported_and_nothing_is_appended(ledger: Ledger) -> None:
    broken = qualification_doc(version=3)
    broken["competences"].append(copy.deepcopy(broken["competences"][0]))
    del broken["title"]["nl"]
    programme = programme_doc(provider_key="nobody")
    with nothing_appended(ledger), pytest.raises(CatalogueInvalidError) as e:
        import_docs(ledger, qualification_doc("T-OTHER"), broken, programme)
    assert [path for path, _ in e.value.problems] == [
        "$.documents[1].title",
        "$.documents[2].provider",
        "$.documents[2].qualification",  # T-BK v1 is in neither the file nor the ledger
    ]
    assert e.value.code == "catalogue-invalid"


def test_semantic_problems_of_several_documents_are_all_reported(ledger: Ledger) -> None:
    doc = qualification_doc(version=2)
    doc["competences"].append(copy.deepcopy(doc["competences"][0]))
    programme = programme_doc(provider_key="nobody", qualification=("T-BK", 2))
    assert paths(ledger, doc, programme) == [
        "$.documents[0].competences[4].code",
        "$.documents[0].version",
        "$.documents[1].provider",
    ]


def test_a_file_that_is_not_a_catalogue_is_refused_with_its_problems(ledger: Ledger) -> None:
    with nothing_appended(ledger), pytest.raises(CatalogueInvalidError) as e:
        ledger.import_catalogue({"documents": "none"}, actor=ADMIN, occurred_at=DAY_ONE)
    assert {path for path, _ in e.value.problems} == {"$", "$.documents"}


def test_the_diff_of_two_versions_lists_competences_added_removed_and_changed(
    ledger: Ledger,
) -> None:
    second = qualification_doc(version=2, competences=("T-01", "T-02", "T-03", "T-05"))
    second["competences"][0]["indicators"] = ["a new indicator"]
    import_docs(ledger, qualification_doc(), second)
    diff = ledger.qualification_diff("T-BK", 1, 2)
    assert diff.competences_added == ("T-05",)
    assert diff.competences_removed == ("T-04",)
    assert [(c.code, c.fields) for c in diff.competences_changed] == [("T-01", ("indicators",))]
    assert not diff.unchanged


def test_a_version_compared_with_itself_is_unchanged(ledger: Ledger) -> None:
    import_docs(ledger, qualification_doc())
    version = ledger.qualification("T-BK").in_force()
    assert diff_versions(version, version).unchanged
