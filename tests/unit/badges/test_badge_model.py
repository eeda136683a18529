"""The OpenBadgeCredential built from plain values."""

from __future__ import annotations

from dataclasses import replace

from badge_builders import a_request, issuer_key

from badges import Recipient, build_credential
from badges.canonical import canonize
from badges.schema import schema_errors


def test_built_credential_uses_versioned_ob_context() -> None:
    credential = build_credential(a_request(issuer_key()))
    assert credential["@context"][:2] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]


def test_built_credential_validates_against_packaged_ob_schema() -> None:
    assert schema_errors(build_credential(a_request(issuer_key()))) == []


def test_achievement_is_dutch_and_links_its_english_version() -> None:
    achievement = build_credential(a_request(issuer_key()))["credentialSubject"]["achievement"]
    assert achievement["name"] == "Hulpkelner"
    assert achievement["inLanguage"] == "nl"
    assert achievement["related"] == [
        {"id": "urn:leerspoor:achievement:BK-0123@2#en", "type": ["Related"], "inLanguage": "en"}
    ]


def test_english_version_is_publishable_achievement_in_english() -> None:
    spec = a_request(issuer_key()).achievement
    english = spec.english_version()
    assert english["id"] == spec.english_id
    assert english["name"] == "Waiter assistant"
    assert english["inLanguage"] == "en"
    assert canonize(english)


def _embedded() -> dict[str, object]:
    request = a_request(issuer_key())
    achievement = replace(request.achievement, embed_translations=True)
    return build_credential(replace(request, achievement=achievement))


def test_embedded_translations_are_language_maps_under_an_inline_context() -> None:
    credential = _embedded()
    achievement = credential["credentialSubject"]["achievement"]  # type: ignore[index]
    assert achievement["nameTranslations"] == {"nl": "Hulpkelner", "en": "Waiter assistant"}
    assert isinstance(credential["@context"][-1], dict)  # type: ignore[index]
    assert schema_errors(credential) == []


def test_embedded_translations_survive_canonicalisation_as_language_tagged_literals() -> None:
    nquads = canonize(_embedded())
    assert '"Waiter assistant"@en' in nquads
    assert '"Hulpkelner"@nl' in nquads


def test_alignment_names_qualification_levels_and_competences() -> None:
    achievement = build_credential(a_request(issuer_key()))["credentialSubject"]["achievement"]
    codes = {(a["targetFramework"], a["targetCode"]) for a in achievement["alignment"]}
    assert ("Vlaamse kwalificatiestructuur", "BK-0123@2") in codes
    assert ("VKS", "2") in codes
    assert ("EQF", "2") in codes
    assert ("Leerspoor competentiecatalogus", "C-01") in codes


def test_evidence_points_to_ledger_events() -> None:
    evidence = build_credential(a_request(issuer_key()))["evidence"]
    assert evidence[0]["id"] == "urn:leerspoor:event:0b6f3c1e-1d2a-4c55-9d1a-2f7c7a9e0001"


def test_hashed_recipient_is_salted_sha256_identity_object() -> None:
    subject = build_credential(a_request(issuer_key()))["credentialSubject"]
    identity = subject["identifier"][0]
    assert "id" not in subject
    assert identity["type"] == "IdentityObject"
    assert identity["hashed"] is True
    assert identity["identityHash"].startswith("sha256$")
    assert "learner-7f3a" not in str(subject)


def test_hashed_recipient_matches_only_its_identifier() -> None:
    recipient = Recipient.hashed("learner-7f3a", "zout-91")
    assert recipient.matches("learner-7f3a")
    assert not recipient.matches("learner-0000")


def test_did_recipient_is_credential_subject_id() -> None:
    credential = build_credential(
        a_request(issuer_key(), recipient=Recipient(did="did:example:learner"))
    )
    assert credential["credentialSubject"]["id"] == "did:example:learner"
