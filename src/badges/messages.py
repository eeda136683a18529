"""Reason texts for verification checks, Dutch and English side by side.

Keyed by the stable failure code; the code is what programs match, the texts are
what people read. Imports nothing from the rest of the project.
"""

from __future__ import annotations

from collections.abc import Mapping

REASONS: Mapping[str, tuple[str, str]] = {
    "passed": ("In orde.", "OK."),
    "schema_invalid": (
        "Het bewijsstuk volgt het Open Badges 3.0-schema niet: {detail}",
        "The credential does not follow the Open Badges 3.0 schema: {detail}",
    ),
    "context_invalid": (
        "De JSON-LD-context is niet die van Open Badges 3.0: {detail}",
        "The JSON-LD context is not the Open Badges 3.0 one: {detail}",
    ),
    "unknown_context": (
        "Onbekende JSON-LD-context; die wordt niet opgehaald: {detail}",
        "Unknown JSON-LD context; it is not fetched: {detail}",
    ),
    "unsafe_expansion": (
        "Een veld heeft geen betekenis in de context en zou verloren gaan: {detail}",
        "A field has no meaning in the context and would be lost: {detail}",
    ),
    "document_too_large": (
        "Het document is te groot of te diep genest: {detail}",
        "The document is too large or too deeply nested: {detail}",
    ),
    "document_too_deep": (
        "Het document is te diep genest om veilig te lezen: {detail}",
        "The document is nested too deeply to read safely: {detail}",
    ),
    "invalid_unicode": (
        "Het document bevat tekst die geen geldige Unicode is: {detail}",
        "The document holds text that is not valid Unicode: {detail}",
    ),
    "number_too_large": (
        "Het document bevat een getal dat te groot is: {detail}",
        "The document holds a number that is too large: {detail}",
    ),
    "malformed_json": (
        "Het document is geen geldige JSON: {detail}",
        "The document is not valid JSON: {detail}",
    ),
    "document_error": (
        "Het document kan niet als JSON-LD gelezen worden: {detail}",
        "The document cannot be read as JSON-LD: {detail}",
    ),
    "proof_missing": ("Er is geen handtekening.", "There is no proof."),
    "proof_unsupported": (
        "Onbekend handtekeningtype: {detail}",
        "Unsupported proof type: {detail}",
    ),
    "proof_purpose": (
        "De handtekening is niet voor dit doel gemaakt: {detail}",
        "The proof is not made for this purpose: {detail}",
    ),
    "presentation_invalid": (
        "Dit is geen geldige presentatie: {detail}",
        "This is not a valid presentation: {detail}",
    ),
    "presentation_expired": (
        "De handtekening van de houder is verlopen: {detail}",
        "The holder's proof has expired: {detail}",
    ),
    "holder_key_mismatch": (
        "De sleutel hoort niet bij de houder {detail}.",
        "The key does not belong to the holder {detail}.",
    ),
    "key_not_for_authentication": (
        "De sleutel van de houder mag niet gebruikt worden om zich aan te melden.",
        "The holder's key is not authorised for authentication.",
    ),
    "challenge_mismatch": (
        "De presentatie is niet voor deze vraag gemaakt (challenge/nonce): {detail}",
        "The presentation was not made for this request (challenge/nonce): {detail}",
    ),
    "domain_mismatch": (
        "De presentatie is niet voor deze verificateur gemaakt (domain/aud): {detail}",
        "The presentation was not made for this verifier (domain/aud): {detail}",
    ),
    "subject_not_holder": (
        "Een bewijsstuk is niet op naam van de houder: {detail}",
        "A credential was not issued to the holder: {detail}",
    ),
    "credential_revoked": (
        "Een bewijsstuk in de presentatie is ingetrokken: {detail}",
        "A credential in the presentation is revoked: {detail}",
    ),
    "credential_suspended": (
        "Een bewijsstuk in de presentatie is geschorst: {detail}",
        "A credential in the presentation is suspended: {detail}",
    ),
    "credential_invalid": (
        "Een bewijsstuk in de presentatie is ongeldig: {detail}",
        "A credential in the presentation is not valid: {detail}",
    ),
    "no_credentials": (
        "De presentatie bevat geen bewijsstukken.",
        "The presentation holds no credentials.",
    ),
    "proof_malformed": (
        "De handtekening is onleesbaar: {detail}",
        "The proof is malformed: {detail}",
    ),
    "proof_invalid_signature": (
        "De handtekening klopt niet: de inhoud is gewijzigd of niet door deze sleutel getekend.",
        "The signature does not match: the content was changed or not signed by this key.",
    ),
    "did_unresolvable": (
        "De sleutel van de uitgever is niet te vinden: {detail}",
        "The issuer's key cannot be found: {detail}",
    ),
    "key_not_issuers": (
        "De sleutel hoort niet bij de uitgever {detail}.",
        "The key does not belong to the issuer {detail}.",
    ),
    "key_not_for_assertion": (
        "De sleutel mag niet gebruikt worden om bewijsstukken uit te geven.",
        "The key is not authorised to issue credentials.",
    ),
    "key_retired": (
        "Getekend met een sleutel die toen al buiten gebruik was ({detail}).",
        "Signed with a key that was already retired ({detail}).",
    ),
    "not_yet_valid": (
        "Nog niet geldig: geldig vanaf {detail}.",
        "Not valid yet: valid from {detail}.",
    ),
    "expired": ("Verlopen op {detail}.", "Expired on {detail}."),
    "dates_invalid": (
        "De geldigheidsdata zijn onleesbaar: {detail}",
        "The validity dates cannot be read: {detail}",
    ),
    "revoked": ("Ingetrokken door de uitgever.", "Revoked by the issuer."),
    "suspended": ("Tijdelijk geschorst door de uitgever.", "Suspended by the issuer."),
    "status_unavailable": (
        "Niet te controleren: de statuslijst {detail} is niet beschikbaar.",
        "Not checkable: the status list {detail} is not available.",
    ),
    "status_list_invalid": (
        "De statuslijst is ongeldig: {detail}",
        "The status list is invalid: {detail}",
    ),
    "status_absent": (
        "Het bewijsstuk heeft geen statusvermelding; intrekking kan niet bestaan.",
        "The credential has no status entry; it cannot be revoked.",
    ),
    "status_after_proof": (
        "Niet gecontroleerd: de handtekening houdt geen stand.",
        "Not checked: the proof does not hold.",
    ),
    "recipient_mismatch": (
        "Het bewijsstuk is niet op naam van deze persoon.",
        "The credential was not issued to this person.",
    ),
    "recipient_not_asked": (
        "Niet gevraagd: geen ontvanger opgegeven.",
        "Not asked: no recipient given.",
    ),
    "jwt_malformed": (
        "De JWT is onleesbaar: {detail}",
        "The JWT is malformed: {detail}",
    ),
    "jwt_claims_mismatch": (
        "De JWT-claims komen niet overeen met het bewijsstuk: {detail}",
        "The JWT claims do not match the credential: {detail}",
    ),
    "not_checked": (
        "Niet gecontroleerd: er is geen leesbaar bewijsstuk.",
        "Not checked: there is no readable credential.",
    ),
    "not_a_credential": (
        "Dit is geen Open Badges-bewijsstuk: {detail}",
        "This is not an Open Badges credential: {detail}",
    ),
}


def reasons(code: str, detail: str = "") -> tuple[str, str]:
    """The Dutch and English reason for a code, with the detail filled in."""
    nl, en = REASONS.get(code, ("Onbekende fout ({detail}).", "Unknown failure ({detail})."))
    return nl.format(detail=detail), en.format(detail=detail)
