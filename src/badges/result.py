"""The frozen, serialisable outcome of verifying a credential, one entry per check.

Also says who issued it and how far that is vouched for: ``IssuerInfo.name`` is set
only when the verifier's trust policy names the issuer; what the credential says about
itself stays in ``claimed_name`` and is never presented as vouched for.
"""

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


class PresentationCheck(StrEnum):
    """The checks of a Verifiable Presentation, besides each credential's own."""

    SHAPE = "shape"
    PROOF = "proof"
    HOLDER = "holder"
    CHALLENGE = "challenge"
    SUBJECTS = "subjects"
    CREDENTIALS = "credentials"


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    """One check: its outcome, a stable code and the reason in Dutch and English."""

    name: CheckName | PresentationCheck
    outcome: Outcome
    code: str
    reason_nl: str
    reason_en: str

    @classmethod
    def of(
        cls, name: CheckName | PresentationCheck, outcome: Outcome, code: str, detail: str = ""
    ) -> Check:
        nl, en = reasons(code, detail)
        return cls(name, outcome, code, nl, en)

    @classmethod
    def passed(cls, name: CheckName | PresentationCheck) -> Check:
        return cls.of(name, Outcome.PASSED, "passed")

    def to_json(self) -> dict[str, object]:
        return {
            "check": str(self.name),
            "outcome": str(self.outcome),
            "code": self.code,
            "reason": {"nl": self.reason_nl, "en": self.reason_en},
        }


class IssuerTrust(StrEnum):
    """How far the verifier vouches for an issuer (never from the credential itself)."""

    THIS_SERVER = "this-server"
    TRUSTED = "trusted"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class IssuerInfo:
    """The issuer a credential's proof binds to, and the verifier's word on it.

    ``id`` is the issuer's DID or URL when the proof's key belongs to it (empty
    otherwise); ``name`` is the name the trust policy gives it (None when unknown);
    ``claimed_name`` is the self-asserted ``issuer.name``, for display as a claim only.
    """

    id: str = ""
    trust: IssuerTrust = IssuerTrust.UNKNOWN
    name: str | None = None
    claimed_name: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "trust": str(self.trust),
            "claimedName": self.claimed_name,
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
    issuer: IssuerInfo = IssuerInfo()

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
            "issuer": self.issuer.to_json(),
        }
