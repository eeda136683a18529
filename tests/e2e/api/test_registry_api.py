"""Organisations, recognitions, accreditation and tokens over HTTP (issue 14): an admin
registers organisations (KBO/BCE checked) and recognises them (rule 10); a sector
partnership accredits workplaces in its own name, scoped per opleiding and conditional on
a trained mentor, and withdraws accreditation (rule 4); tokens are made through the admin
token route."""

from __future__ import annotations

from typing import Any

import pytest

from tests.catalogue_data import programme_doc, qualification_doc
from tests.e2e.api import fresh_world
from tests.e2e.api.conftest import FreshApi
from tests.e2e.api.fresh_world import a_stage, a_world

PROBLEM = "https://leerspoor.be/problems/"
VALID_KBO = "0403.170.701"


@pytest.fixture(scope="module")
def world(fresh_api: FreshApi) -> FreshApi:
    return a_world(
        fresh_api,
        (
            ("cvo-zorg", "provider"),
            ("cvo-horeca", "provider"),
            ("wzc-zonnehof", "workplace"),
            ("wzc-andere", "workplace"),
            ("partnerschap-zorg", "sector_partnership"),
            ("partnerschap-hout", "sector_partnership"),
            ("testcentrum-zorg", "test_centre"),
        ),
        qualification_doc(),
        programme_doc(policy={"requires_accredited_workplace": True}),
    )


def recognise(world: FreshApi, key: str, **body: Any) -> Any:
    organisation = world.api.organisation(key, "provider" if "cvo" in key else "test_centre")
    return world.api.as_admin("POST", f"/v1/admin/organisations/{organisation}/recognitions", body)


# -- organisations ----------------------------------------------------------------------------


def test_an_organisation_is_registered_with_a_checked_enterprise_number(world: FreshApi) -> None:
    api = world.api
    body = {
        "key": "cvo-nieuw",
        "name": "CVO Nieuw",
        "kind": "provider",
        "enterprise_number": VALID_KBO,
    }
    first = api.as_admin("POST", "/v1/admin/organisations", body)
    again = api.as_admin("POST", "/v1/admin/organisations", body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    shown = api.as_admin("GET", f"/v1/organisations/{first.json()['aggregate_id']}").json()
    assert (shown["name"], shown["kind"], shown["enterprise_number"]) == (
        "CVO Nieuw",
        "provider",
        VALID_KBO,
    )


def test_a_wrong_check_digit_in_the_enterprise_number_is_refused(world: FreshApi) -> None:
    body = {
        "key": "cvo-fout",
        "name": "CVO Fout",
        "kind": "provider",
        "enterprise_number": "0403.170.702",
    }
    response = world.api.as_admin("POST", "/v1/admin/organisations", body)
    assert (response.status_code, response.json()["type"]) == (
        422,
        PROBLEM + "invalid-enterprise-number",
    )


def test_a_key_registered_again_with_other_details_is_a_conflict(world: FreshApi) -> None:
    body = {"key": "cvo-zorg", "name": "Een andere naam", "kind": "provider"}
    response = world.api.as_admin("POST", "/v1/admin/organisations", body)
    assert (response.status_code, response.json()["type"]) == (409, PROBLEM + "already-exists")


def test_organisations_are_listed_by_kind(world: FreshApi) -> None:
    listed = world.api.as_admin("GET", "/v1/organisations", kind="sector_partnership").json()
    assert {o["key"] for o in listed} == {"partnerschap-zorg", "partnerschap-hout"}


# -- tokens through the admin route ------------------------------------------------------------


def test_a_token_for_an_organisation_of_another_kind_is_refused(world: FreshApi) -> None:
    body = {"role": "provider", "organisation": "wzc-zonnehof"}
    response = world.api.as_admin("POST", "/v1/admin/tokens", body)
    assert response.status_code == 422
    assert "workplace" in response.json()["detail"]


def test_a_token_for_an_unregistered_organisation_is_refused(world: FreshApi) -> None:
    body = {"role": "workplace", "organisation": "nergens-bv"}
    assert world.api.as_admin("POST", "/v1/admin/tokens", body).status_code == 422


def test_a_learner_token_is_made_for_a_newly_registered_learner_and_revoked(
    world: FreshApi,
) -> None:
    api = world.api
    api.learner("cvo-zorg", "TOK-001", given_name="Tom")
    body = {"role": "learner", "organisation": "cvo-zorg", "learner": "TOK-001", "label": "Tom"}
    issued = api.as_admin("POST", "/v1/admin/tokens", body)
    assert issued.status_code == 201
    token = issued.json()
    headers = {"Authorization": f"Bearer {token['secret']}"}
    export = api.client.get("/v1/me/export", headers=headers)
    assert export.json()["learner"]["given_name"] == "Tom"
    listed = {t["token_id"]: t for t in api.as_admin("GET", "/v1/admin/tokens").json()}
    assert listed[token["token_id"]]["label"] == "Tom"
    assert "secret" not in listed[token["token_id"]]
    revoked = api.as_admin("DELETE", f"/v1/admin/tokens/{token['token_id']}")
    assert revoked.status_code == 200
    assert api.client.get("/v1/me/export", headers=headers).status_code == 401


# -- accreditation by a sector partnership; rule 4 --------------------------------------------


def accredit(world: FreshApi, partnership: str, workplace: str, **body: Any) -> Any:
    token = world.api.token("partnership", partnership)
    target = world.api.organisation(workplace, "workplace")
    return world.api.client.post(
        f"/v1/organisations/{target}/accreditations",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_a_partnership_accredits_in_its_own_name(world: FreshApi) -> None:
    response = accredit(
        world, "partnerschap-zorg", "wzc-andere", valid_from="2024-01-01", opleidingen=["T-PROG"]
    )
    assert response.status_code == 201, response.text
    shown = world.api.as_admin("GET", f"/v1/organisations/{response.json()['aggregate_id']}")
    (accreditation,) = shown.json()["accreditations"]
    assert accreditation["granted_by"] == world.api.organisation(
        "partnerschap-zorg", "sector_partnership"
    )
    assert accreditation["opleidingen"] == ["T-PROG"]


def test_a_partnership_cannot_accredit_in_another_partnerships_name(world: FreshApi) -> None:
    other = world.api.organisation("partnerschap-zorg", "sector_partnership")
    response = accredit(
        world, "partnerschap-hout", "wzc-andere", valid_from="2024-01-01", granted_by=other
    )
    assert (response.status_code, response.json()["type"]) == (403, PROBLEM + "not-permitted")


def open_programme_trajectory(world: FreshApi, reference: str) -> str:
    partners = [("wzc-zonnehof", "workplace")]
    return fresh_world.open_programme_trajectory(
        world, reference, partners=partners, day="2024-09-01"
    )


def agreement(world: FreshApi, trajectory: str, starts_on: str, mentor: str = "mentor-lies") -> Any:
    return world.api.send(
        world.api.token("provider", "cvo-zorg"),
        trajectory,
        "LearningAgreementSigned",
        a_stage(
            f"agreement-{starts_on}-{mentor}",
            world.api.organisation("wzc-zonnehof", "workplace"),
            mentor,
            starts_on=starts_on,
        ),
        day=starts_on,
    )


def test_rule_4_a_withdrawal_refuses_a_later_agreement_and_keeps_earlier_assessments(
    world: FreshApi,
) -> None:
    api = world.api
    granted = accredit(
        world,
        "partnerschap-zorg",
        "wzc-zonnehof",
        valid_from="2024-01-01",
        opleidingen=["T-PROG"],
        requires_trained_mentor=True,
    )
    assert granted.status_code == 201
    trajectory = open_programme_trajectory(world, "R4-001")

    # The accreditation asks for a trained mentor: none yet.
    untrained = agreement(world, trajectory, "2024-09-02")
    assert (untrained.status_code, untrained.json()["rule"]) == (422, 4)
    trained = api.client.post(
        f"/v1/organisations/{api.organisation('wzc-zonnehof', 'workplace')}/mentor-trainings",
        json={
            "mentor_id": "mentor-lies",
            "completed_on": "2024-06-15",
            "course": "mentoropleiding",
        },
        headers={"Authorization": f"Bearer {api.token('partnership', 'partnerschap-zorg')}"},
    )
    assert trained.status_code == 201
    assert agreement(world, trajectory, "2024-09-02").status_code == 201
    assessed = api.send(
        api.token("workplace", "wzc-zonnehof"),
        trajectory,
        "CompetenceAssessed",
        {
            "competence_code": "T-02",
            "indicators_met": [],
            "level": "mastered",
            "setting": "workplace",
            "assessor_role": "mentor",
            "assessor_id": "mentor-lies",
            "evidence": ["observatie op de werkvloer"],
        },
        day="2024-11-15",
    )
    assert assessed.status_code == 201, assessed.text

    withdrawn = api.client.post(
        f"/v1/organisations/{api.organisation('wzc-zonnehof', 'workplace')}"
        "/accreditations:withdraw",
        json={
            "effective_on": "2025-01-01",
            "reason": "geen mentor meer",
            "opleidingen": ["T-PROG"],
        },
        headers={"Authorization": f"Bearer {api.token('partnership', 'partnerschap-zorg')}"},
    )
    assert withdrawn.status_code == 201, withdrawn.text

    later = agreement(world, open_programme_trajectory(world, "R4-002"), "2025-02-03")
    assert later.status_code == 422
    assert (later.json()["type"], later.json()["rule"]) == (
        PROBLEM + "rule-4-workplace-not-accredited",
        4,
    )
    document = api.client.get(
        f"/v1/trajectories/{trajectory}",
        headers={"Authorization": f"Bearer {api.token('provider', 'cvo-zorg')}"},
    ).json()
    assert "T-02" not in document["missing"]  # the earlier assessment still counts


# -- rule 10 -------------------------------------------------------------------------------------


def school_trajectory(world: FreshApi, lead: str, reference: str, **extra: Any) -> str:
    api = world.api
    lead_id = api.organisation(lead, "provider" if "cvo" in lead else "test_centre")
    response = api.send(
        api.token("provider", lead),
        None,
        "TrajectoryOpened",
        {
            "learner_id": api.learner(lead, reference),
            "pathway": "evc_traject",
            "qualification_code": "T-BK",
            "lead_provider": lead_id,
            "partners": [],
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["trajectory_id"])


def test_rule_10_a_provider_not_recognised_for_the_qualification_cannot_award_it(
    world: FreshApi,
) -> None:
    assert recognise(
        world, "cvo-zorg", kind="award", qualification_code="T-BK", valid_from="2020-01-01"
    ).status_code in (200, 201)
    trajectory = school_trajectory(world, "cvo-horeca", "R10-001")
    head = world.ledger.recorder.max_notification_id()
    response = world.api.send(
        world.api.token("provider", "cvo-horeca"), trajectory, "QualificationAwarded", {}
    )
    assert response.status_code == 422
    assert (response.json()["type"], response.json()["rule"]) == (
        PROBLEM + "rule-10-awarder-not-recognised",
        10,
    )
    assert world.ledger.recorder.max_notification_id() == head


def test_rule_10_a_recognised_test_centre_awards_a_beroepskwalificatie_directly(
    world: FreshApi,
) -> None:
    granted = recognise(
        world,
        "testcentrum-zorg",
        kind="evc_standard",
        qualification_code="T-BK",
        evc_standard="EVC-T-BK",
        valid_from="2020-01-01",
    )
    assert granted.status_code == 201, granted.text
    trajectory = school_trajectory(world, "testcentrum-zorg", "R10-002")
    token = world.api.token("provider", "testcentrum-zorg")
    decided = world.api.send(
        token,
        trajectory,
        "RecognitionDecided",
        {
            "procedure_id": "evc-r10",
            "competences_recognised": ["T-01", "T-02", "T-03", "T-04"],
            "decided_by": "assessor",
            "route": "test_centre",
            "evc_standard": "EVC-T-BK",
        },
    )
    assert decided.status_code == 201, decided.text
    awarded = world.api.send(token, trajectory, "QualificationAwarded", {})
    assert awarded.status_code == 201, awarded.text


def test_rule_10_a_test_centre_not_recognised_for_the_standard_cannot_decide_on_route_a(
    world: FreshApi,
) -> None:
    trajectory = school_trajectory(world, "testcentrum-zorg", "R10-003")
    response = world.api.send(
        world.api.token("provider", "testcentrum-zorg"),
        trajectory,
        "RecognitionDecided",
        {
            "procedure_id": "evc-other",
            "competences_recognised": ["T-01"],
            "decided_by": "assessor",
            "route": "test_centre",
            "evc_standard": "EVC-IETS-ANDERS",
        },
    )
    assert (response.status_code, response.json()["rule"]) == (422, 10)
