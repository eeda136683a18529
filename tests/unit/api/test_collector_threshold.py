"""A process that holds the ledger runs Python's garbage collector over its youngest
generation every ``gc_young_threshold`` new container objects (``api.bootstrap``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.bootstrap import Components, collect_less_often
from api.settings import Settings


@pytest.fixture(autouse=True)
def interpreter_thresholds() -> Iterator[None]:
    """Every test starts from CPython's defaults and leaves the process as it found it."""
    kept = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*kept)


def test_building_the_ledger_sets_the_young_threshold_and_keeps_the_older_ones(
    tmp_path: Path,
) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'ledger.db'}",
        keys_dir=tmp_path / "keys",
        gc_young_threshold=20_000,
    )
    Components(settings).ledger.close()
    assert gc.get_threshold() == (20_000, 10, 10)


def test_the_default_is_fifty_thousand() -> None:
    assert Settings.model_fields["gc_young_threshold"].default == 50_000


def test_zero_leaves_the_interpreter_alone() -> None:
    collect_less_often(0)
    assert gc.get_threshold() == (700, 10, 10)


def test_a_higher_threshold_set_by_the_process_is_never_lowered() -> None:
    gc.set_threshold(100_000, 5, 5)
    collect_less_often(50_000)
    assert gc.get_threshold() == (100_000, 5, 5)


def test_a_negative_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        Settings(gc_young_threshold=-1)
