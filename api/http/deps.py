"""Dependencies as ``Annotated`` aliases, chained: bearer token → principal → role.

Those that only read the app's state are ``async``: FastAPI runs a plain ``def``
dependency on a worker thread, and each such hop cost a post about as much CPU as the
ledger's own checks (issue 19). The token lookup queries the store: on the event loop when
the store is the embedded SQLite file (a read there takes tens of microseconds and, in WAL
mode, never waits on a writer; the worker-thread hop costs about 0.1 ms of CPU),
on a worker thread when it is a database server, whose answer may be slow to come."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.http.problems import forbidden_role, unauthenticated
from api.services import Services
from api.stores import Principal, TokenStore
from ledger import Ledger, Role

bearer = HTTPBearer(auto_error=False, description="A token from `leerspoor tokens create`.")


async def get_ledger(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_fresh_services(request: Request) -> Services:
    """The services with read models, badges and hash tree caught up to the ledger's head:
    for reads of anything derived, so a reader sees every write acknowledged before."""
    services: Services = request.app.state.services
    services.refresh()
    return services


LedgerDep = Annotated[Ledger, Depends(get_ledger)]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=200, description="The client event id."),
]
FreshServicesDep = Annotated[Services, Depends(get_fresh_services)]
ServicesDep = Annotated[Services, Depends(get_services)]


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    """Who the bearer token speaks for: an own token (``TokenStore``) or an OAuth access
    token (``OAuthStore``, which carries its client's id; ``api.http.scopes`` holds it to
    its scopes). The stores come from the app's state, not as dependencies of their own:
    FastAPI resolves every dependency of every request anew, and these two were a sixth of
    a post's dependency tree."""
    if credentials is None:
        raise unauthenticated()
    secret = credentials.credentials
    tokens: TokenStore = request.app.state.tokens
    services: Services = request.app.state.services

    def authenticate() -> Principal | None:
        return tokens.authenticate(secret) or services.oauth.authenticate(secret)

    embedded = tokens.embedded and services.oauth.embedded
    principal = authenticate() if embedded else await run_in_threadpool(authenticate)
    if principal is None:
        raise unauthenticated()
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_roles(*roles: Role) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    async def check(principal: PrincipalDep) -> Principal:
        if principal.actor.role not in roles:
            raise forbidden_role(principal.actor.role.value)
        return principal

    return check


WriterPrincipal = Annotated[Principal, Depends(require_roles(Role.PROVIDER, Role.WORKPLACE))]
ReaderPrincipal = Annotated[
    Principal, Depends(require_roles(Role.PROVIDER, Role.WORKPLACE, Role.AUDITOR, Role.LEARNER))
]
LearnerPrincipal = Annotated[Principal, Depends(require_roles(Role.LEARNER))]
AuditorPrincipal = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]
AdminPrincipal = Annotated[Principal, Depends(require_roles(Role.ADMIN))]
MonitorPrincipal = Annotated[Principal, Depends(require_roles(Role.AUDITOR, Role.ADMIN))]
ProviderPrincipal = Annotated[Principal, Depends(require_roles(Role.PROVIDER))]
# Every role a token can hold (the ledger's own SYSTEM role has none).
SIGNED_IN = tuple(role for role in Role if role is not Role.SYSTEM)
SignedInPrincipal = Annotated[Principal, Depends(require_roles(*SIGNED_IN))]
AccreditorPrincipal = Annotated[Principal, Depends(require_roles(Role.ADMIN, Role.PARTNERSHIP))]
LearnerReaderPrincipal = Annotated[
    Principal, Depends(require_roles(Role.PROVIDER, Role.AUDITOR, Role.ADMIN))
]
