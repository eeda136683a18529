"""Benchmark: what verifying a badge costs an employer, ours beside two peers in one run.

Run with the project venv: ``.venv/bin/python bench/badges.py [--count N]``.

The credentials are what an employer meets: ``--count`` distinct OpenBadgeCredentials
(distinct ids, subjects, ``validFrom`` and proof ``created``) from four did:web issuers,
each issuer with its own signed Bitstring status list (with other entries revoked).
Every check is on, on every side, and every credential must pass every check (a
refusal fails the bench): ours checks schema, contexts, proof, that the key is the
issuer's (did:web document), dates, status (the list's own proof by the issuer's key)
and reports the issuer's trust. The same credentials, DID documents and status lists
go to the peers:

* digitalbazaar (Node, ``bench/node``: ``@digitalbazaar/vc`` with the
  ``eddsa-rdfc-2022`` cryptosuite and ``@digitalbazaar/vc-bitstring-status-list``,
  pinned by ``package-lock.json``, installed here with the machine's npm into
  ``.cache/bench-node``): proof with controller and purpose, dates, status with the
  list's proof verified and issuers matched.
* openbadgeslib (PyPI, pinned, in its own venv ``.cache/bench-venv``; driver in
  ``bench/py``): its full checks (issuer-bound did:web key, dates, status with the
  list's own proof; it verifies only JWT-VC status lists, so it gets those).

"cold" = a fresh verifier process state for these issuers: nothing about the timed
credentials, their issuers' DID documents or status lists has been seen; a warm-up
on a separate issuer loads code and the pinned JSON-LD contexts (every peer warms up
the same way). Within the timed loop our verifier keeps what it legitimately keeps
across different credentials: processed contexts (by content), and canonical forms
by document text (so each issuer's status list is canonicalised once, then its proof
is re-checked from the cached form with one Ed25519 verification per credential).
"warm" = the same credentials verified a second time: their canonical forms come
from the cache (what a verify page gets when the same badge is shown again).
Results are appended to ``bench/results.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
import time
import venv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# This file is called badges.py: keep its folder off the path so ``import badges`` finds
# the library, not this script; the repository root on it for the tests' badge builders.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))

from badges import (  # noqa: E402
    CheckName,
    KeyPair,
    PinnedLoader,
    PublishedKey,
    Recipient,
    StatusList,
    StatusPurpose,
    TrustPolicy,
    add_proof,
    build_credential,
    did_document,
    did_web,
    did_web_url,
    encode_jwt,
    status_entry,
    status_list_credential,
    verify_credential,
)
from badges.loader import pinned_contexts  # noqa: E402
from tests.unit.badges.badge_builders import ISSUED, NOW, a_request, issuer_key  # noqa: E402

CACHE = ROOT / ".cache"
BENCH_VENV = CACHE / "bench-venv"
BASELINE_PACKAGE = "openbadgeslib[ldp]==4.6.3"
NODE_CACHE = CACHE / "bench-node"
WORLD = CACHE / "bench-world.json"
RESULTS = HERE / "results.json"
ISSUERS = 4


@dataclass
class Issuer:
    name: str
    key: KeyPair
    document: dict[str, Any]
    status_url: str
    status_list: StatusList
    free: list[int] = field(default_factory=list)

    @property
    def did(self) -> str:
        return str(self.document["id"])


def _issuer(index: int, rng: random.Random) -> Issuer:
    host = f"school-{index}.example"
    did = did_web(host)
    pair = KeyPair.from_seed(hashlib.sha256(host.encode()).digest())
    published = PublishedKey(pair.public_multibase, fragment="key-1")
    url = f"https://{host}/status/revocation/1"
    indices = rng.sample(range(131072), 1000)
    status = StatusList(url, StatusPurpose.REVOCATION)
    for revoked in indices[:500]:  # others' badges, revoked: the list is not empty
        status = status.with_status(revoked, True)
    return Issuer(
        f"School {index}",
        pair.bound_to(published.method_id(did)),
        did_document(did, [published]),
        url,
        status,
        indices[500:],
    )


@dataclass
class World:
    issuers: list[Issuer]
    warmup: list[Issuer]
    credentials: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)
    warmup_credentials: list[dict[str, Any]] = field(default_factory=list)
    warmup_tokens: list[str] = field(default_factory=list)

    def everyone(self) -> list[Issuer]:
        return self.issuers + self.warmup

    def did_documents(self) -> dict[str, dict[str, Any]]:
        return {issuer.did: issuer.document for issuer in self.everyone()}

    def status_lists(self) -> dict[str, dict[str, Any]]:
        return {issuer.status_url: _signed_list(issuer) for issuer in self.everyone()}

    def trust(self) -> TrustPolicy:
        return TrustPolicy(trusted={issuer.did: issuer.name for issuer in self.everyone()})


def _signed_list(issuer: Issuer) -> dict[str, Any]:
    unsigned = status_list_credential(issuer.status_list, issuer=issuer.did, valid_from=ISSUED)
    return add_proof(unsigned, issuer.key, created=ISSUED)


def _credentials(issuers: Sequence[Issuer], count: int, offset: int) -> list[dict[str, Any]]:
    unsigned = []
    for i in range(count):
        issuer = issuers[i % len(issuers)]
        moment = ISSUED + timedelta(seconds=offset + i)
        request = a_request(
            issuer.key,
            credential_id=f"urn:uuid:00000000-0000-4000-8000-{offset + i:012d}",
            recipient=Recipient(did=f"did:example:learner-{offset + i}"),
            status=(status_entry(issuer.status_list, issuer.free.pop()),),
        )
        request = replace(request, valid_from=moment, awarded=moment)
        unsigned.append((issuer, request, moment))
    return [
        add_proof(build_credential(request), issuer.key, created=moment)
        for issuer, request, moment in unsigned
    ]


def build_world(count: int) -> World:
    rng = random.Random(2025)
    world = World([_issuer(i, rng) for i in range(ISSUERS)], [_issuer(ISSUERS, rng)])
    world.credentials = _credentials(world.issuers, count, 0)
    world.warmup_credentials = _credentials(world.warmup, 3, count)
    keys = {issuer.did: issuer.key for issuer in world.everyone()}

    def token(credential: dict[str, Any]) -> str:
        unsigned = {k: v for k, v in credential.items() if k != "proof"}
        return encode_jwt(unsigned, keys[unsigned["issuer"]["id"]])

    world.tokens = [token(c) for c in world.credentials]
    world.warmup_tokens = [token(c) for c in world.warmup_credentials]
    return world


def _rate(function: Callable[[Any], object], items: Sequence[Any]) -> float:
    start = time.perf_counter()
    for item in items:
        function(item)
    return len(items) / (time.perf_counter() - start)


def ours(world: World) -> dict[str, float]:
    documents, lists, trust = world.did_documents(), world.status_lists(), world.trust()
    loader = PinnedLoader()

    def verify(credential: object) -> object:
        result = verify_credential(
            credential,
            now=NOW,
            did_documents=documents,
            status_lists=lists.get,
            loader=loader,
            trust=trust,
        )
        assert result.verified, result.to_json()
        assert result.check(CheckName.STATUS).code == "passed", result.to_json()
        return result

    for credential in world.warmup_credentials + world.warmup_tokens:
        verify(credential)
    out = {"verify_data_integrity": _rate(verify, world.credentials)}
    out["verify_data_integrity_warm"] = _rate(verify, world.credentials)
    loader = PinnedLoader()
    for token in world.warmup_tokens:
        verify(token)
    out["verify_vc_jwt"] = _rate(verify, world.tokens)
    key = issuer_key()
    unsigned = [
        build_credential(a_request(key, credential_id=f"urn:uuid:sign-{i}"))
        for i in range(len(world.credentials))
    ]
    signer_loader = PinnedLoader()
    add_proof(build_credential(a_request(key)), key, created=ISSUED, loader=signer_loader)
    out["sign_data_integrity"] = _rate(
        lambda c: add_proof(c, key, created=ISSUED, loader=signer_loader), unsigned
    )
    out["sign_vc_jwt"] = _rate(lambda c: encode_jwt(c, key), unsigned)
    return out


def _write_world(world: World) -> None:
    CACHE.mkdir(exist_ok=True)
    documents: dict[str, Any] = {**pinned_contexts(), **world.did_documents()}
    documents.update(world.status_lists())
    downloads = {did_web_url(i.did): json.dumps(i.document) for i in world.everyone()}
    for issuer in world.everyone():
        unsigned = status_list_credential(issuer.status_list, issuer=issuer.did, valid_from=ISSUED)
        downloads[issuer.status_url] = encode_jwt(unsigned, issuer.key)
    payload = {
        "now": NOW.isoformat().replace("+00:00", "Z"),
        "documents": documents,
        "downloads": downloads,
        "warmup": world.warmup_credentials,
        "credentials": world.credentials,
        "tokens": world.tokens,
        "warmup_credentials": world.warmup_credentials,
        "warmup_tokens": world.warmup_tokens,
        "count": len(world.credentials),
    }
    WORLD.write_text(json.dumps(payload))


def _run(command: list[str], cwd: Path | None = None, timeout: int = 600) -> tuple[int, str]:
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    return done.returncode, done.stdout + done.stderr


def digitalbazaar() -> tuple[float | None, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        return None, "node/npm not installed"
    NODE_CACHE.mkdir(parents=True, exist_ok=True)
    lock = (HERE / "node" / "package-lock.json").read_bytes()
    stamp = NODE_CACHE / ".lock-sha256"
    if not stamp.exists() or stamp.read_text() != hashlib.sha256(lock).hexdigest():
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(HERE / "node" / name, NODE_CACHE / name)
        status, output = _run([npm, "ci", "--no-audit", "--no-fund", "--silent"], NODE_CACHE)
        if status != 0:
            return None, f"npm ci failed:\n{output[-2000:]}"
        stamp.write_text(hashlib.sha256(lock).hexdigest())
    script = NODE_CACHE / "verify_bench.mjs"
    shutil.copyfile(HERE / "node" / "verify_bench.mjs", script)
    # The offline document loader it imports, shared with the conformance tests' verifier.
    loader = HERE.parent / "tests" / "conformance" / "js" / "offline_loader.mjs"
    shutil.copyfile(loader, NODE_CACHE / loader.name)
    status, output = _run([node, str(script), str(WORLD)])
    if status != 0:
        return None, f"digitalbazaar run failed:\n{output[-2000:]}"
    figures = json.loads(output.strip().splitlines()[-1])
    versions = json.loads((HERE / "node" / "package.json").read_text())["dependencies"]
    label = (
        f"@digitalbazaar/vc {versions['@digitalbazaar/vc']} + eddsa-rdfc-2022-cryptosuite "
        f"{versions['@digitalbazaar/eddsa-rdfc-2022-cryptosuite']} + vc-bitstring-status-list "
        f"{versions['@digitalbazaar/vc-bitstring-status-list']} (Node {_node_version(node)})"
    )
    return float(figures["rate"]), label


def _node_version(node: str) -> str:
    return _run([node, "--version"])[1].strip()


def openbadgeslib() -> tuple[dict[str, float] | None, str]:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        venv.create(BENCH_VENV, with_pip=True)
    status, output = _run([str(python), "-m", "pip", "install", "--quiet", BASELINE_PACKAGE])
    if status != 0:
        return None, f"pip could not install {BASELINE_PACKAGE}:\n{output}"
    status, output = _run([str(python), str(HERE / "py" / "openbadgeslib_bench.py"), str(WORLD)])
    if status != 0:
        return None, f"openbadgeslib run failed:\n{output[-2000:]}"
    shown = _run([str(python), "-m", "pip", "show", "openbadgeslib"])[1]
    line = next((x for x in shown.splitlines() if x.startswith("Version:")), "Version: ?")
    return json.loads(output.strip().splitlines()[-1]), f"openbadgeslib {line.split(': ')[1]}"


def _row(name: str, value: float, base: float | None, label: str | None) -> dict[str, Any]:
    ratio = value / base if base else None
    print(f"{name:48} {value:10.1f} {base or 0:10.1f} {ratio or 0:7.2f}  {label or ''}")
    return {
        "name": name,
        "value": round(value, 1),
        "unit": "credentials/s",
        "baseline": label if base else None,
        "baseline_value": round(base, 1) if base else None,
        "ratio": round(ratio, 2) if ratio else None,
        "higher_is_better": True,
    }


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
    world = build_world(count)
    _write_world(world)
    mine = ours(world)
    node_rate, node_label = digitalbazaar()
    peer, peer_label = openbadgeslib()
    for problem in ((node_rate, node_label), (peer, peer_label)):
        if problem[0] is None:
            print(f"baseline unavailable: {problem[1]}")
    peer_of = peer or {}
    print(f"{'figure':48} {'ours /s':>10} {'peer /s':>10} {'ratio':>7}  peer")
    db = node_label if node_rate else None
    ob = peer_label if peer else None
    entries = [
        _row("badges.verify_data_integrity", mine["verify_data_integrity"], node_rate, db),
        _row(
            "badges.verify_data_integrity_vs_openbadgeslib",
            mine["verify_data_integrity"],
            peer_of.get("verify_data_integrity"),
            ob,
        ),
        _row("badges.verify_data_integrity (warm)", mine["verify_data_integrity_warm"], None, None),
        _row("badges.verify_vc_jwt", mine["verify_vc_jwt"], peer_of.get("verify_vc_jwt"), ob),
        _row(
            "badges.sign_data_integrity",
            mine["sign_data_integrity"],
            peer_of.get("sign_data_integrity"),
            ob,
        ),
        _row("badges.sign_vc_jwt", mine["sign_vc_jwt"], peer_of.get("sign_vc_jwt"), ob),
    ]
    _append(entries)
    print(f"appended {len(entries)} entries to {RESULTS.relative_to(ROOT)}")
    if node_rate is None or peer is None:
        sys.exit(1)


if __name__ == "__main__":
    main()
