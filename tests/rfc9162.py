"""An independent RFC 9162 implementation for the tests: the recursive tree head of §2.1.1
written as the RFC defines it, and the verifiers of Trillian's ``proof`` package (inner and
border parts of a path) re-derived, sharing no code with ``ledger.merkle``."""

from __future__ import annotations

import hashlib


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def ref_mth(data: list[bytes]) -> bytes:
    """MTH(D[n]) exactly as §2.1.1 defines it, over raw leaf inputs."""
    n = len(data)
    if n == 0:
        return h(b"")
    if n == 1:
        return h(b"\x00" + data[0])
    k = 1 << ((n - 1).bit_length() - 1)
    return h(b"\x01" + ref_mth(data[:k]) + ref_mth(data[k:]))


def ref_root_from_inclusion(index: int, size: int, leaf: bytes, path: list[bytes]) -> bytes:
    """The root an audit path implies: the inner part (where index and size-1 differ) then
    the right border, as in Trillian's RootFromInclusionProof."""
    inner = (index ^ (size - 1)).bit_length()
    border = bin(index >> inner).count("1")
    assert len(path) == inner + border, "wrong path length"
    node = leaf
    for i, sibling in enumerate(path[:inner]):
        if (index >> i) & 1 == 0:
            node = h(b"\x01" + node + sibling)
        else:
            node = h(b"\x01" + sibling + node)
    for sibling in path[inner:]:
        node = h(b"\x01" + sibling + node)
    return node


def ref_consistency_roots(
    first: int, second: int, first_root: bytes, proof: list[bytes]
) -> tuple[bytes, bytes]:
    """The (old, new) roots a consistency proof implies (Trillian's VerifyConsistency)."""
    inner = ((first - 1) ^ (second - 1)).bit_length()
    border = bin((first - 1) >> inner).count("1")
    shift = (first & -first).bit_length() - 1  # trailing zeros of ``first``
    inner -= shift
    # The proof starts with the root of the subtree of size 2^shift, unless that is the
    # whole old tree (then the old root is the seed).
    seed, start = (first_root, 0) if first == 1 << shift else (proof[0], 1)
    rest = proof[start:]
    assert len(rest) == inner + border, "wrong proof length"
    mask = (first - 1) >> shift
    old = new = seed
    for i, sibling in enumerate(rest[:inner]):
        if (mask >> i) & 1:
            old = h(b"\x01" + sibling + old)
            new = h(b"\x01" + sibling + new)
        else:
            new = h(b"\x01" + new + sibling)
    for sibling in rest[inner:]:
        old = h(b"\x01" + sibling + old)
        new = h(b"\x01" + sibling + new)
    return old, new
