"""Stacking: qualification badges reference partial badges; CLR 2.0 bundles them."""

from __future__ import annotations

from badge_builders import ISSUED, NOW, a_request, a_signed_credential, issuer_key

from badges import (
    Association,
    AssociationType,
    Evidence,
    Recipient,
    add_proof,
    build_clr,
    build_credential,
    stacked_evidence,
    verify_clr,
    verify_credential,
)
from badges.model import IssuerProfile

PARTIAL_ID = "urn:uuid:0d0c2b8a-1111-4e2f-8a8a-000000000001"
QUALIFICATION_ID = "urn:uuid:0d0c2b8a-2222-4e2f-8a8a-000000000002"


def _stack() -> tuple[dict[str, object], dict[str, object]]:
    key = issuer_key()
    partial = a_signed_credential(
        key,
        credential_id=PARTIAL_ID,
        achievement_id="urn:leerspoor:achievement:DK-01",
        achievement_type="ext:PartialCertificate",
    )
    qualification = add_proof(
        build_credential(
            a_request(
                key,
                credential_id=QUALIFICATION_ID,
                evidence=(
                    stacked_evidence(partial),
                    Evidence.ledger_event("0b6f3c1e-0000-4c55-9d1a-2f7c7a9e0003", "Awarded"),
                ),
            )
        ),
        key,
        created=ISSUED,
    )
    return partial, qualification


def test_qualification_badge_references_stacked_partial_badge() -> None:
    partial, qualification = _stack()
    evidence = qualification["evidence"]
    assert isinstance(evidence, list)
    assert evidence[0]["id"] == PARTIAL_ID
    assert evidence[0]["genre"] == "StackedCredential"
    assert verify_credential(qualification, now=NOW).check("proof").code == "passed"


def test_clr_bundles_signed_badges_with_association() -> None:
    key = issuer_key()
    partial, qualification = _stack()
    clr = build_clr(
        id="urn:uuid:0d0c2b8a-3333-4e2f-8a8a-000000000003",
        issuer=IssuerProfile(key.verification_method.split("#")[0], "CVO Vitant"),
        learner=Recipient.hashed("learner-7f3a", "zout-91"),
        name="Leerspoor: Hulpkelner",
        credentials=[partial, qualification],
        associations=[
            Association(
                AssociationType.IS_PARENT_OF,
                "urn:leerspoor:achievement:BK-0123@2",
                "urn:leerspoor:achievement:DK-01",
            )
        ],
        valid_from=ISSUED,
    )
    signed = add_proof(clr, key, created=ISSUED)
    outcome = verify_clr(signed, now=NOW)
    assert outcome.verified, outcome
    assert len(outcome.credentials) == 2
    assert signed["credentialSubject"]["association"][0]["associationType"] == "isParentOf"


def test_clr_with_tampered_embedded_badge_fails() -> None:
    key = issuer_key()
    partial, qualification = _stack()
    partial["name"] = "Vervalst"
    clr = build_clr(
        id="urn:uuid:0d0c2b8a-3333-4e2f-8a8a-000000000004",
        issuer=IssuerProfile(key.verification_method.split("#")[0], "CVO Vitant"),
        learner=Recipient(did="did:example:learner"),
        name="Leerspoor",
        credentials=[partial, qualification],
        valid_from=ISSUED,
    )
    outcome = verify_clr(add_proof(clr, key, created=ISSUED), now=NOW)
    assert not outcome.verified
    assert outcome.proof_code == "passed"
    assert not outcome.credentials[0].verified
