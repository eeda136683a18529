"""Locate the shared reference material (``../shared/reference`` beside the repo)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = REPO_ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(
            f"SKIPPED LOUDLY: shared reference material not found at {REFERENCE}; "
            "conformance vectors and OB 3.0 schemas cannot be checked"
        )
    return REFERENCE


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
