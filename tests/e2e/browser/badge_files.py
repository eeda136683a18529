"""Badge files for the Verify page: a did:key issuer with a fixed key, one status list,
and valid / expired / revoked / tampered credentials baked the way learners get them."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from badges import (
    AchievementSpec,
    Competence,
    CredentialRequest,
    Evidence,
    IssuerProfile,
    KeyPair,
    Qualification,
    Recipient,
    StatusList,
    StatusPurpose,
    Text,
    add_proof,
    bake_png,
    bake_svg,
    build_credential,
    default_png,
    default_svg,
    did_key,
    status_entry,
    status_list_credential,
)

ISSUED = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
STATUS_URL = "https://leerspoor.example/status/cvo-horeca/revocation/1"
REVOKED_INDEX = 77
UNLISTED_URL = "https://cvo-horeca.example/status/elsewhere"


def issuer_key() -> KeyPair:
    pair = KeyPair.from_seed(bytes([42]) * 32)
    return pair.bound_to(f"{did_key(pair.public_multibase)}#{pair.public_multibase}")


def _credential(
    key: KeyPair,
    number: int,
    *,
    valid_until: datetime,
    index: int | None,
    status_url: str = STATUS_URL,
) -> dict[str, Any]:
    issuer = key.verification_method.split("#")[0]
    request = CredentialRequest(
        id=f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        issuer=IssuerProfile(issuer, "CVO Horeca", url="https://cvo-horeca.example"),
        achievement=AchievementSpec(
            id="urn:leerspoor:achievement:BK-HULPKELNER@1",
            achievement_type="Certificate",
            name=Text("Hulpkelner", "Waiter assistant"),
            description=Text("Beroepskwalificatie hulpkelner.", "Waiter assistant."),
            criteria="Alle competenties beheerst.",
            qualification=Qualification(
                "BK-HULPKELNER", "1", "Hulpkelner", "https://leerspoor.example/bk/HK/1", 2, 2
            ),
            competences=(Competence("HK-01", "Tafels dekken"),),
        ),
        recipient=Recipient.hashed("amina", "zout"),
        valid_from=ISSUED,
        valid_until=valid_until,
        evidence=(Evidence.ledger_event("00000000-0000-4000-8000-000000000001", "Awarded"),),
        status=(
            (status_entry(StatusList(status_url, StatusPurpose.REVOCATION), index),)
            if index is not None
            else ()
        ),
        awarded=ISSUED,
    )
    return add_proof(build_credential(request), key, created=ISSUED)


@dataclass
class BadgeFiles:
    key: KeyPair = field(default_factory=issuer_key)
    status_lists: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bits = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(REVOKED_INDEX, True)
        issuer = self.key.verification_method.split("#")[0]
        unsigned = status_list_credential(bits, issuer=issuer, valid_from=ISSUED)
        self.status_lists[STATUS_URL] = add_proof(unsigned, self.key, created=ISSUED)

    @property
    def issuer_did(self) -> str:
        return self.key.verification_method.split("#")[0]

    def fetch_status_list(self, url: str) -> dict[str, Any] | None:
        return self.status_lists.get(url)

    def valid(self) -> dict[str, Any]:
        return _credential(self.key, 1, valid_until=datetime(2035, 1, 1, tzinfo=UTC), index=5)

    def expired(self) -> dict[str, Any]:
        return _credential(self.key, 2, valid_until=datetime(2025, 6, 1, tzinfo=UTC), index=6)

    def revoked(self) -> dict[str, Any]:
        far = datetime(2035, 1, 1, tzinfo=UTC)
        return _credential(self.key, 3, valid_until=far, index=REVOKED_INDEX)

    def by_a_stranger(self) -> dict[str, Any]:
        """Signed by a did:key nobody here trusts, calling itself "CVO Horeca" all the same
        (no status list: nothing else is wrong with it)."""
        stranger = KeyPair.from_seed(bytes([7]) * 32)
        bound = stranger.bound_to(
            f"{did_key(stranger.public_multibase)}#{stranger.public_multibase}"
        )
        far = datetime(2035, 1, 1, tzinfo=UTC)
        return _credential(bound, 4, valid_until=far, index=None)

    def unlisted(self) -> dict[str, Any]:
        """From the trusted issuer, its status list nowhere to be had."""
        far = datetime(2035, 1, 1, tzinfo=UTC)
        return _credential(self.key, 5, valid_until=far, index=9, status_url=UNLISTED_URL)

    def tampered(self) -> dict[str, Any]:
        forged = copy.deepcopy(self.valid())
        forged["credentialSubject"]["achievement"]["name"] = "Chef-kok"
        return forged


def as_png(credential: dict[str, Any]) -> bytes:
    return bake_png(default_png("Hulpkelner"), credential)


def as_svg(credential: dict[str, Any]) -> bytes:
    return bake_svg(default_svg("Hulpkelner"), credential).encode()
