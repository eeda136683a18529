"""OpenID for Verifiable Credential Issuance 1.0: a learner's badges into their own wallet.

Metadata (the credential issuer's and, extending our OAuth server, the authorization
server's), credential offers by reference for one badge or all of a learner's, the
pre-authorized code grant (answered at ``/oauth/token``, see ``pre_authorized_token``),
the nonce endpoint and the credential endpoint. What a wallet receives is a new copy of
the badge bound to the DID its key proof names, signed and recorded in the ledger by
``projections.BadgeCopies``. Refusals answer in OAuth / OpenID4VCI error JSON where the
specifications say so (token and credential endpoints), as problems elsewhere.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Body, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from api.http.deps import FreshServicesDep, LearnerPrincipal
from api.http.limits import UnsafeJsonError, check_json
from api.http.schemas import problem_responses
from api.http.scopes import GRANTABLE, Scope, requires
from api.services import Services
from api.stores import ACCESS_LIFETIME, IssuanceError, IssuanceGrant
from api.wallets import Wallets
from badges import CREDENTIAL_CONTEXT, KeyProofError, verify_key_proof
from ledger import LedgerError, NotFoundError
from projections import CopyFormat

PRE_AUTHORIZED = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
WALLET_SCOPE = "https://leerspoor.be/scopes/openbadge-credential"
OFFER_SCHEME = "openid-credential-offer://"
CONFIGURATIONS = {
    "OpenBadgeCredential_ldp_vc": CopyFormat.LDP_VC,
    "OpenBadgeCredential_jwt_vc_json": CopyFormat.JWT_VC_JSON,
}
NO_STORE = {"Cache-Control": "no-store"}

router = APIRouter(tags=["openid4vci"])


def wallets_of(request: Request) -> Wallets:
    wallets: Wallets = request.app.state.wallets
    return wallets


def _display(nl: str, en: str, **more: str) -> list[dict[str, str]]:
    return [{"name": nl, "locale": "nl", **more}, {"name": en, "locale": "en", **more}]


def configuration(credential_format: CopyFormat) -> dict[str, Any]:
    """One credential configuration: an OB 3.0 OpenBadgeCredential in ``credential_format``,
    bound to a did:key or did:jwk proven by a ``jwt`` key proof (EdDSA)."""
    types = ["VerifiableCredential", "OpenBadgeCredential"]
    ldp = credential_format is CopyFormat.LDP_VC
    definition: dict[str, Any] = {"type": types}
    if ldp:
        definition = {"@context": list(CREDENTIAL_CONTEXT), "type": types}
    return {
        "format": credential_format.value,
        "scope": WALLET_SCOPE,
        "cryptographic_binding_methods_supported": ["did:key", "did:jwk"],
        "credential_signing_alg_values_supported": ["eddsa-rdfc-2022" if ldp else "EdDSA"],
        "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA"]}},
        "credential_definition": definition,
        "credential_metadata": {
            "display": _display(
                "Open Badge (Leerspoor)",
                "Open Badge (Leerspoor)",
                description="Open Badges 3.0",
            ),
            "claims": [
                {
                    "path": ["credentialSubject", "achievement", "name"],
                    "display": _display("Behaald", "Achievement"),
                },
                {"path": ["issuer", "name"], "display": _display("Uitgever", "Issuer")},
                {"path": ["validFrom"], "display": _display("Sinds", "Since")},
            ],
        },
    }


@router.get("/.well-known/openid-credential-issuer", dependencies=[requires(Scope.PUBLIC)])
def credential_issuer_metadata(request: Request) -> JSONResponse:
    """The Credential Issuer Metadata (OpenID4VCI 1.0 §12.2); our OAuth server is its
    authorization server (no ``authorization_servers``)."""
    base = wallets_of(request).base_url
    return JSONResponse(
        {
            "credential_issuer": base,
            "credential_endpoint": f"{base}/oid4vci/credential",
            "nonce_endpoint": f"{base}/oid4vci/nonce",
            "display": _display("Leerspoor", "Leerspoor"),
            "credential_configurations_supported": {
                name: configuration(fmt) for name, fmt in CONFIGURATIONS.items()
            },
        }
    )


@router.get("/.well-known/oauth-authorization-server", dependencies=[requires(Scope.PUBLIC)])
def authorization_server_metadata(request: Request) -> JSONResponse:
    """RFC 8414 metadata of our OAuth server: the Open Badges API's authorization code
    grant with PKCE and dynamic registration, plus OpenID4VCI's pre-authorized code."""
    base = wallets_of(request).base_url
    scopes = {scope.value for scope in GRANTABLE} | {WALLET_SCOPE}
    return JSONResponse(
        {
            "issuer": base,
            "authorization_endpoint": f"{base}/oauth/authorize",
            "token_endpoint": f"{base}/oauth/token",
            "registration_endpoint": f"{base}/oauth/register",
            "scopes_supported": sorted(scopes),
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "refresh_token", PRE_AUTHORIZED],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "pre-authorized_grant_anonymous_access_supported": True,
        }
    )


class OfferIn(BaseModel):
    badge_id: UUID | None = Field(default=None, description="One badge; none: all of mine.")


class OfferOut(BaseModel):
    offer_uri: str = Field(description="openid-credential-offer:// link (or QR code).")
    credential_offer_uri: str
    tx_code: str = Field(description="The transaction code to type into the wallet.")
    badge_ids: list[str]
    expires_at: str


@router.post(
    "/v1/me/credential-offers",
    status_code=201,
    response_model=OfferOut,
    dependencies=[requires(Scope.OWN_TOKEN)],
    responses=problem_responses(400, 401, 403, 404, 413, 422),
    tags=["learner"],
)
def create_offer(
    request: Request,
    principal: LearnerPrincipal,
    services: FreshServicesDep,
    offer: Annotated[OfferIn, Body()] = OfferIn(),  # noqa: B008
) -> OfferOut:
    """Offer one of my badges, or all of them, to my own wallet app (OpenID4VCI
    pre-authorized code flow with a transaction code)."""
    wallets = wallets_of(request)
    deliverable = [r["badge_id"] for r in wallets.copies.deliverable(principal.actor.id)]
    chosen = [str(offer.badge_id)] if offer.badge_id else deliverable
    if not chosen or not set(chosen) <= set(deliverable):
        raise NotFoundError("no such active credential")
    created = wallets.issuance.create_offer(principal.actor.id, chosen)
    by_reference = f"{wallets.base_url}/oid4vci/offers/{created.id}"
    return OfferOut(
        offer_uri=f"{OFFER_SCHEME}?credential_offer_uri={quote(by_reference, safe='')}",
        credential_offer_uri=by_reference,
        tx_code=created.tx_code,
        badge_ids=chosen,
        expires_at=created.expires_at.isoformat(),
    )


@router.get(
    "/oid4vci/offers/{offer_id}",
    dependencies=[requires(Scope.PUBLIC)],
    responses=problem_responses(400, 404, 413, 422),
)
def credential_offer(offer_id: str, request: Request) -> JSONResponse:
    """The Credential Offer by reference (§4.1.3): the configurations on offer and a
    freshly minted pre-authorized code that needs the transaction code."""
    fetched = wallets_of(request).issuance.fetch_offer(offer_id)
    if fetched is None:
        raise NotFoundError("no such credential offer (it may have expired or been used)")
    _, code = fetched
    grant = {
        "pre-authorized_code": code,
        "tx_code": {
            "input_mode": "numeric",
            "length": 6,
            "description": "De code op je Leerspoor-pagina / the code on your Leerspoor page",
        },
    }
    body = {
        "credential_issuer": wallets_of(request).base_url,
        "credential_configuration_ids": list(CONFIGURATIONS),
        "grants": {PRE_AUTHORIZED: grant},
    }
    return JSONResponse(body, headers=NO_STORE)


def vci_error(error: IssuanceError) -> JSONResponse:
    headers = dict(NO_STORE)
    if error.status == 401:
        headers["WWW-Authenticate"] = f'Bearer error="{error.error}"'
    return JSONResponse(
        {"error": error.error, "error_description": error.description},
        status_code=error.status,
        headers=headers,
    )


def pre_authorized_token(request: Request, code: str | None, tx_code: str | None) -> JSONResponse:
    """The token response of the pre-authorized code grant (anonymous: no client
    authentication), or its OAuth error (§6.3)."""
    wallets = wallets_of(request)
    try:
        if not code:
            raise IssuanceError("invalid_request", "pre-authorized_code is missing")
        token, badge_ids = wallets.issuance.redeem(code, tx_code)
    except IssuanceError as error:
        return vci_error(error)
    details = [
        {
            "type": "openid_credential",
            "credential_configuration_id": name,
            "credential_identifiers": [f"{fmt.value}:{badge}" for badge in badge_ids],
        }
        for name, fmt in CONFIGURATIONS.items()
    ]
    lifetime = int(timedelta(minutes=10) / timedelta(seconds=1))
    body = {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "authorization_details": details,
    }
    return JSONResponse(body, headers=NO_STORE)


@router.post("/oid4vci/nonce", dependencies=[requires(Scope.PUBLIC)])
def nonce(request: Request) -> JSONResponse:
    """A fresh ``c_nonce`` for a key proof (§7): single use, short-lived."""
    return JSONResponse({"c_nonce": wallets_of(request).issuance.new_nonce()}, headers=NO_STORE)


def _bearer(request: Request) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise IssuanceError("invalid_token", "send the access token as a Bearer token", 401)
    return token.strip()


def _grant(services: Services, wallets: Wallets, token: str) -> IssuanceGrant:
    """The grant of a pre-authorized token, or of an OAuth access token (authorization
    code flow) the learner granted the wallet scope, covering their active badges."""
    grant = wallets.issuance.grant(token)
    if grant is not None:
        return grant
    principal = services.oauth.authenticate(token)
    if principal is None or WALLET_SCOPE not in principal.scopes:
        raise IssuanceError("invalid_token", "unknown, expired or not for issuance", 401)
    badges = [r["badge_id"] for r in wallets.copies.deliverable(principal.actor.id)]
    expires = wallets.clock() + ACCESS_LIFETIME
    return wallets.issuance.adopt_token(token, principal.actor.id, badges, expires)


def _target(body: dict[str, Any], grant: IssuanceGrant) -> tuple[str, CopyFormat]:
    """(badge id, format) the request asks for: by ``credential_identifier`` (from the
    token response) or by ``credential_configuration_id`` (the next badge of the grant
    not yet delivered in that format)."""
    identifier = body.get("credential_identifier")
    configuration_id = body.get("credential_configuration_id")
    if (identifier is None) == (configuration_id is None):
        raise IssuanceError(
            "invalid_credential_request",
            "send either credential_identifier or credential_configuration_id",
        )
    if identifier is not None:
        fmt_name, _, badge = str(identifier).partition(":")
        if fmt_name not in {f.value for f in CopyFormat} or badge not in grant.badge_ids:
            raise IssuanceError("unknown_credential_identifier", "not covered by this token")
        return badge, CopyFormat(fmt_name)
    fmt = CONFIGURATIONS.get(str(configuration_id))
    if fmt is None:
        raise IssuanceError("unknown_credential_configuration", "see the issuer metadata")
    for badge in grant.badge_ids:
        if f"{configuration_id} {badge}" not in grant.delivered:
            return badge, fmt
    raise IssuanceError(
        "credential_request_denied", "every badge of this token was delivered in this format"
    )


def _proof_jwt(body: dict[str, Any]) -> str:
    proofs = body.get("proofs")
    if isinstance(proofs, dict):
        jwts = proofs.get("jwt")
        if set(proofs) != {"jwt"} or not isinstance(jwts, list) or len(jwts) != 1:
            raise IssuanceError("invalid_proof", "proofs must hold exactly one jwt key proof")
        found = jwts[0]
    else:  # ``proof`` of the drafts before 1.0, which many wallets still send
        legacy = body.get("proof")
        found = legacy.get("jwt") if isinstance(legacy, dict) else None
        if isinstance(legacy, dict) and legacy.get("proof_type") != "jwt":
            found = None
    if not isinstance(found, str):
        raise IssuanceError("invalid_proof", "a jwt key proof is required")
    return found


def token_grant(wallets: Wallets, token: str) -> IssuanceGrant:
    """The grant of a presented access token, with the derived state caught up."""
    wallets.services.refresh()
    return _grant(wallets.services, wallets, token)


def issue_copy(wallets: Wallets, grant: IssuanceGrant, body: dict[str, Any]) -> dict[str, Any]:
    """Checks the request and the key proof, then has the copy signed and recorded.

    Raises IssuanceError with the OpenID4VCI error code."""
    badge, fmt = _target(body, grant)
    try:
        proof = verify_key_proof(_proof_jwt(body), audience=wallets.base_url, now=wallets.clock())
    except KeyProofError as error:
        raise IssuanceError("invalid_proof", str(error)) from None
    if proof.nonce is None:
        raise IssuanceError("invalid_proof", "the key proof must carry a c_nonce")
    if not wallets.issuance.take_nonce(proof.nonce):
        raise IssuanceError("invalid_nonce", "unknown, used or expired c_nonce")
    try:
        delivered = wallets.copies.deliver(badge, holder_did=proof.holder, credential_format=fmt)
    except LedgerError as error:
        raise IssuanceError("credential_request_denied", str(error)) from None
    name = next(n for n, f in CONFIGURATIONS.items() if f is fmt)
    wallets.issuance.mark_delivered(grant.token_sha256, f"{name} {badge}")
    return {"credentials": [{"credential": delivered.credential}]}


@router.post(
    "/oid4vci/credential",
    dependencies=[requires(Scope.WALLET_TOKEN)],
    responses={
        400: {"description": "An OpenID4VCI credential error."},
        401: {"description": "RFC 6750: no valid access token."},
        **problem_responses(413),
    },
)
async def credential(request: Request) -> JSONResponse:
    """The Credential Endpoint (§8): a new copy of a badge, bound to the holder's DID."""
    wallets = wallets_of(request)
    try:
        grant = await run_in_threadpool(token_grant, wallets, _bearer(request))
        try:
            body = check_json(await request.body())
        except UnsafeJsonError as error:
            raise IssuanceError("invalid_credential_request", error.detail) from None
        if not isinstance(body, dict):
            raise IssuanceError("invalid_credential_request", "the body is a JSON object")
        answer = await run_in_threadpool(issue_copy, wallets, grant, body)
    except IssuanceError as error:
        return vci_error(error)
    return JSONResponse(answer, headers=NO_STORE)
