"""The registry view: what the catalogue and the organisations hold, listed (qualifications,
programmes and concordance tables with their latest version; organisations with their kind),
and which providers know which learner (the provider that registered them, and the lead and
partners of each of their trajectories).

One aggregate's events make each row, so the view rebuilds by partition like the others.
Names and numbers of organisations are public; no learner's personal data is held here (a
learner is a pseudonymous id; the ledger's learner aggregate holds the rest, encrypted).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from sqlalchemy import Column, Integer, String, Table, select

from ledger import ConcordanceTable, Learner, Organisation, Programme, Qualification, Trajectory
from projections.read_model import event_dispatcher
from projections.topics import handled_topics
from projections.tracking import SQLView, metadata

catalogue_table = Table(
    "rm_registry_catalogue",
    metadata,
    Column("aggregate_id", String, primary_key=True),
    Column("entry_type", String, nullable=False, index=True),
    Column("code", String, nullable=False),
    Column("provider", String),
    Column("qualification_code", String),
    Column("latest_version", Integer, nullable=False),
    Column("kind", String),
    Column("title_nl", String),
    Column("title_en", String),
    Column("vks_level", Integer),
)
organisation_table = Table(
    "rm_registry_organisation",
    metadata,
    Column("organisation_id", String, primary_key=True),
    Column("key", String, nullable=False),
    Column("name", String, nullable=False),
    Column("kind", String, nullable=False, index=True),
    Column("enterprise_number", String),
)
learner_link_table = Table(
    "rm_registry_learner_link",
    metadata,
    Column("learner_id", String, primary_key=True),
    Column("provider_id", String, primary_key=True, index=True),
    Column("source", String, primary_key=True),
)
"""``source``: ``registered`` (the provider registered the learner) or the id of a trajectory
the provider leads or partners."""
trajectory_learner_table = Table(
    "rm_registry_trajectory",
    metadata,
    Column("trajectory_id", String, primary_key=True),
    Column("learner_id", String, nullable=False),
)

REGISTERED = "registered"


class RegistryView(SQLView):
    tables: ClassVar[tuple[Table, ...]] = (
        catalogue_table,
        organisation_table,
        learner_link_table,
        trajectory_learner_table,
    )

    # -- writes ----------------------------------------------------------------------------

    def catalogue_entry(self, aggregate_id: UUID, tracking: Tracking, **values: Any) -> None:
        self.put(catalogue_table, {"aggregate_id": str(aggregate_id), **values})
        self._track(tracking)

    def catalogue_version(self, aggregate_id: UUID, tracking: Tracking, **values: Any) -> None:
        self.update_row(catalogue_table, str(aggregate_id), tracking, **values)

    def organisation(self, event: Organisation.OrganisationRegistered, tracking: Tracking) -> None:
        self.put(
            organisation_table,
            {
                "organisation_id": str(event.originator_id),
                "key": event.key,
                "name": event.name,
                "kind": event.kind,
                "enterprise_number": event.enterprise_number,
            },
        )
        self._track(tracking)

    def link(self, learner_id: str, providers: list[str], source: str, tracking: Tracking) -> None:
        for provider in providers:
            self.put(
                learner_link_table,
                {"learner_id": learner_id, "provider_id": provider, "source": source},
            )
        self._track(tracking)

    def trajectory(self, event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        trajectory_id, learner = str(event.originator_id), str(event.learner_id)
        self.put(trajectory_learner_table, {"trajectory_id": trajectory_id, "learner_id": learner})
        providers = [str(p) for p in (event.lead_provider, *event.partners)]
        self.link(learner, providers, trajectory_id, tracking)

    def handed_over(self, event: Trajectory.LearnerHandedOver, tracking: Tracking) -> None:
        trajectory_id = str(event.originator_id)
        found = self.row(trajectory_learner_table, trajectory_id)
        if found is None:  # opened before this view existed and not yet replayed
            self._track(tracking)
            return
        self.link(found["learner_id"], [str(event.to_organisation)], trajectory_id, tracking)

    # -- reads -----------------------------------------------------------------------------

    def catalogue(self, entry_type: str) -> list[dict[str, Any]]:
        """Every entry of one type (qualification, programme, concordance_table), by code."""
        c = catalogue_table.c
        return self.select_rows(
            select(catalogue_table)
            .where(c.entry_type == entry_type, c.latest_version > 0)
            .order_by(c.code)
        )

    def organisations(self, kind: str | None = None) -> list[dict[str, Any]]:
        c = organisation_table.c
        query = select(organisation_table).order_by(c.name, c.key)
        if kind is not None:
            query = query.where(c.kind == kind)
        return self.select_rows(query)

    def learners_of(self, provider_id: UUID) -> list[str]:
        """The learners ``provider_id`` registered or has a trajectory for, in id order."""
        c = learner_link_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.learner_id)
                .where(c.provider_id == str(provider_id))
                .distinct()
                .order_by(c.learner_id)
            ).all()
        return [row.learner_id for row in rows]

    def trajectory_providers(self, learner_id: UUID) -> set[UUID]:
        """The providers that lead or partner one of the learner's trajectories."""
        c = learner_link_table.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.provider_id).where(c.learner_id == str(learner_id), c.source != REGISTERED)
            ).all()
        return {UUID(row.provider_id) for row in rows}


ENTRY_TYPES = {
    Qualification.QualificationRegistered: "qualification",
    Programme.ProgrammeRegistered: "programme",
    ConcordanceTable.ConcordanceTableRegistered: "concordance_table",
}


class RegistryProjection(Projection[RegistryView]):
    name = "registry"

    process_event = event_dispatcher()

    @process_event.register(Qualification.QualificationRegistered)
    @process_event.register(Programme.ProgrammeRegistered)
    @process_event.register(ConcordanceTable.ConcordanceTableRegistered)
    def _(self, domain_event: Any, tracking: Tracking) -> None:
        provider = getattr(domain_event, "provider", None)
        self.view.catalogue_entry(
            domain_event.originator_id,
            tracking,
            entry_type=ENTRY_TYPES[type(domain_event)],
            code=domain_event.code,
            provider=str(provider) if provider else None,
            qualification_code=getattr(domain_event, "qualification_code", None),
            latest_version=0,
            kind=None,
            title_nl=None,
            title_en=None,
            vks_level=None,
        )

    @process_event.register(Qualification.QualificationVersionPublished)
    @process_event.register(Programme.ProgrammeVersionPublished)
    @process_event.register(ConcordanceTable.ConcordanceTableVersionPublished)
    def _(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.catalogue_version(
            domain_event.originator_id,
            tracking,
            latest_version=domain_event.version,
            kind=getattr(domain_event, "kind", None),
            title_nl=domain_event.title_nl,
            title_en=domain_event.title_en,
            vks_level=getattr(domain_event, "vks_level", None),
        )

    @process_event.register
    def _(self, domain_event: Organisation.OrganisationRegistered, tracking: Tracking) -> None:
        self.view.organisation(domain_event, tracking)

    @process_event.register
    def _(self, domain_event: Learner.LearnerRegistered, tracking: Tracking) -> None:
        provider = domain_event.registered_by
        providers = [str(provider)] if provider else []
        self.view.link(str(domain_event.originator_id), providers, REGISTERED, tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.TrajectoryOpened, tracking: Tracking) -> None:
        self.view.trajectory(domain_event, tracking)

    @process_event.register
    def _(self, domain_event: Trajectory.LearnerHandedOver, tracking: Tracking) -> None:
        self.view.handed_over(domain_event, tracking)

    topics = handled_topics(process_event)
