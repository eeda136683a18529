"""Settings: the one place that reads the environment (prefix ``LEERSPOOR_``).

Values may also come from a dotenv file: ``.env`` in the working directory and, when
``LEERSPOOR_CONFIG`` names one, that file too (later files win; the environment wins over
both). Built by the composition root (``api.bootstrap``), the app factory or a CLI command,
never at import time, so tests build their own against a temporary database.

``LEERSPOOR_DATABASE_URL`` picks the store for the ledger, the read models and the API's
own tables: ``sqlite:///var/leerspoor.db`` or ``postgresql://user:password@host/leerspoor``
(``postgres://`` and ``postgresql://`` both mean PostgreSQL through psycopg 3).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from projections import normalise_database_url

DEFAULT_DATABASE_URL = "sqlite:///var/leerspoor.db"
# Only for development: refused when LEERSPOOR_ENV=production (docs/operations.md).
DEVELOPMENT_SECRET = "leerspoor-development-only-key-secret"  # noqa: S105


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class InsecureSettingsError(ValueError):
    """Raised when production would run with the development key secret."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class Settings(BaseSettings):
    """Every setting of a Leerspoor process; see the table in the README."""

    model_config = SettingsConfigDict(
        env_prefix="LEERSPOOR_", env_file=".env", extra="ignore", populate_by_name=True
    )

    def __init__(self, **values: Any) -> None:
        config = os.environ.get("LEERSPOOR_CONFIG")
        if config and "_env_file" not in values:
            values["_env_file"] = (".env", config)
        super().__init__(**values)

    database_url: str = DEFAULT_DATABASE_URL
    """One SQLAlchemy URL for the event store, the read models and the API's tables."""
    keys_dir: Path = Path("var/keys")
    """Issuer keys and the ledger's checkpoint key, sealed at rest under ``key_secret``."""
    key_secret: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    """The master secret that seals the keys and the learners' data keys."""
    environment: Environment = Field(Environment.DEVELOPMENT, validation_alias="LEERSPOOR_ENV")
    public_base_url: str = "http://127.0.0.1:8000"
    """Where this server is published: host of the issuers' did:web, status lists, ids."""
    max_body_bytes: int = 1_048_576
    """Requests with a larger body are refused (413) before parsing."""
    gc_young_threshold: int = Field(50_000, ge=0)
    """New container objects between two runs of Python's cyclic garbage collector over its
    youngest generation, in a process that holds the ledger (``Components.ledger``); CPython's
    own default is 700. 0 leaves the interpreter's setting alone."""
    serve_cpu: int | None = Field(None, ge=0)
    """The CPU ``leerspoor serve`` keeps its process on (Linux CPU affinity), one of those the
    process may use; unset, the operating system moves its threads between CPUs. The
    interpreter runs one thread at a time, and handing that turn between threads on two CPUs
    costs CPU. Since posts on SQLite run on the event loop the gain is small (1.57 against
    1.52 ms per posted event at ten clients, ``make bench-full`` 2026-12-01 00:24;
    docs/operations.md)."""
    clock: Callable[[], datetime] = Field(default=utc_now, exclude=True)
    """Now, for the ledger, the stores and signing; tests pass a fixed or ticking clock.
    Not a setting of the environment (a string there is refused)."""

    @field_validator("database_url")
    @classmethod
    def _psycopg_driver(cls, url: str) -> str:
        return normalise_database_url(url)

    forwarded_allow_ips: str = ""
    """Proxies (comma-separated IPs or networks, ``*`` for any) whose X-Forwarded-Proto and
    X-Forwarded-For are believed, e.g. a TLS-terminating proxy: then the session cookie is
    ``Secure``. Empty (the default): no forwarded header is believed."""

    trust_dir: Path | None = None
    """A folder of DID documents, ``https://`` controller documents and status lists (as
    ``leerspoor verify --trust`` reads it) that verification consults after our own."""
    resolver_enabled: bool = False
    """Resolve foreign issuers' did:web and ``https://`` controller documents online
    (HTTPS only, public addresses only, size and time limits; ``badges.OnlineResolver``)."""
    resolver_allowed_networks: tuple[str, ...] = ()
    """CIDR ranges the online resolver may reach although not public: for tests only."""
    resolver_max_bytes: int = 256 * 1024
    resolver_timeout_s: float = 5.0
    resolver_max_redirects: int = 3

    @field_validator("key_secret")
    @classmethod
    def _empty_means_unset(cls, secret: SecretStr) -> SecretStr:
        """An empty secret is no secret: it stands for the development one (refused below
        in production), as an unset one does."""
        return secret if secret.get_secret_value() else SecretStr(DEVELOPMENT_SECRET)

    @model_validator(mode="after")
    def _no_development_secret_in_production(self) -> Settings:
        insecure = self.key_secret.get_secret_value() == DEVELOPMENT_SECRET
        if insecure and self.environment is Environment.PRODUCTION:
            raise InsecureSettingsError(
                "set LEERSPOOR_KEY_SECRET: the development secret is refused in production"
            )
        return self

    def secret(self) -> str:
        """The key secret in clear, for the parts that seal and unseal keys."""
        return self.key_secret.get_secret_value()
