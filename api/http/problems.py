"""RFC 9457 problem details: the one table from error class to HTTP status and a stable
problem ``type``. Routes never build error bodies themselves: domain errors come from
``ledger``; what only HTTP knows (no token, wrong role, body too large) is an ``ApiProblemError``.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import InterfaceError as PersistenceInterfaceError
from eventsourcing.persistence import OperationalError as PersistenceOperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError as SQLInterfaceError
from sqlalchemy.exc import OperationalError as SQLOperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.services import IssuerKeyUnavailableError
from ledger import (
    CatalogueInvalidError,
    CatalogueVersionConflictError,
    ConflictError,
    InvalidEventError,
    LedgerError,
    NotFoundError,
    NotPermittedError,
    RuleViolationError,
    StaleVersionError,
    UnknownReferenceError,
)

PROBLEM_BASE = "https://leerspoor.be/problems"
# The store's "not answering right now" errors: 503 with Retry-After (safe to retry: every
# command carries an event id and a repeat is answered as a duplicate).
STORE_UNAVAILABLE: tuple[type[Exception], ...] = (
    PersistenceOperationalError,
    PersistenceInterfaceError,
    SQLOperationalError,
    SQLInterfaceError,
)
MEDIA_TYPE = "application/problem+json"

# First match wins: subclasses before their parents.
STATUS: list[tuple[type[LedgerError], int]] = [
    (NotFoundError, 404),
    (NotPermittedError, 403),
    (StaleVersionError, 412),
    (ConflictError, 409),
    (InvalidEventError, 422),
    (RuleViolationError, 422),
]


class ApiProblemError(StarletteHTTPException):
    """A refusal only the HTTP layer knows about (authentication, scope, size, media type).

    An ``HTTPException`` so that FastAPI passes it through unchanged when it is raised while
    a body is read (the JSON guard in ``api.http.limits`` raises it there)."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status, detail=detail, headers=headers)
        self.body: dict[str, Any] = {
            "type": f"{PROBLEM_BASE}/{code}",
            "title": title,
            "status": status,
            "detail": detail,
            **extra,
        }


def unauthenticated() -> ApiProblemError:
    return ApiProblemError(
        401, "unauthenticated", "Authentication required", "send a valid bearer token"
    )


def forbidden_role(role: str) -> ApiProblemError:
    return ApiProblemError(
        403, "forbidden-role", "Not for this role", f"a {role} token cannot do this"
    )


def insufficient_scope(scope: str | None) -> ApiProblemError:
    """An OAuth access token without the scope a route needs (RFC 6750 §3.1). ``scope`` is
    None where no grantable scope would do: the route takes the learner's own token only."""
    if scope is None:
        detail = "an OAuth access token cannot do this; only the learner's own token can"
        challenge = f'Bearer error="insufficient_scope", error_description="{detail}"'
    else:
        detail = f"the token lacks the scope {scope}"
        challenge = f'Bearer error="insufficient_scope", scope="{scope}"'
    return ApiProblemError(
        403,
        "insufficient-scope",
        "The access token's scope is insufficient",
        detail,
        headers={"WWW-Authenticate": challenge},
        required_scope=scope,
    )


def problem_for(error: LedgerError) -> dict[str, Any]:
    status = next((s for cls, s in STATUS if isinstance(error, cls)), 400)
    body: dict[str, Any] = {
        "type": f"{PROBLEM_BASE}/{error.code}",
        "title": error.title,
        "status": status,
        "detail": error.detail,
    }
    rule = getattr(error, "rule", 0)
    if rule:
        body["rule"] = rule
    if isinstance(error, CatalogueInvalidError | CatalogueVersionConflictError):
        # Every error of the file, each with its JSON path (docs/catalogue.md).
        body["problems"] = [{"path": path, "message": text} for path, text in error.problems]
    if isinstance(error, UnknownReferenceError):
        body["missing"] = error.missing
    return body


# Framework refusals (FastAPI and Starlette raise HTTPException): slug and title.
HTTP_PROBLEMS = {
    400: ("malformed-body", "The body cannot be read"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    413: ("payload-too-large", "The request body is too large"),
}
OB_PREFIX = "/ims/ob/v3p0"
# Imsx_CodeMinorFieldValue, from the specification's closed vocabulary.
OB_MINOR = {
    400: "invalid_data",
    401: "unauthorizedrequest",
    403: "forbidden",
    404: "not_found",
    413: "invalid_data",
    422: "invalid_data",
    503: "server_busy",
}


def problem_response(
    body: dict[str, Any], headers: dict[str, str] | None = None, path: str = ""
) -> JSONResponse:
    if path.startswith(OB_PREFIX):
        # The Open Badges API specifies its own error document, Imsx_StatusInfo.
        return JSONResponse(
            {
                "imsx_codeMajor": "failure",
                "imsx_severity": "error",
                "imsx_description": body["detail"],
                "imsx_codeMinor": {
                    "imsx_codeMinorField": [
                        {
                            "imsx_codeMinorFieldName": "TargetEndSystem",
                            "imsx_codeMinorFieldValue": OB_MINOR.get(
                                body["status"], "invalid_data"
                            ),
                        }
                    ]
                },
            },
            status_code=body["status"],
            headers=headers,
        )
    return JSONResponse(body, status_code=body["status"], media_type=MEDIA_TYPE, headers=headers)


def install(app: FastAPI) -> None:
    async def on_ledger_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, LedgerError)
        return problem_response(problem_for(error), path=request.url.path)

    async def on_api_problem(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ApiProblemError)
        headers = dict(error.headers) if error.headers else None
        if headers is None and error.body["status"] == 401:
            headers = {"WWW-Authenticate": "Bearer"}
        return problem_response(error.body, headers, request.url.path)

    async def on_validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        if any(e.get("type") == "json_invalid" for e in error.errors()):
            return problem_response(
                {
                    "type": f"{PROBLEM_BASE}/malformed-body",
                    "title": "The body is not valid JSON",
                    "status": 400,
                    "detail": "; ".join(
                        str(e.get("ctx", {}).get("error", "")) for e in error.errors()
                    ),
                },
                path=request.url.path,
            )
        return problem_response(
            {
                "type": f"{PROBLEM_BASE}/invalid-request",
                "title": "The request is not valid",
                "status": 422,
                "detail": "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
                ),
            },
            path=request.url.path,
        )

    async def on_http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        slug, title = HTTP_PROBLEMS.get(error.status_code, ("http-error", str(error.detail)))
        detail = str(error.detail)
        if error.status_code == 413:
            detail = f"at most {request.app.state.settings.max_body_bytes} bytes"
        return problem_response(
            {
                "type": f"{PROBLEM_BASE}/{slug}",
                "title": title,
                "status": error.status_code,
                "detail": detail,
            },
            path=request.url.path,
        )

    async def on_store_unavailable(request: Request, error: Exception) -> JSONResponse:
        # The database did not answer (restart, failover, lock timeout). Whether an append in
        # flight committed is unknown to us: the client retries with the same event id, which
        # the ledger answers as a duplicate if it did.
        return problem_response(
            {
                "type": f"{PROBLEM_BASE}/store-unavailable",
                "title": "The store is unavailable; retry the request",
                "status": 503,
                "detail": type(error).__name__,
            },
            {"Retry-After": "1"},
            request.url.path,
        )

    async def on_issuer_key_unavailable(request: Request, error: Exception) -> JSONResponse:
        # One issuer's key file is damaged: what only its key can sign or publish waits for
        # the operator to restore it (docs/operations.md); no retry soon will succeed, so no
        # Retry-After.
        assert isinstance(error, IssuerKeyUnavailableError)
        return problem_response(
            {
                "type": f"{PROBLEM_BASE}/issuer-key-unavailable",
                "title": "The issuer's key cannot be read",
                "status": 503,
                "detail": f"{error}; its status list and DID document are unavailable until "
                "it is restored",
            },
            path=request.url.path,
        )

    app.add_exception_handler(LedgerError, on_ledger_error)
    for unavailable in STORE_UNAVAILABLE:
        app.add_exception_handler(unavailable, on_store_unavailable)
    app.add_exception_handler(IssuerKeyUnavailableError, on_issuer_key_unavailable)
    app.add_exception_handler(ApiProblemError, on_api_problem)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
