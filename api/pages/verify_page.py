"""The public Verify page: upload a badge file (PNG, SVG, JSON), paste it, or open a share
link, and see one unmistakable verdict, who issued it as far as this server vouches, what
it means, every check with its reason, and, when the employer types the name or e-mail the
candidate gave, whether the badge names that holder (its recipient is a salted hash).

Verification is ``api.verification.verify_document`` with the app's ``trust``: our DID
documents and status lists, and our trust policy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.pages.i18n import language
from api.pages.rendering import render
from api.pages.verdict import badge_view
from api.verification import read_upload, verify_document
from badges import MAX_INPUT_BYTES, UnreadableInputError

router = APIRouter(include_in_schema=False)
# The public share JSON of the learner API; a share link (/s/{id}) opens the Verify page.
SHARE_JSON_PATH = "/v1/shares/{share_id}"
MAX_HOLDER = 200


def verification_inputs(request: Request) -> Any:
    """The app's ``trust``: did:web documents, status lists and the trust policy."""
    return request.app.state.trust


def _clock(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.settings.clock
    return clock()


def _verdict_page(
    request: Request,
    credential: Mapping[str, Any] | str,
    *,
    holder: str = "",
    shared: Mapping[str, Any] | None = None,
) -> HTMLResponse:
    holder = holder.strip()[:MAX_HOLDER]
    result = verify_document(
        credential, verification_inputs(request), _clock(request), recipient=holder or None
    )
    services = request.app.state.services
    view = badge_view(
        credential,
        result,
        language(request),
        ledger=request.app.state.ledger,
        issued=services.credentials,
        holder_asked=bool(holder),
    )
    text = credential if isinstance(credential, str) else json.dumps(credential)
    context = {"badge": view, "holder": holder, "shared": shared, "credential_text": text}
    return render(request, "verify.html", context)


@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request) -> HTMLResponse:
    return render(request, "verify.html", {})


def _unreadable(request: Request, error: Exception) -> HTMLResponse:
    # RecursionError: a VC-JWT payload nested too deeply, parsed inside the verifier.
    detail = str(error) if isinstance(error, UnreadableInputError) else "nested too deeply"
    return render(request, "verify.html", {"error_key": "verify.unreadable", "detail": detail}, 422)


@router.post("/verify", response_class=HTMLResponse)
async def verify_upload(
    request: Request,
    badge: Annotated[UploadFile | None, File()] = None,
    credential: Annotated[str, Form(max_length=MAX_INPUT_BYTES)] = "",
    holder: Annotated[str, Form(max_length=MAX_HOLDER)] = "",
) -> HTMLResponse:
    """A badge file, or the credential text the result page sends back with a holder to
    check (the file is never stored, so the page carries the credential itself)."""
    data = await badge.read(MAX_INPUT_BYTES + 1) if badge is not None else b""
    if not data:
        data = credential.encode()
    if not data:
        return render(request, "verify.html", {"error_key": "verify.no_file"}, status=422)
    try:
        parsed = read_upload(data)
        # Canonicalisation and signature checks are CPU work: keep them off the event loop.
        return await run_in_threadpool(_verdict_page, request, parsed, holder=holder)
    except (UnreadableInputError, RecursionError) as error:
        return _unreadable(request, error)


async def _shared(request: Request, share_id: str) -> Mapping[str, Any] | None:
    """The share's JSON from the app's own public API, called in-process (no network)."""
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pages.internal") as client:
        answer = await client.get(SHARE_JSON_PATH.format(share_id=share_id))
    if answer.status_code != 200:
        return None
    body = answer.json()
    return body if isinstance(body, dict) else None


@router.get("/s/{share_id}", response_class=HTMLResponse)
@router.get("/verify/share/{share_id}", response_class=HTMLResponse)
async def verify_share(request: Request, share_id: str, holder: str = "") -> HTMLResponse:
    body = await _shared(request, share_id)
    if body is None:
        return render(request, "verify.html", {"error_key": "verify.share_missing"}, status=404)
    credential = body.get("credential", body)
    name = body.get("learner_name")
    shared = {
        "name": name if isinstance(name, str) else None,
        "expires_at": body.get("expires_at"),
        "share_id": share_id,
    }
    return await run_in_threadpool(_verdict_page, request, credential, holder=holder, shared=shared)
