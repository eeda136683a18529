"""Proofs over the committed hash tree (RFC 9162 §2.1.3–2.1.4): the audit path of one event,
the consistency of an older tree with a newer one, and whether one aggregate's stored events
still match their leaves. Imports ``ledger``; never ``api``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ledger import Ledger, consistency_proof, inclusion_path, root_from_hashes
from projections import log
from projections.integrity.records import IntegrityView, stored_leaf


def inclusion(view: IntegrityView, position: int, tree_size: int) -> dict[str, Any]:
    """The audit path of the event at log ``position`` in the tree of ``tree_size`` leaves.
    Raises ValueError when the event or the tree size is not committed."""
    index = view.index_of(position)
    hashes = view.leaf_hashes()
    if index is None:
        raise ValueError(f"no committed event at position {position}")
    if not index < tree_size <= len(hashes):
        raise ValueError(f"position {position} is not in a tree of {tree_size} leaves")
    tree = hashes[:tree_size]
    return {
        "position": position,
        "leaf_index": index,
        "tree_size": tree_size,
        "leaf_hash": tree[index].hex(),
        "root_hash": root_from_hashes(tree).hex(),
        "audit_path": [node.hex() for node in inclusion_path(index, tree)],
    }


def consistency(view: IntegrityView, first: int, second: int) -> dict[str, Any]:
    """The consistency proof between tree sizes ``first`` and ``second``. Raises ValueError
    unless 0 < first <= second <= the committed size."""
    hashes = view.leaf_hashes()
    if not 0 < first <= second <= len(hashes):
        raise ValueError(f"need 0 < first <= second <= {len(hashes)}")
    tree = hashes[:second]
    return {
        "first": first,
        "second": second,
        "first_root_hash": root_from_hashes(tree[:first]).hex(),
        "second_root_hash": root_from_hashes(tree).hex(),
        "consistency_path": [node.hex() for node in consistency_proof(first, tree)],
    }


def intact(view: IntegrityView, ledger: Ledger, originator_id: UUID) -> bool:
    """Whether every stored event of one aggregate matches its committed leaf and none is
    missing (the timeline page's badge; ``verify_ledger`` is the full check)."""
    committed = view.leaves_of(originator_id)
    stored = ledger.recorder.select_events(originator_id)
    if len(stored) < len(committed):
        return False
    for leaf in committed:
        found = log.notification_at(ledger, leaf["position"])
        if found is None or stored_leaf(found) != bytes(leaf["leaf_hash"]):
            return False
    return True
