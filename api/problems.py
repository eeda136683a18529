"""RFC 9457 problem details: the one table from domain error class to HTTP status and a
stable problem ``type``. Routes never build error bodies themselves."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from ledger import (
    ConflictError,
    InvalidEventError,
    LedgerError,
    NotFoundError,
    NotPermittedError,
    RuleViolationError,
)

PROBLEM_BASE = "https://leerspoor.be/problems"
MEDIA_TYPE = "application/problem+json"

STATUS: list[tuple[type[LedgerError], int]] = [
    (NotFoundError, 404),
    (NotPermittedError, 403),
    (ConflictError, 409),
    (InvalidEventError, 422),
    (RuleViolationError, 422),
]


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
    return body


def problem_response(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=MEDIA_TYPE)


def install(app: FastAPI) -> None:
    async def on_ledger_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, LedgerError)
        return problem_response(problem_for(error))

    async def on_validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return problem_response(
            {
                "type": f"{PROBLEM_BASE}/invalid-request",
                "title": "The request is not valid",
                "status": 422,
                "detail": "; ".join(
                    f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
                ),
            }
        )

    app.add_exception_handler(LedgerError, on_ledger_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
