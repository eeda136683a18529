"""What the tests on a fresh server (``fresh_api``) set up over HTTP before they start:
organisations registered and catalogue documents imported, and trajectories on the test
programme T-PROG."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tests.catalogue_data import catalogue
from tests.e2e.api.conftest import FreshApi


def a_world(
    fresh_api: FreshApi, organisations: Iterable[tuple[str, str]], *documents: dict[str, Any]
) -> FreshApi:
    """``organisations`` (key, kind) registered and ``documents`` imported as one catalogue."""
    api = fresh_api.api
    for key, kind in organisations:
        api.organisation(key, kind)
    assert api.as_admin("POST", "/v1/admin/catalogue", catalogue(*documents)).status_code == 201
    return fresh_api


def open_programme_trajectory(
    world: FreshApi,
    reference: str,
    *,
    partners: Iterable[tuple[str, str]] = (),
    day: str = "2026-09-01",
) -> str:
    """A trajectory of cvo-zorg on T-BK by programme T-PROG, for the learner it registers
    under ``reference``, with ``partners`` (key, kind), opened on ``day``; its id."""
    api = world.api
    opened = api.send(
        api.token("provider", "cvo-zorg"),
        None,
        "TrajectoryOpened",
        {
            "learner_id": api.learner("cvo-zorg", reference),
            "pathway": "volwassenenonderwijs",
            "qualification_code": "T-BK",
            "programme_code": "T-PROG",
            "lead_provider": api.organisation("cvo-zorg", "provider"),
            "partners": [api.organisation(key, kind) for key, kind in partners],
        },
        day=day,
    )
    assert opened.status_code == 201, opened.text
    return str(opened.json()["trajectory_id"])


def a_stage(
    agreement_id: str, workplace_id: str, mentor_id: str, *, starts_on: str = "2026-09-01"
) -> dict[str, Any]:
    """The data of a ``LearningAgreementSigned``: an open-ended stage at ``workplace_id``,
    24 hours at work and 8 at school, signed by all three."""
    return {
        "agreement_id": agreement_id,
        "workplace_id": workplace_id,
        "mentor_id": mentor_id,
        "hours_workplace": 24,
        "hours_school": 8,
        "starts_on": starts_on,
        "ends_on": None,
        "kind": "stage",
        "signatories": ["learner", "workplace", "provider"],
    }
