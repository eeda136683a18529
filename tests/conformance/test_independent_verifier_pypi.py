"""Our credentials verify in openbadgeslib (PyPI), a second independent OB 3.0 verifier.

openbadgeslib is installed from PyPI into its own venv under ``.cache/pypi-verifier``
(never into the project), so its code cannot leak into ours. Skipped, loudly, only
when that venv cannot be created or the package cannot be installed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest

from badges import ProofFormat, StatusList, StatusPurpose, issue_credential
from tests.conformance.external_tools import json_lines

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "badges"))
from badge_builders import (  # noqa: E402
    ISSUED,
    STATUS_URL,
    a_request,
    a_signed_credential,
    a_status_list_document,
    issuer_key,
)

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / ".cache" / "pypi-verifier"
PACKAGE = "openbadgeslib[ldp]==4.6.3"
SCRIPT = Path(__file__).parent / "py" / "verify_with_openbadgeslib.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def openbadgeslib_python() -> Path:
    python = VENV / "bin" / "python"
    probe = [str(python), "-c", "import openbadgeslib.ob3.ldp, pyld"]
    if python.exists() and subprocess.run(probe, capture_output=True, check=False).returncode == 0:
        return python
    try:
        venv.create(VENV, with_pip=True, clear=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", PACKAGE],
            check=True,
            timeout=600,
            capture_output=True,
        )
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"SKIPPED LOUDLY: cannot install {PACKAGE} from PyPI: {error}")
    return python


def _run(python: Path, credentials: list[Any], lists: dict[str, Any]) -> list[dict[str, Any]]:
    key = issuer_key()
    request = VENV / "request.json"
    public = key.public_key.public_bytes_raw().hex()
    request.write_text(
        json.dumps({"public_key_hex": public, "lists": lists, "credentials": credentials})
    )
    return json_lines([str(python), str(SCRIPT), str(request)], timeout=120)


def test_data_integrity_credential_verifies_in_openbadgeslib(openbadgeslib_python: Path) -> None:
    lists = {STATUS_URL: a_status_list_document(issuer_key())}
    [result] = _run(openbadgeslib_python, [a_signed_credential()], lists)
    assert result["verified"], result["error"]


def test_vc_jwt_verifies_in_openbadgeslib(openbadgeslib_python: Path) -> None:
    key = issuer_key()
    token = issue_credential(a_request(key), key, created=ISSUED, proof_format=ProofFormat.VC_JWT)
    [result] = _run(openbadgeslib_python, [token], {})
    assert result["verified"], result["error"]


def test_revoked_credential_is_refused_by_openbadgeslib(openbadgeslib_python: Path) -> None:
    revoked = StatusList(STATUS_URL, StatusPurpose.REVOCATION).with_status(4242, True)
    lists = {STATUS_URL: a_status_list_document(issuer_key(), revoked)}
    [result] = _run(openbadgeslib_python, [a_signed_credential()], lists)
    assert not result["verified"]
    assert "'revocation' is set" in result["error"]


def test_tampered_credential_is_refused_by_openbadgeslib(openbadgeslib_python: Path) -> None:
    credential = a_signed_credential()
    credential["credentialSubject"]["achievement"]["name"] = "Chef-kok"
    lists = {STATUS_URL: a_status_list_document(issuer_key())}
    [result] = _run(openbadgeslib_python, [credential], lists)
    assert not result["verified"]
