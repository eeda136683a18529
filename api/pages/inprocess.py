"""Calling the app's own JSON API from a page, in-process and as the signed-in person.

Where the API owns a behaviour (credentials, downloads, share links, public shares) the
pages call it instead of repeating it, so both always agree. Nothing goes over a network.
"""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import Request

from api.pages.session import TOKEN_COOKIE


async def call_api(
    request: Request, method: str, path: str, *, body: dict[str, Any] | None = None
) -> httpx.Response:
    """The API's answer to ``method path``, sent with the cookie's token as bearer."""
    headers = {}
    secret = request.cookies.get(TOKEN_COOKIE)
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://pages.internal") as client:
        return await client.request(method, path, headers=headers, json=body)
