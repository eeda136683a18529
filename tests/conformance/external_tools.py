"""The independent tools the conformance tests drive: npm packages installed from the public
registry into a git-ignored cache under ``.cache``, and scripts run in a child process that
answer one JSON document a line.

Each tool is skipped, loudly, only when what it needs (node and npm) is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from badges.loader import pinned_contexts

REPO = Path(__file__).resolve().parents[2]


def _pinned(package: str) -> tuple[str, str]:
    """``@scope/name@1.2.3`` → (``@scope/name``, ``1.2.3``)."""
    name, version = package.rsplit("@", 1)
    return name, version


def _is_installed(cache: Path, packages: Sequence[str]) -> bool:
    for package in packages:
        name, version = _pinned(package)
        manifest = cache / "node_modules" / name / "package.json"
        if not manifest.is_file() or json.loads(manifest.read_text())["version"] != version:
            return False
    return True


def installed(
    cache_name: str,
    packages: Sequence[str],
    script: Path,
    *,
    what: str,
    modules: Sequence[Path] = (),
) -> Path:
    """``script`` (and the local ``modules`` it imports) copied beside ``packages`` (each
    pinned ``name@version``), installed with npm into ``.cache/<cache_name>`` unless every
    one is there at its pinned version."""
    npm = shutil.which("npm")
    if not shutil.which("node") or not npm:
        pytest.skip(f"SKIPPED LOUDLY: node/npm not installed; {what} did not run")
    cache = REPO / ".cache" / cache_name
    cache.mkdir(parents=True, exist_ok=True)
    if not _is_installed(cache, packages):
        (cache / "package.json").write_text(json.dumps({"name": cache_name, "private": True}))
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent", "--save-exact", *packages],
            cwd=cache,
            check=True,
            timeout=600,
        )
    for module in modules:
        shutil.copyfile(module, cache / module.name)
    target = cache / script.name
    shutil.copyfile(script, target)
    return target


def json_lines(command: Sequence[str], *, timeout: float) -> list[Any]:
    """What ``command`` answers on stdout, one JSON document a line; it must exit 0."""
    completed = subprocess.run(
        list(command), capture_output=True, text=True, timeout=timeout, check=False
    )
    assert completed.returncode == 0, completed.stderr
    return [json.loads(line) for line in completed.stdout.splitlines()]


def verify_in_node(
    verifier: Path,
    credentials: list[Any],
    documents: dict[str, Any],
    *,
    now: datetime,
    request_name: str = "request.json",
) -> list[dict[str, Any]]:
    """digitalbazaar's verdict on each credential at ``now``, resolving nothing but the
    pinned contexts and ``documents`` (DID documents, status lists) by URL."""
    payload = {
        "now": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "documents": {**pinned_contexts(), **documents},
        "credentials": credentials,
    }
    request = verifier.parent / request_name
    request.write_text(json.dumps(payload))
    return json_lines(["node", str(verifier), str(request)], timeout=120)
