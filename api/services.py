"""The composition root's long-lived parts beside the ledger: its followers (read models,
the badge-issuing process, the hash tree), issuer keys, tokens and share links.

``followers`` is the one follower mechanism (``projections.Followers``) that
``leerspoor projections run`` uses too. After a write, ``refresh_soon`` has a background
thread catch them up, a burst of writes sharing one catch-up; every read of something
derived calls ``refresh`` first (two queries when nothing is new), so a reader sees every
write acknowledged before it. On the embedded SQLite file, ``posting`` has posted events
appended one at a time. An event a follower cannot process is parked, never raised:
reads, writes and start-up go on, and ``/health`` says ``degraded``."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from api.stores import LedgerKey, Stores, TrustedIssuerStore
from badges import BadgeError, TrustPolicy
from ledger import Ledger, NotFoundError
from projections import (
    BATCH,
    TRANSIENT_ERRORS,
    BadgeFactory,
    BadgeIssuance,
    CredentialView,
    Followers,
    LedgerIntegrity,
    ReadModels,
    SingleRunner,
    Stage,
)

SINGLE_RUNNER_LOCK = "leerspoor.issuance"
logger = logging.getLogger(__name__)


# What reading a damaged, half-written or unreadable key file raises (JSON, base64, missing
# fields, a seal that does not open, the file system).
UNREADABLE_KEY: tuple[type[Exception], ...] = (BadgeError, OSError, ValueError, KeyError, TypeError)


class IssuerKeyUnavailableError(RuntimeError):
    """Raised when an issuer's key file cannot be read: its own status list and DID document
    are unavailable until the file is restored (every other issuer's still resolve). The
    HTTP API answers 503 ``issuer-key-unavailable``."""

    def __init__(self, organisation: str) -> None:
        super().__init__(f"the key file of issuer {organisation} cannot be read")
        self.organisation = organisation


class Trust:
    """What verification needs from us, without a network: our issuers' DID documents, our
    status lists (anything else is not resolvable and verifies as such) and who we vouch
    for: our own organisations, and the issuers an administrator listed."""

    def __init__(
        self,
        factory: BadgeFactory,
        issuance: BadgeIssuance,
        ledger: Ledger,
        trusted: TrustedIssuerStore,
    ) -> None:
        self.factory = factory
        self.issuance = issuance
        self.ledger = ledger
        self.trusted = trusted

    def own_issuers(self) -> dict[str, str]:
        """Our organisations' issuer DIDs with the names the ledger keeps for them (only
        organisations with keys can have issued anything)."""
        own = {}
        for organisation in self.factory.keystore.organisations():
            try:
                name = self.ledger.organisation(UUID(organisation)).name
            except (NotFoundError, ValueError):
                continue  # a key folder that is no organisation of this ledger
            own[self.factory.issuer_did(organisation)] = name
        return own

    def policy(self) -> TrustPolicy:
        """The verifier's own word on issuers, read fresh (an admin's change counts at once)."""
        return TrustPolicy(own=self.own_issuers(), trusted=self.trusted.names())

    @property
    def did_documents(self) -> Mapping[str, Mapping[str, Any]]:
        return self.factory.did_documents()

    def did_document(self, organisation: str) -> Mapping[str, Any]:
        """The issuer's did:web document. Raises IssuerKeyUnavailableError when its key file
        cannot be read (``did_documents`` leaves that issuer out)."""
        document = self.did_documents.get(self.factory.issuer_did(organisation))
        if document is None:
            raise IssuerKeyUnavailableError(organisation)
        return document

    def status_list(self, organisation: str) -> Mapping[str, Any]:
        """The issuer's signed status list. Raises IssuerKeyUnavailableError when its key
        file cannot be read (the list cannot be signed)."""
        try:
            return self.issuance.status_list(organisation)
        except UNREADABLE_KEY as error:
            logger.error("issuer %s: status list unavailable (%s)", organisation, error)
            raise IssuerKeyUnavailableError(organisation) from error

    def status_lists(self, url: str) -> Mapping[str, Any] | None:
        base = self.factory.base_url
        if not url.startswith(f"{base}/status/"):
            return None
        parts = urlsplit(url).path.strip("/").split("/")
        if len(parts) != 3 or parts[2] != "revocation":
            return None
        if parts[1] not in self.factory.keystore.organisations():
            return None
        try:
            return self.status_list(parts[1])
        except IssuerKeyUnavailableError:
            # Its credentials' status is unknown here, reported as such by verification;
            # every other issuer's list still resolves.
            return None


BACKGROUND_IDLE_SECONDS = 5.0
# After a write, the background catch-up waits this long for more writes to share it: a
# burst is caught up once, not once per write. Readers never wait for it (they catch up
# themselves first), so it delays nothing anyone reads.
COALESCE_SECONDS = 0.5
# How long closing waits for a background catch-up under way (a long backlog may take more).
CLOSE_WAIT_SECONDS = 30.0


class Services:
    """The parts the HTTP API and the workers share, built by ``api.bootstrap``, and the
    followers that feed the read models, issuance and the hash tree (``batch`` events per
    read-model transaction; a background catch-up waits ``coalesce`` seconds for more
    writes to share it)."""

    def __init__(
        self,
        *,
        ledger: Ledger,
        read_models: ReadModels,
        stores: Stores,
        issuance: BadgeIssuance,
        ledger_key: LedgerKey,
        integrity: LedgerIntegrity,
        clock: Callable[[], datetime],
        coalesce: float = COALESCE_SECONDS,
        batch: int = BATCH,
    ) -> None:
        self.ledger = ledger
        self.read_models = read_models
        self.tokens = stores.tokens
        self.shares = stores.shares
        self.access_log = stores.access_log
        self.hosted = stores.hosted
        self.oauth = stores.oauth
        self.trusted_issuers = stores.trusted_issuers
        self.issuance = issuance
        self.factory = issuance.factory
        self.trust = Trust(self.factory, issuance, ledger, stores.trusted_issuers)
        self.ledger_key = ledger_key
        self.integrity = integrity
        engine = read_models.engine
        # Issuance and checkpoint signing run in one process at a time (an advisory lock on
        # PostgreSQL); read models are caught up by every process (tracking refuses stale
        # batches).
        self.leader = SingleRunner(engine, SINGLE_RUNNER_LOCK)
        self.followers = Followers(
            ledger,
            [
                self.read_models.stage(batch),
                Stage((self.issuance,), single_runner=True, appends=True),
                Stage((self.integrity,), single_runner=True),
            ],
            lock=self.leader,
            clock=clock,
        )
        self.lock = self.followers.busy
        self.coalesce = coalesce
        # The embedded SQLite file takes one writer at a time, so posts run side by side
        # gain nothing there, and their threads pass the interpreter's lock back and forth
        # at every database call, across both CPUs: at 10 clients that was a third of a
        # post's CPU (docs/benchmarks.md). A database server takes writers side by side.
        self._posting = threading.Lock() if stores.tokens.embedded else None
        self._due = threading.Event()
        self._closed = threading.Event()
        self._starting = threading.Lock()
        self._background: threading.Thread | None = None

    @property
    def credentials(self) -> CredentialView:
        return self.issuance.view

    def posting(self) -> AbstractContextManager[object]:
        """Held while a posted event is checked and appended: one post at a time on the
        embedded SQLite file (a lock), any number on a database server (no lock)."""
        return self._posting if self._posting is not None else nullcontext()

    @property
    def posts_on_loop(self) -> bool:
        """Whether the HTTP routes that post one event append it on the event loop itself
        (the embedded SQLite file) rather than on a worker thread (a database server).

        Posts take turns on SQLite anyway; handing each to a worker thread only added a
        second thread that wants the interpreter's lock at the same time as the loop, and
        at 10 and 50 clients that hand-over was a fifth to a third of a post's CPU
        (docs/operations.md). The price: while a post runs, or waits for SQLite's write lock
        held by another process, the loop serves nothing else. A database server's answer
        may be slow to come, so there posts stay on worker threads."""
        return self._posting is not None

    def refresh_soon(self) -> None:
        """After a write: catch the followers up in a background thread, so the writer does
        not wait for the read models, badges and hash tree."""
        self._due.set()
        with self._starting:  # not ``self.lock``: a writer must never wait for a refresh
            if self._closed.is_set():
                return  # the stores are closing: the next process to start catches up
            if self._background is None or not self._background.is_alive():
                self._background = threading.Thread(
                    target=self._refresh_while_due, name="leerspoor-refresh", daemon=True
                )
                self._background.start()

    def _refresh_while_due(self) -> None:
        # Waits ``coalesce`` seconds after the first write of a burst, so the writes that
        # follow share its catch-up; ends after a quiet spell and is started again by the
        # next write.
        while self._due.wait(timeout=BACKGROUND_IDLE_SECONDS):
            if self._closed.wait(self.coalesce):
                return
            self._due.clear()
            try:
                self.followers.catch_up()
            except Exception:  # a database away: the next read or write tries again
                logger.exception("background refresh failed")

    def close(self) -> None:
        """Stops the background catch-up before the stores it uses are closed: one under
        way finishes first, one still waiting for its burst does not start (the views
        catch up from the ledger at the next start or read). Writes after this start none."""
        with self._starting:
            self._closed.set()
            background = self._background
        self._due.set()  # wakes a thread waiting for writes, so that it sees the close
        if background is not None:
            background.join(CLOSE_WAIT_SECONDS)
            if background.is_alive():
                logger.warning(
                    "the background catch-up is still running after %s s; closing anyway",
                    CLOSE_WAIT_SECONDS,
                )

    def refresh(self) -> None:
        """Catches every follower up to the ledger's head now (before a read of anything
        derived). Raises only when a database does not answer; anything else a catch-up
        raises is logged, and the read is served from the views as they are."""
        try:
            self.followers.catch_up()
        except TRANSIENT_ERRORS:
            raise
        except Exception:
            logger.exception("catch-up failed; serving the views as they are")

    def health(self) -> dict[str, object]:
        """``/health``: ``ok``, or ``degraded`` with the parked events; never raises (a
        database that does not answer is reported, not raised)."""
        try:
            return self.followers.health()
        except Exception as error:
            logger.warning("health: store unavailable (%s)", type(error).__name__)
            return {"status": "degraded", "store": "unavailable"}
