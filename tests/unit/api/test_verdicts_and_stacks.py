"""The one verdict a person is told, and a trajectory's badges as a stack (pure functions)."""

from __future__ import annotations

from typing import Any

import pytest

from api.pages.stacks import stack_of
from api.verification import Verdict, verdict_of
from badges import Check, CheckName, IssuerInfo, IssuerTrust, Outcome, VerificationResult

PASSED = dict.fromkeys(CheckName, ("passed", Outcome.PASSED))


def a_result(trust: IssuerTrust = IssuerTrust.THIS_SERVER, **codes: str) -> VerificationResult:
    """Every check passed but those named (``proof="proof_invalid_signature"``); a code
    ending in ``unavailable``/``absent``/``asked`` is a skip."""
    checks = []
    for name in CheckName:
        code = codes.get(name.value, "passed")
        skipped = code.startswith(("status_unavailable", "status_absent", "recipient_not"))
        outcome = (
            Outcome.PASSED if code == "passed" else (Outcome.SKIPPED if skipped else Outcome.FAILED)
        )
        checks.append(Check.of(name, outcome, code))
    failed = any(c.outcome is Outcome.FAILED for c in checks)
    return VerificationResult(
        not failed, "data-integrity", "urn:x", tuple(checks), IssuerInfo("did:x", trust)
    )


@pytest.mark.parametrize(
    ("codes", "trust", "verdict"),
    [
        ({}, IssuerTrust.THIS_SERVER, Verdict.VALID),
        ({}, IssuerTrust.TRUSTED, Verdict.VALID),
        ({}, IssuerTrust.UNKNOWN, Verdict.ISSUER_UNKNOWN),
        ({"status": "status_unavailable"}, IssuerTrust.TRUSTED, Verdict.UNCHECKABLE),
        ({"status": "status_unavailable"}, IssuerTrust.UNKNOWN, Verdict.ISSUER_UNKNOWN),
        ({"status": "status_absent"}, IssuerTrust.TRUSTED, Verdict.VALID),
        (
            {"proof": "did_unresolvable", "issuer": "did_unresolvable"},
            IssuerTrust.UNKNOWN,
            Verdict.UNCHECKABLE,
        ),
        ({"proof": "proof_invalid_signature"}, IssuerTrust.UNKNOWN, Verdict.TAMPERED),
        ({"issuer": "key_not_issuers"}, IssuerTrust.UNKNOWN, Verdict.TAMPERED),
        (
            {"proof": "proof_invalid_signature", "validity": "expired"},
            IssuerTrust.UNKNOWN,
            Verdict.TAMPERED,
        ),
        ({"status": "revoked", "validity": "expired"}, IssuerTrust.THIS_SERVER, Verdict.REVOKED),
        ({"status": "suspended"}, IssuerTrust.THIS_SERVER, Verdict.SUSPENDED),
        ({"validity": "expired"}, IssuerTrust.UNKNOWN, Verdict.EXPIRED),
        ({"schema": "schema_invalid"}, IssuerTrust.THIS_SERVER, Verdict.INVALID),
        ({"recipient": "recipient_mismatch"}, IssuerTrust.THIS_SERVER, Verdict.VALID),
    ],
)
def test_the_verdict_names_the_most_serious_state(
    codes: dict[str, str], trust: IssuerTrust, verdict: Verdict
) -> None:
    assert verdict_of(a_result(trust, **codes)) is verdict


def badge(
    badge_id: str, kind: str, stacks: tuple[str, ...] = (), issued: str = "2026-01-01"
) -> dict[str, Any]:
    return {"badge_id": badge_id, "kind": kind, "stacks": list(stacks), "issued_at": issued}


def test_a_module_stands_under_its_partial_certificate_not_under_the_qualification() -> None:
    badges = [
        badge("m1", "module"),
        badge("m2", "module"),
        badge("c1", "competence"),
        badge("p1", "partial_certificate", ("m1",)),
        badge("q", "qualification", ("m1", "m2", "c1", "p1")),
    ]
    roots = stack_of(badges)
    assert [r["badge_id"] for r in roots] == ["q"]
    under_q = {b["badge_id"] for b in roots[0]["children"]}
    assert under_q == {"m2", "c1", "p1"}
    assert [b["badge_id"] for b in badges[3]["children"]] == ["m1"]


def test_badges_no_other_badge_stacks_are_roots_highest_first() -> None:
    roots = stack_of([badge("m", "module", issued="2026-01-02"), badge("p", "partial_certificate")])
    assert [r["badge_id"] for r in roots] == ["p", "m"]
