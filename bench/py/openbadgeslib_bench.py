"""Peer figures for bench/badges.py, run inside a venv holding openbadgeslib[ldp] (PyPI).

Not our code and never imported by it: bench/badges.py installs the pinned package
into ``.cache/bench-venv`` and runs this file there on the same credentials it verifies
itself. Input (JSON file, argv[1]): {"downloads": {url: text}, "credentials": [...],
"tokens": [...], "warmup_credentials": [...], "warmup_tokens": [...], "count": n}.
``downloads`` serves did:web documents and status lists by URL, as openbadgeslib's
injectable ``download`` expects. Every check it offers is on: issuer-bound key
resolved from did:web, validity window, status with the list's own proof verified
(``verify_status_list=True``; openbadgeslib verifies only JWT-VC status lists, so its
lists are the issuer's JWT-VC form of the same bits). Prints one JSON object of rates.
"""

import base64
import datetime
import json
import sys
import time

from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from openbadgeslib.ob3.credential import Achievement, Alignment, Issuer, OpenBadgeCredential
from openbadgeslib.ob3.did import did_key_from_pem
from openbadgeslib.ob3.ldp import OB3LdpSigner, OB3LdpVerifier
from openbadgeslib.ob3.signer import OB3Signer
from openbadgeslib.ob3.verifier import OB3Verifier

world = json.load(open(sys.argv[1], encoding="utf-8"))
downloads = world["downloads"]


def download(url):
    return downloads[url].encode("utf-8")


def rate(function, items):
    start = time.perf_counter()
    for item in items:
        function(item)
    return len(items) / (time.perf_counter() - start)


ldp_verifier = OB3LdpVerifier()


def verify_ldp(credential):
    ldp_verifier.verify(credential, check_status=True, download=download, verify_status_list=True)


jwt_verifiers = {}


def verify_jwt(token):
    payload = token.split(".")[1]
    did = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["iss"]
    if did not in jwt_verifiers:
        jwt_verifiers[did] = OB3Verifier.for_issuer_did(did, download=download)
    jwt_verifiers[did].verify(token, check_status=True, download=download)


for credential in world["warmup_credentials"]:
    verify_ldp(credential)
for token in world["warmup_tokens"]:
    verify_jwt(token)
out = {
    "verify_data_integrity": rate(verify_ldp, world["credentials"]),
    "verify_vc_jwt": rate(verify_jwt, world["tokens"]),
}

# Signing, as before: one did:key issuer, the same achievement shape as ours.
count = world["count"]
private = Ed25519PrivateKey.from_private_bytes(bytes([7]) * 32)
private_pem = private.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
public_pem = private.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo)
did = did_key_from_pem(public_pem)
method = did + "#" + did.split(":")[-1]
issued = datetime.datetime(2025, 3, 1, 9, tzinfo=datetime.UTC)
ALIGNMENTS = [
    ("Hulpkelner", "https://leerspoor.example/bk/BK-0123/2", "BK-0123@2"),
    ("VKS niveau 2", "https://www.vlaamsekwalificatiestructuur.be/", "2"),
    ("Tafels dekken", "urn:leerspoor:competence:C-01", "C-01"),
]


def credential(i):
    return OpenBadgeCredential(
        issuer=Issuer(id=did, name="CVO Vitant", url="https://cvo-vitant.example"),
        recipient_id=f"did:example:learner-{i}",
        achievement=Achievement(
            id="urn:leerspoor:achievement:BK-0123@2",
            name="Hulpkelner",
            description="Beroepskwalificatie hulpkelner (VKS 2).",
            criteria_narrative="Alle competenties van BK-0123 versie 2 beheerst.",
            achievement_type="Certificate",
            alignments=[
                Alignment(target_name=n, target_url=u, target_code=c) for n, u, c in ALIGNMENTS
            ],
        ),
        id=f"urn:uuid:00000000-0000-4000-8000-{i:012d}",
        issuance_date=issued + datetime.timedelta(seconds=i),
        expiration_date=datetime.datetime(2030, 3, 1, tzinfo=datetime.UTC),
    )


creds = [credential(i) for i in range(count)]
ldp_signer = OB3LdpSigner(private_pem, method)
jwt_signer = OB3Signer(private_pem, algorithm="EdDSA")
ldp_signer.sign(credential(count + 1))  # warm-up: imports and context caches
out["sign_data_integrity"] = rate(ldp_signer.sign, creds)
out["sign_vc_jwt"] = rate(jwt_signer.sign, creds)
print(json.dumps(out))
