"""Security headers on every response, API and pages alike, built with ``secure``.

The pages load only their own CSS and scripts (``/static/pages/``; no inline script or
style) and show images as ``data:`` URIs (badge images, charts), so one strict policy
serves them and the JSON API: nothing from elsewhere, no framing (``frame-ancestors
'none'``), no referrer (share links carry their secret in the URL). A route may set its own
Content-Security-Policy (the OAuth consent page lets its form redirect to the client; the
API documentation loads Swagger UI and ReDoc): this middleware fills in only what a
response has not set. ``secure``'s own ASGI middleware overwrites a route's header, which is
why this one is ours.
"""

from __future__ import annotations

import base64
import hashlib
import re

from secure import (
    ContentSecurityPolicy,
    ReferrerPolicy,
    Secure,
    XContentTypeOptions,
    XFrameOptions,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SELF, NONE = "'self'", "'none'"


def content_security_policy(
    *,
    form_action: tuple[str, ...] = (SELF,),
    script_src: tuple[str, ...] = (SELF,),
    style_src: tuple[str, ...] = (SELF,),
    img_src: tuple[str, ...] = (SELF, "data:"),
    extra: dict[str, tuple[str, ...]] | None = None,
) -> str:
    """The policy of our pages and API; a route widens only what it names."""
    policy = (
        ContentSecurityPolicy()
        .default_src(NONE)
        .script_src(*script_src)
        .style_src(*style_src)
        .img_src(*img_src)
        .connect_src(SELF)
        .form_action(*form_action)
        .frame_ancestors(NONE)
        .base_uri(NONE)
    )
    for directive, sources in (extra or {}).items():
        policy = policy.custom_directive(directive, *sources)
    return policy.header_value


HEADERS = Secure(
    csp=ContentSecurityPolicy().set(content_security_policy()),
    xcto=XContentTypeOptions(),
    referrer=ReferrerPolicy().no_referrer(),
    xfo=XFrameOptions().deny(),
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def script_hashes(html: str) -> tuple[str, ...]:
    """CSP hash sources of the inline scripts in ``html`` (CSP 3 §8.4, sha256)."""
    return tuple(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in _INLINE_SCRIPT.findall(html)
    )


class SecurityHeaders:
    """Adds ``HEADERS`` to every HTTP response that does not carry them already."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                missing = [(k, v) for k, v in self.headers if k not in present]
                message["headers"] = [*message.get("headers", []), *missing]
            await send(message)

        await self.app(scope, receive, with_headers)
