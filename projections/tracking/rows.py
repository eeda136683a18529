"""A view's row changes, held in memory until the transaction that also moves its position:
rows put by primary key, rows appended, children replaced per parent, and a bounded cache of
rows read back; and the rows a view's queries find (``rows_of``). Imports nothing of ours."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, Table, and_, select
from sqlalchemy.engine import Connection, Engine

Row = dict[str, Any]
Key = tuple[Any, ...]

# Rows looked up by key stay cached up to this many per table; pending rows are never evicted.
# Rows are read back for trajectories with recent events, so this covers several thousand
# trajectories being followed at once; a miss costs one SELECT.
ROW_CACHE_SIZE = 8_000


class RowBuffer:
    """Buffered writes and cached reads of one view's tables on ``engine``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pending: dict[Table, dict[Key, Row]] = {}
        self._replaced: dict[Table, dict[Any, list[Row]]] = {}
        self._appended: dict[Table, list[Row]] = {}
        self._cache: dict[Table, OrderedDict[Key, Row | None]] = {}

    def put(self, table: Table, row: Row) -> None:
        """Inserts or replaces the row with ``row``'s primary key (written at commit)."""
        key = tuple(row[name] for name in _key_names(table))
        self._pending.setdefault(table, {})[key] = row
        self._remember(table, key, row)

    def append_row(self, table: Table, row: Row) -> None:
        """Inserts a row that is never read back or replaced (append-only tables)."""
        self._appended.setdefault(table, []).append(row)

    def replace_children(self, table: Table, parent: Any, rows: list[Row]) -> None:
        """Replaces every row of ``table`` whose first key column equals ``parent``."""
        self._replaced.setdefault(table, {})[parent] = rows

    def row(self, table: Table, *key: Any) -> Row | None:
        """The current row by primary key: pending, else cached, else stored."""
        pending = self._pending.get(table, {}).get(key)
        if pending is not None:
            return pending
        cache = self._cache.setdefault(table, OrderedDict())
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        columns = list(table.primary_key.columns)
        with self.engine.connect() as conn:
            found = conn.execute(
                select(table).where(and_(*(c == v for c, v in zip(columns, key, strict=True))))
            ).first()
        stored = None if found is None else dict(found._mapping)
        self._remember(table, key, stored)
        return stored

    def select_rows(self, query: Select[Any], decode: Sequence[str] = ()) -> list[Row]:
        """The rows ``query`` finds in the store (nothing buffered), as ``rows_of``."""
        with self.engine.connect() as conn:
            return rows_of(conn, query, decode)

    def _remember(self, table: Table, key: Key, row: Row | None) -> None:
        cache = self._cache.setdefault(table, OrderedDict())
        cache[key] = row
        cache.move_to_end(key)
        if len(cache) > ROW_CACHE_SIZE:
            cache.popitem(last=False)

    def write_rows(self, conn: Connection) -> None:
        """Writes every buffered change on ``conn`` (the caller's transaction)."""
        for table, children in self._replaced.items():
            parent = list(table.primary_key.columns)[0]
            conn.execute(table.delete().where(parent.in_(list(children))))
            _insert_many(conn, table, [r for rs in children.values() for r in rs])
        for table, appended in self._appended.items():
            _insert_many(conn, table, appended)
        for table, pending in self._pending.items():
            _insert_many(conn, table, list(pending.values()), replace=True)
        self.drop_unwritten()

    def drop_unwritten(self) -> None:
        self._pending.clear()
        self._replaced.clear()
        self._appended.clear()

    def drop_cache(self) -> None:
        self.drop_unwritten()
        self._cache.clear()


def rows_of(conn: Connection, query: Select[Any], decode: Sequence[str] = ()) -> list[Row]:
    """The rows ``query`` finds, as dicts by column name, with the JSON text of the
    ``decode`` columns read."""
    rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        for column in decode:
            row[column] = json.loads(row[column])
    return rows


@cache
def _key_names(table: Table) -> tuple[str, ...]:
    # Iterating a ColumnCollection per row showed in profiles; tables never change.
    return tuple(c.name for c in table.primary_key.columns)


def _insert_many(conn: Connection, table: Table, rows: list[Row], replace: bool = False) -> None:
    """One DB-API ``executemany`` with positional rows: compiling a Core insert per batch
    cost more than the writes themselves (profiled on a rebuild). ``replace`` upserts on the
    primary key: ``INSERT OR REPLACE`` on SQLite, ``ON CONFLICT ... DO UPDATE`` on
    PostgreSQL (psycopg pipelines the ``executemany``)."""
    if not rows:
        return
    names = [c.name for c in table.columns]
    sql = _insert_sql(table, conn.dialect.name, replace)
    values = itemgetter(*names)  # a tuple per row: every table has several columns
    conn.exec_driver_sql(sql, list(map(values, rows)))


@cache
def _insert_sql(table: Table, dialect: str, replace: bool) -> str:
    # Table and column names come from our own Table objects, never from input.
    names = [c.name for c in table.columns]
    columns = ", ".join(names)
    if dialect == "sqlite":
        verb = "INSERT OR REPLACE" if replace else "INSERT"
        return f"{verb} INTO {table.name} ({columns}) VALUES ({', '.join('?' * len(names))})"  # noqa: S608
    insert = f"INSERT INTO {table.name} ({columns}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608
    if not replace:
        return insert
    keys = _key_names(table)
    others = [n for n in names if n not in keys]
    action = (
        "DO UPDATE SET " + ", ".join(f"{n} = EXCLUDED.{n}" for n in others)
        if others
        else "DO NOTHING"
    )
    return f"{insert} ON CONFLICT ({', '.join(keys)}) {action}"
