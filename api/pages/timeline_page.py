"""The auditor's timeline: a trajectory's events in order, corrections and retractions set
against what they changed, the state as of any moment on either time axis, and integrity.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.pages.i18n import Lang, language, translate
from api.pages.rendering import BRUSSELS, render
from api.pages.shell import gate
from api.pages.timeline_words import Namer, public_data, sentence
from api.services import Services
from ledger import Ledger, LedgerError, NotFoundError, Role, TimeAxis, event_to_json
from projections import document_as_of

router = APIRouter(include_in_schema=False)
COMPENSATING = ("EventCorrected", "EventRetracted")


def parse_moment(text: str | None) -> datetime | None:
    """An ISO instant; one without a zone (a datetime-local field) is Brussels time."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=BRUSSELS)


def field_value(moment: datetime) -> str:
    """The value a datetime-local field shows for a moment: Brussels time, rounded *up* to
    the millisecond (the field's finest step), so the moment's own event is included."""
    local = moment.astimezone(BRUSSELS).replace(tzinfo=None) + timedelta(microseconds=999)
    return local.isoformat(timespec="milliseconds")


def event_rows(
    events: list[dict[str, Any]], known: set[str], names: Namer | None = None
) -> list[dict[str, Any]]:
    """Each event with links both ways between a compensating event and the one it names,
    its sentence, and a revoked badge marked on the event that issued it."""
    by_id = {e["event_id"]: e for e in events}
    rows = [
        {
            **e,
            "later": e["event_id"] not in known,
            "retracted_by": None,
            "corrected_by": [],
            "sentence": sentence(e, names) if names else "",
            "revoked": None,
        }
        for e in events
    ]
    issued = {r["data"].get("badge_id"): r for r in rows if r["type"] == "BadgeIssued"}
    for row in rows:
        if (
            row["type"] in ("BadgeRevoked", "BadgeSuspended")
            and row["data"].get("badge_id") in issued
        ):
            reason = row["data"].get("reason", "")
            issued[row["data"]["badge_id"]]["revoked"] = {"n": row["version"], "reason": reason}
    row_of = {r["event_id"]: r for r in rows}
    for row in rows:
        original_id = row["data"].get("original_event_id")
        if row["type"] not in COMPENSATING or original_id not in by_id:
            continue
        original = row_of[original_id]
        row["target"] = {"n": original["version"], "type": original["type"]}
        if row["type"] == "EventRetracted":
            original["retracted_by"] = row["version"]
        else:
            original["corrected_by"].append(row["version"])
            row["changes"] = [
                {"field": f, "old": original["data"].get(f, "—"), "new": new}
                for f, new in (row["data"].get("changes") or {}).items()
            ]
    for row in rows:
        shown = {**row, "data": public_data(row["data"])}
        for key in ("later", "retracted_by", "corrected_by", "sentence", "revoked"):
            shown.pop(key, None)
        row["data_text"] = json.dumps(shown, ensure_ascii=False, indent=1)
    return rows


def integrity_status(request: Request, trajectory_id: UUID) -> str:
    """``ok`` / ``broken``: whether the trajectory's events match the hash tree."""
    return "ok" if request.app.state.integrity(trajectory_id) else "broken"


def state_as_of(
    ledger: Ledger, trajectory_id: UUID, moment: datetime | None, axis: TimeAxis
) -> tuple[dict[str, Any] | None, set[str]]:
    """The summary and the ids of the events it is made of, at ``moment`` (None: now)."""
    events, summary = document_as_of(ledger, trajectory_id, moment, axis)
    return summary, {e.event_id for e in events}


def index_rows(services: Services, query: str, lang: Lang) -> list[dict[str, Any]]:
    """Every trajectory with its learner's name, provider, qualification title and status,
    those matching ``query`` (every word somewhere in the row, any case)."""
    services.refresh()
    ledger = services.ledger
    names = Namer(ledger, {}, None, lang)
    learners: dict[str, str] = {}
    words = query.casefold().split()
    found = []
    for row in services.read_models.trajectories.listing():
        learner_id = row["learner_id"]
        if learner_id not in learners:
            try:  # an auditor may see every learner (ledger.access.can_see_learner)
                learners[learner_id] = ledger.learner(UUID(learner_id)).display_name
            except LedgerError:
                learners[learner_id] = learner_id
        entry = {
            "trajectory_id": row["trajectory_id"],
            "learner": learners[learner_id],
            "provider": names.organisation(row["lead_provider"]),
            "qualification": row[
                "qualification_title_en" if lang is Lang.EN else "qualification_title_nl"
            ],
            "code": row["qualification_code"],
            "status": row["status"],
            "status_word": translate(lang, f"status.{row['status']}"),
            "opened_at": row["opened_at"],
        }
        text = " ".join(str(v) for v in entry.values()).casefold()
        if all(word in text for word in words):
            found.append(entry)
    return found


@router.get("/timeline", response_model=None)
def timeline_index(request: Request, q: str = "") -> Response:
    gated = gate(request, Role.AUDITOR)
    if isinstance(gated, Response):
        return gated
    query = q.strip()[:200]
    found = index_rows(request.app.state.services, query, language(request))
    return render(request, "timeline_index.html", {"rows": found, "query": query})


@router.get("/timeline/{trajectory_id}", response_model=None)
def timeline(
    request: Request, trajectory_id: UUID, as_of: str | None = None, axis: str = "recorded"
) -> Response:
    gated = gate(request, Role.AUDITOR)
    if isinstance(gated, Response):
        return gated
    ledger: Ledger = request.app.state.ledger
    chosen_axis = TimeAxis.OCCURRED if axis == TimeAxis.OCCURRED.value else TimeAxis.RECORDED
    moment = parse_moment(as_of)
    try:
        stored = [event_to_json(e) for e in ledger.history(trajectory_id)]
    except NotFoundError:
        context = {"title_key": "notfound.title", "body_key": "notfound.body", "roles": ""}
        return render(request, "message.html", context, status=404)
    summary, known = state_as_of(ledger, trajectory_id, moment, chosen_axis)
    lang = language(request)
    trajectory = ledger.trajectory(trajectory_id)
    pinned = ledger.pinned_qualification(trajectory)
    names = Namer(ledger, request.app.state.tokens.labels(), pinned, lang)
    try:
        learner = ledger.learner(trajectory.learner_id).display_name
    except LedgerError:
        learner = str(trajectory.learner_id)
    key = "occurred_at" if chosen_axis is TimeAxis.OCCURRED else "recorded_at"
    moments = sorted({field_value(datetime.fromisoformat(e[key])) for e in stored})
    current = field_value(moment) if moment else moments[-1]
    position = sum(1 for m in moments if m <= current)
    return render(
        request,
        "timeline.html",
        {
            "trajectory_id": str(trajectory_id),
            "events": event_rows(stored, known, names),
            "learner": learner,
            "qualification": pinned.title_en if lang is Lang.EN else pinned.title_nl,
            "provider": names.organisation(trajectory.lead_provider),
            "shown": len(known),
            "summary": summary,
            "moment": moment,
            "field": current,
            "axis": chosen_axis.value,
            "moments": moments,
            "moments_json": json.dumps(moments),
            "position": max(position, 1),
            "integrity": integrity_status(request, trajectory_id),
        },
    )
