"""Tamper evidence for the ledger: the hash tree's follower (``hash_tree``), its stored
leaves and checkpoints (``records``), proofs over it (``proofs``) and the offline check of
the whole tree against the raw store (``verify``). Imports ``ledger`` and ``badges``; never
``api``."""

from __future__ import annotations

from projections.integrity.hash_tree import LedgerIntegrity
from projections.integrity.records import (
    CHECKPOINT_EVERY,
    CHECKPOINT_FORMAT,
    INTEGRITY,
    Checkpoint,
    IntegrityView,
    checkpoint_body,
    checkpoints_table,
    leaves_table,
    metadata,
    origin_of,
    stored_leaf,
)
from projections.integrity.verify import Finding, VerifyReport, public_keys, verify_ledger

__all__ = [
    "CHECKPOINT_EVERY",
    "CHECKPOINT_FORMAT",
    "INTEGRITY",
    "Checkpoint",
    "Finding",
    "IntegrityView",
    "LedgerIntegrity",
    "VerifyReport",
    "checkpoint_body",
    "checkpoints_table",
    "leaves_table",
    "metadata",
    "origin_of",
    "public_keys",
    "stored_leaf",
    "verify_ledger",
]
