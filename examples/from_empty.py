#!/usr/bin/env python3
"""From an empty Leerspoor to a signed credential, over HTTP only.

    python examples/from_empty.py --base-url http://127.0.0.1:8000 --admin-token TOKEN \\
        --out credential.json

With nothing but the first admin token (``leerspoor tokens create --role admin``), this
registers a training provider (recognised to award a qualification) and an accredited
workplace, publishes a catalogue version (the qualification and the provider's programme),
makes the provider's and the workplace's tokens through the admin token route, registers a
learner, opens a trajectory, posts a module and the mentor's workplace assessment, awards
the qualification, and writes the learner's qualification credential (a signed Open Badges
3.0 credential) to ``--out``. Every request is one a deployment makes. Run again, the
registrations are answered as duplicates and a second trajectory (fresh event ids) earns a
second credential. The same steps with curl: docs/from-empty.md.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path
from typing import Any

import httpx

PROVIDER, WORKPLACE = "cvo-voorbeeld", "koffiebar-voorbeeld"
QUALIFICATION, PROGRAMME = "BK-BARISTA-VOORBEELD", "CVO-BARISTA-VOORBEELD"
CATALOGUE: dict[str, Any] = {
    "format": "leerspoor-catalogue/1",
    "documents": [
        {
            "type": "qualification",
            "code": QUALIFICATION,
            "version": 1,
            "kind": "beroepskwalificatie",
            "title": {"nl": "Barista (voorbeeld)", "en": "Barista (example)"},
            "vks_level": 3,
            "competences": [
                {
                    "code": "BA-01",
                    "title": {"nl": "Koffiebonen kennen", "en": "Knowing coffee beans"},
                    "type": "technical",
                    "indicators": ["benoemt drie origines"],
                },
                {
                    "code": "BA-02",
                    "title": {"nl": "Espresso zetten voor gasten", "en": "Serving espresso"},
                    "type": "technical",
                    "indicators": ["zet een espresso binnen de norm"],
                },
            ],
        },
        {
            "type": "programme",
            "code": PROGRAMME,
            "version": 1,
            "provider": PROVIDER,
            "kind": "opleidingsprofiel",
            "title": {"nl": "Barista in de koffiebar", "en": "Barista at the coffee bar"},
            "qualification": {"code": QUALIFICATION, "version": 1},
            "unit": "lestijden",
            "modules": [
                {
                    "code": "BA-M1",
                    "title": {"nl": "Koffiekennis", "en": "Coffee knowledge"},
                    "size": 40,
                    "competences": ["BA-01"],
                }
            ],
            "places": {"BA-01": "school", "BA-02": "workplace"},
            "workplace_policy": {"requires_accredited_workplace": True},
        },
    ],
}


class Api:
    """The server, called with one token or another; any answer but the expected fails."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url.rstrip("/"), timeout=60)

    def call(
        self, method: str, path: str, token: str, body: Any = None, ok: tuple[int, ...] = (200, 201)
    ) -> Any:
        response = self.http.request(
            method, path, json=body, headers={"Authorization": f"Bearer {token}"}
        )
        if response.status_code not in ok:
            raise SystemExit(f"{method} {path} answered {response.status_code}: {response.text}")
        return response.json()

    def organisation(self, admin: str, key: str, name: str, kind: str, **more: str) -> str:
        """Registers an organisation (``POST /v1/admin/organisations``); its id."""
        body = {"key": key, "name": name, "kind": kind, **more}
        return str(self.call("POST", "/v1/admin/organisations", admin, body)["aggregate_id"])

    def token(self, admin: str, role: str, organisation: str, label: str) -> str:
        """A token made through the admin token route (``POST /v1/admin/tokens``)."""
        body = {"role": role, "organisation": organisation, "label": label}
        return str(self.call("POST", "/v1/admin/tokens", admin, body)["secret"])

    def event(
        self,
        token: str,
        trajectory: str | None,
        event_id: str,
        kind: str,
        day: str,
        data: dict[str, Any],
    ) -> Any:
        path = "/v1/trajectories" if trajectory is None else f"/v1/trajectories/{trajectory}/events"
        body = {
            "type": kind,
            "event_id": event_id,
            "occurred_at": f"{day}T10:00:00+02:00",
            "data": data,
        }
        return self.call("POST", path, token, body)


def run(base_url: str, admin: str, out: Path) -> dict[str, Any]:
    api = Api(base_url)
    run_id = secrets.token_hex(4)  # the client's event ids of this run's trajectory
    # 1. A provider and a workplace, the catalogue version, the provider's recognition to
    #    award the qualification (rule 10) and the workplace's accreditation (rule 4).
    provider = api.organisation(
        admin, PROVIDER, "CVO Voorbeeld", "provider", enterprise_number="0403.170.701"
    )
    workplace = api.organisation(admin, WORKPLACE, "Koffiebar Voorbeeld", "workplace")
    api.call("POST", "/v1/admin/catalogue", admin, CATALOGUE)
    api.call(
        "POST",
        f"/v1/admin/organisations/{provider}/recognitions",
        admin,
        {"kind": "award", "qualification_code": QUALIFICATION, "valid_from": "2026-01-01"},
    )
    api.call(
        "POST",
        f"/v1/organisations/{workplace}/accreditations",
        admin,
        {"valid_from": "2026-01-01", "opleidingen": [PROGRAMME]},
    )
    # 2. Their tokens, through the admin token route.
    provider_token = api.token(admin, "provider", PROVIDER, "trajectbegeleider")
    mentor_token = api.token(admin, "workplace", WORKPLACE, "mentor")
    # 3. A learner, registered by the provider under its own reference.
    learner = api.call(
        "POST",
        "/v1/learners",
        provider_token,
        {
            "reference": "VB-2026-001",
            "given_name": "Lina",
            "family_name": "Voorbeeld",
            "birth_date": "2001-05-17",
            "email": "lina@example.org",
        },
    )["learner_id"]
    # 4. The trajectory: opened, an agreement at the workplace, a module, the mentor's
    #    assessment at the workplace, the award.
    trajectory = api.event(
        provider_token,
        None,
        f"vb-{run_id}-open",
        "TrajectoryOpened",
        "2026-02-02",
        {
            "learner_id": learner,
            "pathway": "volwassenenonderwijs",
            "qualification_code": QUALIFICATION,
            "programme_code": PROGRAMME,
            "lead_provider": provider,
            "partners": [workplace],
        },
    )["trajectory_id"]
    api.event(
        provider_token,
        trajectory,
        f"vb-{run_id}-agreement",
        "LearningAgreementSigned",
        "2026-02-09",
        {
            "agreement_id": "vb-stage",
            "workplace_id": workplace,
            "mentor_id": "mentor-an",
            "hours_workplace": 24,
            "hours_school": 8,
            "starts_on": "2026-02-09",
            "ends_on": "2026-06-30",
            "kind": "stage",
            "signatories": ["learner", "workplace", "provider"],
        },
    )
    api.event(
        provider_token,
        trajectory,
        f"vb-{run_id}-module",
        "ModuleCompleted",
        "2026-03-27",
        {
            "module_code": "BA-M1",
            "result": "passed",
            "score": "15",
            "study_points": 0,
            "competences": ["BA-01"],
            "assessed_by": "docent",
        },
    )
    api.event(
        mentor_token,
        trajectory,
        f"vb-{run_id}-assessment",
        "CompetenceAssessed",
        "2026-05-15",
        {
            "competence_code": "BA-02",
            "indicators_met": ["zet een espresso binnen de norm"],
            "level": "mastered",
            "setting": "workplace",
            "assessor_role": "mentor",
            "assessor_id": "mentor-an",
            "evidence": ["twintig espresso's tijdens de dienst"],
        },
    )
    api.event(
        provider_token, trajectory, f"vb-{run_id}-award", "QualificationAwarded", "2026-06-19", {}
    )
    # 5. The learner's own token, and their qualification credential.
    learner_token = api.call(
        "POST",
        "/v1/admin/tokens",
        admin,
        {"role": "learner", "organisation": PROVIDER, "learner": "VB-2026-001"},
    )["secret"]
    held = api.call("GET", "/v1/me/credentials", learner_token)
    badge = next(
        c for c in held if c["kind"] == "qualification" and c["trajectory_id"] == trajectory
    )
    credential: dict[str, Any] = api.call("GET", badge["downloads"]["json"], learner_token)
    out.write_text(json.dumps(credential, indent=2, ensure_ascii=False), encoding="utf-8")
    return credential


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", required=True, help="where Leerspoor serves its API")
    parser.add_argument("--admin-token", required=True, help="an admin bearer token")
    parser.add_argument("--out", required=True, type=Path, help="where to write the credential")
    args = parser.parse_args(argv)
    credential = run(args.base_url, args.admin_token, args.out)
    print(f"wrote {credential['id']} to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
