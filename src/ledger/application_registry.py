"""Ledger commands of the registry: qualifications published one by one, organisations with
their KBO/BCE number, workplace accreditation and mentor training, recognitions to award or
to assess an EVC standard (rule 10), and learners registered by an admin or by a provider
under its own reference (with the visibility rule for providers)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger import access
from ledger.application_base import LedgerBase, digest
from ledger.catalogue import Qualification
from ledger.errors import (
    DuplicateEventIdError,
    InvalidEventError,
    LearnerReferenceConflictError,
    NotPermittedError,
    UnknownOrganisationError,
)
from ledger.learner import Learner
from ledger.metadata import Stamp
from ledger.organisation import Organisation
from ledger.personal import keyed_digest
from ledger.values import Actor, OrganisationKind, Receipt, Role


class RegistryCommands(LedgerBase):
    """Registry commands are keyed by what they record (an organisation's key, a workplace's
    accreditation for a period): the same command sent again with the same event id and
    body is the same request whenever it is sent and whoever of the same organisation (or
    role, for admins) sends it, so an API that stamps it with the time of arrival and the
    token's holder still answers a retry as a duplicate (``timeless``)."""

    # -- qualifications, one version at a time ---------------------------------------------

    def register_qualification(self, code: str, *, stamp: Stamp) -> Receipt:
        return self._create(
            stamp, {"code": code}, lambda: Qualification.register(code=code, **stamp.as_fields())
        )

    def publish_qualification_version(
        self, code: str, fields: dict[str, Any], *, stamp: Stamp
    ) -> Receipt:
        """Publishes the next version from event fields (schema v2); a catalogue file goes
        through ``import_catalogue`` instead, which validates it as a whole."""

        def decide() -> Aggregate:
            qualification = self.qualification(code)
            qualification.publish_version(fields=fields, **stamp.as_fields())
            return qualification

        return self._commit(
            stamp.event_id, stamp.actor, digest(stamp, code, fields), decide, None, False
        )

    # -- organisations and recognitions ----------------------------------------------------

    def register_organisation(
        self,
        key: str,
        *,
        name: str,
        kind: str,
        stamp: Stamp,
        enterprise_number: str | None = None,
    ) -> Receipt:
        """Registers an organisation; InvalidEnterpriseNumberError for a bad KBO/BCE number."""
        body: dict[str, Any] = {"key": key, "name": name, "kind": kind}
        if enterprise_number is not None:
            body["enterprise_number"] = enterprise_number
        return self._create(
            stamp,
            body,
            timeless=True,
            build=lambda: Organisation.register(
                key=key,
                name=name,
                kind=kind,
                enterprise_number=enterprise_number,
                **stamp.as_fields(),
            ),
        )

    def organisation(self, organisation_id: UUID) -> Organisation:
        return self._get(Organisation, organisation_id)

    def _sector_partnership(self, actor: Actor, partnership: UUID | None) -> None:
        """Accreditation is granted or withdrawn by a sector partnership (recorded by it or
        by an admin on its behalf), or by an admin alone (S4 L3400-3402)."""
        if partnership is None:
            if actor.role not in (Role.ADMIN, Role.SYSTEM):
                raise NotPermittedError("only an admin accredits without a sector partnership")
            return
        organisation = self.refs.organisation(partnership)
        if organisation.kind is not OrganisationKind.SECTOR_PARTNERSHIP:
            raise InvalidEventError(f"{organisation.name} is not a sector partnership")
        if actor.role in (Role.ADMIN, Role.SYSTEM):
            return
        if actor.role is not Role.PARTNERSHIP or actor.organisation_id != partnership:
            raise NotPermittedError(f"only {organisation.name} or an admin records this")

    def grant_accreditation(
        self,
        organisation_id: UUID,
        *,
        valid_from: date,
        valid_until: date | None,
        stamp: Stamp,
        opleidingen: Collection[str] = (),
        granted_by: UUID | None = None,
        requires_trained_mentor: bool = False,
    ) -> Receipt:
        """Accredits a workplace (rule 4) for the opleidingen named (none: all)."""
        body: dict[str, Any] = {"from": valid_from, "until": valid_until}
        if opleidingen or granted_by or requires_trained_mentor:
            body.update(
                opleidingen=sorted(opleidingen),
                granted_by=granted_by,
                mentor=requires_trained_mentor,
            )
        return self._on_organisation(
            stamp,
            organisation_id,
            body,
            lambda workplace: workplace.grant_accreditation(
                valid_from=valid_from,
                valid_until=valid_until,
                opleidingen=opleidingen,
                granted_by=granted_by,
                requires_trained_mentor=requires_trained_mentor,
                **stamp.as_fields(),
            ),
            check=lambda: self._sector_partnership(stamp.actor, granted_by),
        )

    def withdraw_accreditation(
        self,
        organisation_id: UUID,
        *,
        effective_on: date,
        reason: str,
        stamp: Stamp,
        opleidingen: Collection[str] = (),
        withdrawn_by: UUID | None = None,
    ) -> Receipt:
        """Withdraws accreditation from ``effective_on`` (rule 4: earlier facts stand)."""
        body: dict[str, Any] = {"on": effective_on, "reason": reason}
        if opleidingen or withdrawn_by:
            body.update(opleidingen=sorted(opleidingen), withdrawn_by=withdrawn_by)
        return self._on_organisation(
            stamp,
            organisation_id,
            body,
            lambda workplace: workplace.withdraw_accreditation(
                effective_on=effective_on,
                reason=reason,
                opleidingen=opleidingen,
                withdrawn_by=withdrawn_by,
                **stamp.as_fields(),
            ),
            check=lambda: self._sector_partnership(stamp.actor, withdrawn_by),
        )

    def record_mentor_training(
        self,
        organisation_id: UUID,
        *,
        mentor_id: str,
        completed_on: date,
        course: str,
        stamp: Stamp,
    ) -> Receipt:
        return self._on_organisation(
            stamp,
            organisation_id,
            {"mentor": mentor_id, "on": completed_on, "course": course},
            lambda workplace: workplace.record_mentor_training(
                mentor_id=mentor_id, completed_on=completed_on, course=course, **stamp.as_fields()
            ),
        )

    def grant_recognition(
        self,
        organisation_id: UUID,
        *,
        kind: str,
        qualification_code: str,
        valid_from: date,
        stamp: Stamp,
        valid_until: date | None = None,
        evc_standard: str | None = None,
        reference: str = "",
    ) -> Receipt:
        """Rule 10's recognitions: ``award`` (a provider may award the qualification) or
        ``evc_standard`` (a test centre may assess the standard and award its
        qualification). The qualification must be published."""
        body = {
            "kind": kind,
            "qualification": qualification_code,
            "standard": evc_standard,
            "from": valid_from,
            "until": valid_until,
            "reference": reference,
        }
        return self._on_organisation(
            stamp,
            organisation_id,
            body,
            lambda organisation: organisation.grant_recognition(
                kind=kind,
                qualification_code=qualification_code,
                evc_standard=evc_standard,
                valid_from=valid_from,
                valid_until=valid_until,
                reference=reference,
                **stamp.as_fields(),
            ),
            check=lambda: self.refs.qualification_in_force(qualification_code),
        )

    def withdraw_recognition(
        self,
        organisation_id: UUID,
        *,
        kind: str,
        qualification_code: str,
        effective_on: date,
        reason: str,
        stamp: Stamp,
    ) -> Receipt:
        return self._on_organisation(
            stamp,
            organisation_id,
            {"kind": kind, "qualification": qualification_code, "on": effective_on},
            lambda organisation: organisation.withdraw_recognition(
                kind=kind,
                qualification_code=qualification_code,
                effective_on=effective_on,
                reason=reason,
                **stamp.as_fields(),
            ),
        )

    def _on_organisation(
        self,
        stamp: Stamp,
        organisation_id: UUID,
        body: dict[str, Any],
        act: Callable[[Organisation], None],
        *,
        check: Callable[[], object] = lambda: None,
    ) -> Receipt:
        """Load, check, trigger, save: a command on a registered organisation, keyed by what
        it records (``timeless``); a retry after a lost race loads and checks again."""

        def decide() -> Aggregate:
            check()
            organisation: Organisation = self.refs.organisation(organisation_id)
            act(organisation)
            return organisation

        return self._change(stamp, organisation_id, body, decide, timeless=True)

    # -- learners --------------------------------------------------------------------------

    def register_learner(self, key: str, *, stamp: Stamp, **fields: Any) -> Receipt:
        """Registers a learner under an admin's natural key; the personal fields are
        encrypted with a new data key. The idempotency fingerprint keys them with that data
        key (no guessable plain hash)."""
        return self._register_learner(
            Learner.id_for(key), stamp, {"key": key}, fields, identity={"key": key}
        )

    def register_provider_learner(
        self,
        reference: str,
        *,
        actor: Actor,
        occurred_at: datetime,
        given_name: str,
        family_name: str,
        birth_date: date | None,
        email: str | None,
    ) -> Receipt:
        """A provider registers a learner under its own ``reference`` (the idempotency key:
        the same reference with the same data is a duplicate; with other data,
        LearnerReferenceConflictError). Personal fields go to the per-learner encrypted
        store. Raises NotPermittedError unless a registered provider acts, and
        InvalidEventError for an empty name or reference or a malformed e-mail address."""
        provider = actor.organisation_id
        if actor.role is not Role.PROVIDER or provider is None:
            raise NotPermittedError("a provider registers its learners")
        if not reference.strip():
            raise InvalidEventError("a learner reference cannot be empty")
        try:
            kind = self.refs.organisation(provider).kind
        except UnknownOrganisationError:
            raise NotPermittedError("the provider is not registered") from None
        if kind not in (OrganisationKind.PROVIDER, OrganisationKind.TEST_CENTRE):
            raise NotPermittedError("only a provider registers learners")
        # The learner id (not the reference, which is personal) names the registration.
        stamp = self.stamp(f"learner:{Learner.id_for(reference, provider)}", occurred_at, actor)
        fields = {
            "given_name": given_name,
            "family_name": family_name,
            "birth_date": birth_date,
            "email": email,
        }
        register = {"key": "", "registered_by": provider, "reference": reference}
        try:
            return self._register_learner(
                Learner.id_for(reference, provider),
                stamp,
                register,
                fields,
                identity={"reference": reference},
            )
        except DuplicateEventIdError:
            raise LearnerReferenceConflictError(
                f"reference {reference!r} is already registered for another learner"
            ) from None

    def _register_learner(
        self,
        learner_id: UUID,
        stamp: Stamp,
        register: dict[str, Any],
        fields: dict[str, Any],
        *,
        identity: dict[str, Any],
    ) -> Receipt:
        data_key = self.data_keys.key_for(learner_id)
        if data_key is None:
            marker = self._accepted_marker(stamp.event_id, stamp.actor)
            if marker is not None:  # registered, then erased: nothing left to compare
                return marker.receipt_for(marker.fingerprint, self._position_of(marker))
            data_key = self.data_keys.create(learner_id)
        # An admin's key is part of the body as it was; a provider's reference is personal,
        # so it is only in the keyed digest.
        if "key" in identity:
            body = {"key": identity["key"], "personal": keyed_digest(data_key, fields)}
        else:
            body = {"personal": keyed_digest(data_key, {**fields, **identity})}
        # A provider's reference is its idempotency key: the same data registered again,
        # whenever, is the same registration.
        return self._create(
            stamp,
            body,
            lambda: Learner.register(**register, **fields, **stamp.as_fields()),
            timeless="reference" in identity,
        )

    def learner(self, learner_id: UUID) -> Learner:
        return self._get(Learner, learner_id)

    def learner_by_reference(self, provider_id: UUID, reference: str) -> Learner:
        """The learner a provider registered under ``reference``; NotFoundError otherwise."""
        return self.learner(Learner.id_for(reference, provider_id))

    def learner_for(
        self,
        viewer: Actor,
        learner_id: UUID,
        *,
        trajectory_providers: Collection[UUID] = (),
        agreed_workplaces: Collection[UUID] = (),
    ) -> Learner:
        """The learner if ``viewer`` may see them (a provider: it registered them or leads or
        partners one of their trajectories, which the read side passes as
        ``trajectory_providers``; a workplace: a running agreement of theirs is with it,
        ``agreed_workplaces``); NotFoundError worded as for an unknown learner."""
        learner = self.learner(learner_id)
        access.require_can_see_learner(
            viewer, learner_id, learner.registered_by, trajectory_providers, agreed_workplaces
        )
        return learner

    def erase_learner(self, learner_id: UUID, *, reason: str, stamp: Stamp) -> Receipt:
        """Erases a learner's personal data: records ``LearnerErased``, destroys the data
        key (every stored copy becomes unreadable) and drops cached copies. Idempotent: a
        second call destroys nothing more and records nothing new. Raises NotFoundError."""
        learner = self.learner(learner_id)
        if learner.erased:
            receipt = Receipt(learner.id, learner.version, stamp.event_id, None, duplicate=True)
        else:

            def decide() -> Aggregate:
                found = self.learner(learner_id)
                found.erase(reason=reason, **stamp.as_fields())
                return found

            receipt = self._change(stamp, learner_id, {"erase": reason}, decide)
        self.data_keys.destroy(learner_id)
        self._evict(learner_id)
        return receipt
