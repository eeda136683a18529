"""The read models' schema, managed by Alembic (``projections/migrations``) and upgraded in
code, so the worker, the API and the tests all run the same migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

MIGRATIONS = Path(__file__).parent / "migrations"
VERSION_TABLE = "rm_alembic_version"
# Key of the PostgreSQL advisory lock held while a process changes the schema.
SCHEMA_LOCK_KEY = 7_424_117_001


# The schemes hosts hand out for PostgreSQL; each means psycopg 3 here (psycopg2, which
# SQLAlchemy would pick for a bare ``postgresql://``, is not installed).
POSTGRES_SCHEMES = ("postgres://", "postgresql://")


def normalise_database_url(database_url: str) -> str:
    """The URL with PostgreSQL's driver made explicit: ``postgres://`` and ``postgresql://``
    become ``postgresql+psycopg://`` (the driver eventsourcing.postgres uses too). Every
    other URL is returned as it is. The one place database URLs are normalised."""
    for scheme in POSTGRES_SCHEMES:
        if database_url.startswith(scheme):
            return "postgresql+psycopg://" + database_url[len(scheme) :]
    return database_url


def read_model_engine(database_url: str) -> Engine:
    """An engine for the read models on the ledger's database (SQLite or PostgreSQL)."""
    database_url = normalise_database_url(database_url)
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        # Pre-ping replaces connections a server restart broke.
        return create_engine(
            url,
            pool_size=5,
            max_overflow=5,
            pool_pre_ping=True,
        )
    in_memory = database_url in ("sqlite://", "sqlite:///:memory:")
    engine = create_engine(
        database_url,
        connect_args={"timeout": 30},
        poolclass=StaticPool if in_memory else None,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(connection: object, record: object) -> None:
        cursor = connection.cursor()  # type: ignore[attr-defined]
        # WAL (as the ledger's store uses) lets the API read while the worker writes;
        # synchronous=NORMAL is durable across process crashes in WAL mode and a lost
        # last commit after a power cut is simply replayed from the log.
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # The views and the API's stores hold no personal values (the learners' data keys
        # turn secure_delete on themselves, on the connection that deletes one), and
        # Debian's SQLite is built with it on: every deleted row and freed page was
        # overwritten with zeros and written out, so clearing the views for a rebuild wrote
        # them all once more.
        cursor.execute("PRAGMA secure_delete=OFF")
        cursor.close()

    return engine


def serialise_schema_changes(connection: Connection) -> None:
    """Makes processes that start together (``uvicorn --workers N``, a worker beside them)
    change the schema one at a time: on PostgreSQL, waits for a transaction-scoped advisory
    lock, so the next one sees the tables and version the first committed instead of failing
    on a duplicate CREATE TABLE. SQLite serialises writers itself."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK_KEY})")


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """``metadata.create_all`` for tables kept outside the migrations (API stores), safe when
    several processes start at once."""
    with engine.begin() as connection:
        serialise_schema_changes(connection)
        metadata.create_all(connection)


def alembic_config(engine: Engine, migrations: Path = MIGRATIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head", *, migrations: Path = MIGRATIONS) -> None:
    """Brings the read-model tables (or, with ``migrations``, another set of Alembic
    migrations run by ``run_migrations_online``) to ``revision``; idempotent."""
    command.upgrade(alembic_config(engine, migrations), revision)


def run_migrations_online(metadata: MetaData, version_table: str) -> None:
    """The body of an ``env.py``: migrations on the engine ``upgrade`` passed in, one
    process at a time, in a version table of their own."""
    from alembic import context

    engine: Engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        serialise_schema_changes(connection)
        context.configure(
            connection=connection,
            target_metadata=metadata,
            version_table=version_table,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
