"""Verifiable Presentations for employers: verify one sent directly, or ask a wallet for
one with OpenID for Verifiable Presentations 1.0.

An employer's request (``POST /v1/presentation-requests``) is an unsigned authorization
request by value: a DCQL query for an OB 3.0 ``OpenBadgeCredential`` (``ldp_vc`` or
``jwt_vc_json``), ``response_mode=direct_post``, a fresh nonce, and the client id prefix
``redirect_uri:`` (OpenID4VP 1.0 §5.9.3): the client id is our response URI, so a server
without an X.509 certificate or a DID of its own can ask, and the wallet binds the
presentation to that URI (``domain`` / ``aud``) and the nonce (``challenge`` / ``nonce``).
The wallet posts its ``vp_token`` to ``/oid4vp/response``; every presentation is checked
(holder proof, challenge and audience, subjects = holder, every credential with its
issuer's trust) and the result waits for the employer under the transaction id.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from api.http.problems import ApiProblemError
from api.http.schemas import problem_responses
from api.http.scopes import Scope, requires
from api.wallets import Wallets
from badges import BadgeError, unverified_credential, verify_presentation
from ledger import NotFoundError

router = APIRouter(
    tags=["presentations"],
    dependencies=[requires(Scope.PUBLIC)],
    responses=problem_responses(400, 404, 413, 422),
)
OB_TYPES = [
    "https://www.w3.org/2018/credentials#VerifiableCredential",
    "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
]
QUERY_IDS = {"ldp_vc": "open_badge", "jwt_vc_json": "open_badge_jwt"}


def _wallets(request: Request) -> Wallets:
    wallets: Wallets = request.app.state.wallets
    return wallets


def response_uri(wallets: Wallets) -> str:
    return f"{wallets.base_url}/oid4vp/response"


def client_id(wallets: Wallets) -> str:
    """Our client id: the ``redirect_uri`` prefix and the response URI (no signing key)."""
    return f"redirect_uri:{response_uri(wallets)}"


def dcql_query() -> dict[str, Any]:
    """One OB 3.0 OpenBadgeCredential, in either format, with holder binding."""
    claims = [
        {"path": ["credentialSubject", "achievement", "name"]},
        {"path": ["issuer"]},
        {"path": ["validFrom"]},
    ]
    return {
        "credentials": [
            {"id": query_id, "format": fmt, "meta": {"type_values": [OB_TYPES]}, "claims": claims}
            for fmt, query_id in QUERY_IDS.items()
        ],
        "credential_sets": [{"options": [[query_id] for query_id in QUERY_IDS.values()]}],
    }


def client_metadata() -> dict[str, Any]:
    return {
        "vp_formats_supported": {
            "ldp_vc": {
                "proof_type_values": ["DataIntegrityProof"],
                "cryptosuite_values": ["eddsa-rdfc-2022"],
            },
            "jwt_vc_json": {"alg_values": ["EdDSA"]},
        }
    }


class RequestOut(BaseModel):
    transaction_id: str = Field(description="Keep it: the result is read with it.")
    authorization_request: str = Field(description="openid4vp:// link for the wallet (QR).")
    client_id: str
    nonce: str
    expires_at: str


def authorization_request(wallets: Wallets, request_id: str, nonce: str) -> str:
    """The ``openid4vp://`` authorization request by value for a stored request."""
    parameters = {
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "client_id": client_id(wallets),
        "response_uri": response_uri(wallets),
        "nonce": nonce,
        "state": request_id,
        "dcql_query": json.dumps(dcql_query(), separators=(",", ":")),
        "client_metadata": json.dumps(client_metadata(), separators=(",", ":")),
    }
    return f"openid4vp://?{urlencode(parameters)}"


@router.post("/v1/presentation-requests", status_code=201, response_model=RequestOut)
def create_request(request: Request) -> RequestOut:
    """Ask a wallet for an Open Badge (OpenID4VP 1.0, DCQL, direct_post)."""
    wallets = _wallets(request)
    transaction, created = wallets.presentations.create()
    return RequestOut(
        transaction_id=transaction,
        authorization_request=authorization_request(wallets, created.id, created.nonce),
        client_id=client_id(wallets),
        nonce=created.nonce,
        expires_at=created.expires_at.isoformat(),
    )


@router.get("/v1/presentation-requests/{transaction_id}")
def request_status(transaction_id: str, request: Request) -> dict[str, Any]:
    """Whether a wallet answered, and the verified result when it did."""
    wallets = _wallets(request)
    found = wallets.presentations.by_transaction(transaction_id)
    if found is None:
        raise NotFoundError("no such presentation request (it may have expired)")
    if found.answered:
        return {"status": "answered", "result": found.result}
    ask = authorization_request(wallets, found.id, found.nonce)
    return {"status": "pending", "authorization_request": ask, "result": None}


def _asks_for_open_badges(presentation: Any) -> bool:
    """Whether every credential in a presentation is an OpenBadgeCredential (the DCQL
    query's ``type_values``); unreadable ones are left to the verifier to refuse."""
    if isinstance(presentation, str):
        try:
            payload = unverified_credential(presentation)  # the JWT's claims, unverified
        except BadgeError:
            return True
        presentation = payload.get("vp", payload)
    items = presentation.get("verifiableCredential") if isinstance(presentation, dict) else []
    items = items if isinstance(items, list) else [items]
    for item in items:
        try:
            credential = unverified_credential(item) if isinstance(item, str) else item
        except BadgeError:
            continue
        types = credential.get("type") if isinstance(credential, dict) else None
        if not isinstance(types, list) or "OpenBadgeCredential" not in types:
            return False
    return True


def verify_token(wallets: Wallets, vp_token: Any, nonce: str) -> dict[str, Any]:
    """The verdict on a VP Token (§8.1): a JSON object, DCQL query id → presentations."""
    known = set(QUERY_IDS.values())
    if not isinstance(vp_token, dict) or not vp_token or not set(vp_token) <= known:
        return {"verified": False, "error": "vp_token names no credential query of ours"}
    trust = wallets.services.trust
    presentations: list[dict[str, Any]] = []
    for query_id, found in vp_token.items():
        for presentation in found if isinstance(found, list) and len(found) == 1 else [None]:
            result = verify_presentation(
                presentation,
                challenge=nonce,
                domain=client_id(wallets),
                now=wallets.clock(),
                did_documents=trust.did_documents,
                status_lists=trust.status_lists,
                trust=wallets.trust_policy(),
            )
            entry = {"query": query_id, **result.to_json()}
            if not _asks_for_open_badges(presentation):
                entry |= {"verified": False, "error": "not an OpenBadgeCredential"}
            presentations.append(entry)
    verified = all(p["verified"] for p in presentations)
    return {"verified": verified, "presentations": presentations}


@router.post("/oid4vp/response")
async def direct_post(
    request: Request,
    state: Annotated[str, Form(max_length=200)],
    vp_token: Annotated[str | None, Form()] = None,
    error: Annotated[str | None, Form(max_length=200)] = None,
    error_description: Annotated[str | None, Form(max_length=1000)] = None,
) -> dict[str, Any]:
    """The response URI of ``direct_post`` (OpenID4VP 1.0 §8.2): the wallet's VP Token or
    its error, for the request its ``state`` names; checked here, kept for the employer."""
    wallets = _wallets(request)
    pending = wallets.presentations.pending(state)
    if pending is None:
        raise NotFoundError("no pending presentation request with this state")
    if error is not None:
        outcome: dict[str, Any] = {
            "verified": False,
            "error": error,
            "error_description": error_description or "",
        }
    else:
        try:
            token = json.loads(vp_token or "")
        except ValueError:
            raise ApiProblemError(
                400, "malformed-vp-token", "vp_token is not JSON", "send the VP Token object"
            ) from None
        outcome = await run_in_threadpool(verify_token, wallets, token, pending.nonce)
    if not wallets.presentations.answer(pending.id, outcome):
        raise NotFoundError("this presentation request was answered already")
    return {}


class PresentationIn(BaseModel):
    presentation: dict[str, Any] | str = Field(description="Data Integrity VP, or a VP JWT.")
    challenge: str = Field(min_length=1, max_length=500)
    domain: str | None = Field(default=None, max_length=2000)


@router.post("/v1/presentations/verify")
def verify(body: PresentationIn, request: Request) -> dict[str, Any]:
    """Verify a Verifiable Presentation for ``challenge`` (and ``domain``): the holder's
    proof, the binding, that every credential's subject is the holder, every credential
    check, and each issuer's trust."""
    wallets = _wallets(request)
    wallets.services.refresh()
    trust = wallets.services.trust
    return verify_presentation(
        body.presentation,
        challenge=body.challenge,
        domain=body.domain,
        now=wallets.clock(),
        did_documents=trust.did_documents,
        status_lists=trust.status_lists,
        trust=wallets.trust_policy(),
    ).to_json()
