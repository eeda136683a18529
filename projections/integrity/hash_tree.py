"""The hash tree's follower: every stored event committed into an RFC 9162 Merkle tree in
the ledger's order, and signed checkpoints (tree size + root hash, Ed25519) of that tree.

``LedgerIntegrity`` follows the log like the read models (``projections.runner``): it hashes
each notification's stored record (``ledger.merkle.event_leaf_data``: position, originator,
version, topic and the stored state bytes, so encrypted personal data stays encrypted in it)
into ``rm_merkle_leaves``, with its position in the same transaction; every ``every`` leaves,
and on demand, it signs a checkpoint into ``rm_checkpoints``. A leaf that cannot be
committed stops the follower there (a tree has no gaps); a checkpoint that cannot be signed
(the ledger key unreadable) is parked and the leaves go on. Proofs are in ``proofs``, the
offline check in ``verify``. Imports ``ledger`` and ``badges``; never ``api``.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, Tracking
from sqlalchemy.engine import Engine

from badges import Signer
from ledger import Ledger, root_from_hashes
from projections import runner
from projections.follower import NOT_PARKED, Ordering, utc_now
from projections.integrity import proofs
from projections.integrity.records import (
    CHECKPOINT_EVERY,
    INTEGRITY,
    PAGE,
    Checkpoint,
    IntegrityView,
    checkpoint_body,
    checkpoints_table,
    origin_of,
)
from projections.tracking import ParkedEvent, error_text


class LedgerIntegrity:
    """The hash tree's follower: commits every notification of the ledger into the tree and
    signs checkpoints.

    ``signer`` returns the ledger key's signer (called only when a checkpoint is due, so
    an unused key is never unsealed); the DID of its verification method is the log's
    identity in every checkpoint it signs."""

    name = INTEGRITY
    topics: tuple[str, ...] = ()  # every event, whatever its topic
    decodes = False  # the stored record is hashed as it is
    ordering = Ordering.LOG

    def __init__(
        self,
        engine: Engine,
        ledger: Ledger,
        *,
        signer: Callable[[], Signer],
        clock: Callable[[], datetime] = utc_now,
        every: int = CHECKPOINT_EVERY,
    ) -> None:
        self.view = IntegrityView(engine, self.name)
        self.ledger = ledger
        self.signer = signer
        self.clock = clock
        self.every = every

    def process_event(self, notification: Notification, tracking: Tracking) -> None:
        self.view.commit_leaf(notification)
        size = self.view.tree.size
        if size % self.every == 0:
            try:
                row = self._signed(size, self.view.tree.root())
            except NOT_PARKED:
                raise
            except Exception as error:
                # The tree goes on; the checkpoint waits for ``projections retry``.
                self.view.park(self._unsigned(notification, error))
            else:
                self.view.append_row(checkpoints_table, row)
        self.view.insert_tracking(tracking)

    def _unsigned(self, notification: Notification, error: Exception) -> ParkedEvent:
        error_class, message = error_text(error)
        now = self.clock().isoformat()
        return ParkedEvent(
            follower=self.name,
            application_name=self.ledger.name,
            position=notification.id,
            originator_id=str(notification.originator_id),
            originator_version=notification.originator_version,
            event_type=f"checkpoint at tree size {self.view.tree.size}",
            error_class=error_class,
            error_message=message,
            parked_at=now,
            last_attempt_at=now,
            holds_back=False,
        )

    def retry_parked(self, parked: ParkedEvent) -> None:
        """Signs the checkpoint that could not be signed when the leaf at the parked
        position completed its tree (in the caller's replay batch)."""
        index = self.view.index_of(parked.position)
        if index is None:
            raise ValueError(f"no committed leaf at position {parked.position}")
        size = index + 1
        if self.view.checkpoint(size) is None:
            root = root_from_hashes(self.view.leaf_hashes()[:size])
            self.view.append_row(checkpoints_table, self._signed(size, root))

    def catch_up(self, *, limit: int = PAGE) -> int:
        """Commits every notification after the tracked position; returns how many."""
        return runner.catch_up([self], self.ledger, limit=limit, clock=self.clock)

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
        size; returns the checkpoint at the current size (None for an empty log). Raises
        what signing raises (the ledger key unreadable)."""
        self.catch_up()
        size = self.view.leaf_count()
        if size == 0:
            return None
        existing = self.view.checkpoint(size)
        if existing is not None:
            return existing
        row = self._signed(size, root_from_hashes(self.view.leaf_hashes()[:size]))
        with self.view.engine.begin() as conn:
            conn.execute(checkpoints_table.insert(), row)
        return self.view.checkpoint(size)

    # -- proofs (``projections.integrity.proofs``) ---------------------------------------

    def inclusion(self, position: int, tree_size: int) -> dict[str, Any]:
        """The audit path of the event at ``position`` in the tree of ``tree_size`` leaves.
        Raises ValueError when the event or the tree size is not committed."""
        return proofs.inclusion(self.view, position, tree_size)

    def consistency(self, first: int, second: int) -> dict[str, Any]:
        """The consistency proof between tree sizes ``first`` and ``second``. Raises
        ValueError unless 0 < first <= second <= the committed size."""
        return proofs.consistency(self.view, first, second)

    def trajectory_intact(self, originator_id: UUID) -> bool:
        """Whether every stored event of one aggregate matches its committed leaf and none
        is missing (the timeline page's badge; ``verify_ledger`` is the full check)."""
        return proofs.intact(self.view, self.ledger, originator_id)
