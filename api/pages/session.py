"""Signing in to the pages with a bearer token kept in an HttpOnly, SameSite=Strict cookie.

A browser cannot send an Authorization header from a plain link or form, so the token a
person pastes is stored in the cookie and checked on every request through the same
``TokenStore`` the API uses: revoking or expiring a token signs the person out too.
"""

from __future__ import annotations

from fastapi import Request

from api.stores import Principal, TokenStore
from ledger import Role

TOKEN_COOKIE = "leerspoor_token"  # noqa: S105 - a cookie name, not a secret
# The role's own page after signing in.
HOME_OF: dict[Role, str] = {
    Role.LEARNER: "/wallet",
    Role.AUDITOR: "/timeline",
    Role.PROVIDER: "/cohorts",
    Role.WORKPLACE: "/mentor",
}


class SignInRequiredError(Exception):
    """Raised when a page needs a signed-in person and there is none (or the token died)."""


class WrongRoleError(Exception):
    """Raised when the signed-in person's role may not see the page."""

    def __init__(self, roles: tuple[Role, ...]) -> None:
        super().__init__(", ".join(r.value for r in roles))
        self.roles = roles


def signed_in(request: Request) -> Principal | None:
    """The principal of the cookie's token, or None when absent, unknown, expired or revoked."""
    secret = request.cookies.get(TOKEN_COOKIE)
    if not secret:
        return None
    tokens: TokenStore = request.app.state.tokens
    return tokens.authenticate(secret)


def require(request: Request, *roles: Role) -> Principal:
    """The signed-in principal if it has one of ``roles``.

    Raises SignInRequiredError or WrongRoleError (turned into a redirect / a 403 page).
    """
    principal = signed_in(request)
    if principal is None:
        raise SignInRequiredError
    if principal.actor.role not in roles:
        raise WrongRoleError(roles)
    return principal


def safe_next(target: str | None) -> str | None:
    """Only a local path may be a post-sign-in destination (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
