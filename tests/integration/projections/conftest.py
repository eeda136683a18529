"""Fixtures: a ledger and its read models on one SQLite file per test, demo loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.bootstrap import build_ledger
from api.demo import DemoResult, load_demo
from ledger import Ledger
from projections import ReadModels


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return sqlite_url(tmp_path / "leerspoor.db")


@pytest.fixture
def file_ledger(db_url: str) -> Ledger:
    return build_ledger(db_url)


@pytest.fixture
def demo(file_ledger: Ledger) -> DemoResult:
    return load_demo(file_ledger)


@pytest.fixture
def read_models(db_url: str, file_ledger: Ledger) -> Iterator[ReadModels]:
    models = ReadModels(db_url, file_ledger)
    yield models
    models.close()
