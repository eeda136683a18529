"""``Ledger.save`` collects pending events itself (a plain class check instead of the
library's runtime Protocol check): every kind of object the library's ``save`` takes is still
recorded, in order, and an aggregate's pending events are taken from it once."""

from __future__ import annotations

from eventsourcing.domain import Aggregate, event

from ledger import Ledger


class Counter(Aggregate):
    def __init__(self) -> None:
        self.count = 0

    @event("Counted")
    def count_one(self) -> None:
        self.count += 1


def test_aggregates_events_and_none_are_saved_in_order(ledger: Ledger) -> None:
    first, second = Counter(), Counter()
    first.count_one()
    loose = Counter()
    (loose_event,) = loose.collect_events()
    recordings = ledger.save(None, first, loose_event, second)
    recorded = [
        (r.domain_event.originator_id, r.domain_event.originator_version) for r in recordings
    ]
    assert recorded == [(first.id, 1), (first.id, 2), (loose.id, 1), (second.id, 1)]
    assert ledger.repository.get(first.id).count == 1
    assert ledger.repository.get(loose.id).count == 0


def test_an_aggregate_saved_again_records_only_its_new_events(ledger: Ledger) -> None:
    counter = Counter()
    ledger.save(counter)
    counter.count_one()
    (recording,) = ledger.save(counter)
    assert recording.domain_event.originator_version == 2
    assert ledger.save(counter) == []
