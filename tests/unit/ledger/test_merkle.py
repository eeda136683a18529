"""RFC 9162 Merkle trees: our proofs verify with an independent implementation written
here (the recursive definitions of §2.1 and the bit-twiddling verifiers of Trillian's
``proof`` package, re-derived), and our verifiers refuse tampered proofs."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.merkle import (
    MerkleAccumulator,
    consistency_proof,
    event_leaf_data,
    inclusion_path,
    leaf_hash,
    root_from_hashes,
    verify_consistency,
    verify_inclusion,
)
from tests.rfc9162 import h, ref_consistency_roots, ref_mth, ref_root_from_inclusion


def leaves(n: int) -> list[bytes]:
    return [f"event {i}".encode() for i in range(n)]


# -- tests -------------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=70))
def test_tree_head_equals_the_rfc_definition(n: int) -> None:
    data = leaves(n)
    assert root_from_hashes([leaf_hash(d) for d in data]) == ref_mth(data)


@given(st.integers(min_value=0, max_value=70))
def test_accumulated_tree_head_equals_the_rfc_definition(n: int) -> None:
    accumulator = MerkleAccumulator()
    for d in leaves(n):
        accumulator.append(leaf_hash(d))
    assert accumulator.root() == ref_mth(leaves(n))


def test_known_vector_of_three_leaves() -> None:
    a, b, c = (leaf_hash(x) for x in (b"a", b"b", b"c"))
    expected = h(b"\x01" + h(b"\x01" + a + b) + c)
    assert root_from_hashes([a, b, c]) == expected


@given(
    st.integers(min_value=1, max_value=70).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1))
    )
)
def test_inclusion_path_verifies_independently(case: tuple[int, int]) -> None:
    n, index = case
    data = leaves(n)
    path = inclusion_path(index, [leaf_hash(d) for d in data])
    assert ref_root_from_inclusion(index, n, h(b"\x00" + data[index]), path) == ref_mth(data)


@given(
    st.integers(min_value=1, max_value=70).flatmap(
        lambda n: st.tuples(st.integers(1, n), st.just(n))
    )
)
def test_consistency_proof_verifies_independently(case: tuple[int, int]) -> None:
    m, n = case
    data = leaves(n)
    proof = consistency_proof(m, [leaf_hash(d) for d in data])
    if m == n:
        assert proof == []
        return
    old, new = ref_consistency_roots(m, n, ref_mth(data[:m]), proof)
    assert (old, new) == (ref_mth(data[:m]), ref_mth(data))


def test_consistency_proof_matches_the_rfc_example() -> None:
    # RFC 9162 §2.1.5: PROOF(3, D[7]) = [c, d, g, l] over the tree of its figure.
    hashes = [leaf_hash(d) for d in leaves(7)]
    c, d = hashes[2], hashes[3]
    g = h(b"\x01" + hashes[0] + hashes[1])
    l_node = root_from_hashes(hashes[4:7])
    assert consistency_proof(3, hashes) == [c, d, g, l_node]


@given(
    st.integers(min_value=1, max_value=40).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n - 1))
    )
)
def test_our_inclusion_verifier_accepts_proofs_and_refuses_a_wrong_leaf(
    case: tuple[int, int],
) -> None:
    n, index = case
    hashes = [leaf_hash(d) for d in leaves(n)]
    root, path = root_from_hashes(hashes), inclusion_path(index, hashes)
    assert verify_inclusion(index, n, hashes[index], path, root)
    assert not verify_inclusion(index, n, leaf_hash(b"forged"), path, root)
    if n > 1:
        assert not verify_inclusion((index + 1) % n, n, hashes[index], path, root)


@given(
    st.integers(min_value=2, max_value=40).flatmap(
        lambda n: st.tuples(st.integers(1, n - 1), st.just(n))
    )
)
def test_our_consistency_verifier_accepts_proofs_and_refuses_a_rewritten_history(
    case: tuple[int, int],
) -> None:
    m, n = case
    hashes = [leaf_hash(d) for d in leaves(n)]
    proof = consistency_proof(m, hashes)
    old, new = root_from_hashes(hashes[:m]), root_from_hashes(hashes)
    assert verify_consistency(m, n, old, new, proof)
    rewritten = [leaf_hash(b"rewritten"), *hashes[1:]]
    assert not verify_consistency(m, n, root_from_hashes(rewritten[:m]), new, proof)


def test_an_out_of_range_leaf_has_no_path() -> None:
    with pytest.raises(ValueError, match="not in a tree"):
        inclusion_path(3, [leaf_hash(b"x")] * 3)


def test_leaf_data_differs_for_any_changed_field() -> None:
    base = (1, UUID(int=1), 1, "ledger.x:Y", b"{}")
    variants = [
        (2, UUID(int=1), 1, "ledger.x:Y", b"{}"),
        (1, UUID(int=2), 1, "ledger.x:Y", b"{}"),
        (1, UUID(int=1), 2, "ledger.x:Y", b"{}"),
        (1, UUID(int=1), 1, "ledger.x:Z", b"{}"),
        (1, UUID(int=1), 1, "ledger.x:Y", b"{ }"),
    ]
    assert len({event_leaf_data(*v) for v in [base, *variants]}) == 6
