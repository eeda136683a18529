"""Bitstring Status List: encoding, allocation, revocation, suspension."""

from __future__ import annotations

import pytest
from badge_builders import STATUS_URL, a_status_list_document, issuer_key

from badges import (
    StatusList,
    StatusListError,
    StatusPurpose,
    allocate_index,
    read_status_list,
    status_entry,
)
from badges.status import MIN_ENTRIES, decode_list, encode_list


def test_new_list_has_at_least_131072_entries_all_clear() -> None:
    status_list = StatusList(STATUS_URL, StatusPurpose.REVOCATION)
    assert status_list.size == MIN_ENTRIES == 131072
    assert not any(status_list.bits)


def test_encoded_list_is_multibase_base64url_gzip() -> None:
    bits = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(0, True).bits
    encoded = encode_list(bits)
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert "+" not in encoded
    assert "/" not in encoded
    assert decode_list(encoded) == bits


def test_index_zero_is_the_leftmost_bit() -> None:
    bits = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(0, True).bits
    assert bits[0] == 0x80


def test_set_and_clear_entry() -> None:
    status_list = StatusList(STATUS_URL, StatusPurpose.SUSPENSION).with_status(77, True)
    assert status_list.status(77)
    assert not status_list.with_status(77, False).status(77)


def test_index_outside_list_is_refused() -> None:
    with pytest.raises(StatusListError):
        StatusList(STATUS_URL, StatusPurpose.REVOCATION).status(MIN_ENTRIES)


def test_allocated_indices_never_repeat() -> None:
    used: set[int] = set()
    for _ in range(200):
        used.add(allocate_index(used))
    assert len(used) == 200


def test_full_list_refuses_allocation() -> None:
    with pytest.raises(StatusListError):
        allocate_index(set(range(8)), size=8)


def test_too_small_bitstring_is_refused() -> None:
    with pytest.raises(StatusListError):
        decode_list(encode_list(bytes(100)))


def test_garbage_encoded_list_is_refused() -> None:
    with pytest.raises(StatusListError):
        decode_list("u" + "!!!")
    with pytest.raises(StatusListError):
        decode_list("zabc")


def test_status_entry_points_at_list_and_index() -> None:
    entry = status_entry(StatusList(STATUS_URL, StatusPurpose.REVOCATION), 4242)
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusListIndex"] == "4242"
    assert entry["statusListCredential"] == STATUS_URL


def test_published_status_list_holds_no_personal_data() -> None:
    document = a_status_list_document(issuer_key())
    assert set(document["credentialSubject"]) == {"id", "type", "statusPurpose", "encodedList"}
    assert "learner" not in str(document)
    assert read_status_list(document).url == STATUS_URL
