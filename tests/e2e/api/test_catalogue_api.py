"""The catalogue over HTTP (issue 14): an admin imports catalogue files, checked as a whole
(every error with its JSON path, nothing appended unless all is valid; the same version
again a no-op, other content a conflict); every signed-in role reads qualifications,
versions, differences, programmes and concordance tables; anyone reads the public page.
Rule 7 (a revision leaves running trajectories on their version until migrated) and rule 2
per programme, over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalogue_data import catalogue, module, programme_doc, qualification_doc, table_doc
from tests.e2e.api.conftest import FreshApi
from tests.e2e.api.fresh_world import a_world, open_programme_trajectory

PROBLEM = "https://leerspoor.be/problems/"


@pytest.fixture(scope="module")
def world(fresh_api: FreshApi) -> FreshApi:
    """Organisations, and the test catalogue (T-BK with programme T-PROG and table T-EVK),
    imported over HTTP; cvo-zorg recognised to award T-BK."""
    a_world(
        fresh_api,
        (("cvo-zorg", "provider"), ("wzc-zonnehof", "workplace")),
        qualification_doc(),
        programme_doc(policy={"never_exemptible": ["T-01"]}),
        table_doc(),
    )
    api = fresh_api.api
    recognition = {"kind": "award", "qualification_code": "T-BK", "valid_from": "2020-01-01"}
    cvo = api.organisation("cvo-zorg", "provider")
    assert api.as_admin("POST", f"/v1/admin/organisations/{cvo}/recognitions", recognition)
    return fresh_api


def imported(world: FreshApi, *documents: dict[str, Any]) -> Any:
    head = world.ledger.recorder.max_notification_id()
    response = world.api.as_admin("POST", "/v1/admin/catalogue", catalogue(*documents))
    if response.status_code >= 400:
        assert world.ledger.recorder.max_notification_id() == head  # nothing appended
    return response


def problems_of(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"] == PROBLEM + "catalogue-invalid"
    return {p["path"]: p["message"] for p in body["problems"]}


# -- each error of a catalogue file, with its JSON path ----------------------------------------


def test_a_duplicate_competence_code_is_refused_with_its_path(world: FreshApi) -> None:
    doc = qualification_doc("E-DUP")
    doc["competences"][1]["code"] = doc["competences"][0]["code"]
    found = problems_of(imported(world, doc))
    assert "duplicate competence code" in found["$.documents[0].competences[1].code"]


def test_a_module_naming_an_unknown_competence_is_refused_with_its_path(world: FreshApi) -> None:
    doc = programme_doc("E-MOD", modules=[module("M-X", ["T-01", "T-99"], 10)])
    found = problems_of(imported(world, doc))
    assert "T-99" in found["$.documents[0].modules[0].competences"]


def test_a_partial_certificate_naming_an_unknown_competence_is_refused(world: FreshApi) -> None:
    doc = qualification_doc("E-PART")
    doc["partial_certificates"][0]["competences"] = ["T-01", "T-42"]
    found = problems_of(imported(world, doc))
    assert "T-42" in found["$.documents[0].partial_certificates[0].competences"]


def test_a_version_that_is_not_the_next_one_is_refused(world: FreshApi) -> None:
    found = problems_of(imported(world, qualification_doc("E-VERSION", version=3)))
    assert "not the next one" in found["$.documents[0].version"]


def test_a_title_missing_in_one_language_is_refused(world: FreshApi) -> None:
    doc = qualification_doc("E-TITLE")
    del doc["title"]["en"]
    found = problems_of(imported(world, doc))
    assert "en" in found["$.documents[0].title"]


def test_a_choice_rule_that_cannot_be_met_is_refused(world: FreshApi) -> None:
    doc = programme_doc(
        "E-CHOICE",
        choice_rules=[{"common": ["T-M1"], "choose": 3, "package": ["T-M2", "T-M3"]}],
    )
    found = problems_of(imported(world, doc))
    assert "cannot choose 3 of 2" in found["$.documents[0].choice_rules[0].choose"]


def test_every_error_of_a_file_is_listed_and_nothing_is_appended(world: FreshApi) -> None:
    first = qualification_doc("E-MANY", version=2)
    second = qualification_doc("E-MANY-2")
    del second["title"]["nl"]
    found = problems_of(imported(world, first, second))
    assert {"$.documents[0].version", "$.documents[1].title"} <= set(found)
    answer = world.api.as_admin("GET", "/v1/catalogue/qualifications/E-MANY")
    assert answer.status_code == 404


def test_the_same_version_again_is_a_no_op_and_says_so(world: FreshApi) -> None:
    response = imported(world, qualification_doc())
    body = response.json()
    assert response.status_code == 200
    assert (body["noop"], body["published"]) == (True, [])
    assert body["unchanged"] == [{"type": "qualification", "code": "T-BK", "version": 1}]


def test_the_same_version_with_other_content_is_a_conflict(world: FreshApi) -> None:
    changed = qualification_doc()
    changed["vks_level"] = 4
    response = imported(world, changed)
    assert response.status_code == 409
    body = response.json()
    assert body["type"] == PROBLEM + "catalogue-version-conflict"
    assert body["problems"][0]["path"] == "$.documents[0].version"


def test_checking_a_file_appends_nothing_and_tells_what_would_be_published(
    world: FreshApi,
) -> None:
    head = world.ledger.recorder.max_notification_id()
    response = world.api.as_admin(
        "POST", "/v1/admin/catalogue:check", catalogue(qualification_doc("E-CHECK"))
    )
    assert response.json() == {
        "valid": True,
        "problems": [],
        "would_publish": [{"type": "qualification", "code": "E-CHECK", "version": 1}],
        "unchanged": [],
    }
    assert world.ledger.recorder.max_notification_id() == head


# -- reading the catalogue ---------------------------------------------------------------------


def test_every_signed_in_role_reads_a_qualification_version_in_full(world: FreshApi) -> None:
    api = world.api
    learner = api.learner("cvo-zorg", "CAT-READER")
    issued = api.as_admin("POST", "/v1/admin/tokens", {"role": "learner", "learner": learner})
    tokens = [
        api.admin,
        api.token("provider", "cvo-zorg"),
        api.token("workplace", "wzc-zonnehof"),
        api.token("auditor"),
        issued.json()["secret"],
    ]
    for token in tokens:
        response = api.client.get(
            "/v1/catalogue/qualifications/T-BK/versions/1",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200
        version = response.json()
        assert version["kind"] == "beroepskwalificatie"
        assert version["title"] == {"nl": "Kwalificatie T-BK", "en": "Kwalificatie T-BK (en)"}
        assert [c["type"] for c in version["competences"]] == [
            "technical",
            "technical",
            "technical",
            "generic",
        ]


def test_lists_and_documents_of_programmes_and_tables(world: FreshApi) -> None:
    api = world.api
    qualifications = api.as_admin("GET", "/v1/catalogue/qualifications").json()
    programmes = api.as_admin("GET", "/v1/catalogue/programmes").json()
    tables = api.as_admin("GET", "/v1/catalogue/concordance-tables").json()
    assert "T-BK" in {q["code"] for q in qualifications}
    assert [(p["code"], p["qualification_code"]) for p in programmes] == [("T-PROG", "T-BK")]
    assert [t["code"] for t in tables] == ["T-EVK"]
    programme = api.as_admin("GET", "/v1/catalogue/programmes/T-PROG/versions/1").json()
    assert programme["places"]["T-03"] == "simulated_workplace"
    assert programme["workplace_policy"]["never_exemptible"] == ["T-01"]
    table = api.as_admin("GET", "/v1/catalogue/concordance-tables/T-EVK").json()
    assert [r["id"] for r in table["latest"]["rows"]] == ["R1", "R2"]


def test_an_unknown_code_or_version_is_not_found(world: FreshApi) -> None:
    api = world.api
    for path in (
        "/v1/catalogue/qualifications/NOPE",
        "/v1/catalogue/qualifications/T-BK/versions/9",
        "/v1/catalogue/programmes/NOPE",
        "/v1/catalogue/concordance-tables/NOPE/versions/1",
    ):
        response = api.as_admin("GET", path)
        assert (response.status_code, response.json()["type"]) == (404, PROBLEM + "not-found")


def test_the_public_page_shows_what_a_qualification_contains(world: FreshApi) -> None:
    page = world.api.client.get("/catalogue/T-BK?lang=en")
    assert page.status_code == 200
    assert "Kwalificatie T-BK (en)" in page.text
    assert "Competentie T-02 (en)" in page.text
    assert "Opleiding T-PROG (en)" in page.text  # the programme that leads to it
    assert world.api.client.get("/catalogue/T-BK/v/7").status_code == 404


# -- rule 7 over HTTP: a revision and an explicit migration ---------------------------------


SCHOOL_ONLY = ("S-01", "S-02")


def school_qualification(version: int, *extra: str) -> dict[str, Any]:
    doc = qualification_doc("T7-BK", version, competences=(*SCHOOL_ONLY, *extra))
    doc["partial_certificates"] = []
    return doc


def covered_trajectory(world: FreshApi, reference: str) -> str:
    api = world.api
    token = api.token("provider", "cvo-zorg")
    learner = api.learner("cvo-zorg", reference)
    opened = api.send(
        token,
        None,
        "TrajectoryOpened",
        {
            "learner_id": learner,
            "pathway": "volwassenenonderwijs",
            "qualification_code": "T7-BK",
            "lead_provider": api.organisation("cvo-zorg", "provider"),
            "partners": [],
        },
    )
    assert opened.status_code == 201, opened.text
    trajectory = str(opened.json()["trajectory_id"])
    for code in SCHOOL_ONLY:
        assessed = api.send(
            token,
            trajectory,
            "CompetenceAssessed",
            {
                "competence_code": code,
                "indicators_met": [],
                "level": "mastered",
                "setting": "school",
                "assessor_role": "teacher",
                "assessor_id": "docent-an",
                "evidence": ["proef in de les"],
            },
        )
        assert assessed.status_code == 201, assessed.text
    return trajectory


def read(world: FreshApi, trajectory: str) -> dict[str, Any]:
    token = world.api.token("provider", "cvo-zorg")
    response = world.api.client.get(
        f"/v1/trajectories/{trajectory}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_rule_7_a_revision_over_http_leaves_running_trajectories_on_their_version(
    world: FreshApi,
) -> None:
    api = world.api
    assert imported(world, school_qualification(1)).status_code == 201
    recognition = {"kind": "award", "qualification_code": "T7-BK", "valid_from": "2020-01-01"}
    cvo = api.organisation("cvo-zorg", "provider")
    api.as_admin("POST", f"/v1/admin/organisations/{cvo}/recognitions", recognition)
    running = covered_trajectory(world, "R7-RUNNING")
    to_migrate = covered_trajectory(world, "R7-MIGRATED")

    assert imported(world, school_qualification(2, "S-03")).status_code == 201
    diff = api.as_admin(
        "GET", "/v1/catalogue/qualifications/T7-BK/diff", **{"from": "1", "to": "2"}
    )
    assert diff.json()["competences"]["added"] == ["S-03"]

    # The running trajectory qualifies on version 1.
    token = api.token("provider", "cvo-zorg")
    awarded = api.send(token, running, "QualificationAwarded", {})
    assert awarded.status_code == 201, awarded.text
    assert read(world, running)["qualification"]["version"] == 1

    # One opened after the revision pins version 2 and misses the new competence.
    opened_after = covered_trajectory(world, "R7-AFTER")
    assert read(world, opened_after)["qualification"]["version"] == 2
    assert read(world, opened_after)["missing"] == ["S-03"]

    # An explicit migration moves a running one to version 2.
    migrated = api.send(
        token, to_migrate, "TrajectoryMigrated", {"to_version": 2, "reason": "nieuwe versie"}
    )
    assert migrated.status_code == 201, migrated.text
    after = read(world, to_migrate)
    assert (after["qualification"]["version"], after["missing"]) == (2, ["S-03"])


def test_rule_7_a_migration_backward_is_refused(world: FreshApi) -> None:
    trajectory = covered_trajectory(world, "R7-BACK")  # opened on version 2 (or later)
    token = world.api.token("provider", "cvo-zorg")
    response = world.api.send(
        token, trajectory, "TrajectoryMigrated", {"to_version": 1, "reason": "terug"}
    )
    assert (response.status_code, response.json()["rule"]) == (422, 7)


# -- rule 2 per programme over HTTP --------------------------------------------------------------


def assessment(code: str, setting: str) -> dict[str, Any]:
    return {
        "competence_code": code,
        "indicators_met": [],
        "level": "mastered",
        "setting": setting,
        "assessor_role": "assessor",
        "assessor_id": "assessor-an",
        "evidence": ["proef in het oefenrestaurant"],
    }


def test_rule_2_a_simulated_workplace_competence_is_covered_by_a_simulated_assessment(
    world: FreshApi,
) -> None:
    trajectory = open_programme_trajectory(world, "R2-SIM")
    token = world.api.token("provider", "cvo-zorg")
    for code in ("T-02", "T-03"):
        response = world.api.send(
            token, trajectory, "CompetenceAssessed", assessment(code, "simulated_workplace")
        )
        assert response.status_code == 201, response.text
    missing = read(world, trajectory)["missing"]
    assert "T-03" not in missing  # learnt at a simulated workplace (the programme says)
    assert "T-02" in missing  # learnt at a real workplace: a simulation does not cover it


def test_rule_2_a_competence_marked_never_exemptible_refuses_an_exemption(
    world: FreshApi,
) -> None:
    trajectory = open_programme_trajectory(world, "R2-NEVER")
    head = world.ledger.recorder.max_notification_id()
    response = world.api.send(
        world.api.token("provider", "cvo-zorg"),
        trajectory,
        "ExemptionGranted",
        {
            "competences": ["T-01"],
            "modules": [],
            "basis": "prior_certificate",
            "evidence": ["attest"],
            "decided_by": "klassenraad",
        },
    )
    assert response.status_code == 422
    assert response.json()["type"] == PROBLEM + "rule-2-workplace-learning-exempted"
    assert response.json()["rule"] == 2
    assert world.ledger.recorder.max_notification_id() == head
