"""Settings, read from the environment (prefix ``LEERSPOOR_``) by the composition root only."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/leerspoor.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LEERSPOOR_", env_file=".env", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    """One SQLAlchemy URL for the event store and the read models."""
    keys_dir: Path = Path("var/keys")
    public_base_url: str = "http://127.0.0.1:8000"
    max_body_bytes: int = 1_048_576
    """Requests with a larger body are refused (413) before parsing."""
