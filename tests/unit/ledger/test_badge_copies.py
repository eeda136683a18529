"""A badge copied to a learner's own wallet (OpenID4VCI) is a ledger fact: only an active
badge is copied, each copy id once, to a holder named by a DID; the copy counts as the
badge's own bookkeeping (the ledger posts it, no provider may)."""

from __future__ import annotations

import pytest

from ledger import SYSTEM_ACTOR, InvalidEventError, Ledger, NotFoundError, NotPermittedError
from tests.builders import TrajectoryBuilder, an_open_trajectory

HOLDER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
BADGE = "4b7c5d1e-0000-4000-8000-000000000001"


def issued(ledger: Ledger) -> TrajectoryBuilder:
    t = an_open_trajectory(ledger)
    t.post(
        "BadgeIssued",
        SYSTEM_ACTOR,
        badge_id=BADGE,
        achievement_kind="module",
        achievement_code="M-EI-BASIS",
        basis_event_ids=[],
    )
    return t


def deliver(t: TrajectoryBuilder, copy_id: str = "urn:uuid:copy-1", **over: str) -> None:
    fields = {
        "badge_id": BADGE,
        "copy_id": copy_id,
        "holder_did": HOLDER,
        "credential_format": "ldp_vc",
        **over,
    }
    t.post("BadgeCopyDelivered", SYSTEM_ACTOR, **fields)


def test_a_delivered_copy_is_kept_with_its_badge(ledger: Ledger) -> None:
    t = issued(ledger)
    deliver(t)
    deliver(t, "urn:uuid:copy-2", credential_format="jwt_vc_json")
    assert t.trajectory.badges[BADGE].copies == ("urn:uuid:copy-1", "urn:uuid:copy-2")
    facts = [f for f in t.trajectory.facts.values() if f.event_type == "BadgeCopyDelivered"]
    assert [f.fields["holder_did"] for f in facts] == [HOLDER, HOLDER]


def test_a_revoked_badge_is_not_copied(ledger: Ledger) -> None:
    t = issued(ledger)
    t.post("BadgeRevoked", SYSTEM_ACTOR, badge_id=BADGE, reason="basis ingetrokken")
    with t.refuses(InvalidEventError):
        deliver(t)


def test_a_copy_of_an_unknown_badge_is_refused(ledger: Ledger) -> None:
    t = issued(ledger)
    with t.refuses(NotFoundError):
        deliver(t, badge_id="4b7c5d1e-0000-4000-8000-00000000dead")


def test_a_copy_id_is_delivered_once(ledger: Ledger) -> None:
    t = issued(ledger)
    deliver(t)
    with t.refuses(InvalidEventError):
        deliver(t, "urn:uuid:copy-1", credential_format="jwt_vc_json")


@pytest.mark.parametrize(
    ("field", "value"),
    [("holder_did", "https://wallet.example"), ("credential_format", "mso_mdoc")],
)
def test_a_copy_names_its_holder_by_did_in_a_wallet_format(
    ledger: Ledger, field: str, value: str
) -> None:
    t = issued(ledger)
    with t.refuses(InvalidEventError):
        deliver(t, **{field: value})


def test_a_provider_cannot_post_a_copy(ledger: Ledger) -> None:
    t = issued(ledger)
    with t.refuses(NotPermittedError):
        t.post(
            "BadgeCopyDelivered",
            badge_id=BADGE,
            copy_id="urn:uuid:copy-x",
            holder_did=HOLDER,
            credential_format="ldp_vc",
        )
