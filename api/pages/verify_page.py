"""The public Verify page: upload a badge file (PNG, SVG, JSON) or open a share link, and
see the badge with one unmistakable verdict and every check with its reason.

Trust material (did:web documents, status lists) comes from ``request.app.state.trust``
when the app provides it; did:key issuers resolve without it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, File, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from api.pages.i18n import language
from api.pages.rendering import render
from api.pages.verdict import check_rows, facts_of, verdict_of
from api.verification import read_upload
from badges import MAX_INPUT_BYTES, UnreadableInputError, verify_credential

router = APIRouter(include_in_schema=False)
# The public share JSON of the learner API; a share link (/s/{id}) opens the Verify page.
SHARE_JSON_PATH = "/v1/shares/{share_id}"
StatusLists = Callable[[str], Mapping[str, Any] | None]


def verification_inputs(
    request: Request,
) -> tuple[Mapping[str, Mapping[str, Any]], StatusLists]:
    """The app's did:web documents and status-list fetcher (its ``trust``)."""
    trust = request.app.state.trust
    return trust.did_documents, trust.status_lists


def _clock(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.settings.clock
    return clock()


def _verdict_page(
    request: Request,
    credential: Mapping[str, Any] | str,
    *,
    uploaded: bytes | None = None,
    shared_name: str | None = None,
) -> HTMLResponse:
    did_documents, status_lists = verification_inputs(request)
    result = verify_credential(
        credential, now=_clock(request), did_documents=did_documents, status_lists=status_lists
    )
    return render(
        request,
        "verify.html",
        {
            "verdict": verdict_of(result).value,
            "facts": facts_of(credential, uploaded=uploaded, shared_name=shared_name),
            "checks": check_rows(result, language(request).value),
        },
    )


@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request) -> HTMLResponse:
    return render(request, "verify.html", {})


@router.post("/verify", response_class=HTMLResponse)
async def verify_upload(
    request: Request, badge: Annotated[UploadFile | None, File()] = None
) -> HTMLResponse:
    data = await badge.read(MAX_INPUT_BYTES + 1) if badge is not None else b""
    if not data:
        return render(request, "verify.html", {"error_key": "verify.no_file"}, status=422)
    try:
        credential = read_upload(data)
        # Canonicalisation and signature checks are CPU work: keep them off the event loop.
        return await run_in_threadpool(_verdict_page, request, credential, uploaded=data)
    except (UnreadableInputError, RecursionError) as error:
        # RecursionError: a VC-JWT payload nested too deeply, parsed inside the verifier.
        detail = str(error) if isinstance(error, UnreadableInputError) else "nested too deeply"
        return render(
            request, "verify.html", {"error_key": "verify.unreadable", "detail": detail}, 422
        )


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
async def verify_share(request: Request, share_id: str) -> HTMLResponse:
    body = await _shared(request, share_id)
    if body is None:
        return render(request, "verify.html", {"error_key": "verify.share_missing"}, status=404)
    # Either the credential itself, or {"credential": ..., "learner_name": ...}.
    credential = body.get("credential", body)
    name = body.get("learner_name")
    return await run_in_threadpool(
        _verdict_page, request, credential, shared_name=name if isinstance(name, str) else None
    )
