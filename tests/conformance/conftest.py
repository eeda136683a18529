"""The conformance vectors and schemas, carried in ``tests/conformance/data``.

Every clone runs the conformance suite: the public W3C and 1EdTech vectors and the
OB 3.0 schema the tests need are copied here with their provenance
(``data/PROVENANCE.md``), so nothing depends on a folder beside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conformance.external_tools import installed

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def reference() -> Path:
    """The folder of vectors (same layout as the shared reference material)."""
    return DATA


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def node_verifier() -> Path:
    """digitalbazaar's VC stack under Node, an independent verifier (its script's path)."""
    return installed(
        "npm-verifier",
        [
            "@digitalbazaar/vc@7.3.0",
            "@digitalbazaar/data-integrity@2.5.0",
            "@digitalbazaar/eddsa-rdfc-2022-cryptosuite@1.3.0",
            "@digitalbazaar/ed25519-multikey@1.3.1",
        ],
        DATA.parent / "js" / "verify_credentials.mjs",
        what="the independent verifier",
        modules=[DATA.parent / "js" / "offline_loader.mjs"],
    )
