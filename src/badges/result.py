"""The frozen, serialisable outcome of verifying a credential, one entry per check."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from badges.messages import reasons


class CheckName(StrEnum):
    SCHEMA = "schema"
    CONTEXT = "context"
    PROOF = "proof"
    ISSUER = "issuer"
    VALIDITY = "validity"
    STATUS = "status"
    RECIPIENT = "recipient"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    """One check: its outcome, a stable code and the reason in Dutch and English."""

    name: CheckName
    outcome: Outcome
    code: str
    reason_nl: str
    reason_en: str

    @classmethod
    def of(cls, name: CheckName, outcome: Outcome, code: str, detail: str = "") -> Check:
        nl, en = reasons(code, detail)
        return cls(name, outcome, code, nl, en)

    @classmethod
    def passed(cls, name: CheckName) -> Check:
        return cls.of(name, Outcome.PASSED, "passed")

    def to_json(self) -> dict[str, object]:
        return {
            "check": str(self.name),
            "outcome": str(self.outcome),
            "code": self.code,
            "reason": {"nl": self.reason_nl, "en": self.reason_en},
        }


@dataclass(frozen=True)
class VerificationResult:
    """``verified`` is true when the proof holds and no check failed.

    A skipped check (status list not available offline, no recipient asked) does not
    fail the credential, but is listed so nobody mistakes it for a pass.
    """

    verified: bool
    format: str
    credential_id: str
    checks: tuple[Check, ...]

    def check(self, name: CheckName) -> Check:
        return next(check for check in self.checks if check.name == name)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if check.outcome is Outcome.FAILED)

    def to_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "format": self.format,
            "credentialId": self.credential_id,
            "checks": [check.to_json() for check in self.checks],
        }
