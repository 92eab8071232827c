"""Views in SQLite: one database file per view (`<data dir>/views/<name>.sqlite`), or one in memory.

A file per view keeps eventsourcing's `tracking` table (one per database) to that view alone,
lets views be written concurrently, and makes a scratch copy for the consistency check trivial.
Search uses an FTS5 table with the trigram tokenizer beside the searched table, kept in step by
triggers: substrings of three characters or more are found through the index, shorter words
with LIKE on the (already case-folded) search column.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool, SQLiteDatastore, SQLiteTrackingRecorder

from projections.schema import Table
from projections.sql import SQLView, cents, dump_json, from_cents, iso_utc
from projections.store import search_terms

DENSE = 10_000
"""Above this many rows matching a search word, a search scans in list order instead of using the FTS index."""

_TYPES = {"uuid": "TEXT", "text": "TEXT", "int": "INTEGER", "money": "INTEGER", "date": "TEXT",
          "timestamp": "TEXT", "bool": "INTEGER", "json": "TEXT"}


def _json(text: str):
    import json

    return json.loads(text)


class _DerivedDataPool(SQLiteConnectionPool):
    """Connections to a view's file that commit without waiting for the disk (`PRAGMA synchronous=NORMAL`)."""

    def _create_connection(self) -> SQLiteConnection:
        connection = super()._create_connection()
        connection.cursor().execute("PRAGMA synchronous=NORMAL")
        return connection


def _view_datastore(name: str) -> SQLiteDatastore:
    """The datastore of a view's file. A view is derived data: its rows and its position are written in one
    transaction, so after a power loss in WAL mode with synchronous=NORMAL (SQLite: committed transactions may
    roll back, the file stays consistent) a view is at an earlier position with that position's rows, and the
    runner applies the events after it again. The event store keeps SQLite's default (FULL): a receipt given
    for an invoice must outlive a power loss. Measured: following 20,000 events in live batches of 30, every
    view, 422–439 → 364–365 µs CPU per event (and no fsync wait per commit)."""
    datastore = SQLiteDatastore(name, lock_timeout=30)
    datastore.pool = _DerivedDataPool(db_name=name, lock_timeout=30)
    return datastore


class SQLiteView(SQLView, SQLiteTrackingRecorder):
    """A view's tables and tracking position in an SQLite database of its own."""

    to_db = {"uuid": str, "money": cents, "date": date.isoformat, "timestamp": iso_utc, "bool": int,
             "json": dump_json}
    from_db = {"uuid": UUID, "money": from_cents, "date": date.fromisoformat, "timestamp": datetime.fromisoformat,
               "bool": bool, "json": _json}
    _search_by_rows = True  # the FTS5 table follows inserts and deletes (see `_view_statements`)

    def __init__(self, datastore: SQLiteDatastore, *, tables: Sequence[Table], application_name: str, **kwargs):
        self._init_view(tables, application_name)
        super().__init__(datastore, **kwargs)

    @classmethod
    def open(cls, path: Path | None, *, tables: Sequence[Table], application_name: str,
             create: bool = True) -> SQLiteView:
        """The view in the file `path` (None: a fresh in-memory database), tables created if `create`."""
        if path is None:
            name = f"file:view-{uuid.uuid4().hex}?mode=memory&cache=shared"
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            name = str(path)
        view = cls(_view_datastore(name), tables=tables, application_name=application_name)
        if create:
            view.create_table()
        return view

    def construct_create_table_statements(self) -> list[str]:
        return [*super().construct_create_table_statements(), *self._view_statements()]

    def _view_statements(self) -> list[str]:
        statements = []
        for table in self.tables:
            columns = ", ".join(f"{column.name} {_TYPES[column.type]}" for column in table.columns)
            statements.append(f"CREATE TABLE IF NOT EXISTS {table.name} ({columns}, "
                              f"PRIMARY KEY ({', '.join(table.key)}))")
            for index in table.indexes:
                statements.append(f"CREATE INDEX IF NOT EXISTS {table.name}_{'_'.join(index)} "
                                  f"ON {table.name} ({', '.join(index)})")
            if table.search:
                search = f"{table.name}_search"
                statements += [
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS {search} "
                    "USING fts5(text, tokenize='trigram case_sensitive 1')",
                    f"CREATE TRIGGER IF NOT EXISTS {search}_insert AFTER INSERT ON {table.name} BEGIN "
                    f"INSERT INTO {search} (rowid, text) VALUES (new.rowid, new.{table.search}); END",
                    f"CREATE TRIGGER IF NOT EXISTS {search}_delete AFTER DELETE ON {table.name} BEGIN "
                    f"DELETE FROM {search} WHERE rowid = old.rowid; END",
                ]
        return statements + self._summary_statements(_TYPES.__getitem__)

    def _qualified(self, table: str) -> str:
        return table

    def _existing_columns(self, cursor, name: str) -> list[str]:
        cursor.execute(f"PRAGMA table_info({name})")
        return [row["name"] for row in cursor.fetchall()]

    def _ids_condition(self, ids: Sequence[UUID]) -> list[tuple[str, list]]:
        return [(f"IN ({', '.join('?' * len(chunk))})", [str(case_id) for case_id in chunk])
                for chunk in (ids[start:start + 900] for start in range(0, len(ids), 900))]

    def _lock_position(self, cursor) -> int:
        return self._max_tracking_id(self.application_name, cursor) or 0

    def _param(self, value: Any) -> Any:
        if isinstance(value, datetime):
            return iso_utc(value)
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, bool):
            return int(value)
        return value

    def _search_clauses(self, spec: Table, text: str, *, ordered: bool = True) -> tuple[list[str], list]:
        """Words of three characters or more through the FTS5 trigram index when they are rare; when they are
        found in more than `DENSE` rows and read in a list's order, by LIKE on the search column instead, so that
        an ordered index scan finds a page of them at once (through the index, a page would first collect every
        match). A count (capped) always goes through the index: scanning for a thousand matches of a common
        word reads the table for them (18.7 ms against 3.3 ms at a million invoices)."""
        terms = search_terms(text)
        long = [term for term in terms if len(term) >= 3]
        clauses, params = [], []
        if long:
            match = " ".join('"' + term.replace('"', '""') + '"' for term in long)
            if not (ordered and self._dense(spec, match)):
                clauses.append(f"rowid IN (SELECT rowid FROM {spec.name}_search WHERE {spec.name}_search MATCH ?)")
                params.append(match)
                terms = [term for term in terms if len(term) < 3]
        like, like_params = super()._search_clauses(spec, " ".join(terms))
        return clauses + like, params + like_params

    def _dense(self, spec: Table, match: str) -> bool:
        """Whether more than `DENSE` rows match the FTS query `match`."""
        with self._transaction(commit=False) as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM (SELECT rowid FROM {spec.name}_search WHERE {spec.name}_search "
                           f"MATCH ? LIMIT {DENSE + 1})", [match])
            return cursor.fetchone()[0] > DENSE

    def _drop_indexes(self) -> None:
        with self._transaction(commit=True) as cursor:
            for table in self.tables:
                for index in table.indexes:
                    cursor.execute(f"DROP INDEX IF EXISTS {table.name}_{'_'.join(index)}")
                if table.search:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table.name}_search_insert")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table.name}_search_delete")
                    cursor.execute(f"DELETE FROM {table.name}_search")
        self._search_dropped = True

    def _create_indexes(self) -> None:
        with self._transaction(commit=True) as cursor:
            for statement in self._view_statements():
                cursor.execute(statement)
            if getattr(self, "_search_dropped", False):  # the rows came without the triggers: index them all now
                for table in self.tables:
                    if table.search:
                        cursor.execute(f"DELETE FROM {table.name}_search")
                        cursor.execute(f"INSERT INTO {table.name}_search (rowid, text) "
                                       f"SELECT rowid, {table.search} FROM {table.name}")
        self._search_dropped = False

    def _reset(self) -> None:
        with self._transaction(commit=True) as cursor:
            for table in self.tables:
                if table.search:
                    cursor.execute(f"DROP TABLE IF EXISTS {table.name}_search")
                cursor.execute(f"DROP TABLE IF EXISTS {table.name}")
            for name in self.summaries:
                cursor.execute(f"DROP TABLE IF EXISTS {name}")
            self._forget_position(cursor, "tracking")
            for statement in self._view_statements():
                cursor.execute(statement)

    def close(self) -> None:
        self.datastore.close()

