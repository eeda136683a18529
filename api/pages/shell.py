"""The page shell: home, sign-in and sign-out, the static files, and ``gate`` which every
role page calls first (redirect to sign-in, or a 403 page for the wrong role)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from api.pages.rendering import HERE, render
from api.pages.session import (
    HOME_OF,
    TOKEN_COOKIE,
    SignInRequiredError,
    WrongRoleError,
    require,
    safe_next,
)
from api.stores import Principal, TokenStore
from ledger import Role

router = APIRouter(include_in_schema=False)
STATIC = HERE / "static"
# Served by name from a fixed list, so no path from the URL ever reaches the file system.
STATIC_FILES = {
    "style.css": "text/css",
    "verify.js": "text/javascript",
    "timeline.js": "text/javascript",
    "wallet.js": "text/javascript",
}


def gate(request: Request, *roles: Role) -> Principal | Response:
    """The signed-in principal, or the response to send instead."""
    try:
        return require(request, *roles)
    except SignInRequiredError:
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/signin?next={target}", status_code=303)
    except WrongRoleError as error:
        return render(
            request,
            "message.html",
            {"title_key": "forbidden.title", "body_key": "forbidden.body", "roles": str(error)},
            status=403,
        )


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(request, "home.html", {})


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str | None = None) -> HTMLResponse:  # noqa: A002
    return render(request, "signin.html", {"next": safe_next(next) or "", "failed": False})


@router.post("/signin", response_model=None)
def signin(
    request: Request,
    token: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form()] = "",  # noqa: A002
) -> Response:
    tokens: TokenStore = request.app.state.tokens
    principal = tokens.authenticate(token.strip())
    if principal is None:
        return render(request, "signin.html", {"next": safe_next(next) or "", "failed": True}, 401)
    target = safe_next(next) or HOME_OF.get(principal.actor.role, "/")
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        TOKEN_COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/signout")
def signout(request: Request) -> RedirectResponse:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(
        TOKEN_COOKIE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


@router.get("/static/pages/{name}")
def static(name: str) -> Response:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        return Response(status_code=404)
    return FileResponse(STATIC / name, media_type=media_type)
