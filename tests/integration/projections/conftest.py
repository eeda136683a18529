"""Fixtures: a ledger and its read models on one fresh database per test, demo loaded; every
test runs on SQLite and on PostgreSQL (``backend`` in ``tests/conftest.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.bootstrap import build_ledger
from api.demo.loader import DemoResult, load_demo
from ledger import Ledger
from projections import ReadModels


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_url(database_url: str) -> str:
    return database_url


@pytest.fixture
def file_ledger(db_url: str) -> Iterator[Ledger]:
    ledger = build_ledger(db_url)
    yield ledger
    ledger.close()


@pytest.fixture
def demo(file_ledger: Ledger) -> DemoResult:
    return load_demo(file_ledger)


@pytest.fixture
def read_models(db_url: str, file_ledger: Ledger) -> Iterator[ReadModels]:
    models = ReadModels(db_url, file_ledger)
    yield models
    models.close()
