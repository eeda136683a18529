"""Tamper evidence: every stored event committed into an RFC 9162 Merkle tree in the
ledger's order, and signed checkpoints (tree size + root hash, Ed25519) of that tree.

``LedgerIntegrity`` follows the log like the read models: it hashes each notification's
stored record (``ledger.merkle.event_leaf_data``: position, originator, version, topic and
the stored state bytes, so encrypted personal data stays encrypted in it) into
``rm_merkle_leaves`` and moves its tracking position in the same transaction; every
``every`` leaves, and on demand, it signs a checkpoint into ``rm_checkpoints``.
``verify_ledger`` recomputes everything from the raw store and names the first event that
does not match. Imports ``ledger`` and ``badges``; never ``api``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from eventsourcing.persistence import Notification
from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, func, select
from sqlalchemy.engine import Engine

from badges import Signer, public_key_from_multibase
from ledger import (
    Ledger,
    MerkleAccumulator,
    consistency_proof,
    event_leaf_data,
    inclusion_path,
    leaf_hash,
    root_from_hashes,
)
from projections.tracking import Position, SQLView

metadata = MetaData()
leaves_table = Table(
    "rm_merkle_leaves",
    metadata,
    Column("leaf_index", Position, primary_key=True, autoincrement=False),
    Column("position", Position, nullable=False, unique=True),
    Column("originator_id", String(36), nullable=False, index=True),
    Column("originator_version", Integer, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)
checkpoints_table = Table(
    "rm_checkpoints",
    metadata,
    Column("tree_size", Position, primary_key=True, autoincrement=False),
    Column("root_hash", String(64), nullable=False),
    Column("signed_at", String(40), nullable=False),
    Column("key_id", String(300), nullable=False),
    Column("signature", String(100), nullable=False),
)

CHECKPOINT_EVERY = 1_000
PAGE = 5_000
CHECKPOINT_FORMAT = "leerspoor-ledger-checkpoint/v1"


def checkpoint_body(origin: str, tree_size: int, root: bytes, signed_at: str) -> bytes:
    """The signed bytes of a checkpoint, in the spirit of C2SP's tlog checkpoint note:
    one line each for the format, the log's identity (the ledger key's DID), the tree size,
    the base64 root hash and the signing time."""
    lines = (CHECKPOINT_FORMAT, origin, str(tree_size), base64.b64encode(root).decode(), signed_at)
    return ("\n".join(lines) + "\n").encode()


def origin_of(key_id: str) -> str:
    """The DID a checkpoint names as its log: that of the key that signed it."""
    return key_id.split("#", 1)[0]


def stored_leaf(notification: Notification) -> bytes:
    """The leaf hash of one stored record, exactly as the log holds it."""
    return leaf_hash(
        event_leaf_data(
            notification.id,
            UUID(str(notification.originator_id)),
            notification.originator_version,
            notification.topic,
            notification.state,
        )
    )


@dataclass(frozen=True)
class Checkpoint:
    tree_size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str

    def as_json(self) -> dict[str, Any]:
        return {
            "tree_size": self.tree_size,
            "root_hash": self.root_hash,
            "signed_at": self.signed_at,
            "key_id": self.key_id,
            "signature": self.signature,
        }


class IntegrityView(SQLView):
    """The committed leaves and checkpoints, with the follower's tracking position."""

    tables = (leaves_table, checkpoints_table)

    def leaf_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(leaves_table)).scalar_one())

    def leaf_hashes(self, after_index: int = -1) -> list[bytes]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(leaves_table.c.leaf_hash)
                .where(leaves_table.c.leaf_index > after_index)
                .order_by(leaves_table.c.leaf_index)
            )
            return [bytes(r[0]) for r in rows]

    def leaves(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(leaves_table).order_by(leaves_table.c.leaf_index))
            return [dict(r._mapping) for r in rows]

    def leaves_of(self, originator_id: UUID) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(leaves_table)
                .where(leaves_table.c.originator_id == str(originator_id))
                .order_by(leaves_table.c.leaf_index)
            )
            return [dict(r._mapping) for r in rows]

    def index_of(self, position: int) -> int | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(leaves_table.c.leaf_index).where(leaves_table.c.position == position)
            ).scalar_one_or_none()
        return None if found is None else int(found)

    def checkpoints(self) -> list[Checkpoint]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(checkpoints_table).order_by(checkpoints_table.c.tree_size))
            return [Checkpoint(**dict(r._mapping)) for r in rows]

    def checkpoint(self, tree_size: int) -> Checkpoint | None:
        return next((c for c in self.checkpoints() if c.tree_size == tree_size), None)


class LedgerIntegrity:
    """Commits every notification of the ledger into the tree and signs checkpoints.

    ``signer`` returns the ledger key's signer (called only when a checkpoint is due, so
    an unused key is never unsealed); the DID of its verification method is the log's
    identity in every checkpoint it signs."""

    name = "integrity"

    def __init__(
        self,
        engine: Engine,
        ledger: Ledger,
        *,
        signer: Callable[[], Signer],
        clock: Callable[[], datetime],
        every: int = CHECKPOINT_EVERY,
    ) -> None:
        self.view = IntegrityView(engine, self.name)
        self.ledger = ledger
        self.signer = signer
        self.clock = clock
        self.every = every
        self._tree = MerkleAccumulator()
        self.view.on_discard.append(self._forget)

    def _forget(self) -> None:
        self._tree = MerkleAccumulator()

    def _sync_tree(self) -> None:
        """Loads leaves committed since the in-memory tree was last in step (by this or
        another process)."""
        for leaf in self.view.leaf_hashes(after_index=self._tree.size - 1):
            self._tree.append(leaf)

    def catch_up(self, *, limit: int = PAGE) -> int:
        """Commits every notification after the tracked position; returns how many."""
        name = self.ledger.name
        read = 0
        while True:
            self._sync_tree()
            start = self.view.max_tracking_id(name) or 0
            page = self.ledger.recorder.select_notifications(
                start=start, limit=limit, inclusive_of_start=False
            )
            if not page:
                return read
            self.view.begin_batch()
            try:
                for notification in page:
                    self._commit_leaf(notification)
                    if self._tree.size % self.every == 0:
                        row = self._signed(self._tree.size, self._tree.root())
                        self.view.append_row(checkpoints_table, row)
                with self.view.engine.begin() as conn:
                    self.view.end_batch(conn, name, page[-1].id)
            except BaseException:
                self.view.discard()
                raise
            read += len(page)

    def _commit_leaf(self, notification: Notification) -> None:
        leaf = stored_leaf(notification)
        self.view.append_row(
            leaves_table,
            {
                "leaf_index": self._tree.size,
                "position": notification.id,
                "originator_id": str(notification.originator_id),
                "originator_version": notification.originator_version,
                "leaf_hash": leaf,
            },
        )
        self._tree.append(leaf)

    def _signed(self, tree_size: int, root: bytes) -> dict[str, Any]:
        signer = self.signer()
        signed_at = self.clock().isoformat()
        body = checkpoint_body(origin_of(signer.verification_method), tree_size, root, signed_at)
        return {
            "tree_size": tree_size,
            "root_hash": root.hex(),
            "signed_at": signed_at,
            "key_id": signer.verification_method,
            "signature": base64.b64encode(signer.sign(body)).decode(),
        }

    def checkpoint(self) -> Checkpoint | None:
        """Catches up, then signs a checkpoint of the whole tree unless one exists at this
        size; returns the checkpoint at the current size (None for an empty log)."""
        self.catch_up()
        self._sync_tree()
        size = self._tree.size
        if size == 0:
            return None
        existing = self.view.checkpoint(size)
        if existing is not None:
            return existing
        row = self._signed(size, self._tree.root())
        with self.view.engine.begin() as conn:
            conn.execute(checkpoints_table.insert(), row)
        return self.view.checkpoint(size)

    # -- proofs ----------------------------------------------------------------------------

    def inclusion(self, position: int, tree_size: int) -> dict[str, Any]:
        """The audit path of the event at log ``position`` in the tree of ``tree_size``
        leaves. Raises ValueError when the event or the tree size is not committed."""
        index = self.view.index_of(position)
        hashes = self.view.leaf_hashes()
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

    def consistency(self, first: int, second: int) -> dict[str, Any]:
        """The consistency proof between tree sizes ``first`` and ``second``. Raises
        ValueError unless 0 < first <= second <= the committed size."""
        hashes = self.view.leaf_hashes()
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

    def trajectory_intact(self, originator_id: UUID) -> bool:
        """Whether every stored event of one aggregate matches its committed leaf and none
        is missing (the timeline page's badge; ``verify_ledger`` is the full check)."""
        committed = self.view.leaves_of(originator_id)
        stored = self.ledger.recorder.select_events(originator_id)
        if len(stored) < len(committed):
            return False
        for leaf in committed:
            found = self.ledger.recorder.select_notifications(
                start=leaf["position"], limit=1, inclusive_of_start=True
            )
            if not found or found[0].id != leaf["position"]:
                return False
            if stored_leaf(found[0]) != bytes(leaf["leaf_hash"]):
                return False
        return True


# -- verification --------------------------------------------------------------------------


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


def _notifications(ledger: Ledger) -> Iterator[Notification]:
    start = 0
    while True:
        page = ledger.recorder.select_notifications(
            start=start, limit=PAGE, inclusive_of_start=False
        )
        if not page:
            return
        yield from page
        start = page[-1].id


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
    view = IntegrityView(engine, LedgerIntegrity.name)
    committed = view.leaves()
    checkpoints = {c.tree_size: c for c in view.checkpoints()}
    tree = MerkleAccumulator()
    events = 0
    finding: Finding | None = None
    for notification in _notifications(ledger):
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
