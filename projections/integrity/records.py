"""The hash tree's stored records: its leaves (one per stored event, in log order) and its
signed checkpoints, the view over them with the tree of the committed leaves in memory, and
how a leaf and a checkpoint's signed bytes are made. Imports ``ledger``; never ``api``."""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table, func, select
from sqlalchemy.engine import Engine

from ledger import MerkleAccumulator, event_leaf_data, leaf_hash
from projections.tracking import Position, SQLView, Stored

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
# The follower's name: its tracking rows and parked events carry it.
INTEGRITY = "integrity"
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
        return asdict(self)


class IntegrityView(SQLView):
    """The committed leaves and checkpoints, the follower's position, and the tree of the
    committed leaves in memory (rebuilt from the store after a rollback)."""

    tables = (leaves_table, checkpoints_table)

    def __init__(self, engine: Engine, projection_name: str) -> None:
        super().__init__(engine, projection_name)
        self.tree = MerkleAccumulator()
        self._in_step = False

    def forget(self) -> None:
        self.tree = MerkleAccumulator()
        self._in_step = False

    def begin_batch(self) -> None:
        """Loads the leaves committed since the tree was last in step before a page is
        applied: all of them after a rollback or when another process moved the position
        (both drop the tree), none while this process is the one committing them."""
        super().begin_batch()
        if not self._in_step:
            for leaf in self.leaf_hashes(after_index=self.tree.size - 1):
                self.tree.append(leaf)

    def settle(self, name: str, stored: Stored) -> None:
        super().settle(name, stored)
        self._in_step = True  # every leaf in memory is committed, and no other is

    def commit_leaf(self, notification: Notification) -> None:
        leaf = stored_leaf(notification)
        self.append_row(
            leaves_table,
            {
                "leaf_index": self.tree.size,
                "position": notification.id,
                "originator_id": str(notification.originator_id),
                "originator_version": notification.originator_version,
                "leaf_hash": leaf,
            },
        )
        self.tree.append(leaf)

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
        return self.select_rows(select(leaves_table).order_by(leaves_table.c.leaf_index))

    def leaves_of(self, originator_id: UUID) -> list[dict[str, Any]]:
        return self.select_rows(
            select(leaves_table)
            .where(leaves_table.c.originator_id == str(originator_id))
            .order_by(leaves_table.c.leaf_index)
        )

    def index_of(self, position: int) -> int | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(leaves_table.c.leaf_index).where(leaves_table.c.position == position)
            ).scalar_one_or_none()
        return None if found is None else int(found)

    def checkpoints(self) -> list[Checkpoint]:
        query = select(checkpoints_table).order_by(checkpoints_table.c.tree_size)
        return [Checkpoint(**row) for row in self.select_rows(query)]

    def checkpoint(self, tree_size: int) -> Checkpoint | None:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(checkpoints_table).where(checkpoints_table.c.tree_size == tree_size)
            ).first()
        return None if found is None else Checkpoint(**dict(found._mapping))
