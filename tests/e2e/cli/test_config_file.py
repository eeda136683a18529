"""A ``LEERSPOOR_CONFIG`` dotenv file reaches every command: its key secret seals the keys,
its database URL is the one ``demo`` and ``serve`` use."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import DEVELOPMENT_SECRET, Settings
from badges import Keystore, KeystoreSecretError
from tests.live_server import free_port, serving_command

runner = CliRunner()
SECRET = "a-secret-that-only-the-config-file-knows"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "leerspoor.env"
    path.write_text(
        f"LEERSPOOR_KEY_SECRET={SECRET}\n"
        f"LEERSPOOR_DATABASE_URL=sqlite:///{tmp_path / 'from-config.db'}\n"
        f"LEERSPOOR_KEYS_DIR={tmp_path / 'keys'}\n"
    )
    return path


def test_keys_are_sealed_with_the_key_secret_of_the_config_file(
    config: Path, tmp_path: Path
) -> None:
    env = {"LEERSPOOR_CONFIG": str(config)}
    result = runner.invoke(app, ["keys", "create", "cvo-vitant"], env=env)
    assert result.exit_code == 0, result.output
    assert Keystore(tmp_path / "keys", SECRET).signer("cvo-vitant") is not None
    with pytest.raises(KeystoreSecretError):
        Keystore(tmp_path / "keys", DEVELOPMENT_SECRET).signer("cvo-vitant")


def test_demo_uses_the_database_and_key_secret_of_the_config_file(
    config: Path, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["demo"], env={"LEERSPOOR_CONFIG": str(config)})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "from-config.db").is_file()
    issuers = Keystore(tmp_path / "keys", SECRET)
    assert issuers.organisations()
    assert all(issuers.signer(name) for name in issuers.organisations())


@pytest.fixture
def served_from_config(config: Path, tmp_path: Path) -> Iterator[str]:
    """``leerspoor serve`` in a child process, its working directory empty, its settings
    only from the config file."""
    env = {**os.environ, "LEERSPOOR_CONFIG": str(config)}
    env.pop("LEERSPOOR_DATABASE_URL", None)
    work = tmp_path / "work"
    work.mkdir()
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port)]
    with serving_command(command, port, cwd=work, env=env) as base:
        yield base


@pytest.mark.slow
def test_serve_uses_the_database_of_the_config_file(
    config: Path, tmp_path: Path, served_from_config: str
) -> None:
    token = runner.invoke(
        app, ["tokens", "create", "--role", "auditor"], env={"LEERSPOOR_CONFIG": str(config)}
    )
    assert token.exit_code == 0, token.output
    secret = token.output.strip().splitlines()[-1]
    answer = httpx.get(
        f"{served_from_config}/v1/audit/events",
        headers={"Authorization": f"Bearer {secret}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert not (tmp_path / "work" / "var").exists()


def test_production_refuses_the_development_key_secret(tmp_path: Path) -> None:
    env = {"LEERSPOOR_ENV": "production", "LEERSPOOR_KEY_SECRET": "", "LEERSPOOR_CONFIG": ""}
    result = runner.invoke(app, ["keys", "list", "--keys-dir", str(tmp_path)], env=env)
    assert result.exit_code == 2
    assert "LEERSPOOR_KEY_SECRET" in result.output
    with pytest.raises(ValueError, match="development secret is refused"):
        Settings(environment="production", key_secret=DEVELOPMENT_SECRET)


def test_production_runs_with_a_key_secret_of_its_own(tmp_path: Path) -> None:
    env = {"LEERSPOOR_ENV": "production", "LEERSPOOR_KEY_SECRET": SECRET}
    result = runner.invoke(app, ["keys", "list", "--keys-dir", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
