"""The offline check of the hash tree: every leaf recomputed from the raw stored records in
log order and compared with the committed ones, every checkpoint's root and signature with
the recomputed tree; the first thing that does not match is named. Needs the store and the
ledger key's public keys, nothing else. Imports ``ledger`` and ``badges``; never ``api``."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from eventsourcing.persistence import Notification
from sqlalchemy.engine import Engine

from badges import public_key_from_multibase
from ledger import Ledger, MerkleAccumulator
from projections import log
from projections.integrity.records import (
    INTEGRITY,
    PAGE,
    Checkpoint,
    IntegrityView,
    checkpoint_body,
    origin_of,
    stored_leaf,
)


@dataclass(frozen=True)
class Finding:
    """The first thing that does not match, located as precisely as the evidence allows."""

    position: int | None
    originator_id: str | None
    originator_version: int | None
    reason: str

    def __str__(self) -> str:
        where = f"position {self.position}" if self.position is not None else "the log"
        event = (
            f" (event {self.originator_id} version {self.originator_version})"
            if self.originator_id
            else ""
        )
        return f"{where}{event}: {self.reason}"


@dataclass(frozen=True)
class VerifyReport:
    events: int
    committed: int
    checkpoints: int
    finding: Finding | None

    @property
    def ok(self) -> bool:
        return self.finding is None


def public_keys(did_documents: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Verification method id → public key multibase, from DID documents."""
    return {
        str(method["id"]): str(method["publicKeyMultibase"])
        for document in did_documents.values()
        for method in document.get("verificationMethod", [])
    }


def verify_ledger(engine: Engine, ledger: Ledger, keys: Mapping[str, str]) -> VerifyReport:
    """Recomputes every leaf from the raw stored records in log order, compares them with
    the committed leaves, and every checkpoint's root and signature with the recomputed
    tree. Stops at the first mismatch. ``keys`` maps key ids to public key multibases."""
    view = IntegrityView(engine, INTEGRITY)
    committed = view.leaves()
    checkpoints = {c.tree_size: c for c in view.checkpoints()}
    tree = MerkleAccumulator()
    events = 0
    finding: Finding | None = None
    for notification in log.notifications(ledger, size=PAGE):
        events += 1
        index = events - 1
        if index >= len(committed):
            continue  # appended after the follower's last run: not yet committed
        if finding is not None:
            continue
        leaf = committed[index]
        finding = _compare(notification, leaf)
        if finding is None:
            tree.append(stored_leaf(notification))
            checkpoint = checkpoints.get(tree.size)
            if checkpoint is not None:
                finding = _check_checkpoint(checkpoint, tree.root(), keys, notification)
    if finding is None and events < len(committed):
        leaf = committed[events]
        finding = Finding(
            leaf["position"],
            leaf["originator_id"],
            leaf["originator_version"],
            "committed to the chain but missing from the store (deleted)",
        )
    if finding is None and max(checkpoints, default=0) > tree.size:
        finding = Finding(None, None, None, "a checkpoint covers more events than the store holds")
    return VerifyReport(events, len(committed), len(checkpoints), finding)


def _compare(notification: Notification, leaf: Mapping[str, Any]) -> Finding | None:
    here = (str(notification.originator_id), notification.originator_version)
    expected = (leaf["originator_id"], leaf["originator_version"])
    if notification.id != leaf["position"]:
        return Finding(
            leaf["position"],
            *expected,
            f"missing from the store (deleted); the next stored event is at position "
            f"{notification.id}",
        )
    if here != expected:
        return Finding(
            notification.id,
            *here,
            f"the chain committed event {expected[0]} version {expected[1]} here "
            "(events reordered or replaced)",
        )
    if stored_leaf(notification) != bytes(leaf["leaf_hash"]):
        return Finding(notification.id, *here, "stored record changed since it was committed")
    return None


def _check_checkpoint(
    checkpoint: Checkpoint,
    root: bytes,
    keys: Mapping[str, str],
    notification: Notification,
) -> Finding | None:
    def found(reason: str) -> Finding:
        return Finding(
            notification.id,
            str(notification.originator_id),
            notification.originator_version,
            f"checkpoint at tree size {checkpoint.tree_size}: {reason}",
        )

    if checkpoint.root_hash != root.hex():
        return found("signed root does not match the recomputed events up to here")
    public = keys.get(checkpoint.key_id)
    if public is None:
        return found(f"signed by unknown key {checkpoint.key_id}")
    body = checkpoint_body(
        origin_of(checkpoint.key_id), checkpoint.tree_size, root, checkpoint.signed_at
    )
    signature = base64.b64decode(checkpoint.signature)
    try:
        public_key_from_multibase(public).verify(signature, body)
    except InvalidSignature:
        return found("signature does not verify")
    return None
