"""Settings, read from the environment (prefix ``LEERSPOOR_``) by the composition root only.

Values may also come from a dotenv file: ``.env`` in the working directory and, when
``LEERSPOOR_CONFIG`` names one, that file too (later files win; the environment wins over
both). ``LEERSPOOR_DATABASE_URL`` picks the store for the ledger and the read models:
``sqlite:///var/leerspoor.db`` or ``postgresql+psycopg://user:password@host:5432/leerspoor``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/leerspoor.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEERSPOOR_", env_file=".env", extra="ignore")

    def __init__(self, **values: Any) -> None:
        config = os.environ.get("LEERSPOOR_CONFIG")
        if config and "_env_file" not in values:
            values["_env_file"] = (".env", config)
        super().__init__(**values)

    database_url: str = DEFAULT_DATABASE_URL
    """One SQLAlchemy URL for the event store and the read models."""

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, url: str) -> str:
        """``postgres://`` (as some hosts hand it out) means PostgreSQL with psycopg 3."""
        for alias in ("postgres://", "postgresql://"):
            if url.startswith(alias):
                return "postgresql+psycopg://" + url[len(alias) :]
        return url

    keys_dir: Path = Path("var/keys")
    public_base_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 1_048_576
    """Requests with a larger body are refused (413) before parsing."""
    forwarded_allow_ips: str = ""
    """Proxies (comma-separated IPs or networks, ``*`` for any) whose X-Forwarded-Proto and
    X-Forwarded-For are believed, e.g. a TLS-terminating proxy: then the session cookie is
    ``Secure``. Empty (the default): no forwarded header is believed."""
