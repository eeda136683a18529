"""Run inside a separate venv holding openbadgeslib[ldp] from PyPI (not our code).

Input (JSON file, argv[1]): {"public_key_hex", "lists": {url: document},
"credentials": [dict or compact JWT]}. Prints one JSON line per credential:
{"verified": bool, "error": str | null}.
"""

import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from openbadgeslib.ob3.ldp import OB3LdpVerifier
from openbadgeslib.ob3.verifier import OB3Verifier

request = json.load(open(sys.argv[1], encoding="utf-8"))
public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(request["public_key_hex"]))
pem = public.public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
)
lists = request["lists"]


def download(url):
    return json.dumps(lists[url]).encode("utf-8")


for credential in request["credentials"]:
    try:
        if isinstance(credential, str):
            OB3Verifier(pem).verify(credential)
        else:
            OB3LdpVerifier(pubkey_pem=pem).verify(
                credential, check_status=True, download=download, verify_status_list=False
            )
        print(json.dumps({"verified": True, "error": None}))
    except Exception as error:  # noqa: BLE001 - report any refusal as data
        print(json.dumps({"verified": False, "error": f"{type(error).__name__}: {error}"}))
