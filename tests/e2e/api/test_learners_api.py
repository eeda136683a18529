"""Learners over HTTP (issue 14): a provider registers a learner under its own reference
(the idempotency key), finds them by it and lists its learners; a learner is visible only
to the provider that registered them and the providers of their trajectories (anyone else:
404, worded as an unknown id); erasure makes their personal data unreadable. And the
referential checks at the write: a trajectory or agreement naming what is not registered
is a 422 problem naming it, with nothing appended."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.catalogue_data import qualification_doc
from tests.e2e.api.conftest import FreshApi
from tests.e2e.api.fresh_world import a_stage, a_world

PROBLEM = "https://leerspoor.be/problems/"


@pytest.fixture(scope="module")
def world(fresh_api: FreshApi) -> FreshApi:
    organisations = (
        ("cvo-zorg", "provider"),
        ("cvo-horeca", "provider"),
        ("wzc-zonnehof", "workplace"),
    )
    return a_world(fresh_api, organisations, qualification_doc())


def as_provider(world: FreshApi, provider: str, method: str, path: str, body: Any = None) -> Any:
    token = world.api.token("provider", provider)
    return world.api.client.request(
        method, path, json=body, headers={"Authorization": f"Bearer {token}"}
    )


SARA = {
    "reference": "2025-0042",
    "given_name": "Sara",
    "family_name": "Vandamme",
    "birth_date": "2001-03-04",
    "email": "sara@example.org",
}


def test_a_provider_registers_a_learner_under_its_own_reference(world: FreshApi) -> None:
    first = as_provider(world, "cvo-zorg", "POST", "/v1/learners", SARA)
    again = as_provider(world, "cvo-zorg", "POST", "/v1/learners", SARA)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["learner_id"] == first.json()["learner_id"]
    found = as_provider(world, "cvo-zorg", "GET", "/v1/learners/by-reference/2025-0042").json()
    assert (found["given_name"], found["email"], found["reference"]) == (
        "Sara",
        "sara@example.org",
        "2025-0042",
    )
    listed = as_provider(world, "cvo-zorg", "GET", "/v1/learners").json()
    assert first.json()["learner_id"] in {learner["learner_id"] for learner in listed}


def test_the_same_reference_for_another_person_is_a_conflict(world: FreshApi) -> None:
    as_provider(world, "cvo-zorg", "POST", "/v1/learners", SARA)
    response = as_provider(world, "cvo-zorg", "POST", "/v1/learners", {**SARA, "given_name": "Sam"})
    assert (response.status_code, response.json()["type"]) == (
        409,
        PROBLEM + "learner-reference-conflict",
    )


def test_a_malformed_email_address_is_refused(world: FreshApi) -> None:
    body = {**SARA, "reference": "BAD-MAIL", "email": "geen adres"}
    response = as_provider(world, "cvo-zorg", "POST", "/v1/learners", body)
    assert (response.status_code, response.json()["type"]) == (422, PROBLEM + "invalid-event")


def test_another_provider_cannot_see_the_learner_worded_as_an_unknown_id(world: FreshApi) -> None:
    learner = world.api.learner("cvo-zorg", "HIDDEN-001")
    unknown_id = str(uuid4())
    hidden = as_provider(world, "cvo-horeca", "GET", f"/v1/learners/{learner}")
    unknown = as_provider(world, "cvo-horeca", "GET", f"/v1/learners/{unknown_id}")
    assert hidden.status_code == unknown.status_code == 404
    worded = {key: value for key, value in hidden.json().items() if key != "detail"}
    assert worded == {key: value for key, value in unknown.json().items() if key != "detail"}
    assert hidden.json()["detail"].replace(learner, "ID") == unknown.json()["detail"].replace(
        unknown_id, "ID"
    )
    assert learner not in {
        entry["learner_id"]
        for entry in as_provider(world, "cvo-horeca", "GET", "/v1/learners").json()
    }
    by_reference = as_provider(world, "cvo-horeca", "GET", "/v1/learners/by-reference/HIDDEN-001")
    assert by_reference.status_code == 404


def test_a_provider_with_a_trajectory_for_the_learner_sees_them(world: FreshApi) -> None:
    api = world.api
    learner = api.learner("cvo-zorg", "SHARED-001", given_name="Noor")
    opened = api.send(
        api.token("provider", "cvo-horeca"),
        None,
        "TrajectoryOpened",
        {
            "learner_id": learner,
            "pathway": "volwassenenonderwijs",
            "qualification_code": "T-BK",
            "lead_provider": api.organisation("cvo-horeca", "provider"),
            "partners": [],
        },
    )
    assert opened.status_code == 201, opened.text
    seen = as_provider(world, "cvo-horeca", "GET", f"/v1/learners/{learner}")
    assert seen.status_code == 200
    assert seen.json()["given_name"] == "Noor"
    assert "reference" not in seen.json()  # the reference is the registering provider's


def test_erasing_a_provider_registered_learner_makes_their_data_unreadable(world: FreshApi) -> None:
    api = world.api
    learner = api.learner("cvo-zorg", "ERASE-001", given_name="Eline")
    erased = api.as_admin("DELETE", f"/v1/admin/learners/{learner}")
    assert erased.status_code == 200
    shown = as_provider(world, "cvo-zorg", "GET", f"/v1/learners/{learner}").json()
    assert shown["erased"] is True
    assert (shown["given_name"], shown["email"], shown["birth_date"]) == (None, None, None)
    assert world.ledger.data_keys.key_for(UUID(learner)) is None
    stored = [
        notification.state
        for notification in world.ledger.recorder.select_notifications(start=1, limit=100_000)
        if notification.originator_id == UUID(learner)
    ]
    assert stored
    assert not any(b"Eline" in state for state in stored)


# -- referential checks at the write ---------------------------------------------------------


def refused(world: FreshApi, trajectory: str | None, event_type: str, data: dict[str, Any]) -> Any:
    head = world.ledger.recorder.max_notification_id()
    response = world.api.send(world.api.token("provider", "cvo-zorg"), trajectory, event_type, data)
    assert response.status_code == 422, response.text
    assert world.ledger.recorder.max_notification_id() == head
    return response.json()


def opening(world: FreshApi, **over: Any) -> dict[str, Any]:
    api = world.api
    return {
        "learner_id": api.learner("cvo-zorg", "REF-CHECKS"),
        "pathway": "volwassenenonderwijs",
        "qualification_code": "T-BK",
        "lead_provider": api.organisation("cvo-zorg", "provider"),
        "partners": [],
        **over,
    }


@pytest.mark.parametrize(
    ("field", "value", "code", "missing"),
    [
        ("learner_id", str(uuid4()), "unknown-learner", "learner"),
        ("partners", ["unknown-partner"], "unknown-organisation", "organisation"),
        ("qualification_code", "NOT-PUBLISHED", "unknown-qualification", "qualification"),
    ],
)
def test_an_opening_naming_what_is_not_registered_is_refused(
    world: FreshApi, field: str, value: Any, code: str, missing: str
) -> None:
    if value == ["unknown-partner"]:
        value = [str(uuid4())]
    problem = refused(world, None, "TrajectoryOpened", opening(world, **{field: value}))
    assert (problem["type"], problem["missing"]) == (PROBLEM + code, missing)


def test_an_organisations_id_is_no_learner(world: FreshApi) -> None:
    organisation = world.api.organisation("cvo-zorg", "provider")
    problem = refused(world, None, "TrajectoryOpened", opening(world, learner_id=organisation))
    assert problem["type"] == PROBLEM + "unknown-learner"


def test_a_lead_provider_that_is_not_the_callers_organisation_is_refused(world: FreshApi) -> None:
    other = world.api.organisation("cvo-horeca", "provider")
    problem = refused(world, None, "TrajectoryOpened", opening(world, lead_provider=other))
    assert problem["type"] == PROBLEM + "lead-provider-mismatch"


def test_a_qualification_registered_without_a_published_version_is_refused(
    world: FreshApi,
) -> None:
    # Nothing but a failed import ever names it: it has no published version.
    problem = refused(world, None, "TrajectoryOpened", opening(world, qualification_code="T-NEVER"))
    assert problem["type"] == PROBLEM + "unknown-qualification"


def test_an_agreement_at_an_unregistered_workplace_is_refused(world: FreshApi) -> None:
    api = world.api
    opened = api.send(api.token("provider", "cvo-zorg"), None, "TrajectoryOpened", opening(world))
    trajectory = str(opened.json()["trajectory_id"])
    problem = refused(
        world,
        trajectory,
        "LearningAgreementSigned",
        a_stage("nowhere", str(uuid4()), "mentor"),
    )
    assert (problem["type"], problem["missing"]) == (PROBLEM + "unknown-workplace", "workplace")


def test_a_workplace_retrying_an_assessment_after_the_trajectory_closed_gets_its_duplicate(
    world: FreshApi,
) -> None:
    api = world.api
    data = opening(world, partners=[api.organisation("wzc-zonnehof", "workplace")])
    opened = api.send(api.token("provider", "cvo-zorg"), None, "TrajectoryOpened", data)
    trajectory = str(opened.json()["trajectory_id"])
    signed = api.send(
        api.token("provider", "cvo-zorg"),
        trajectory,
        "LearningAgreementSigned",
        a_stage("retry", api.organisation("wzc-zonnehof", "workplace"), "mentor-lies"),
    )
    assert signed.status_code == 201, signed.text
    assessment = {
        "competence_code": "T-02",
        "indicators_met": [],
        "level": "in_development",
        "setting": "workplace",
        "assessor_role": "mentor",
        "assessor_id": "mentor-lies",
        "evidence": ["observatie"],
    }
    workplace = api.token("workplace", "wzc-zonnehof")
    first = api.send(workplace, trajectory, "CompetenceAssessed", assessment, event_id="retry-1")
    assert first.status_code == 201
    closed = api.send(
        api.token("provider", "cvo-zorg"),
        trajectory,
        "TrajectoryClosed",
        {"outcome": "unqualified", "reason": "gestopt", "exit": "dropped_out"},
        day="2026-09-02",
    )
    assert closed.status_code == 201, closed.text
    again = api.send(workplace, trajectory, "CompetenceAssessed", assessment, event_id="retry-1")
    other = api.send(workplace, trajectory, "CompetenceAssessed", assessment, event_id="retry-2")
    assert (again.status_code, again.json()["duplicate"]) == (200, True)
    assert other.status_code == 404  # a new event: the closed trajectory reads as absent
