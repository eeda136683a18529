"""The package installs anywhere: the wheel lists every package folder (data folders too),
and a non-editable ``pip install .`` in a fresh virtual environment loads the demo and
accepts an event over HTTP (the contracts it validates against ship inside the wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest

from tests.live_server import free_port, serving_command

ROOT = Path(__file__).resolve().parents[2]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
NOT_SOURCE = shutil.ignore_patterns(
    ".*", "__pycache__", "*.egg-info", "build", "dist", "var", "test-artifacts", "tests", "bench"
)


def package_folder(package: str) -> Path:
    """Where setuptools finds ``package``, by the longest mapping in ``package-dir``."""
    roots = SETUPTOOLS["package-dir"]
    mapped = max((n for n in roots if package == n or package.startswith(f"{n}.")), key=len)
    rest = package[len(mapped) :].lstrip(".").replace(".", "/")
    return ROOT / roots[mapped] / rest


def shipped_folders() -> set[Path]:
    """Every folder under a mapped root that holds a file the wheel needs."""
    found = set()
    for root in SETUPTOOLS["package-dir"].values():
        for path in (ROOT / root).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                found.add(path.parent)
    return found


def test_every_folder_with_package_files_is_a_listed_package() -> None:
    listed = {package_folder(package) for package in SETUPTOOLS["packages"]}
    assert all(folder.is_dir() for folder in listed)
    assert shipped_folders() <= listed


def run(*command: str | Path, cwd: Path, timeout: float = 900) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=clean_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, f"{command}: {done.stdout}\n{done.stderr}"
    return done.stdout


def clean_environment() -> dict[str, str]:
    """The environment without anything that could make the venv see this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LEERSPOOR_", "PYTHON"))}
    env.pop("VIRTUAL_ENV", None)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with ``pip install <copy of this checkout>`` (not editable)."""
    folder = tmp_path_factory.mktemp("installed")
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    venv = folder / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=folder)
    run(venv / "bin" / "python", "-m", "pip", "install", "--quiet", source, cwd=folder)
    return venv


@pytest.mark.slow
def test_a_non_editable_install_loads_the_demo_and_accepts_an_event_over_http(
    installed: Path, tmp_path: Path
) -> None:
    leerspoor = installed / "bin" / "leerspoor"
    db = f"sqlite:///{tmp_path / 'installed.db'}"
    keys = tmp_path / "keys"
    loaded = run(leerspoor, "demo", "--db", db, "--keys-dir", keys, cwd=tmp_path)
    assert "demo loaded" in loaded
    created = run(
        leerspoor, "tokens", "create", "--role", "provider", "--org", "cdl-elektro", "--db", db,
        cwd=tmp_path,
    )  # fmt: skip
    token = created.strip().splitlines()[-1]
    port = free_port()
    command = [str(leerspoor), "serve", "--db", db, "--keys-dir", str(keys), "--port", str(port)]
    with (
        serving_command(command, port, cwd=tmp_path, env=clean_environment()) as base,
        httpx.Client(base_url=base, timeout=60) as client,
    ):
        opened = client.post(
            "/v1/trajectories",
            headers={"Authorization": f"Bearer {token}"},
            json=opening_of("ilias", "cdl-elektro", "elektro-peeters-illustratief"),
        )
    assert opened.status_code == 201, opened.text
    assert opened.json()["version"] == 1


def opening_of(learner: str, provider: str, workplace: str) -> dict[str, object]:
    """A TrajectoryOpened body in contract form, ids derived as the demo derives them."""
    from api.demo import learner_id
    from ledger import Organisation
    from tests.contract_checks import a_posted_event

    return a_posted_event(
        "TrajectoryOpened",
        "installed",
        "2026-07-01T09:00:00+02:00",
        {
            "learner_id": str(learner_id(learner)),
            "pathway": "duaal_leren",
            "qualification_code": "OK-ELEKTRICITEIT-DUAAL",
            "lead_provider": str(Organisation.id_for(provider)),
            "partners": [str(Organisation.id_for(workplace))],
            # dual learning's entry profile (docs/ledger-rules.md): the intake's readiness
            "arbeidsbereid": True,
            "arbeidsrijp": "arbeidsrijp",
        },
    )
