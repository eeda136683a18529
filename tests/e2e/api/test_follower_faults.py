"""Faults that happen in production, against real ``leerspoor serve`` processes on SQLite and
PostgreSQL: an issuer's key file corrupted while a badge-earning event arrives, and a
trajectory whose learner does not exist earning a badge (the incident of issue 15). Writes
are accepted, every other issuer's badges, status lists and reads keep working, ``/health``
says ``degraded``, the server restarts, and after the fix ``leerspoor projections retry``
issues the badge exactly once.

Today's ledger refuses to open a trajectory for a learner it does not know, so the
incident's trajectory is one a release before that check stored (it stays in every ledger
written then); the badge-earning event arrives over HTTP as in the incident."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest

from api.bootstrap import build_ledger, utc_now
from api.stores import TokenStore
from ledger import Learner, Ledger, Organisation, Role
from projections import read_model_engine
from tests.contract_checks import a_posted_event
from tests.e2e.api.conftest import LiveApi
from tests.e2e.api.trajectory_events import module_completed, post_event
from tests.earlier_releases import a_trajectory_opened_before_reference_checks
from tests.live_server import free_port
from tests.processes import Child, answers_http, api_server, children, leerspoor
from tests.reference_data import load_reference_data

SECRET = "a-test-secret-of-some-length"


@dataclass
class Site:
    """A database with the reference data, tokens, a keys directory, and the servers."""

    url: str
    folder: Path
    ledger: Ledger
    tokens: dict[str, str]
    started: list[Child]

    @property
    def env(self) -> dict[str, str]:
        # One public address for every process, as a deployment has: the issuer DIDs the
        # servers and the retrying command sign with derive from it.
        return {
            "LEERSPOOR_KEY_SECRET": SECRET,
            "LEERSPOOR_KEYS_DIR": str(self.folder / "keys"),
            "LEERSPOOR_PUBLIC_BASE_URL": "https://leerspoor.test",
        }

    def serve(self, name: str) -> str:
        port = free_port()
        server = api_server(self.url, port, self.folder / f"{name}.log", self.env)
        self.started.append(server)
        base = f"http://127.0.0.1:{port}"
        server.wait_until(answers_http(f"{base}/health"), f"{name} on {base}")
        return base

    def cli(self, *arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            leerspoor(*arguments, "--db", self.url),
            env={**_environ(), **self.env},
            capture_output=True,
            text=True,
            timeout=600,  # a hung command ends the test; a slow one does not
            check=False,
        )

    def key_file(self, organisation: str) -> Path:
        return self.folder / "keys" / f"{org(organisation)}.json"

    def issued(self, badge_id: str) -> int:
        """How often the ledger recorded the badge as issued."""
        return sum(
            1
            for trajectory in self.trajectories()
            for event in self.ledger.history(trajectory)
            if type(event).__name__ == "BadgeIssued" and event.badge_id == badge_id  # type: ignore[attr-defined]
        )

    def trajectories(self) -> set[UUID]:
        from projections import notifications

        return {
            UUID(str(n.originator_id))
            for n in notifications(self.ledger)
            if n.topic.endswith("TrajectoryOpened")
        }


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


@pytest.fixture
def site(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    monkeypatch.setenv("LEERSPOOR_KEY_SECRET", SECRET)
    ledger = build_ledger(database_url)
    load_reference_data(ledger)
    store = TokenStore(read_model_engine(database_url), utc_now)

    def token(role: Role, organisation: str | None = None, subject: str | None = None) -> str:
        return store.create(
            role,
            organisation_id=Organisation.id_for(organisation) if organisation else None,
            subject=learner(subject) if subject else None,
        ).secret

    tokens = {
        "elektro": token(Role.PROVIDER, "cdo-elektro"),
        "zorg": token(Role.PROVIDER, "cvo-zorg"),
        "auditor": token(Role.AUDITOR),
        "ilias": token(Role.LEARNER, subject="ilias"),
        "chloe": token(Role.LEARNER, subject="chloe"),
    }
    with children() as started:
        yield Site(database_url, tmp_path, ledger, tokens, started)
    ledger.close()


def org(key: str) -> str:
    return str(Organisation.id_for(key))


def learner(key: str) -> str:
    return str(Learner.id_for(key))


def client(base: str, token: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=base, headers=headers, timeout=120)


def opened(provider: httpx.Client, who: str, qualification: str, lead: str, partner: str) -> str:
    answer = provider.post(
        "/v1/trajectories",
        json=a_posted_event(
            "TrajectoryOpened",
            "open",
            "2026-09-01T09:00:00+02:00",
            {
                "learner_id": who,
                "pathway": "duaal_leren",
                "qualification_code": qualification,
                "lead_provider": org(lead),
                "partners": [org(partner)],
                "arbeidsbereid": True,
                "arbeidsrijp": "arbeidsrijp",
            },
        ),
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["trajectory_id"])


def completed(provider: httpx.Client, trajectory: str, module: str) -> httpx.Response:
    return post_event(provider, trajectory, module_completed(module))


def badges_held(reader: httpx.Client, trajectory: str) -> list[str]:
    answer = reader.get(f"/v1/trajectories/{trajectory}")
    assert answer.status_code == 200, answer.text
    return [b["badge_id"] for b in answer.json()["badges"] if b["status"] == "active"]


def verified(base: str, holder: httpx.Client, badge_id: str) -> bool:
    mine = holder.get("/v1/me/credentials").json()
    badge = next(c for c in mine if c["badge_id"] == badge_id)
    credential = holder.get(badge["downloads"]["json"]).json()
    with client(base) as public:
        verdict: dict[str, Any] = public.post(
            "/v1/verify", content=json.dumps(credential).encode()
        ).json()
    return bool(verdict["verified"])


def parked_column(output: str) -> dict[str, str]:
    """Follower -> parked count, from the table ``projections status`` prints."""
    rows = [line.split("│") for line in output.splitlines() if "│" in line]
    return {cells[1].strip(): cells[5].strip() for cells in rows if len(cells) > 6}


@pytest.mark.slow
def test_a_corrupted_issuer_key_parks_its_badge_only_and_a_retry_issues_it_exactly_once(
    site: Site,
) -> None:
    base = site.serve("server")
    elektro, zorg = client(base, site.tokens["elektro"]), client(base, site.tokens["zorg"])
    electrician = opened(elektro, learner("ilias"), "BK-ELEKTRO", "cdo-elektro", "elektro-peeters")
    carer = opened(zorg, learner("chloe"), "BK-ZORGKUNDIGE", "cvo-zorg", "wzc-zonnehof")
    assert completed(elektro, electrician, "M-EI-BASIS").status_code == 201
    assert completed(zorg, carer, "SEM-1").status_code == 201
    assert len(badges_held(elektro, electrician)) == len(badges_held(zorg, carer)) == 1
    key_file = site.key_file("cdo-elektro")
    intact = key_file.read_bytes()

    key_file.write_bytes(intact[: len(intact) // 2])  # a half-written or damaged key file
    assert completed(elektro, electrician, "M-EI-KLANT").status_code == 201
    assert completed(zorg, carer, "SEM-2").status_code == 201

    assert len(badges_held(elektro, electrician)) == 1
    (first, second) = badges_held(zorg, carer)
    with client(base) as public:
        assert public.get(f"/status/{org('cvo-zorg')}/revocation").status_code == 200
        damaged = public.get(f"/status/{org('cdo-elektro')}/revocation")
        assert damaged.status_code == 503
        assert damaged.json()["type"].endswith("/issuer-key-unavailable")
        assert public.get(f"/issuers/{org('cvo-zorg')}/did.json").status_code == 200
        health = public.get("/health")
    with client(base, site.tokens["chloe"]) as chloe:
        assert verified(base, chloe, second)
    assert health.status_code == 200
    assert health.json() == {
        "status": "degraded",
        "parked": 1,
        "parked_by_follower": {"badge_issuance": 1},
    }
    with client(base, site.tokens["auditor"]) as auditor:
        listed = auditor.get("/v1/audit/parked").json()
    (parked,) = listed["events"]
    assert (parked["follower"], parked["originator_id"]) == ("badge_issuance", electrician)
    assert parked["event_type"] == "Trajectory.ModuleCompleted"
    assert parked["error_class"] == "JSONDecodeError"

    site.started[0].stop()
    base = site.serve("restarted server")
    with client(base) as public:
        assert public.get("/health").json()["status"] == "degraded"

    key_file.write_bytes(intact)  # the fix
    retried = site.cli("projections", "retry")
    assert retried.returncode == 0, retried.stdout + retried.stderr
    again = site.cli("projections", "retry")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "nothing parked" in again.stdout

    with client(base, site.tokens["elektro"]) as elektro_again:
        held = badges_held(elektro_again, electrician)
    assert len(held) == 2
    assert [site.issued(badge) for badge in held] == [1, 1]
    with client(base) as public:
        assert public.get("/health").json() == {
            "status": "ok",
            "parked": 0,
            "parked_by_follower": {},
        }
    with client(base, site.tokens["ilias"]) as ilias:
        assert all(verified(base, ilias, badge) for badge in held)
    status = site.cli("projections", "status")
    assert status.returncode == 0, status.stderr
    assert set(parked_column(status.stdout).values()) == {"0"}


@pytest.mark.slow
def test_a_badge_for_a_learner_who_does_not_exist_blocks_no_read_and_no_start(
    site: Site,
) -> None:
    base = site.serve("server")
    elektro = client(base, site.tokens["elektro"])
    known = opened(elektro, learner("ilias"), "BK-ELEKTRO", "cdo-elektro", "elektro-peeters")
    assert completed(elektro, known, "M-EI-BASIS").status_code == 201
    (badge,) = badges_held(elektro, known)
    with client(base, site.tokens["ilias"]) as ilias:
        share = ilias.post(f"/v1/me/credentials/{badge}/shares", json={"days": 7}).json()

    nobody = uuid4()  # no learner has this id
    unknown = str(
        a_trajectory_opened_before_reference_checks(
            site.ledger, learner_id=nobody, with_agreement=False
        ).trajectory_id
    )
    assert completed(elektro, unknown, "M-EI-BASIS").status_code == 201

    issuer = org("cdo-elektro")
    with client(base) as public:
        for path in (
            f"/status/{issuer}/revocation",
            f"/issuers/{issuer}/did.json",
            share["json_url"],
        ):
            assert public.get(path).status_code == 200, path
        assert public.get("/health").json()["parked"] == 1
    with client(base, site.tokens["ilias"]) as ilias:
        assert ilias.get("/v1/me/credentials").status_code == 200
        assert verified(base, ilias, badge)
    with client(base, site.tokens["auditor"]) as auditor:
        for trajectory in (known, unknown):
            history = auditor.get(f"/v1/audit/trajectories/{trajectory}/history")
            assert history.status_code == 200, history.text
        (parked,) = auditor.get("/v1/audit/parked").json()["events"]
    assert (parked["originator_id"], parked["error_class"]) == (unknown, "NotFoundError")
    assert f"no learner {nobody}" in parked["error_message"]
    assert badges_held(elektro, unknown) == []

    site.started[0].stop()
    base = site.serve("restarted server")
    with client(base, site.tokens["elektro"]) as elektro_again:
        assert badges_held(elektro_again, known) == [badge]
    status = site.cli("projections", "status")
    assert status.returncode == 0, status.stderr
    assert parked_column(status.stdout)["badge_issuance"] == "1"
    assert "NotFoundError" in status.stdout


def test_parked_events_list_refuses_an_unknown_follower_and_is_empty_on_a_healthy_ledger(
    live_api: LiveApi,
) -> None:
    with live_api.client("auditor") as auditor:
        unknown = auditor.get("/v1/audit/parked", params={"follower": "nonsense"})
        listed = auditor.get("/v1/audit/parked", params={"follower": "badge_issuance"})
    assert unknown.status_code == 422
    assert unknown.json()["type"].endswith("/invalid-request")
    assert "nonsense" in unknown.json()["detail"]
    assert listed.json() == {"parked": 0, "events": []}
