"""How often a command reads reference data from the store (issue 19): within one command
batch each reference aggregate once; outside a batch every read goes to the store, so a
change made between two commands is seen by the second; trajectories are always read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ledger import Ledger, Organisation, Submission
from ledger.references import LedgerReferences
from tests.builders import an_open_trajectory, org_id


def counted(ledger: Ledger) -> tuple[LedgerReferences, list[UUID]]:
    reads: list[UUID] = []

    def get(cls: type[Any], aggregate_id: UUID) -> Any:
        reads.append(aggregate_id)
        return ledger._get(cls, aggregate_id)

    return LedgerReferences(get), reads


def test_a_batch_reads_each_organisation_from_the_store_once(ledger: Ledger) -> None:
    refs, reads = counted(ledger)
    with refs.batch():
        first = refs.organisation(org_id("cdo-elektro"))
        again = refs.organisation(org_id("cdo-elektro"))
        with refs.batch():  # a nested batch shares the outer memo
            refs.organisation(org_id("cdo-elektro"))
    assert again is first
    assert reads == [org_id("cdo-elektro")]


def test_outside_a_batch_every_read_goes_to_the_store(ledger: Ledger) -> None:
    refs, reads = counted(ledger)
    with refs.batch():
        refs.organisation(org_id("cdo-elektro"))
    refs.organisation(org_id("cdo-elektro"))
    refs.organisation(org_id("cdo-elektro"))
    assert reads == [org_id("cdo-elektro")] * 3


def test_trajectories_are_read_from_the_store_even_within_a_batch(ledger: Ledger) -> None:
    t = an_open_trajectory(ledger)
    refs, reads = counted(ledger)
    with refs.batch():
        refs.other_trajectory(t.trajectory_id)
        t.complete_module("M-EI-BASIS")
        facts = refs.other_trajectory(t.trajectory_id)
    assert reads == [t.trajectory_id, t.trajectory_id]
    assert facts is not None


def test_a_memoised_read_is_the_organisation_as_the_store_held_it(ledger: Ledger) -> None:
    refs, _ = counted(ledger)
    with refs.batch():
        memoised = refs.organisation(org_id("cdo-elektro"))
    stored = ledger._get(Organisation, org_id("cdo-elektro"))
    assert (memoised.id, memoised.version, memoised.name) == (
        stored.id,
        stored.version,
        stored.name,
    )


def test_a_post_on_a_stale_loaded_trajectory_decides_again_on_a_fresh_read(
    ledger: Ledger,
) -> None:
    t = an_open_trajectory(ledger)
    stale = ledger.trajectory(t.trajectory_id)
    read_at = stale.version
    t.post("ModuleEnrolled", module_code="M-EI-BASIS")  # another writer, after that read
    receipt = ledger.post(
        t.trajectory_id,
        Submission("ModuleEnrolled", "late-read", t.day, {"module_code": "M-EI-KLANT"}),
        actor=t.lead,
        loaded=stale,
    )
    assert receipt.version == read_at + 2
    events = ledger.history(t.trajectory_id)
    assert events[-1].event_id == "late-read"
    assert events[-2].event_id != "late-read"
