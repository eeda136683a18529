"""Benchmark: badge sign and verify rates, ours beside openbadgeslib (PyPI) in the same run.

Run with the project venv: ``.venv/bin/python bench/badges.py [--count N]``.
openbadgeslib is installed (with its ``ldp`` extra) into ``.cache/bench-venv``, never into
the project; its figures come from a child process on the same machine in the same run.
Workloads are comparable: Ed25519 keys, an OB 3.0 credential with issuer, achievement,
alignments, evidence and dates; Data Integrity eddsa-rdfc-2022 and VC-JWT (EdDSA).

"cold" verification = a credential this verifier has not seen (contexts are cached, the
document is not); "warm" = the same credential verified again (canonical-form cache).
Our verify runs every check (schema, context, proof, key binding, dates, status).
Results are appended to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import venv
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This file is called badges.py: keep its folder off the path so ``import badges`` finds
# the library, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).parent]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "badges"))

from badge_builders import ISSUED, NOW, a_request, issuer_key  # noqa: E402

from badges import (  # noqa: E402
    PinnedLoader,
    Recipient,
    add_proof,
    build_credential,
    encode_jwt,
    verify_credential,
)

BENCH_VENV = ROOT / ".cache" / "bench-venv"
BASELINE_PACKAGE = "openbadgeslib[ldp]==4.6.3"
RESULTS = ROOT / "bench" / "results.json"

BASELINE_SCRIPT = r"""
import json, sys, time, datetime
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives import serialization as s
from openbadgeslib.ob3.credential import OpenBadgeCredential, Issuer, Achievement, Alignment
from openbadgeslib.ob3.signer import OB3Signer
from openbadgeslib.ob3.verifier import OB3Verifier
from openbadgeslib.ob3.ldp import OB3LdpSigner, OB3LdpVerifier
from openbadgeslib.ob3.did import did_key_from_pem

count = int(sys.argv[1])
private = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
private_pem = private.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
public_pem = private.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo)
did = did_key_from_pem(public_pem)
method = did + "#" + did.split(":")[-1]
issued = datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.timezone.utc)

ALIGNMENTS = [
    ("Hulpkelner", "https://leerspoor.example/bk/BK-0123/2", "BK-0123@2"),
    ("VKS niveau 2", "https://www.vlaamsekwalificatiestructuur.be/", "2"),
    ("Tafels dekken", "urn:leerspoor:competence:C-01", "C-01"),
]

def credential(i):
    return OpenBadgeCredential(
        issuer=Issuer(id=did, name="CVO Vitant", url="https://cvo-vitant.example"),
        recipient_id="did:example:learner",
        achievement=Achievement(
            id="urn:leerspoor:achievement:BK-0123@2", name="Hulpkelner",
            description="Beroepskwalificatie hulpkelner (VKS 2).",
            criteria_narrative="Alle competenties van BK-0123 versie 2 beheerst.",
            achievement_type="Certificate",
            alignments=[Alignment(target_name=n, target_url=u, target_code=c)
                        for n, u, c in ALIGNMENTS]),
        id="urn:uuid:00000000-0000-4000-8000-%012d" % i,
        issuance_date=issued,
        expiration_date=datetime.datetime(2030, 3, 1, tzinfo=datetime.timezone.utc))

def rate(function, items):
    start = time.perf_counter()
    for item in items:
        function(item)
    return len(items) / (time.perf_counter() - start)

creds = [credential(i) for i in range(count)]
jwt_signer = OB3Signer(private_pem, algorithm="EdDSA")
ldp_signer = OB3LdpSigner(private_pem, method)
jwt_verifier, ldp_verifier = OB3Verifier(public_pem), OB3LdpVerifier(pubkey_pem=public_pem)
ldp_signer.sign(creds[0])  # warm-up: imports and context caches
out = {}
out["sign_data_integrity"] = rate(ldp_signer.sign, creds)
signed = [ldp_signer.sign(c) for c in creds]
ldp_verifier.verify(signed[0])
out["verify_data_integrity_cold"] = rate(ldp_verifier.verify, signed[1:])
out["verify_data_integrity_warm"] = rate(ldp_verifier.verify, [signed[0]] * (count - 1))
out["sign_vc_jwt"] = rate(jwt_signer.sign, creds)
tokens = [jwt_signer.sign(c) for c in creds]
out["verify_vc_jwt"] = rate(jwt_verifier.verify, tokens)
print(json.dumps(out))
"""


def _baseline(count: int) -> tuple[dict[str, float] | None, str]:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        venv.create(BENCH_VENV, with_pip=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", BASELINE_PACKAGE],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        return None, f"pip could not install {BASELINE_PACKAGE}:\n{install.stdout}{install.stderr}"
    run = subprocess.run(
        [str(python), "-c", BASELINE_SCRIPT, str(count)],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode != 0:
        return None, f"openbadgeslib run failed:\n{run.stderr[-2000:]}"
    version = subprocess.run(
        [str(python), "-m", "pip", "show", "openbadgeslib"], capture_output=True, text=True
    ).stdout
    line = next((x for x in version.splitlines() if x.startswith("Version:")), "Version: ?")
    return json.loads(run.stdout), f"openbadgeslib {line.split(': ')[1]}"


def _rate(function: Callable[[Any], object], items: list[Any]) -> float:
    start = time.perf_counter()
    for item in items:
        function(item)
    return len(items) / (time.perf_counter() - start)


def _ours(count: int) -> dict[str, float]:
    key = issuer_key()
    requests = [
        replace(
            a_request(key, credential_id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}"),
            recipient=Recipient(did="did:example:learner"),
        )
        for i in range(count)
    ]
    unsigned = [build_credential(request) for request in requests]
    signer_loader, verifier_loader = PinnedLoader(), PinnedLoader()

    def sign(credential: dict[str, Any]) -> object:
        return add_proof(credential, key, created=ISSUED, loader=signer_loader)

    def verify(credential: object) -> object:
        result = verify_credential(credential, now=NOW, loader=verifier_loader)
        assert result.check("proof").code == "passed"
        return result

    sign(build_credential(a_request(key)))  # warm-up: imports and context caches
    verify(sign(build_credential(a_request(key, credential_id="urn:uuid:warm-up"))))
    out = {"sign_data_integrity": _rate(sign, unsigned)}
    signed = [sign(credential) for credential in unsigned]
    out["verify_data_integrity_cold"] = _rate(verify, signed[1:])
    out["verify_data_integrity_warm"] = _rate(verify, [signed[0]] * (count - 1))
    out["sign_vc_jwt"] = _rate(lambda credential: encode_jwt(credential, key), unsigned)
    tokens = [encode_jwt(credential, key) for credential in unsigned]
    out["verify_vc_jwt"] = _rate(verify, tokens)
    return out


def _append(entries: list[dict[str, Any]]) -> None:
    existing: list[dict[str, Any]] = []
    if RESULTS.exists():
        loaded = json.loads(RESULTS.read_text() or "[]")
        existing = loaded if isinstance(loaded, list) else []
    RESULTS.write_text(json.dumps(existing + entries, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="credentials per measurement")
    count = parser.parse_args().count
    ours = _ours(count)
    baseline, label = _baseline(count)
    if baseline is None:
        print(f"baseline unavailable: {label}")
    entries = []
    print(f"{'measure':32} {'ours /s':>12} {'baseline /s':>12} {'ratio':>8}")
    for name, value in ours.items():
        base = baseline.get(name) if baseline else None
        ratio = value / base if base else None
        print(f"{name:32} {value:12.1f} {base or 0:12.1f} {ratio or 0:8.2f}")
        entries.append(
            {
                "name": f"badges.{name}",
                "value": round(value, 1),
                "unit": "credentials/s",
                "baseline": label if baseline else None,
                "baseline_value": round(base, 1) if base else None,
                "ratio": round(ratio, 2) if ratio else None,
                "higher_is_better": True,
            }
        )
    _append(entries)
    print(f"appended {len(entries)} entries to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
