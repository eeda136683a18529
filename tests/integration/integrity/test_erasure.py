"""Crypto-shredding: after ``leerspoor learners erase`` no plaintext personal value of that
learner remains in any table or file, the ledger still verifies, statistics are unchanged and
the learner's badges still verify."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.demo import learner_id
from api.demo.reference import learners
from api.services import Services
from api.verification import verify_document
from ledger.personal import ERASED as ERASED_NAME
from tests.integration.integrity.conftest import Copy

KEY = "ilias"  # the dual-learning apprentice: qualified, with badges
REGISTERED = learners()[KEY].body  # as his provider registered him, under its reference
GIVEN, FAMILY = REGISTERED.given_name, REGISTERED.family_name
BORN, REFERENCE = str(REGISTERED.birth_date), REGISTERED.reference
ID = str(learner_id(KEY))


def erase(copy: Copy, learner: str = ID) -> str:
    result = CliRunner().invoke(app, ["learners", "erase", learner, "--db", copy.url])
    assert result.exit_code == 0, result.output
    return result.output


def personal_values() -> list[bytes]:
    values = [GIVEN, FAMILY, BORN, REFERENCE, f"{GIVEN} {FAMILY}"]
    return [v.encode(encoding) for v in values for encoding in ("utf-8", "utf-16-le")]


def files_holding(folder: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {n!r}" for n in needles if n in data]
    return found


def test_the_name_is_readable_before_erasure(ledger_copy: Copy) -> None:
    learner = ledger_copy.services().ledger.learner(learner_id(KEY))
    assert (learner.given_name, learner.family_name, learner.reference) == (
        GIVEN,
        FAMILY,
        REFERENCE,
    )
    # Encrypted at rest even before erasure: the store holds no plaintext name.
    rows = ledger_copy.sql("SELECT state FROM stored_events")
    assert not any(GIVEN.encode() in bytes(state) for (state,) in rows)  # type: ignore[arg-type]


def test_after_erasure_no_personal_value_remains_in_any_table_or_file(
    ledger_copy: Copy,
) -> None:
    erase(ledger_copy)
    services = ledger_copy.services()
    services.refresh()
    services.read_models.engine.dispose()
    tables = [
        str(t) for (t,) in ledger_copy.sql("SELECT name FROM sqlite_master WHERE type='table'")
    ]
    hits = []
    for table in tables:
        for row in ledger_copy.sql(f"SELECT * FROM {table}"):  # noqa: S608
            for cell in row:
                data = cell if isinstance(cell, bytes) else str(cell).encode()
                hits += [f"{table}: {n!r}" for n in personal_values() if n in data]
    assert hits == []
    assert files_holding(ledger_copy.folder, personal_values()) == []


def test_after_erasure_the_learner_reads_as_erased(ledger_copy: Copy) -> None:
    erase(ledger_copy)
    learner = ledger_copy.services().ledger.learner(learner_id(KEY))
    assert (
        learner.given_name,
        learner.family_name,
        learner.birth_date,
        learner.did,
        learner.reference,
    ) == (None, None, None, None, None)
    assert learner.display_name == ERASED_NAME


def test_a_cached_learner_is_erased_too(ledger_copy: Copy) -> None:
    services = ledger_copy.services()
    erased_id = learner_id(KEY)
    assert services.ledger.learner(erased_id).given_name == GIVEN  # now cached
    erase(ledger_copy)  # another process: this ledger's cache fast-forwards through it
    assert services.ledger.learner(erased_id).given_name is None


def test_after_erasure_audit_verify_still_passes(ledger_copy: Copy) -> None:
    erase(ledger_copy)
    ledger_copy.services().refresh()
    code, output = ledger_copy.audit_verify()
    assert code == 0, output


def test_erasure_changes_no_committed_leaf(ledger_copy: Copy) -> None:
    before = ledger_copy.sql("SELECT position, leaf_hash FROM rm_merkle_leaves")
    erase(ledger_copy)
    ledger_copy.services().refresh()
    after = ledger_copy.sql("SELECT position, leaf_hash FROM rm_merkle_leaves")
    assert after[: len(before)] == before


def test_after_erasure_statistics_are_unchanged(ledger_copy: Copy) -> None:
    services = ledger_copy.services()
    before = services.read_models.outflow.statistics()
    erase(ledger_copy)
    services.refresh()
    assert services.read_models.outflow.statistics() == before
    services.read_models.rebuild()
    assert services.read_models.outflow.statistics() == before


def test_after_erasure_the_learners_badges_still_verify(ledger_copy: Copy) -> None:
    services: Services = ledger_copy.services()
    erased = ID
    badges = services.credentials.for_learner(erased)
    assert badges
    erase(ledger_copy)
    services.refresh()
    for row in services.credentials.for_learner(erased):
        result = verify_document(row["credential"], services.trust, services.ledger.clock())
        assert result.verified, result.to_json()
        assert GIVEN not in str(row["credential"])


def test_erasing_twice_is_harmless(ledger_copy: Copy) -> None:
    erase(ledger_copy)
    assert "already erased" in erase(ledger_copy)


def test_erasing_an_unknown_learner_is_refused(ledger_copy: Copy) -> None:
    result = CliRunner().invoke(app, ["learners", "erase", "nobody", "--db", ledger_copy.url])
    assert result.exit_code == 2


@pytest.mark.parametrize("key", ["amina"])
def test_other_learners_keep_their_data(ledger_copy: Copy, key: str) -> None:
    erase(ledger_copy)
    learner = ledger_copy.services().ledger.learner(learner_id(key))
    assert learner.given_name == learners()[key].body.given_name
