"""Fixtures: the demo loaded once into a SQLite file with its badges issued, every event
committed into the hash tree and a checkpoint signed; each test gets its own copy."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.bootstrap import Components
from api.cli import app
from api.demo import load_demo
from api.services import Services
from api.settings import Settings


@dataclass
class Copy:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / "leerspoor.db"

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db}"

    @property
    def keys(self) -> Path:
        return self.folder / "keys"

    def settings(self) -> Settings:
        return Settings(database_url=self.url, keys_dir=self.keys)

    def services(self) -> Services:
        return Components(self.settings()).services

    def sql(self, statement: str, *parameters: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db) as conn:
            return list(conn.execute(statement, parameters))

    def audit_verify(self) -> tuple[int, str]:
        result = CliRunner().invoke(
            app, ["audit", "verify", "--db", self.url, "--keys-dir", str(self.keys)]
        )
        return result.exit_code, " ".join(result.output.split())


@pytest.fixture(scope="package")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("golden")
    copy = Copy(folder)
    services = copy.services()
    load_demo(services.ledger)
    services.refresh()
    assert services.integrity.checkpoint() is not None
    services.read_models.close()
    services.read_models.engine.dispose()
    return folder


@pytest.fixture
def ledger_copy(golden: Path, tmp_path: Path) -> Copy:
    folder = tmp_path / "copy"
    shutil.copytree(golden, folder)
    return Copy(folder)
