"""Ledger rows as earlier releases wrote them, for tests of what those rows still do today
(today's commands refuse to write them)."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from ledger import Ledger, Trajectory
from tests.builders import DAY_ONE, TrajectoryBuilder, new_event_id, org_id, provider, workplace

# The topic and fields under which releases before the referential checks stored an opening
# (``TrajectoryOpened`` at class version 1: no programme, no readiness).
OPENED_V1_TOPIC = "ledger.trajectory:Trajectory.TrajectoryOpened"


def assessment_v1_fields(mastered: object) -> dict[str, object]:
    """The fields of a ``CompetenceAssessed`` at class version 1 (release 1): ``mastered``
    where today's has ``level``."""
    return {
        "competence_code": "EI-02",
        "indicators_met": [],
        "mastered": mastered,
        "setting": "workplace",
        "assessor_role": "mentor",
        "assessor_id": "mentor-jef",
        "evidence": ["photo-1"],
    }


def a_trajectory_opened_before_reference_checks(
    ledger: Ledger,
    *,
    learner_id: UUID,
    qualification: str = "BK-ELEKTRO",
    pathway: str = "duaal_leren",
    lead: str = "cdo-elektro",
    partners: tuple[str, ...] = ("elektro-peeters",),
    with_agreement: bool = True,
    agreement_at: str = "elektro-peeters",
) -> TrajectoryBuilder:
    """A trajectory as a release before the referential checks at the write stored it, for
    ``learner_id`` whether or not the ledger knows that learner (those releases accepted
    either: the incident of issue 15). Such openings stay in every ledger written then and
    are read forever; today's ledger takes new events on them like on any trajectory. The
    row is appended as that release appended it, since today's ``post`` refuses it; the
    agreement (as ``an_open_trajectory``'s) is posted through today's ledger."""
    event_id = new_event_id("opened-before-checks")
    trajectory_id = Trajectory.legacy_id_for(event_id)
    now = ledger.clock()
    state = {
        "originator_topic": get_topic(Trajectory),
        "timestamp": now,
        "event_id": event_id,
        "occurred_at": DAY_ONE,
        "recorded_at": now,
        "actor": provider(lead).as_dict(),
        "learner_id": learner_id,
        "pathway": pathway,
        "qualification_code": qualification,
        "qualification_version": ledger.qualification(qualification).latest_version_number,
        "lead_provider": org_id(lead),
        "partners": [org_id(p) for p in partners],
    }
    ledger.recorder.insert_events(
        [
            StoredEvent(
                originator_id=trajectory_id,
                originator_version=1,
                topic=OPENED_V1_TOPIC,
                state=ledger.mapper.transcoder.encode(state),
            )
        ]
    )
    builder = TrajectoryBuilder(
        ledger, provider(lead), trajectory_id=trajectory_id, mentor=workplace(agreement_at)
    )
    if with_agreement:
        builder.sign_agreement(agreement_at)
    return builder
