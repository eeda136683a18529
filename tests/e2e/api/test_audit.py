"""Auditors over HTTP: history as of any moment on both time axes, and the NDJSON stream."""

from __future__ import annotations

import json

from tests.e2e.api.conftest import LiveApi


def history(api: LiveApi, trajectory: str, **params: str) -> dict[str, object]:
    with api.client("auditor") as client:
        response = client.get(f"/v1/audit/trajectories/{trajectory}/history", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_occurred_axis_shows_the_state_before_a_later_fact(live_api: LiveApi) -> None:
    ilias = str(live_api.trajectories["duaal-ilias"])
    before_award = history(live_api, ilias, as_of="2026-03-01T00:00:00+01:00", axis="occurred")
    now = history(live_api, ilias)
    assert before_award["state"]["status"] == "open"  # type: ignore[index]
    assert before_award["state"]["awards"] == []  # type: ignore[index]
    assert now["state"]["status"] == "closed"  # type: ignore[index]
    assert len(before_award["events"]) < len(now["events"])  # type: ignore[arg-type]


def test_the_retracted_module_never_counts_on_the_occurred_axis(live_api: LiveApi) -> None:
    ilias = str(live_api.trajectories["duaal-ilias"])
    just_after_wrong_entry = history(
        live_api, ilias, as_of="2025-12-20T12:00:00+01:00", axis="occurred"
    )
    covered = {c["code"]: c["covered_by"] for c in just_after_wrong_entry["state"]["competences"]}  # type: ignore[index]
    assert covered["AV-01"] == []


def test_before_opening_there_is_no_state(live_api: LiveApi) -> None:
    ilias = str(live_api.trajectories["duaal-ilias"])
    body = history(live_api, ilias, as_of="2020-01-01T00:00:00+00:00", axis="occurred")
    assert body["state"] is None
    assert body["events"] == []


def test_as_of_without_a_time_zone_is_refused(live_api: LiveApi) -> None:
    ilias = str(live_api.trajectories["duaal-ilias"])
    with live_api.client("auditor") as client:
        response = client.get(
            f"/v1/audit/trajectories/{ilias}/history", params={"as_of": "2026-01-01T00:00:00"}
        )
    assert response.status_code == 422


def test_the_event_stream_resumes_after_a_position(live_api: LiveApi) -> None:
    with live_api.client("auditor") as client:
        response = client.get("/v1/audit/events", params={"after": 0, "limit": 50})
        lines = [json.loads(line) for line in response.text.splitlines()]
        last = lines[-1]["position"]
        rest = client.get("/v1/audit/events", params={"after": last, "limit": 5})
        next_lines = [json.loads(line) for line in rest.text.splitlines()]
    assert response.headers["content-type"].startswith("application/x-ndjson")
    positions = [line["position"] for line in lines]
    assert positions == sorted(positions)
    assert all(line["position"] > last for line in next_lines)
    assert {"type", "event_id", "occurred_at", "recorded_at", "actor", "data"} <= set(lines[0])
