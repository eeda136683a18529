"""Limits on what a request body may hold, checked before anything parses it.

Size is FastAPI's own ``max_body_size`` (set by the app factory) for a streamed (chunked)
body; ``BodyLimits`` refuses a declared Content-Length over the limit before the app runs
(Starlette would answer that one in plain text). Both answer 413 ``payload-too-large``.
Shape is checked here: a JSON body nested deeper
than ``MAX_DEPTH`` answers 422 ``nesting-too-deep`` from a linear scan of its bytes, before
any recursive parser sees it; then orjson (a strict RFC 8259 parser written in Rust) must
accept it, which refuses lone surrogates, NaN, numbers beyond a double and non-UTF-8 text:
400 ``malformed-body``. ``JsonBodyGuard`` applies this to every request with a JSON media
type (``BodyLimits``); routes that read raw bytes call ``parse_json`` themselves.

Hand-written because no maintained library bounds nesting before parsing; the ``badges``
library is getting its own safe loader, which this module can then defer to.
"""

from __future__ import annotations

import email.message
import json
import re
from itertools import accumulate
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import PROBLEM_BASE, ApiProblemError, problem_response

# Open Badges credentials nest about ten levels; events five. Far below Python's recursion
# limit, which pyld, jsonschema and the standard json module all run into.
MAX_DEPTH = 64

# One JSON string, or an unterminated one running to the end: every opening quote matches,
# so the scan stays linear on any input (no retry from each quote of a broken string).
_STRING = re.compile(rb'"(?:[^"\\]++|\\.|\\\Z)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
# Per byte value: +1 opens, -1 closes (only brackets are left by then).
_DELTA = tuple(1 if b in b"[{" else -1 for b in range(256))


class UnsafeJsonError(ValueError):
    """Raised by ``check_json``: the body nests too deeply (422) or is not strict JSON (400).
    ``code`` is the problem type's slug."""

    def __init__(self, status: int, code: str, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail

    def problem(self) -> ApiProblemError:
        return ApiProblemError(self.status, self.code, self.title, self.detail)


def nesting_depth(data: bytes) -> int:
    """How deeply the arrays and objects in ``data`` nest, brackets inside strings aside.
    Linear in the size of ``data``; meaningful for JSON text, harmless on anything else."""
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_DELTA.__getitem__, brackets)), default=0)


# Nineteen digits in a row may be an integer beyond what orjson reads exactly (64 bits); the
# rare body with one (in a number or a string alike) is parsed again by the standard parser.
LONG_DIGIT_RUN = re.compile(rb"[0-9]{19}")


def check_json(data: bytes, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed value of ``data``; raises UnsafeJsonError when it nests deeper than
    ``max_depth`` (checked first, on the bytes) or is not strict JSON."""
    depth = nesting_depth(data)
    if depth > max_depth:
        raise UnsafeJsonError(
            422,
            "nesting-too-deep",
            "The JSON nests too deeply",
            f"arrays and objects nest {depth} levels; at most {max_depth} are accepted",
        )
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        detail = str(error)
        raise UnsafeJsonError(400, "malformed-body", "The body is not valid JSON", detail) from None
    if LONG_DIGIT_RUN.search(data):
        # orjson reads an integer beyond 64 bits as a float, losing digits; the standard
        # parser keeps it exact. orjson has already judged the text strict JSON.
        return json.loads(data)
    return value


def parse_json(data: bytes) -> Any:
    """``check_json`` for a route: raises the problem (400 or 422) instead."""
    try:
        return check_json(data)
    except UnsafeJsonError as error:
        raise error.problem() from None


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type names JSON (``application/json`` or ``application/*+json``),
    as FastAPI decides when it parses a body."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class BodyLimits:
    """Refuses a declared Content-Length over ``max_bytes`` at once (413), and checks a JSON
    body with ``check_json`` as its last chunk arrives, before the route's parser runs. A
    streamed body over the limit is left to FastAPI's ``max_body_size`` (413 as well)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, receive, send)
            return
        if not is_json(headers.get(b"content-type", b"").decode("latin-1")):
            await self.app(scope, receive, send)
            return
        body = bytearray()

        async def checked_receive() -> Message:
            message = await receive()
            if message["type"] != "http.request" or len(body) > self.max_bytes:
                return message
            body.extend(message.get("body", b""))
            if not message.get("more_body", False) and body and len(body) <= self.max_bytes:
                try:
                    check_json(bytes(body))
                except UnsafeJsonError as error:
                    raise error.problem() from None
            return message

        await self.app(scope, checked_receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = {
            "type": f"{PROBLEM_BASE}/payload-too-large",
            "title": "The request body is too large",
            "status": 413,
            "detail": f"at most {self.max_bytes} bytes",
        }
        await problem_response(body, path=scope["path"])(scope, receive, send)
