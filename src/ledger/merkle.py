"""The Merkle tree of Certificate Transparency (RFC 9162 §2.1) over the ledger's order.

Pure functions on byte strings, no I/O: leaf and node hashes with their domain-separation
prefixes, the tree head ``MTH`` of any number of leaves, audit paths ``PATH(m, D[n])``,
consistency proofs ``PROOF(m, D[n])`` and the two verifiers of §2.1.3.2 and §2.1.4.2.
Also the canonical leaf data of one stored event, so the follower that commits leaves and
the verifier that recomputes them cannot disagree on what a leaf is.

Hand-written because no maintained Python library implements RFC 9162 on its own; the
tests check it against an independent implementation.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Sequence
from uuid import UUID

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()
LEAF_FORMAT = b"leerspoor-event-v1"


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data) (RFC 9162 §2.1.1)."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right) (RFC 9162 §2.1.1)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def event_leaf_data(
    position: int, originator_id: UUID, originator_version: int, topic: str, state: bytes
) -> bytes:
    """The canonical bytes of one stored event: every field length-prefixed, so no two
    different records encode alike. ``state`` is the stored blob (personal data stays
    encrypted in it), so erasing a learner's key never changes a leaf."""
    topic_bytes = topic.encode("utf-8")
    return b"".join(
        (
            LEAF_FORMAT,
            struct.pack(">Q", position),
            originator_id.bytes,
            struct.pack(">Q", originator_version),
            struct.pack(">I", len(topic_bytes)),
            topic_bytes,
            struct.pack(">I", len(state)),
            state,
        )
    )


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


def root_from_hashes(leaves: Sequence[bytes]) -> bytes:
    """MTH over leaf *hashes* (already ``leaf_hash``-ed), for any number of leaves."""
    if not leaves:
        return EMPTY_ROOT
    # Bottom-up, folding each level left to right: an odd node out is carried up as-is,
    # which yields the same tree as the recursive definition with k = largest power of 2.
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _subtree(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    return root_from_hashes(leaves[start:end])


def inclusion_path(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1: the audit path of leaf ``index`` (0-based) in
    the tree of ``leaves`` (leaf hashes). Raises ValueError when out of range."""
    if not 0 <= index < len(leaves):
        raise ValueError(f"leaf {index} is not in a tree of {len(leaves)}")
    path: list[bytes] = []
    start, end, m = 0, len(leaves), index
    # Iterative form of the recursion; siblings are collected top-down, returned bottom-up.
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            path.append(_subtree(leaves, start + k, end))
            end = start + k
        else:
            path.append(_subtree(leaves, start, start + k))
            start, m = start + k, m - k
    return path[::-1]


def consistency_proof(first: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 §2.1.4.1 for the first ``first`` leaves of ``leaves``.
    Empty when ``first`` is 0 or the whole tree. Raises ValueError when out of range."""
    n = len(leaves)
    if not 0 <= first <= n:
        raise ValueError(f"tree size {first} is not within 0..{n}")
    if first in (0, n):
        return []
    return _subproof(first, leaves, 0, n, True)


def _subproof(m: int, leaves: Sequence[bytes], start: int, end: int, whole: bool) -> list[bytes]:
    n = end - start
    if m == n:
        return [] if whole else [_subtree(leaves, start, end)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves, start, start + k, whole), _subtree(leaves, start + k, end)]
    return [*_subproof(m - k, leaves, start + k, end, False), _subtree(leaves, start, start + k)]


def _sides(fn: int, sn: int, count: int) -> list[bool] | None:
    """The bit walk both verifiers of RFC 9162 share (§2.1.3.2 step 5, §2.1.4.2 step 6):
    for each of ``count`` proof nodes, whether it is the left sibling of the running hash,
    starting from node index ``fn`` in a tree whose last index is ``sn``. None when the
    proof has too many or too few nodes for that tree."""
    sides: list[bool] = []
    for _ in range(count):
        if sn == 0:
            return None
        left = bool(fn & 1) or fn == sn
        sides.append(left)
        if left and not fn & 1:
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        fn, sn = fn >> 1, sn >> 1
    return sides if sn == 0 else None


def verify_inclusion(
    index: int, tree_size: int, leaf: bytes, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``path`` prove leaf hash ``leaf`` at ``index`` under ``root``?"""
    if not 0 <= index < tree_size:
        return False
    sides = _sides(index, tree_size - 1, len(path))
    if sides is None:
        return False
    r = leaf
    for p, left in zip(path, sides, strict=True):
        r = node_hash(p, r) if left else node_hash(r, p)
    return r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does ``proof`` show the tree of size ``first`` with ``first_root``
    is a prefix of the tree of size ``second`` with ``second_root``?"""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, first_root)
    if not path:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    sides = _sides(fn, sn, len(path) - 1)
    if sides is None:
        return False
    fr = sr = path[0]
    for c, left in zip(path[1:], sides, strict=True):
        if left:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
        else:
            sr = node_hash(sr, c)
    return fr == first_root and sr == second_root


class MerkleAccumulator:
    """The tree head as leaves are appended, in O(log n) per leaf: the roots of the perfect
    subtrees covering the leaves so far (a compact range), largest first. Folding them right
    to left gives MTH, because RFC 9162 splits at the largest power of two below n."""

    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[tuple[int, bytes]] = []  # (subtree size, root)

    def append(self, leaf: bytes) -> None:
        """Appends a leaf *hash*."""
        size, node = 1, leaf
        while self._peaks and self._peaks[-1][0] == size:
            _, left = self._peaks.pop()
            size, node = size * 2, node_hash(left, node)
        self._peaks.append((size, node))
        self.size += 1

    def root(self) -> bytes:
        if not self._peaks:
            return EMPTY_ROOT
        node = self._peaks[-1][1]
        for _, left in reversed(self._peaks[:-1]):
            node = node_hash(left, node)
        return node
