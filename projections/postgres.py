"""Views in PostgreSQL: tables `view_<name>_<table>` and the tracking table `view_<name>_tracking`.

All views share the application's database (and schema) and one connection pool. Search is a
case-insensitive substring match (`LIKE '%word%'` on the case-folded search column) for every
word, served by a pg_trgm GIN index when the extension can be created; without it the same query
scans, which is still quick for a city's invoice volume. Trigrams were chosen over `tsvector`
because people search invoice numbers and Leitweg-IDs by fragments ("0042", "08125"), which word
tokenising does not find.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import cast
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier

from projections.schema import Table
from projections.sql import SQLView, cents, dump_json, from_cents, utc

log = logging.getLogger(__name__)

_TYPES = {"uuid": "uuid", "text": "text", "int": "bigint", "money": "bigint", "date": "date",
          "timestamp": "timestamptz", "bool": "boolean", "json": "text"}


def _json(text: str):
    import json

    return json.loads(text)


class PostgresView(SQLView, PostgresTrackingRecorder):
    """A view's tables and tracking position in PostgreSQL, under the prefix `<prefix>_<name>`."""

    to_db = {"money": cents, "json": dump_json}
    from_db = {"money": from_cents, "timestamp": utc, "json": _json}
    placeholder = "%s"

    def __init__(self, datastore: PostgresDatastore, *, tables: Sequence[Table], application_name: str,
                 prefix: str, **kwargs):
        self._init_view(tables, application_name)
        self.prefix = prefix
        for table in tables:
            self.check_identifier_length(f"{prefix}_{table.name}_search")
        super().__init__(datastore, tracking_table_name=f"{prefix}_tracking", **kwargs)
        schema, tracking = Identifier(self.datastore.schema), Identifier(self.tracking_table_name)
        self._tracking = f"{schema.as_string()}.{tracking.as_string()}"
        # eventsourcing declares list[Composed] and executes any psycopg Composable, as it does these
        self.sql_create_statements += cast(list[Composed], [SQL(statement) for statement in self._view_statements()])

    def _view_statements(self) -> list[str]:
        statements = []
        for table in self.tables:
            name = self._qualified(table.name)
            columns = ", ".join(f"{column.name} {_TYPES[column.type]}" for column in table.columns)
            statements.append(f"CREATE TABLE IF NOT EXISTS {name} ({columns}, PRIMARY KEY ({', '.join(table.key)}))")
            for index in table.indexes:
                index_name = Identifier(f"{self.prefix}_{table.name}_{'_'.join(index)}"[:63]).as_string()
                statements.append(f"CREATE INDEX IF NOT EXISTS {index_name} ON {name} ({', '.join(index)})")
        return statements + self._summary_statements(_TYPES.__getitem__)

    def _index_name(self, table: str, columns: Sequence[str]) -> str:
        return Identifier(f"{self.prefix}_{table}_{'_'.join(columns)}"[:63]).as_string()

    def create_table(self) -> None:
        super().create_table()
        self._create_search_indexes()

    def _create_search_indexes(self) -> None:
        for table in self.tables:
            if not table.search:
                continue
            index = Identifier(f"{self.prefix}_{table.name}_search").as_string()
            try:
                with self.datastore.transaction(commit=True) as cursor:
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                    cursor.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {self._qualified(table.name)} "
                                   f"USING gin ({table.search} gin_trgm_ops)")
            except Exception as error:  # no pg_trgm or no right to create it: search still works, by scanning
                log.warning("No trigram index for %s (%s); search scans the table.", table.name, error)

    def _qualified(self, table: str) -> str:
        return f"{Identifier(self.datastore.schema).as_string()}.{Identifier(f'{self.prefix}_{table}').as_string()}"

    def _existing_columns(self, cursor, name: str) -> list[str]:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s "
                       "ORDER BY ordinal_position", [self.datastore.schema or "public", f"{self.prefix}_{name}"])
        return [row["column_name"] for row in cursor.fetchall()]

    def _ids_condition(self, ids: Sequence[UUID]) -> list[tuple[str, list]]:
        return [("= ANY(%s)", [list(ids)])]

    def _insert(self, cursor, table: Table, rows: list[list]) -> None:
        with cursor.copy(f"COPY {self._qualified(table.name)} ({self._columns(table)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _lock_position(self, cursor) -> int:
        cursor.execute(f"SELECT notification_id FROM {self._tracking} WHERE application_name = %s FOR UPDATE",
                       [self.application_name])
        row = cursor.fetchone()
        return row["notification_id"] if row else 0

    def _begin_snapshot(self, cursor) -> None:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    @staticmethod
    def _values(row) -> Sequence:
        return tuple(row.values())

    def _drop_indexes(self) -> None:
        with self._transaction(commit=True) as cursor:
            for table in self.tables:
                for index in table.indexes:
                    name = Identifier(f"{self.prefix}_{table.name}_{'_'.join(index)}"[:63]).as_string()
                    cursor.execute(f"DROP INDEX IF EXISTS {Identifier(self.datastore.schema).as_string()}.{name}")
                if table.search:
                    name = Identifier(f"{self.prefix}_{table.name}_search").as_string()
                    cursor.execute(f"DROP INDEX IF EXISTS {Identifier(self.datastore.schema).as_string()}.{name}")

    def _create_indexes(self) -> None:
        with self._transaction(commit=True) as cursor:
            for statement in self._view_statements():
                cursor.execute(statement)
        self._create_search_indexes()

    def _reset(self) -> None:
        with self._transaction(commit=True) as cursor:
            for name in (*(table.name for table in self.tables), *self.summaries):
                cursor.execute(f"DROP TABLE IF EXISTS {self._qualified(name)}")
            self._forget_position(cursor, self._tracking)
            for statement in self._view_statements():
                cursor.execute(statement)
        self._create_search_indexes()

    def close(self) -> None:
        """The datastore is shared by all views; `projections.catalogue.Views.close` closes it."""

