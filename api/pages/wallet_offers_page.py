"""The learner's credential offers to their own wallet app (OpenID4VCI): the form the
wallet page includes (``wallet_offers.html``) posts here; the answer is a page with the
offer as a server-rendered QR code (``segno``, SVG as a data URI: no script), the
``openid-credential-offer://`` link and the transaction code to type into the app. The
offer itself comes from the learner API (``POST /v1/me/credential-offers``), in-process.
"""

from __future__ import annotations

from typing import Annotated

import segno
from fastapi import APIRouter, Form, Request, Response

from api.pages.inprocess import call_api
from api.pages.rendering import render
from api.pages.shell import gate
from ledger import Role

router = APIRouter(include_in_schema=False)


def qr_data_uri(content: str) -> str:
    """``content`` as a QR code (error correction M), an SVG data URI for an <img>."""
    return str(segno.make(content, error="m").svg_data_uri(scale=4, border=4))


@router.post("/wallet/offers", response_model=None)
async def create_offer(
    request: Request, badge: Annotated[str, Form(max_length=64)] = "all"
) -> Response:
    # SameSite=Strict on the token cookie keeps other sites from posting this form.
    gated = gate(request, Role.LEARNER)
    if isinstance(gated, Response):
        return gated
    body = {} if badge == "all" else {"badge_id": badge}
    answer = await call_api(request, "POST", "/v1/me/credential-offers", body=body)
    if answer.status_code != 201:
        context = {"title_key": "offer.heading", "body_key": "offer.failed", "roles": ""}
        return render(request, "message.html", context, status=answer.status_code)
    offer = answer.json()
    context = {"offer": offer, "qr": qr_data_uri(offer["offer_uri"])}
    # The transaction code is on this page only: never stored in clear, never logged.
    response = render(request, "wallet_offer.html", context, status=201)
    response.headers["Cache-Control"] = "no-store"
    return response
