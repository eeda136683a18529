"""Delivering an issued badge to a learner's own wallet (OpenID4VCI): a new signed copy
bound to the holder's DID, recorded in the ledger as ``BadgeCopyDelivered``.

Signing stays with issuance: this component, beside the issuing follower, takes the
badge as issued (``CredentialView``), makes the copy (``badges.copy_for_holder``), signs
it with the issuer's active key and records the fact through ``Ledger`` as the ledger's
own actor, before the copy is handed out. A route calls it synchronously, because a
wallet waits for its credential; the ledger stays the judge (only an active badge is
copied, each copy id once), so a copy the ledger refuses is never returned. The copy
keeps the badge's status-list entry: revoking the badge revokes every copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from badges import add_proof, copy_for_holder, encode_jwt
from ledger import SYSTEM_ACTOR, InvalidEventError, Ledger, NotFoundError, Submission
from projections.badge_factory import BadgeFactory
from projections.credentials import CredentialView


class CopyFormat(StrEnum):
    """The OpenID4VCI credential formats a copy is delivered in."""

    LDP_VC = "ldp_vc"  # Data Integrity, eddsa-rdfc-2022
    JWT_VC_JSON = "jwt_vc_json"  # VC-JWT, EdDSA (OB 3.0 §8.2)


@dataclass(frozen=True)
class DeliveredCopy:
    """A copy as handed to the wallet: its id and the credential (object or compact JWT)."""

    badge_id: str
    copy_id: str
    credential: dict[str, Any] | str


class BadgeCopies:
    """Signs and records copies of issued badges for their holders' wallets."""

    def __init__(self, ledger: Ledger, factory: BadgeFactory, view: CredentialView) -> None:
        self.ledger = ledger
        self.factory = factory
        self.view = view

    def deliverable(self, learner_id: str) -> list[dict[str, Any]]:
        """The learner's badges that may be copied now (active ones), oldest first."""
        return [row for row in self.view.for_learner(learner_id) if row["status"] == "active"]

    def deliver(
        self, badge_id: str, *, holder_did: str, credential_format: CopyFormat
    ) -> DeliveredCopy:
        """Sign a copy of ``badge_id`` for ``holder_did`` and record it in the ledger.

        Raises:
            NotFoundError: no such badge.
            InvalidEventError: the badge is not active (revoked or suspended), or the
                ledger refuses the copy for another reason.
            BadgeError: the copy cannot be signed.
        """
        row = self.view.get(badge_id)
        if row is None:
            raise NotFoundError(f"no badge {badge_id}")
        if row["status"] != "active":
            raise InvalidEventError(f"badge {badge_id} is {row['status']}: no copy is delivered")
        copy_id = f"urn:uuid:{uuid4()}"
        unsigned = copy_for_holder(row["credential"], holder=holder_did, copy_id=copy_id)
        signer = self.factory.keystore.signer(row["issuer_org"])
        now = self.factory.clock()
        signed: dict[str, Any] | str = (
            encode_jwt(unsigned, signer)
            if credential_format is CopyFormat.JWT_VC_JSON
            else add_proof(unsigned, signer, created=now)
        )
        self.ledger.post(
            UUID(row["trajectory_id"]),
            Submission(
                event_type="BadgeCopyDelivered",
                event_id=f"badge-copy-delivered:{copy_id}",
                occurred_at=now,
                fields={
                    "badge_id": badge_id,
                    "copy_id": copy_id,
                    "holder_did": holder_did,
                    "credential_format": credential_format.value,
                },
            ),
            actor=SYSTEM_ACTOR,
        )
        return DeliveredCopy(badge_id, copy_id, signed)
