"""The outflow view: per trajectory, what policy makers count when a learner leaves (issue 16;
docs/monitoring.md): who the learner is in the counts (target groups), what they were
awarded and at which VKS level, how and when the trajectory closed, the registered hours at
the workplace and at the provider, the EVC decisions and the exemptions with the time they
saved, and the handovers to VDAB.

One row per trajectory, rewritten from the ledger's own aggregate at each event that can
change it (``TrajectoryStates``), so a correction or retraction is reflected as the
trajectory reads after it. The person-level figures (a learner leaves once, with the highest
qualification they hold) are computed over these rows in ``projections.outflow_figures``.
No personal data is kept: the age band at exit is computed when the figures are, from the
learner's birth date read then (``birth_dates``), so an erased learner's age is unknown at
once, and a rebuild never needs to decrypt anything.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from sqlalchemy import Column, Engine, Integer, String, Table, Text, case, func, select

from ledger import (
    AgreementKind,
    Ledger,
    NotFoundError,
    Pathway,
    QualificationVersion,
    Trajectory,
    learning_time,
)
from projections.outflow_figures import Figure, figures
from projections.read_model import TrajectoryStatesProjection, json_text
from projections.tracking import SQLView, metadata
from projections.trajectories import competence_table

outflow_trajectory_table = Table(
    "rm_outflow_trajectory",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("learner_id", String, nullable=False, index=True),
    Column("pathway", String, nullable=False),
    Column("qualification_code", String, nullable=False),
    Column("target_vks", Integer, nullable=False),
    Column("provider", String, nullable=False),
    Column("opened_on", String, nullable=False),
    Column("closed_on", String),
    Column("exit", String),
    Column("outcome", String),
    Column("groups", Text, nullable=False),
    Column("awards", Text, nullable=False),
    Column("workplace_hours", Integer, nullable=False),
    Column("school_hours", Integer, nullable=False),
    Column("recognitions", Text, nullable=False),
    Column("exemptions", Text, nullable=False),
    Column("handovers", Text, nullable=False),
    Column("qualified_on", String),
)
JSON_COLUMNS = ("groups", "awards", "recognitions", "exemptions", "handovers")
GROUPINGS = ("pathway", "qualification_code", "provider")

WORKING_PATHWAYS = {Pathway.QUALIFYING_FOR_WORKERS, Pathway.RECOGNITION}
JOB_SEEKER_AGREEMENTS = {AgreementKind.VDAB_TRAINING_CONTRACT, AgreementKind.IBO}
OWN_JOB = {AgreementKind.OWN_EMPLOYMENT, AgreementKind.ARTICLE_60, AgreementKind.MAATWERK}
EMPLOYMENT_SERVICE = "employment_service"  # HandoverKind.EMPLOYMENT_SERVICE


def target_groups(trajectory: Trajectory) -> list[str]:
    """werkende / werkzoekende (S4 L352-367), art. 60: from the agreements the learner
    learnt under and the pathway; a learner may be in several (art. 60, then a VDAB
    training contract)."""
    kinds = {f.fields.get("kind") for f in trajectory.counting_facts("LearningAgreementSigned")}
    groups = set()
    if kinds & JOB_SEEKER_AGREEMENTS:
        groups.add("werkzoekende")
    if kinds & OWN_JOB or (trajectory.pathway in WORKING_PATHWAYS and "werkzoekende" not in groups):
        groups.add("werkende")
    if AgreementKind.ARTICLE_60 in kinds:
        groups.add("art60")
    return sorted(groups)


def awards(trajectory: Trajectory, q: QualificationVersion) -> list[dict[str, Any]]:
    """The counting awards: code, kind, VKS level (a component beroepskwalificatie at the
    level of the qualification it belongs to) and day."""
    result = []
    for fact in trajectory.active_awards():
        if fact.event_type == "QualificationAwarded":
            code, kind = fact.fields["qualification_code"], q.kind.value
        else:
            certificate = q.partial_certificate(fact.fields["certificate_code"])
            code, kind = certificate.code, certificate.kind.value
        result.append(
            {
                "code": code,
                "kind": kind,
                "full": fact.event_type == "QualificationAwarded" or kind == "beroepskwalificatie",
                "vks": q.vks_level,
                "on": fact.occurred_at.date().isoformat(),
            }
        )
    return result


def exemptions(trajectory: Trajectory, q: QualificationVersion) -> list[dict[str, Any]]:
    """Each counting exemption with the time it saved, in the programme's own unit
    (lestijden, hours or study points) and in hours where module hours are exempted."""
    unit = q.modules[0].unit.value if q.modules and q.modules[0].unit else "lestijden"
    result = []
    for fact in trajectory.counting_facts("ExemptionGranted"):
        f = fact.fields
        size = sum(q.module(m).size for m in f["modules"] if q.has_module(m))
        hours = sum(int(h) for h in (f.get("module_hours") or {}).values())
        result.append(
            {
                "on": fact.occurred_at.date().isoformat(),
                "basis": f["basis"],
                "saved": {unit: size} if size else {},
                "hours": hours,
            }
        )
    return result


def outflow_row(trajectory: Trajectory, q: QualificationVersion) -> dict[str, Any]:
    time = learning_time(trajectory.facts.values(), q)
    closing = trajectory.counting_facts("TrajectoryClosed")
    closed = closing[-1] if closing and trajectory.status == "closed" else None
    opened = next(iter(trajectory.facts.values()))
    # The trajectory document's ``qualified_at``, as a day.
    qualified = trajectory.counting_facts("QualificationAwarded")
    return {
        "trajectory_id": str(trajectory.id),
        "learner_id": str(trajectory.learner_id),
        "pathway": trajectory.pathway,
        "qualification_code": trajectory.qualification_code,
        "target_vks": q.vks_level,
        "provider": str(trajectory.lead_provider),
        "opened_on": opened.occurred_at.date().isoformat(),
        "closed_on": closed.occurred_at.date().isoformat() if closed else None,
        "exit": closed.fields.get("exit") if closed else None,
        "outcome": closed.fields["outcome"] if closed else None,
        "groups": target_groups(trajectory),
        "awards": awards(trajectory, q),
        "workplace_hours": time.workplace_hours,
        "school_hours": time.school_hours,
        "recognitions": [
            {
                "on": f.occurred_at.date().isoformat(),
                "route": f.fields.get("route"),
                "competences": len(f.fields["competences_recognised"]),
            }
            for f in trajectory.counting_facts("RecognitionDecided")
        ],
        "exemptions": exemptions(trajectory, q),
        "handovers": [
            f.occurred_at.date().isoformat()
            for f in trajectory.counting_facts("LearnerHandedOver")
            if f.fields["kind"] == EMPLOYMENT_SERVICE
        ],
        "qualified_on": qualified[0].occurred_at.date().isoformat() if qualified else None,
    }


class OutflowView(SQLView):
    tables: ClassVar[tuple[Table, ...]] = (outflow_trajectory_table,)

    def __init__(self, engine: Engine, projection_name: str = "outflow") -> None:
        super().__init__(engine, projection_name)
        # Per trajectory, the state its last changing event left and its pinned version. The
        # row is built once per commit, from the trajectory as the batch ends: events that
        # come after a changing one in the batch do not change the row (``CHANGING``), and
        # building it at each changing event cost a rebuild 42,744 rows for 16,592
        # trajectories' batches at 100k events (profiled).
        self._dirty: dict[UUID, tuple[Trajectory, QualificationVersion]] = {}

    def record_state(
        self, trajectory: Trajectory, qualification: QualificationVersion, tracking: Tracking
    ) -> None:
        self._dirty[trajectory.id] = (trajectory, qualification)
        self._track(tracking)  # outside a batch this writes, so the state is in hand first

    def prepare(self) -> None:
        for trajectory, qualification in self._dirty.values():
            row = outflow_row(trajectory, qualification)
            self.put(
                outflow_trajectory_table,
                {**row, **{c: json_text(row[c]) for c in JSON_COLUMNS}},
            )
        self._dirty.clear()

    def forget(self) -> None:
        self._dirty.clear()

    def rows(self) -> list[dict[str, Any]]:
        """Every trajectory's row, JSON columns decoded."""
        t = outflow_trajectory_table
        query = select(t).order_by(t.c.opened_on, t.c.trajectory_id)
        return self.select_rows(query, decode=JSON_COLUMNS)

    def statistics(self, **filters: str) -> dict[str, Any]:
        """Per trajectory, over these rows (the provider's cohort page): closed trajectories
        by the outcome their closing recorded, grouped by pathway, qualification and
        provider; dropouts (closed unqualified); the median days from opening to the
        qualification awarded; the share of required competences covered by exemption and
        by recognition. ``filters`` narrow by any of ``GROUPINGS`` (e.g. ``provider=...``).
        The person-level figures of docs/monitoring.md are ``monitoring_figures``."""
        o = outflow_trajectory_table.c
        where = [o[k] == v for k, v in filters.items() if k in GROUPINGS]
        result: dict[str, Any] = {}
        with self.engine.connect() as conn:
            for grouping in GROUPINGS:
                rows = conn.execute(
                    select(o[grouping], o.outcome, func.count())
                    .where(o.closed_on.is_not(None), *where)
                    .group_by(o[grouping], o.outcome)
                    .order_by(o[grouping], o.outcome)
                ).all()
                table: dict[str, dict[str, int]] = {}
                for key, outcome, count in rows:
                    table.setdefault(key, {})[outcome] = count
                result[f"outflow_by_{grouping}"] = table
            spans = conn.execute(
                select(o.opened_on, o.qualified_on).where(o.qualified_on.is_not(None), *where)
            ).all()
            result["dropouts"] = conn.execute(
                select(func.count()).where(
                    o.closed_on.is_not(None), o.outcome == "unqualified", *where
                )
            ).scalar_one()
            c = competence_table.c
            shares = conn.execute(
                select(
                    func.count(),
                    func.sum(case((c.by_exemption, 1), else_=0)),
                    func.sum(case((c.by_recognition, 1), else_=0)),
                ).where(c.trajectory_id.in_(select(o.trajectory_id).where(*where)))
            ).one()
        days = [(date.fromisoformat(q) - date.fromisoformat(p)).days for p, q in spans]
        # SQLite has no median aggregate; the qualified spans are few enough to sort here.
        result["median_days_to_qualification"] = statistics.median(days) if days else None
        required, exempted, recognised = shares[0], shares[1] or 0, shares[2] or 0
        result["exemption_share"] = exempted / required if required else None
        result["recognition_share"] = recognised / required if required else None
        return result


# The events after which a trajectory's row can read differently.
CHANGING = {
    "TrajectoryOpened",
    "OrientationCompleted",
    "TrajectoryMigrated",
    "LearningAgreementSigned",
    "LearningAgreementEnded",
    "WorkplaceHoursRegistered",
    "RecognitionDecided",
    "ExemptionGranted",
    "PartialCertificateAwarded",
    "QualificationAwarded",
    "LearnerHandedOver",
    "TrajectoryClosed",
    "EventCorrected",
    "EventRetracted",
}


class OutflowProjection(TrajectoryStatesProjection[OutflowView]):
    name = "outflow"

    def follow(self, event: Trajectory.Event, trajectory: Trajectory, tracking: Tracking) -> None:
        if type(event).__name__ not in CHANGING:
            self.view.insert_tracking(tracking)
            return
        self.view.record_state(trajectory, self.states.qualification(trajectory), tracking)


def birth_dates(ledger: Ledger, rows: Iterable[dict[str, Any]]) -> dict[str, date | None]:
    """The birth date of each learner with a closed trajectory among ``rows``, read from the
    ledger now (None once erased, or for a learner the ledger does not know)."""
    result: dict[str, date | None] = {}
    for row in rows:
        learner = row["learner_id"]
        if row["closed_on"] is None or learner in result:
            continue
        try:
            result[learner] = ledger.learner(UUID(learner)).birth_date
        except NotFoundError:
            result[learner] = None
    return result


def monitoring_figures(
    view: OutflowView, ledger: Ledger, provider: UUID | str | None = None
) -> list[Figure]:
    """The monitoring figures (``projections.outflow_figures.figures``) of the view's rows,
    ages from the ledger's learners as they are now."""
    rows = view.rows()
    return figures(rows, provider=provider, born=birth_dates(ledger, rows))
