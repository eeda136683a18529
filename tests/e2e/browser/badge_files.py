"""Badge files for the Verify page: a did:key issuer with a fixed key, one status list,
and valid / expired / revoked / tampered credentials baked the way learners get them."""

from __future__ import annotations

import copy
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from badges import (
    AchievementSpec,
    Competence,
    Evidence,
    KeyPair,
    Qualification,
    Recipient,
    StatusList,
    StatusPurpose,
    Text,
    bake_png,
    bake_svg,
    default_png,
    default_svg,
    status_entry,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "unit" / "badges"))
from badge_builders import (  # noqa: E402
    a_signed_credential,
    a_status_list_document,
    issuer_did,
    issuer_key,
)

STATUS_URL = "https://leerspoor.example/status/cvo-horeca/revocation/1"
REVOKED_INDEX = 77
UNLISTED_URL = "https://cvo-horeca.example/status/elsewhere"
HULPKELNER = AchievementSpec(
    id="urn:leerspoor:achievement:BK-HULPKELNER@1",
    achievement_type="Certificate",
    name=Text("Hulpkelner", "Waiter assistant"),
    description=Text("Beroepskwalificatie hulpkelner.", "Waiter assistant."),
    criteria="Alle competenties beheerst.",
    qualification=Qualification(
        "BK-HULPKELNER", "1", "Hulpkelner", "https://leerspoor.example/bk/HK/1", 2, 2
    ),
    competences=(Competence("HK-01", "Tafels dekken"),),
)


def _credential(
    key: KeyPair,
    number: int,
    *,
    valid_until: datetime,
    index: int | None,
    status_url: str = STATUS_URL,
) -> dict[str, Any]:
    return a_signed_credential(
        key,
        credential_id=f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        issuer_name="CVO Horeca",
        issuer_url="https://cvo-horeca.example",
        achievement=HULPKELNER,
        recipient=Recipient.hashed("amina", "zout"),
        valid_until=valid_until,
        evidence=(Evidence.ledger_event("00000000-0000-4000-8000-000000000001", "Awarded"),),
        status=(
            (status_entry(StatusList(status_url, StatusPurpose.REVOCATION), index),)
            if index is not None
            else ()
        ),
    )


@dataclass
class BadgeFiles:
    key: KeyPair = field(default_factory=lambda: issuer_key(42))
    status_lists: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        bits = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(REVOKED_INDEX, True)
        self.status_lists[STATUS_URL] = a_status_list_document(self.key, bits)

    @property
    def issuer_did(self) -> str:
        return issuer_did(self.key)

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
        far = datetime(2035, 1, 1, tzinfo=UTC)
        return _credential(issuer_key(7), 4, valid_until=far, index=None)

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
