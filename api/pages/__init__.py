"""Server-rendered pages for people: employer verification, the public catalogue, the
learner wallet, the auditor timeline and the provider cohorts, in Dutch (default) and English.

The app factory mounts the two routers with what each asks of its caller
(``api.http.scopes``): ``public_router`` takes no token, ``session_router`` serves a person
signed in with their own token (``session``); the pages never import the HTTP side. The
pages read the ledger and the read models the app already holds, and call the app's own
JSON API in-process where that API owns the behaviour (share links, downloads); they add no
rules of their own.
"""

from __future__ import annotations

import fastapi

from api.pages import (
    catalogue_page,
    cohorts_page,
    mentor_page,
    policies,
    present_page,
    shell,
    timeline_page,
    verify_page,
    wallet_offers_page,
    wallet_page,
)
from api.pages.session import signed_in
from api.pages.verify_page import verification_inputs

public_router = fastapi.APIRouter(include_in_schema=False)
for _module in (shell, verify_page, policies, catalogue_page, present_page):
    public_router.include_router(_module.router)
session_router = fastapi.APIRouter(include_in_schema=False)
for _module in (wallet_page, timeline_page, cohorts_page, mentor_page, wallet_offers_page):
    session_router.include_router(_module.router)

__all__ = ["public_router", "session_router", "signed_in", "verification_inputs"]
