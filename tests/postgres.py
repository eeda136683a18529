"""A throwaway PostgreSQL cluster for the test run (the recipe of
``shared/reference/test-services.md``): Debian's ``postgresql`` is installed with apt when its
server binaries are missing, a cluster is initialised in ``/tmp`` as the ``postgres`` user
(``initdb`` refuses root) and started on a free loopback port with ``fsync=off``; each test
gets its own database (``CREATE DATABASE`` takes a few milliseconds).

``LEERSPOOR_TEST_POSTGRES_URL`` points the tests at an existing server instead (its user
needs ``CREATEDB``); ``LEERSPOOR_TEST_POSTGRES=0`` skips the PostgreSQL half of the suite.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from tests.live_server import free_port

INSTALL = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"]


class PostgresUnavailableError(RuntimeError):
    """Raised when no PostgreSQL server can be installed or started; the message says why."""


def server_bindir() -> str | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
    )
    return os.path.dirname(found[-1]) if found else None


def install_postgres() -> str:
    """The server's bin directory, installing Debian's ``postgresql`` first if needed."""
    bindir = server_bindir()
    if bindir:
        return bindir
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PostgresUnavailableError(
            "PostgreSQL server not installed and apt-get unusable here "
            "(run as root: apt-get install -y --no-install-recommends postgresql)"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], INSTALL):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0 and command is INSTALL:
            raise PostgresUnavailableError(
                f"{' '.join(INSTALL)} failed ({done.returncode}): {done.stderr.strip()[-500:]}"
            )
    bindir = server_bindir()
    if not bindir:
        raise PostgresUnavailableError("postgresql installed but no pg_ctl under /usr/lib")
    return bindir


@dataclass
class Cluster:
    """A running throwaway cluster; ``url`` names its ``postgres`` database."""

    bindir: str
    home: Path
    port: int
    as_pg: dict[str, Any] = field(default_factory=dict)

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, *command: str) -> None:
        subprocess.run(
            [os.path.join(self.bindir, command[0]), *command[1:]],
            check=True,
            cwd=self.home,
            stdout=subprocess.DEVNULL,
            **self.as_pg,
        )

    def start(self) -> None:
        self.run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.home / "server.log"),
            "-w", "-t", "60", "start",
            "-o", f"-p {self.port} -k {self.home} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=400",
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def restart(self) -> None:
        """Stops (fast: open connections are cut) and starts the server again."""
        self.stop()
        self.start()

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.libpq_url("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return str(make_url(self.url).set(database=name).render_as_string(hide_password=False))

    def drop_database(self, url: str) -> None:
        name = make_url(url).database
        if not name:
            raise ValueError(f"{url!r} names no database to drop")
        with psycopg.connect(self.libpq_url("postgres"), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def libpq_url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"


class ExistingServer(Cluster):
    """A server someone else runs (``LEERSPOOR_TEST_POSTGRES_URL``): never started or stopped."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        super().__init__(bindir="", home=Path("."), port=parsed.port or 5432)
        self._url = parsed

    @property
    def url(self) -> str:
        return str(self._url.set(drivername="postgresql+psycopg").render_as_string(False))

    def libpq_url(self, database: str) -> str:
        return str(
            self._url.set(drivername="postgresql", database=database).render_as_string(False)
        )

    def start(self) -> None:
        pass

    def stop(self, mode: str = "fast") -> None:
        pass


def throwaway_cluster() -> Iterator[Cluster]:
    """Installs (if needed), initialises and starts a cluster; stops and removes it after."""
    existing = os.environ.get("LEERSPOOR_TEST_POSTGRES_URL")
    if existing:
        yield ExistingServer(existing)
        return
    bindir = install_postgres()
    as_pg: dict[str, Any] = {}
    if os.geteuid() == 0:
        as_pg = {"user": "postgres", "group": "postgres", "extra_groups": []}
    home = Path(tempfile.mkdtemp(prefix="leerspoor-pg-", dir="/tmp"))
    if as_pg:
        shutil.chown(home, "postgres", "postgres")
    cluster = Cluster(bindir, home, free_port(), as_pg)
    try:
        cluster.run(
            "initdb", "-D", str(cluster.data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "-N",
        )  # fmt: skip
        cluster.start()
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(home, ignore_errors=True)
        raise PostgresUnavailableError(f"could not start a throwaway cluster: {error}") from error
    try:
        yield cluster
    finally:
        try:
            cluster.stop("immediate")
        finally:
            shutil.rmtree(home, ignore_errors=True)
