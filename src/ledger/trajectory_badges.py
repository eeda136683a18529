"""The badge lifecycle on a trajectory: issued, revoked, suspended, reinstated, and each
signed copy delivered to a learner's own wallet (OpenID4VCI).

Badges follow from ledger facts (the issuance process posts these as the ledger's own
actor); they are bookkeeping, not learning facts. These event classes lived nested in
``Trajectory`` before; their old topics are registered, so stored events replay.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.utils import get_topic, register_topic

from ledger.errors import InvalidEventError, NotFoundError
from ledger.metadata import Stamp
from ledger.trajectory_base import TrajectoryCore, TrajectoryEvent
from ledger.trajectory_context import CommandContext
from ledger.values import AchievementKind


@dataclass(frozen=True)
class Badge:
    badge_id: str
    kind: str
    achievement_code: str
    basis_event_ids: tuple[str, ...]
    status: str = "active"
    copies: tuple[str, ...] = ()


class BadgeIssued(TrajectoryEvent):
    badge_id: str
    achievement_kind: str
    achievement_code: str
    basis_event_ids: list[str]

    def apply(self, aggregate: Any) -> None:
        super().apply(aggregate)
        aggregate.badges[self.badge_id] = Badge(
            self.badge_id,
            self.achievement_kind,
            self.achievement_code,
            tuple(self.basis_event_ids),
        )


class BadgeStatusChanged(TrajectoryEvent):
    """Base of the changes of an issued badge's status: each sets its own ``status`` and may
    start only from one of the statuses in ``allowed_from``."""

    status: ClassVar[str]
    allowed_from: ClassVar[tuple[str, ...]]
    # Each change declares its fields itself: its published contract's description is the
    # docstring the library generates, which lists the fields of its base class.
    if TYPE_CHECKING:
        badge_id: str

    def apply(self, aggregate: Any) -> None:
        super().apply(aggregate)
        aggregate.set_badge_status(self.badge_id, self.status)


class BadgeRevoked(BadgeStatusChanged):
    status = "revoked"
    allowed_from = ("active", "suspended")
    badge_id: str
    reason: str


class BadgeSuspended(BadgeStatusChanged):
    status = "suspended"
    allowed_from = ("active",)
    badge_id: str
    reason: str


class BadgeReinstated(BadgeStatusChanged):
    status = "active"
    allowed_from = ("suspended",)
    badge_id: str
    reason: str


class BadgeCopyDelivered(TrajectoryEvent):
    """A new signed copy of an issued badge was handed to a wallet: bound to the holder's
    DID (``credentialSubject.id``), in one format (``ldp_vc`` or ``jwt_vc_json``), under
    its own credential id. The copy shares the badge's status-list entry, so revoking
    the badge revokes every copy."""

    badge_id: str
    copy_id: str
    holder_did: str
    credential_format: str

    def apply(self, aggregate: Any) -> None:
        super().apply(aggregate)
        aggregate.add_badge_copy(self.badge_id, self.copy_id)


BADGE_EVENTS = (BadgeIssued, BadgeRevoked, BadgeSuspended, BadgeReinstated)
# Stored before the move: ``ledger.trajectory:Trajectory.BadgeIssued`` and so on.
LEGACY_TOPICS: dict[type[TrajectoryEvent], str] = {
    cls: f"ledger.trajectory:Trajectory.{cls.__name__}" for cls in BADGE_EVENTS
}
for _cls, _topic in LEGACY_TOPICS.items():
    register_topic(_topic, _cls)

# The OpenID4VCI credential formats a copy is delivered in.
COPY_FORMATS = ("ldp_vc", "jwt_vc_json")


def topics_of(cls: type[Any]) -> tuple[str, ...]:
    """Every topic events of ``cls`` are stored under: its own, and the one it had before
    it moved (projections that select by topic must ask for both)."""
    legacy = LEGACY_TOPICS.get(cls)
    return (get_topic(cls), legacy) if legacy else (get_topic(cls),)


class BadgeLifecycle(TrajectoryCore):
    badges: dict[str, Badge]

    def set_badge_status(self, badge_id: str, status: str) -> None:
        if badge_id in self.badges:  # absent only in a replay that left the issuance out
            self.badges[badge_id] = replace(self.badges[badge_id], status=status)

    def add_badge_copy(self, badge_id: str, copy_id: str) -> None:
        if badge_id in self.badges:  # absent only in a replay that left the issuance out
            badge = self.badges[badge_id]
            self.badges[badge_id] = replace(badge, copies=(*badge.copies, copy_id))

    def issue_badge(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        badge_id: str,
        achievement_kind: str,
        achievement_code: str,
        basis_event_ids: list[str],
    ) -> None:
        if badge_id in self.badges:
            raise InvalidEventError(f"badge {badge_id} is already issued")
        self._record(
            BadgeIssued,
            stamp,
            badge_id=badge_id,
            achievement_kind=AchievementKind(achievement_kind).value,
            achievement_code=achievement_code,
            basis_event_ids=basis_event_ids,
        )

    def deliver_badge_copy(
        self,
        stamp: Stamp,
        ctx: CommandContext,
        *,
        badge_id: str,
        copy_id: str,
        holder_did: str,
        credential_format: str,
    ) -> None:
        """Only an active badge is copied to a wallet, under a copy id used once, for a
        holder named by a DID, in a format a wallet receives (``COPY_FORMATS``)."""
        badge = self.badges.get(badge_id)
        if badge is None:
            raise NotFoundError(f"no badge {badge_id} on this trajectory")
        if badge.status != "active":
            raise InvalidEventError(f"badge {badge_id} is {badge.status}: no copy is delivered")
        if any(copy_id in other.copies for other in self.badges.values()):
            raise InvalidEventError(f"copy {copy_id} is already delivered")
        if not holder_did.startswith("did:") or len(holder_did) > 4096:
            raise InvalidEventError("the holder is named by a DID")
        if credential_format not in COPY_FORMATS:
            raise InvalidEventError(f"format must be one of {', '.join(COPY_FORMATS)}")
        self._record(
            BadgeCopyDelivered,
            stamp,
            badge_id=badge_id,
            copy_id=copy_id,
            holder_did=holder_did,
            credential_format=credential_format,
        )

    def revoke_badge(
        self, stamp: Stamp, ctx: CommandContext, *, badge_id: str, reason: str
    ) -> None:
        self._change_badge_status(BadgeRevoked, stamp, badge_id=badge_id, reason=reason)

    def suspend_badge(
        self, stamp: Stamp, ctx: CommandContext, *, badge_id: str, reason: str
    ) -> None:
        self._change_badge_status(BadgeSuspended, stamp, badge_id=badge_id, reason=reason)

    def reinstate_badge(
        self, stamp: Stamp, ctx: CommandContext, *, badge_id: str, reason: str
    ) -> None:
        self._change_badge_status(BadgeReinstated, stamp, badge_id=badge_id, reason=reason)

    def _change_badge_status(
        self, event_class: type[BadgeStatusChanged], stamp: Stamp, *, badge_id: str, reason: str
    ) -> None:
        badge = self.badges.get(badge_id)
        if badge is None:
            raise NotFoundError(f"no badge {badge_id} on this trajectory")
        if badge.status not in event_class.allowed_from:
            raise InvalidEventError(f"badge {badge_id} is {badge.status}")
        self._record(event_class, stamp, badge_id=badge_id, reason=reason)
