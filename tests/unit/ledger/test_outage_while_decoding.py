"""A store outage met while decoding a stored event (the learner's data key is read through
the ``DataKeys`` port) is an outage, retried like any other, not an event that cannot be
read: seen once as a writer giving up during a PostgreSQL restart."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

import pytest
from eventsourcing.persistence import MapperDeserialisationError, OperationalError

from api.stores.data_keys import SQLDataKeys
from ledger import Learner, Ledger
from ledger.personal import MemoryDataKeys
from tests.builders import TickingClock, admin_stamp


class FlakyKeys(MemoryDataKeys):
    """Keys in memory; while ``down``, reading one fails as a store that does not answer."""

    def __init__(self) -> None:
        super().__init__()
        self.down: Exception | None = None

    def key_for(self, subject: UUID) -> bytes | None:
        if self.down is not None:
            raise self.down
        return super().key_for(subject)


def a_ledger_with(keys: FlakyKeys) -> Ledger:
    return Ledger(
        env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=TickingClock(), data_keys=keys
    )


def registered(ledger: Ledger) -> UUID:
    ledger.register_learner(
        "outage",
        given_name="Ann",
        family_name="Peeters",
        birth_date=date(2004, 5, 1),
        did=None,
        stamp=admin_stamp(ledger, datetime(2026, 9, 1, 9, tzinfo=UTC), "learner-outage"),
    )
    return Learner.id_for("outage")


def test_a_key_store_outage_while_decoding_raises_the_outage_itself() -> None:
    keys = FlakyKeys()
    ledger = a_ledger_with(keys)
    learner_id = registered(ledger)
    keys.down = OperationalError("the key store does not answer")
    ledger.repository.cache = None  # read from the store, through the mapper

    with pytest.raises(OperationalError, match="does not answer"):
        ledger.learner(learner_id)

    keys.down = None
    assert ledger.learner(learner_id).given_name == "Ann"


def test_any_other_decoding_failure_still_says_the_stored_event_cannot_be_read() -> None:
    keys = FlakyKeys()
    ledger = a_ledger_with(keys)
    learner_id = registered(ledger)
    keys.down = ValueError("a damaged key")

    with pytest.raises(MapperDeserialisationError):
        ledger.learner(learner_id)


def test_the_sql_key_store_reports_an_unreachable_database_as_an_outage(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    unreachable = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'keys.db'}")
    keys = SQLDataKeys(unreachable, "a-test-secret-of-some-length", TickingClock())
    with pytest.raises(OperationalError):
        keys.key_for(Learner.id_for("outage"))
