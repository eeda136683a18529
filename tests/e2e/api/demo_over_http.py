"""The demo's walk through its data over HTTP (``api.demo.DemoTarget``): every operation a
route, every caller a token made through the admin token route, starting from one admin
token (made as ``leerspoor tokens create`` makes it). What the demo does in-process, a
deployment can do with these requests alone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

import httpx
from pydantic import BaseModel

from api.demo import ActorSpec, DemoResult, learner_id
from api.demo.reference import CATALOGUE_DAY, learners
from api.operations import (
    AccreditationIn,
    LearnerIn,
    MentorTrainingIn,
    OrganisationIn,
    RecognitionIn,
)
from ledger import Ledger, Organisation
from tests.contract_checks import a_posted_event

CREATED, DUPLICATE = 201, 200


def _body(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude_none=True)


class OverHttp:
    """A ``DemoTarget`` that calls the routes; ``tokens`` keeps one token per caller."""

    def __init__(self, client: httpx.Client, admin_token: str) -> None:
        self.client = client
        self.admin = admin_token
        self.tokens: dict[tuple[str, str | None, str | None], str] = {}

    # -- callers ----------------------------------------------------------------------------

    def token(self, role: str, organisation: str | None = None, learner: str | None = None) -> str:
        """A token made through ``POST /v1/admin/tokens`` (a learner by their provider's
        reference)."""
        key = (role, organisation, learner)
        if key not in self.tokens:
            body: dict[str, Any] = {"role": role, "days": 1}
            if learner is not None:
                demo = learners()[learner]
                body |= {"organisation": demo.provider, "learner": demo.body.reference}
            elif organisation is not None:
                body["organisation"] = organisation
            answer = self._call("POST", "/v1/admin/tokens", self.admin, body, expect=(201,))
            self.tokens[key] = answer.json()["secret"]
        return self.tokens[key]

    def _call(
        self,
        method: str,
        path: str,
        token: str,
        body: Any = None,
        *,
        expect: tuple[int, ...] = (CREATED, DUPLICATE),
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        response = self.client.request(
            method, path, json=body, params=params, headers={"Authorization": f"Bearer {token}"}
        )
        if response.status_code not in expect:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.text}")
        return response

    def _change(self, path: str, token: str, body: Any, **kw: Any) -> bool:
        return self._call("POST", path, token, body, **kw).status_code == CREATED

    # -- DemoTarget -----------------------------------------------------------------------

    def register_organisation(self, body: OrganisationIn) -> bool:
        return self._change("/v1/admin/organisations", self.admin, _body(body))

    def import_catalogue(self, document: dict[str, Any]) -> bool:
        params = {"occurred_at": CATALOGUE_DAY.isoformat()}
        return self._change("/v1/admin/catalogue", self.admin, document, params=params)

    def grant_recognition(self, organisation: str, body: RecognitionIn) -> bool:
        path = f"/v1/admin/organisations/{Organisation.id_for(organisation)}/recognitions"
        return self._change(path, self.admin, _body(body))

    def grant_accreditation(
        self, workplace: str, partnership: str | None, body: AccreditationIn
    ) -> bool:
        token = self.token("partnership", partnership) if partnership else self.admin
        path = f"/v1/organisations/{Organisation.id_for(workplace)}/accreditations"
        return self._change(path, token, _body(body))

    def record_mentor_training(self, workplace: str, body: MentorTrainingIn) -> bool:
        path = f"/v1/organisations/{Organisation.id_for(workplace)}/mentor-trainings"
        return self._change(path, self.admin, _body(body))

    def register_learner(self, provider: str, body: LearnerIn) -> bool:
        return self._change("/v1/learners", self.token("provider", provider), _body(body))

    def post(self, actor: ActorSpec, trajectory_id: UUID | None, document: dict[str, Any]) -> bool:
        token = self.token(actor.role, actor.organisation)
        path = (
            "/v1/trajectories"
            if trajectory_id is None
            else f"/v1/trajectories/{trajectory_id}/events"
        )
        return self._change(path, token, document)

    # -- reading back -----------------------------------------------------------------------

    def trajectory(self, trajectory_id: UUID, lead: str) -> dict[str, Any]:
        answer = self._call(
            "GET", f"/v1/trajectories/{trajectory_id}", self.token("provider", lead), expect=(200,)
        )
        document: dict[str, Any] = answer.json()
        return document

    def credentials(self, learner: str) -> list[dict[str, Any]]:
        """The learner's own credentials list, each with its signed credential."""
        token = self.token("learner", learner=learner)
        listed = self._call("GET", "/v1/me/credentials", token, expect=(200,)).json()
        for row in listed:
            row["credential"] = self._call(
                "GET", row["downloads"]["json"], token, expect=(200,)
            ).json()
        return list(listed)

    # -- for tests that build their own world ---------------------------------------------

    def send(
        self,
        token: str,
        trajectory_id: UUID | str | None,
        event_type: str,
        data: dict[str, Any],
        *,
        day: str = "2026-09-01",
        event_id: str | None = None,
    ) -> httpx.Response:
        """Posts one event in its contract form and answers the response as it is."""
        path = (
            "/v1/trajectories"
            if trajectory_id is None
            else f"/v1/trajectories/{trajectory_id}/events"
        )
        body = {
            "type": event_type,
            "event_id": event_id or f"{event_type}-{uuid4()}",
            "occurred_at": f"{day}T10:00:00+02:00",
            "data": data,
        }
        return self.client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})

    def as_admin(self, method: str, path: str, body: Any = None, **params: str) -> httpx.Response:
        return self.client.request(
            method,
            path,
            json=body,
            params=params or None,
            headers={"Authorization": f"Bearer {self.admin}"},
        )

    def organisation(self, key: str, kind: str, name: str | None = None) -> str:
        """Registers an organisation (idempotent); answers its id."""
        body = {"key": key, "name": name or key, "kind": kind}
        response = self.as_admin("POST", "/v1/admin/organisations", body)
        assert response.status_code in (200, 201), response.text
        return str(Organisation.id_for(key))

    def learner(self, provider: str, reference: str, given_name: str = "Sara") -> str:
        """Registers a learner for ``provider`` over HTTP; answers the learner's id."""
        body = {"reference": reference, "given_name": given_name, "family_name": "Test"}
        response = self.client.post(
            "/v1/learners",
            json=body,
            headers={"Authorization": f"Bearer {self.token('provider', provider)}"},
        )
        assert response.status_code in (200, 201), response.text
        return str(response.json()["learner_id"])


@dataclass
class Loaded:
    """The whole demo loaded over HTTP, with the server's ledger beside it."""

    api: OverHttp
    ledger: Ledger
    result: DemoResult


# -- posting what a rule must refuse, over HTTP -------------------------------------------------


def refused(loaded: Loaded, token: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    head = loaded.ledger.recorder.max_notification_id()
    response = loaded.api.client.post(path, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422, response.text
    assert loaded.ledger.recorder.max_notification_id() == head  # nothing appended
    problem: dict[str, Any] = response.json()
    return problem


def opening(learner: str, lead: str, qualification: str, **extra: Any) -> dict[str, Any]:
    from api.demo.scenarios import org

    return a_posted_event(
        "TrajectoryOpened",
        "refusal",
        "2026-09-01T09:00:00+02:00",
        {
            "learner_id": str(learner_id(learner)),
            "qualification_code": qualification,
            "lead_provider": org(lead),
            "partners": [],
            **extra,
        },
    )


def open_for(loaded: Loaded, lead: str, body: dict[str, Any]) -> UUID:
    token = loaded.api.token("provider", lead)
    response = loaded.api.client.post(
        "/v1/trajectories", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201, response.text
    return UUID(response.json()["trajectory_id"])
