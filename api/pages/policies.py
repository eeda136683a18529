"""The service's terms of use and privacy statement (``/terms``, ``/privacy``): the pages the
Open Badges discovery document points to, in Dutch and English, stating what this software
does with the data it keeps."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.pages.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/terms", response_class=HTMLResponse)
def terms(request: Request) -> HTMLResponse:
    return render(request, "terms.html", {})


@router.get("/privacy", response_class=HTMLResponse)
def privacy(request: Request) -> HTMLResponse:
    return render(request, "privacy.html", {})
