"""Baking into PNG and SVG and extracting again."""

from __future__ import annotations

import struct

import pytest
from badge_builders import NOW, a_request, a_signed_credential, issuer_key

from badges import (
    ProofFormat,
    UnreadableInputError,
    bake_png,
    bake_svg,
    default_png,
    default_svg,
    extract_png,
    extract_svg,
    issue_credential,
    read_badge,
    verify_credential,
)


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    chunks, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        chunks.append((kind, png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def test_png_credential_is_one_uncompressed_itxt_chunk() -> None:
    baked = bake_png(default_png("Hulpkelner"), a_signed_credential())
    itxt = [data for kind, data in _chunks(baked) if kind == b"iTXt"]
    assert len(itxt) == 1
    keyword, rest = itxt[0].split(b"\x00", 1)
    assert keyword == b"openbadgecredential"
    assert rest[0] == 0  # compression flag: uncompressed
    assert b'"OpenBadgeCredential"' in rest


def test_png_round_trip_keeps_credential_verifiable() -> None:
    credential = a_signed_credential()
    extracted = extract_png(bake_png(default_png("Hulpkelner"), credential))
    assert extracted == credential
    assert verify_credential(extracted, now=NOW).check("proof").code == "passed"


def test_rebaking_png_replaces_the_credential() -> None:
    first = bake_png(default_png("x"), a_signed_credential())
    second = bake_png(first, "aaa.bbb.ccc")
    assert extract_png(second) == "aaa.bbb.ccc"
    assert sum(kind == b"iTXt" for kind, _ in _chunks(second)) == 1


def test_svg_round_trip_with_namespace_and_cdata() -> None:
    credential = a_signed_credential()
    baked = bake_svg(default_svg("Hulpkelner & zaal"), credential)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert "<openbadges:credential><![CDATA[" in baked
    assert extract_svg(baked) == credential


def test_jwt_bakes_into_svg_and_png() -> None:
    key = issuer_key()
    token = issue_credential(a_request(key), key, created=NOW, proof_format=ProofFormat.VC_JWT)
    assert isinstance(token, str)
    assert read_badge(bake_svg(default_svg("x"), token).encode()) == token
    assert read_badge(bake_png(default_png("x"), token)) == token


def test_rebaking_svg_replaces_the_credential() -> None:
    once = bake_svg(default_svg("x"), a_signed_credential())
    twice = bake_svg(once, "aaa.bbb.ccc")
    assert twice.count("openbadges:credential>") == 2  # one open, one close tag
    assert extract_svg(twice) == "aaa.bbb.ccc"


def test_truncated_png_is_unreadable() -> None:
    baked = bake_png(default_png("x"), a_signed_credential())
    with pytest.raises(UnreadableInputError):
        read_badge(baked[: len(baked) // 2])


def test_png_without_credential_is_unreadable() -> None:
    with pytest.raises(UnreadableInputError, match="openbadgecredential"):
        extract_png(default_png("x"))


def test_png_with_corrupt_crc_is_unreadable() -> None:
    baked = bytearray(bake_png(default_png("x"), "aaa.bbb.ccc"))
    baked[-20] ^= 0xFF
    with pytest.raises(UnreadableInputError):
        read_badge(bytes(baked))


@pytest.mark.parametrize(
    "svg",
    [
        "<svg",
        "<html xmlns='http://www.w3.org/1999/xhtml'/>",
        "<!DOCTYPE svg [<!ENTITY x 'boom'>]><svg xmlns='http://www.w3.org/2000/svg'>&x;</svg>",
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
)
def test_bad_svg_is_unreadable(svg: str) -> None:
    with pytest.raises(UnreadableInputError):
        read_badge(svg.encode())


def test_plain_json_and_jwt_files_are_read() -> None:
    assert read_badge(b'{"id": "x"}') == {"id": "x"}
    assert read_badge(b"aaa.bbb.ccc\n") == "aaa.bbb.ccc"


def test_random_binary_is_unreadable() -> None:
    with pytest.raises(UnreadableInputError):
        read_badge(b"\xff\xfe\x00garbage")
