"""The composition root: one ``Settings`` in, every long-lived part out, each built once and
only when first asked for (``leerspoor keys list`` never opens the database).

``Components(settings)`` is what the app factory and every CLI command build their parts
through; nothing else reads the environment, the key secret or the clock. The database URL
becomes the ``eventsourcing`` persistence environment here, so one setting picks every
store: ``sqlite:///path`` selects ``eventsourcing.sqlite``, ``postgresql+psycopg://``
selects ``eventsourcing.postgres`` (the library's recorder, which locks the events table
while it inserts so notification ids are handed out in commit order; see
``projections.runner``).
"""

from __future__ import annotations

import gc
import time
from functools import cached_property
from pathlib import Path

from eventsourcing.persistence import PersistenceError
from sqlalchemy.engine import Engine, make_url

from api.services import COALESCE_SECONDS, Services
from api.settings import Settings, utc_now
from api.stores import (
    AccessLog,
    HostedCredentials,
    LedgerKey,
    OAuthStore,
    ShareStore,
    SQLDataKeys,
    Stores,
    TokenStore,
    TrustedIssuerStore,
    upgrade_stores,
)
from api.wallets import ForeignIssuers, ResolvingTrust, Wallets
from badges import Keystore
from ledger import Ledger
from projections import (
    BATCH,
    BadgeFactory,
    BadgeIssuance,
    CredentialView,
    LedgerIntegrity,
    ReadModels,
    read_model_engine,
    upgrade,
)

__all__ = [
    "Components",
    "UnsupportedDatabaseError",
    "build_ledger",
    "ledger_env",
    "postgres_env",
    "utc_now",
]


class UnsupportedDatabaseError(ValueError):
    """Raised when the database URL names a backend the ledger cannot use."""


class Components:
    """The parts of one Leerspoor process, built from ``settings`` on first use.

    ``ledger`` may be passed in to share one ledger between an app and a test. ``batch``
    (events per read-model transaction) and ``coalesce`` (how long a background catch-up
    waits for more writes to share it) shape the followers ``services`` runs."""

    def __init__(
        self,
        settings: Settings,
        *,
        ledger: Ledger | None = None,
        batch: int = BATCH,
        coalesce: float = COALESCE_SECONDS,
    ) -> None:
        self.settings = settings
        self.batch = batch
        self.coalesce = coalesce
        if ledger is not None:
            self.__dict__["ledger"] = ledger

    @cached_property
    def engine(self) -> Engine:
        """The engine of the read models and the API's stores, both schemas migrated."""
        ledger_env(self.settings.database_url)  # refuses an unsupported backend first
        engine = read_model_engine(self.settings.database_url)
        upgrade(engine)
        upgrade_stores(engine)
        return engine

    @cached_property
    def data_keys(self) -> SQLDataKeys:
        """The learners' data keys, in the ledger's database, sealed under the key secret.
        On an engine of their own: SQLite's secure_delete, which erasure needs, stays off
        the read models' connections."""
        ledger_env(self.settings.database_url)
        engine = read_model_engine(self.settings.database_url)
        upgrade_stores(engine)
        return SQLDataKeys(engine, self.settings.secret(), self.settings.clock)

    @cached_property
    def ledger(self) -> Ledger:
        env = ledger_env(self.settings.database_url)
        collect_less_often(self.settings.gc_young_threshold)
        for attempt in range(STARTUP_ATTEMPTS):
            try:
                return Ledger(env=env, clock=self.settings.clock, data_keys=self.data_keys)
            except PersistenceError:
                # Processes starting together on a new PostgreSQL database race to create
                # the library's table, type and function ("tuple concurrently updated").
                if attempt == STARTUP_ATTEMPTS - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
        raise AssertionError("unreachable")

    @cached_property
    def keystore(self) -> Keystore:
        """The issuers' signing keys."""
        return Keystore(self.settings.keys_dir, self.settings.secret())

    @cached_property
    def ledger_key(self) -> LedgerKey:
        """The key that signs the integrity checkpoints."""
        settings = self.settings
        return LedgerKey(
            settings.keys_dir, settings.secret(), settings.public_base_url, settings.clock
        )

    @cached_property
    def tokens(self) -> TokenStore:
        return TokenStore(self.engine, self.settings.clock)

    @cached_property
    def stores(self) -> Stores:
        """The API's own tables: tokens, share links, OAuth, hosted credentials, reads."""
        clock = self.settings.clock
        return Stores(
            tokens=self.tokens,
            shares=ShareStore(self.engine, clock),
            access_log=AccessLog(self.engine, clock),
            hosted=HostedCredentials(self.engine, clock),
            oauth=OAuthStore(self.engine, clock),
            trusted_issuers=TrustedIssuerStore(self.engine, clock),
        )

    @cached_property
    def read_models(self) -> ReadModels:
        return ReadModels(self.settings.database_url, self.ledger, engine=self.engine)

    @cached_property
    def integrity(self) -> LedgerIntegrity:
        """The hash tree over the ledger and its signed checkpoints."""
        return LedgerIntegrity(
            self.engine, self.ledger, signer=self.ledger_key.signer, clock=self.settings.clock
        )

    @cached_property
    def issuance(self) -> BadgeIssuance:
        """The badge-issuing follower, signing with the issuers' keys."""
        settings = self.settings
        factory = BadgeFactory(self.keystore, settings.public_base_url, settings.clock)
        return BadgeIssuance(CredentialView(self.engine, BadgeIssuance.name), self.ledger, factory)

    @cached_property
    def services(self) -> Services:
        """Everything the HTTP API and the workers use: the followers (read models,
        issuance, the hash tree) with the background refresh."""
        services = Services(
            ledger=self.ledger,
            read_models=self.read_models,
            stores=self.stores,
            issuance=self.issuance,
            ledger_key=self.ledger_key,
            integrity=self.integrity,
            clock=self.settings.clock,
            coalesce=self.coalesce,
            batch=self.batch,
        )
        # Issuers that are not ours: the trust folder, then online (api.wallets).
        services.trust = ResolvingTrust(services.trust, ForeignIssuers(self.settings))
        return services

    @cached_property
    def wallets(self) -> Wallets:
        """The OpenID4VCI issuer's and the OpenID4VP verifier's parts."""
        return Wallets(self.settings, self.services)

    def close(self) -> None:
        """Stops the background catch-up, then releases the connections (the ledger's and
        the engine's)."""
        if "services" in self.__dict__:
            self.services.close()
        if "ledger" in self.__dict__:
            self.ledger.close()
        if "data_keys" in self.__dict__:
            self.data_keys.engine.dispose()
        if "engine" in self.__dict__:
            self.engine.dispose()


def collect_less_often(young: int) -> None:
    """Runs the cyclic garbage collector's youngest generation every ``young`` new container
    objects instead of CPython's 700 (0: left alone; a higher setting is never lowered).

    Deciding and storing an event allocates many dicts, lists and value objects that live
    as long as a command batch or a trajectory in memory, and few of them ever form cycles:
    at 700 the collector kept re-scanning them, and its full collections over a growing heap
    were a quarter of a 100k-event append (``bench/ledger_scaling.py``: 8.9-9.9 s with the
    default, 6.7-7.5 s with the collector off, 6.7-7.2 s at 50,000). The thresholds of the
    older generations stay as they are. A rebuild goes further, for its own duration
    (``projections.service.young_collections_only``)."""
    if young <= 0:
        return
    first, second, third = gc.get_threshold()
    if first < young:
        gc.set_threshold(young, second, third)


def build_ledger(database_url: str) -> Ledger:
    """The ledger on ``database_url``, every other setting from the environment: for
    scripts and tests that need only the ledger."""
    return Components(Settings(database_url=database_url)).ledger


# Connections per process in the ledger's pool (plus overflow); N API workers on one server
# take N times this, so keep N * (POOL + OVERFLOW) under PostgreSQL's max_connections.
POSTGRES_POOL_SIZE = 5
POSTGRES_MAX_OVERFLOW = 5
STARTUP_ATTEMPTS = 5


def ledger_env(database_url: str) -> dict[str, str]:
    """The eventsourcing environment for a SQLAlchemy URL (SQLite file or in-memory, or
    PostgreSQL). Raises UnsupportedDatabaseError for any other backend."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        name = url.database or ":memory:"
        if name != ":memory:":
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": name,
            "SQLITE_LOCK_TIMEOUT": "10",
            # Trajectories are read on every append; the cache fast-forwards from the store,
            # so other processes' appends are never missed.
            "AGGREGATE_CACHE_MAXSIZE": "5000",
        }
    if url.get_backend_name() == "postgresql":
        return postgres_env(database_url)
    raise UnsupportedDatabaseError(
        f"unsupported database {url.get_backend_name()!r}: use sqlite or postgresql"
    )


def postgres_env(database_url: str) -> dict[str, str]:
    """The ``eventsourcing.postgres`` environment for a ``postgresql[+driver]://`` URL.

    Pre-ping replaces connections a server restart broke before they are used; the lock
    timeout bounds the wait for the events table's insert lock (a timeout surfaces as a
    retryable ``OperationalError``). ``POSTGRES_ENABLE_DB_FUNCTIONS`` stays off: its insert
    function takes no table lock, so ids could commit out of order."""
    url = make_url(database_url)
    if not url.database:
        raise UnsupportedDatabaseError(f"{url.render_as_string()!r} names no database")
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.database,
        "POSTGRES_HOST": url.host or "localhost",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": url.username or "postgres",
        "POSTGRES_PASSWORD": url.password or "",
        "POSTGRES_POOL_SIZE": str(POSTGRES_POOL_SIZE),
        "POSTGRES_MAX_OVERFLOW": str(POSTGRES_MAX_OVERFLOW),
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_LOCK_TIMEOUT": "10",
        "POSTGRES_CONNECT_TIMEOUT": "10",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "10",
        "AGGREGATE_CACHE_MAXSIZE": "5000",
    }
