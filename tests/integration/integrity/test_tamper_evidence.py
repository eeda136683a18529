"""Tamper evidence: whatever is done to the stored events behind the ledger's back, ``leerspoor
audit verify`` exits 1 and names the first event that does not match."""

from __future__ import annotations

from uuid import UUID

from tests.integration.integrity.conftest import Copy

# An event in the middle of the log: well inside the signed tree.
MIDDLE = 40


def row(copy: Copy, position: int) -> tuple[str, int, str, bytes]:
    found = copy.sql(
        "SELECT originator_id, originator_version, topic, state FROM stored_events WHERE rowid = ?",
        position,
    )
    originator, version, topic, state = found[0]
    assert isinstance(state, bytes)
    return str(UUID(str(originator))), int(str(version)), str(topic), state


def test_an_untouched_ledger_verifies(ledger_copy: Copy) -> None:
    code, output = ledger_copy.audit_verify()
    assert code == 0, output
    assert "OK" in output
    assert "1 signed checkpoints verify" in output or "signed checkpoints verify" in output


def test_one_flipped_byte_is_detected_and_located(ledger_copy: Copy) -> None:
    originator, version, _, state = row(ledger_copy, MIDDLE)
    flipped = bytearray(state)
    flipped[len(flipped) // 2] ^= 0x01
    ledger_copy.sql("UPDATE stored_events SET state = ? WHERE rowid = ?", bytes(flipped), MIDDLE)
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert f"position {MIDDLE} (event {originator} version {version})" in output
    assert "changed" in output


def test_a_deleted_event_is_detected_and_located(ledger_copy: Copy) -> None:
    originator, version, _, _ = row(ledger_copy, MIDDLE)
    ledger_copy.sql("DELETE FROM stored_events WHERE rowid = ?", MIDDLE)
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert f"position {MIDDLE} (event {originator} version {version})" in output
    assert "missing" in output


def test_deleting_the_last_event_is_detected(ledger_copy: Copy) -> None:
    last = int(str(ledger_copy.sql("SELECT MAX(rowid) FROM stored_events")[0][0]))
    ledger_copy.sql("DELETE FROM stored_events WHERE rowid = ?", last)
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert f"position {last}" in output


def test_two_reordered_events_are_detected_and_located(ledger_copy: Copy) -> None:
    first, second = MIDDLE, MIDDLE + 7
    committed = row(ledger_copy, first)
    ledger_copy.sql("UPDATE stored_events SET rowid = -1 WHERE rowid = ?", first)
    ledger_copy.sql("UPDATE stored_events SET rowid = ? WHERE rowid = ?", first, second)
    ledger_copy.sql("UPDATE stored_events SET rowid = ? WHERE rowid = -1", second)
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert f"position {first}" in output
    assert f"committed event {committed[0]} version {committed[1]}" in output
    assert "reordered" in output


def test_payloads_swapped_between_events_are_detected_and_located(ledger_copy: Copy) -> None:
    # Two events of the same type, so each payload still decodes as a plausible event.
    topic = row(ledger_copy, MIDDLE)[2]
    positions = [
        int(str(p))
        for (p,) in ledger_copy.sql(
            "SELECT rowid FROM stored_events WHERE topic = ? AND rowid >= ? ORDER BY rowid",
            topic,
            MIDDLE,
        )
    ]
    first, second = positions[0], positions[1]
    a, b = row(ledger_copy, first)[3], row(ledger_copy, second)[3]
    assert a != b
    ledger_copy.sql("UPDATE stored_events SET state = ? WHERE rowid = ?", b, first)
    ledger_copy.sql("UPDATE stored_events SET state = ? WHERE rowid = ?", a, second)
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert f"position {first}" in output
    assert "changed" in output


def test_rewriting_an_event_and_its_leaf_together_breaks_the_signed_checkpoint(
    ledger_copy: Copy,
) -> None:
    from projections.integrity import stored_leaf

    originator, version, topic, state = row(ledger_copy, MIDDLE)
    forged = state.replace(b"mastered", b"mastereD") if b"mastered" in state else state + b" "
    ledger_copy.sql("UPDATE stored_events SET state = ? WHERE rowid = ?", forged, MIDDLE)
    services = ledger_copy.services()
    (notification,) = services.ledger.recorder.select_notifications(
        start=MIDDLE, limit=1, inclusive_of_start=True
    )
    ledger_copy.sql(
        "UPDATE rm_merkle_leaves SET leaf_hash = ? WHERE position = ?",
        stored_leaf(notification),
        MIDDLE,
    )
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert "checkpoint at tree size" in output
    assert "does not match" in output


def test_a_forged_checkpoint_signature_is_detected(ledger_copy: Copy) -> None:
    ledger_copy.sql("UPDATE rm_checkpoints SET signed_at = '2000-01-01T00:00:00+00:00'")
    code, output = ledger_copy.audit_verify()
    assert code == 1
    assert "signature does not verify" in output


def test_new_events_are_committed_by_the_next_refresh(ledger_copy: Copy) -> None:
    services = ledger_copy.services()
    head = services.ledger.recorder.max_notification_id()
    services.refresh()
    assert services.integrity.view.leaf_count() == head


def test_the_timeline_check_sees_a_tampered_aggregate(ledger_copy: Copy) -> None:
    services = ledger_copy.services()
    originator, _, _, state = row(ledger_copy, MIDDLE)
    assert services.integrity.trajectory_intact(UUID(originator))
    ledger_copy.sql("UPDATE stored_events SET state = ? WHERE rowid = ?", state + b" ", MIDDLE)
    assert not services.integrity.trajectory_intact(UUID(originator))
