"""An employer asks a candidate's wallet for an Open Badge (OpenID4VP): a new request is
shown as a server-rendered QR code (``segno``) and an ``openid4vp://`` link; the page
refreshes itself (an HTTP ``Refresh`` header, no script) until the wallet has answered,
then shows the verified result. The request and its result belong to the presentation
API (``/v1/presentation-requests``), called in-process; the transaction id in the page's
URL is the employer's secret for reading the result.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from api.pages.inprocess import call_api
from api.pages.rendering import render
from api.pages.wallet_offers_page import qr_data_uri

router = APIRouter(include_in_schema=False)
REFRESH_SECONDS = 3


@router.get("/present", response_model=None)
def present_start(request: Request) -> Response:
    return render(request, "present.html", {"asked": False})


@router.post("/present", response_model=None)
async def present_create(request: Request) -> Response:
    answer = await call_api(request, "POST", "/v1/presentation-requests")
    created = answer.json()
    # The page's URL holds the transaction id; nothing else leaves this server with it.
    return RedirectResponse(f"/present/{created['transaction_id']}", status_code=303)


@router.get("/present/{transaction_id}", response_model=None)
async def present_status(request: Request, transaction_id: str) -> Response:
    answer = await call_api(request, "GET", f"/v1/presentation-requests/{transaction_id}")
    if answer.status_code != 200:
        missing = {"title_key": "present.title", "body_key": "present.expired", "roles": ""}
        return render(request, "message.html", missing, status=404)
    status = answer.json()
    context: dict[str, object] = {"status": status, "asked": True}
    if status["status"] == "pending":
        context["qr"] = qr_data_uri(status["authorization_request"])
    response = render(request, "present.html", context)
    response.headers["Cache-Control"] = "no-store"
    if status["status"] == "pending":
        response.headers["Refresh"] = str(REFRESH_SECONDS)
    return response
