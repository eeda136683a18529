"""The API documentation pages (``/docs``, ``/redoc``) as FastAPI renders them, served with
a Content-Security-Policy that admits exactly what they load: Swagger UI and ReDoc from
their CDN, and their inline scripts by hash (no ``'unsafe-inline'`` script)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

from api.http.headers import SELF, content_security_policy, script_hashes
from api.http.scopes import Scope, requires

router = APIRouter(include_in_schema=False, dependencies=[requires(Scope.PUBLIC)])
CDN = "https://cdn.jsdelivr.net"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"


def _with_policy(page: HTMLResponse) -> HTMLResponse:
    html = bytes(page.body).decode()
    page.headers["Content-Security-Policy"] = content_security_policy(
        script_src=(CDN, *script_hashes(html)),
        # ReDoc and Swagger UI insert <style> elements as they render.
        style_src=(CDN, "https://fonts.googleapis.com", "'unsafe-inline'"),
        img_src=(SELF, "data:", "https://fastapi.tiangolo.com", "https://cdn.redoc.ly"),
        extra={"font-src": ("https://fonts.gstatic.com",), "worker-src": ("blob:",)},
    )
    return page


def _openapi_url(request: Request) -> str:
    root = str(request.scope.get("root_path", "")).rstrip("/")
    return f"{root}{request.app.openapi_url}"


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    page = get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} - Swagger UI",
        oauth2_redirect_url=OAUTH2_REDIRECT,
    )
    return _with_policy(page)


@router.get(OAUTH2_REDIRECT)
def swagger_ui_redirect() -> HTMLResponse:
    return _with_policy(get_swagger_ui_oauth2_redirect_html())


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    return _with_policy(
        get_redoc_html(openapi_url=_openapi_url(request), title=f"{request.app.title} - ReDoc")
    )
