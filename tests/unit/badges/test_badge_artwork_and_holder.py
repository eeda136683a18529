"""Badge pictures are drawn per kind and level, deterministically, with the whole title;
and a holder told the name or e-mail address matches the badge's salted hashes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from PIL import Image

from badges import (
    Artwork,
    CheckName,
    Outcome,
    Recipient,
    add_proof,
    badge_png,
    badge_svg,
    build_credential,
    normalised_identity,
    verify_credential,
)
from tests.unit.badges.badge_builders import NOW, a_request, issuer_key

LONG = "Zorgkundige: huishoudhulp en logistiek assistent in de zorg"


def test_the_same_badge_is_drawn_to_the_same_bytes() -> None:
    art = Artwork(LONG, "partial_certificate", 4, "Deelkwalificatie", "VKS 4 · EQF 4")
    assert badge_png(art) == badge_png(art)
    assert badge_svg(art) == badge_svg(art)


def test_each_kind_has_its_own_shape_and_each_level_its_own_colour() -> None:
    kinds = ("module", "competence", "partial_certificate", "qualification")
    drawn = {kind: badge_svg(Artwork("Bediening", kind, 2)) for kind in kinds}
    assert "<rect" in drawn["module"]
    assert drawn["competence"].count("<polygon") == 1
    assert "<circle" in drawn["qualification"]
    assert drawn["qualification"].count("<polygon") == 2  # the ribbon
    assert len(set(drawn.values())) == 4
    assert Artwork("x", "module", 2).colour != Artwork("x", "module", 5).colour


def test_a_long_title_is_wrapped_whole_never_cut() -> None:
    lines, _size = Artwork(LONG, "qualification").lines()
    assert " ".join(lines) == LONG
    svg = badge_svg(Artwork(LONG, "qualification"))
    assert all(word in svg for word in LONG.split())


def test_the_png_is_a_square_picture_of_the_asked_size() -> None:
    picture = Image.open(io.BytesIO(badge_png(Artwork("Hulpkelner", "qualification", 2), size=128)))
    assert picture.size == (128, 128)


def test_names_and_addresses_are_compared_in_normalised_form() -> None:
    assert normalised_identity("  Amina   EL Idrissi ") == "amina el idrissi"
    recipient = Recipient.hashed("learner-1", "zout", name="Amina El Idrissi", email="A@x.be")
    assert recipient.matches("amina el idrissi")
    assert recipient.matches("a@X.BE")
    assert recipient.matches("learner-1")
    assert not recipient.matches("Amina")


def test_the_recipient_check_accepts_the_holders_name_in_any_case() -> None:
    recipient = Recipient.hashed("learner-1", "zout", name="Chloë Maes")
    credential = build_credential(a_request(issuer_key(), recipient=recipient))
    identities = credential["credentialSubject"]["identifier"]
    assert [i["identityType"] for i in identities] == ["identifier", "name"]
    signed = add_proof(credential, issuer_key(), created=datetime(2025, 3, 1, tzinfo=UTC))
    for given, outcome in (("CHLOË  maes", Outcome.PASSED), ("Chloe Maes", Outcome.FAILED)):
        result = verify_credential(signed, now=NOW, recipient=given)
        assert result.check(CheckName.RECIPIENT).outcome is outcome
