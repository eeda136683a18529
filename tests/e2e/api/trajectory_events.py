"""Trajectory events as a client posts them (``POST /v1/trajectories/{id}/events``), shared
by the end-to-end tests that earn a badge and then take its fact back."""

from __future__ import annotations

from typing import Any

import httpx

from tests.contract_checks import a_posted_event


def module_completed(module_code: str, *, study_points: int = 3) -> dict[str, Any]:
    """A passed module (a new event id each time), which earns a module badge."""
    return a_posted_event(
        "ModuleCompleted",
        "module",
        "2026-10-01T10:00:00+02:00",
        {
            "module_code": module_code,
            "result": "passed",
            "score": "15",
            "study_points": study_points,
            "competences": [],
            "assessed_by": "docent",
        },
    )


def retraction(
    original_event_id: str, reason: str, *, occurred_at: str = "2026-10-02T10:00:00+02:00"
) -> dict[str, Any]:
    """The retraction of a recorded fact, which revokes the badges it earned."""
    return a_posted_event(
        "EventRetracted",
        "retract",
        occurred_at,
        {"original_event_id": original_event_id, "reason": reason},
    )


def post_event(client: httpx.Client, trajectory: str, event: dict[str, Any]) -> httpx.Response:
    return client.post(f"/v1/trajectories/{trajectory}/events", json=event)
