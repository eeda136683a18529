"""The 1EdTech displayer trio: valid → valid, expired → expired, revoked → revoked."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from badges import CheckName, StatusList, StatusPurpose, verify_credential

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "badges"))
from badge_builders import (  # noqa: E402
    ISSUED,
    NOW,
    STATUS_URL,
    a_signed_credential,
    a_status_list_document,
    issuer_key,
)

REVOKED_INDEX, VALID_INDEX = 17, 4242


def _status_lists() -> Any:
    revocations = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(REVOKED_INDEX, True)
    document = a_status_list_document(issuer_key(), revocations)
    return {STATUS_URL: document}.get


def _entry(index: int) -> tuple[dict[str, str], ...]:
    from badges import status_entry

    return (status_entry(StatusList(STATUS_URL, StatusPurpose.REVOCATION), index),)


def test_valid_badge_is_reported_valid() -> None:
    result = verify_credential(
        a_signed_credential(status=_entry(VALID_INDEX)), now=NOW, status_lists=_status_lists()
    )
    assert result.verified
    assert result.check(CheckName.STATUS).code == "passed"
    assert result.check(CheckName.VALIDITY).code == "passed"


def test_expired_badge_is_reported_expired_not_revoked() -> None:
    credential = a_signed_credential(
        status=_entry(VALID_INDEX), valid_until=ISSUED + timedelta(days=30)
    )
    result = verify_credential(credential, now=NOW, status_lists=_status_lists())
    assert not result.verified
    assert result.check(CheckName.VALIDITY).code == "expired"
    assert result.check(CheckName.STATUS).code == "passed"


def test_revoked_badge_is_reported_revoked_not_expired() -> None:
    result = verify_credential(
        a_signed_credential(status=_entry(REVOKED_INDEX)), now=NOW, status_lists=_status_lists()
    )
    assert not result.verified
    assert result.check(CheckName.STATUS).code == "revoked"
    assert result.check(CheckName.VALIDITY).code == "passed"
