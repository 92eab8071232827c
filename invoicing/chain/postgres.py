"""The chained application recorder on PostgreSQL: tables `<app>_events_chain` and `<app>_events_anchors`.

Appending runs in one transaction, pipelined: eventsourcing's EXCLUSIVE lock on the events table
(which already serialises every writer, in any process, so that positions commit in order), the
chain's head, the events (returning their positions) — one round trip — then the entries, sent
with the commit. A writer reads the head only while it holds the lock, so no two writers can
chain onto the same head. Triggers refuse UPDATE, DELETE and TRUNCATE on the three tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from invoicing.chain import GENESIS, Anchor, Entry, Row, check_stream, link

BACKFILL_BATCH = 10_000


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL application recorder, keeping the hash chain and anchors beside the events."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        self.chain_table = SQL("{0}.{1}").format(schema, Identifier(f"{events_table_name}_chain"))
        self.anchors_table = SQL("{0}.{1}").format(schema, Identifier(f"{events_table_name}_anchors"))
        self.events_table = SQL("{0}.{1}").format(schema, Identifier(events_table_name))
        function = SQL("{0}.{1}").format(schema, Identifier("invoicing_append_only"))
        self.sql_create_statements += [
            SQL("CREATE TABLE IF NOT EXISTS {0} (position bigint PRIMARY KEY, stream_id uuid NOT NULL, "
                "version bigint NOT NULL, previous text NOT NULL, hash text NOT NULL)").format(self.chain_table),
            SQL("CREATE TABLE IF NOT EXISTS {0} (position bigint PRIMARY KEY, hash text NOT NULL, "
                "anchored_at timestamptz NOT NULL, anchored_by text NOT NULL DEFAULT '')").format(self.anchors_table),
            SQL("CREATE OR REPLACE FUNCTION {0}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'the event log is append-only: % on % refused', TG_OP, TG_TABLE_NAME; END $$"
                ).format(function),
        ]
        for table in (events_table_name, f"{events_table_name}_chain", f"{events_table_name}_anchors"):
            self.sql_create_statements += [
                SQL("CREATE OR REPLACE TRIGGER {0} BEFORE UPDATE OR DELETE ON {1}.{2} FOR EACH ROW "
                    "EXECUTE FUNCTION {3}()").format(Identifier(f"{table}_append_only"), schema, Identifier(table),
                                                     function),
                SQL("CREATE OR REPLACE TRIGGER {0} BEFORE TRUNCATE ON {1}.{2} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION {3}()").format(Identifier(f"{table}_no_truncate"), schema, Identifier(table),
                                                     function),
            ]
        self._head_statement = SQL("SELECT * FROM {0} ORDER BY position DESC LIMIT 1").format(self.chain_table)
        self._insert_entries = SQL(
            "INSERT INTO {0} (position, stream_id, version, previous, hash) "
            "SELECT * FROM unnest(%s::bigint[], %s::uuid[], %s::bigint[], %s::text[], %s::text[])"
        ).format(self.chain_table)

    def create_table(self) -> None:
        """Create the tables, then chain events recorded before the chain existed (in log order)."""
        super().create_table()
        while True:
            with self.datastore.transaction(commit=True) as cursor:
                self._lock_table(cursor)
                head = self._head(cursor)
                cursor.execute(SQL("SELECT * FROM {0} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
                                   ).format(self.events_table), (head.position if head else 0, BACKFILL_BATCH))
                rows = cursor.fetchall()
                if not rows:
                    return
                self._append_entries(cursor, head, [(row["notification_id"], row["originator_id"],
                                                     row["originator_version"], row["topic"], bytes(row["state"]))
                                                    for row in rows])

    # --- appending ----------------------------------------------------------------------------

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        if not stored_events:
            return []
        pg_events = [self.construct_pg_stored_event(event.originator_id, event.originator_version, event.topic,
                                                    event.state) for event in stored_events]
        failure: Exception | None = None
        with self.datastore.get_connection() as connection:
            with connection.pipeline() as pipeline, connection.transaction():
                with connection.cursor() as cursor:
                    self._lock_table(cursor)
                    self._notify_channel(cursor)
                heads, inserted = connection.cursor(), connection.cursor()
                heads.execute(self._head_statement, prepare=True)
                try:
                    inserted.execute(self.insert_events_statement, (pg_events,), prepare=True)
                    pipeline.sync()  # a version conflict surfaces here, before anything is chained
                    head = heads.fetchone()
                    positions = [row["notification_id"] for row in inserted.fetchall()]
                    self._append_entries(connection.cursor(), _entry(head) if head else None, [
                        (position, event.originator_id, event.originator_version, event.topic, event.state)
                        for position, event in zip(positions, stored_events)])
                except Exception as error:  # re-raised once the pipeline is closed (psycopg warns otherwise)
                    failure = error
            if failure is not None:
                raise failure
        return positions

    def _append_entries(self, cursor, head: Entry | None, events: list[tuple]) -> None:
        previous = head.hash if head else GENESIS
        columns: list[list] = [[], [], [], [], []]
        for position, stream_id, version, topic, state in sorted(events, key=lambda event: event[0]):
            digest = link(previous, stream_id, version, topic, state)
            for column, value in zip(columns, (position, stream_id, version, previous, digest)):
                column.append(value)
            previous = digest
        cursor.execute(self._insert_entries, columns, prepare=True)

    # --- reading one stream, checked ----------------------------------------------------------

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> Sequence[StoredEvent]:
        """The stream's events as eventsourcing selects them, each checked against its chain entry."""
        statement = SQL("SELECT e.notification_id, e.originator_id, e.originator_version, e.topic, e.state, "
                        "c.stream_id, c.version, c.previous, c.hash FROM {0} e LEFT JOIN {1} c "
                        "ON c.position = e.notification_id WHERE e.originator_id = %s").format(self.events_table,
                                                                                            self.chain_table)
        params: list[Any] = [originator_id]
        if gt is not None:
            statement += SQL(" AND e.originator_version > %s")
            params.append(gt)
        if lte is not None:
            statement += SQL(" AND e.originator_version <= %s")
            params.append(lte)
        statement += SQL(" ORDER BY e.originator_version DESC" if desc else " ORDER BY e.originator_version ASC")
        if limit is not None:
            statement += SQL(" LIMIT %s")
            params.append(limit)
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, params, prepare=True)
            rows = cursor.fetchall()
        stream_id = UUID(str(originator_id))
        checked = [(Row(row["notification_id"], row["originator_id"], row["originator_version"], row["topic"],
                        bytes(row["state"])),
                    Entry(row["notification_id"], row["stream_id"], row["version"], row["previous"], row["hash"])
                    if row["hash"] is not None else None) for row in rows]
        if checked:
            check_stream(stream_id, checked, min(row.version for row, _ in checked) if desc else (gt or 0) + 1)
        return [StoredEvent(originator_id=stream_id, originator_version=row.version, topic=row.topic,
                            state=row.state) for row, _ in checked]

    # --- reading the log for verification -----------------------------------------------------

    def head(self) -> Entry | None:
        with self.datastore.transaction(commit=False) as cursor:
            return self._head(cursor)

    def entry_before(self, position: int) -> Entry | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT * FROM {0} WHERE position < %s ORDER BY position DESC LIMIT 1"
                               ).format(self.chain_table), (position,))
            row = cursor.fetchone()
        return _entry(row) if row else None

    def rows_after(self, position: int, limit: int) -> list[Row]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT notification_id, originator_id, originator_version, topic, state FROM {0} "
                               "WHERE notification_id > %s ORDER BY notification_id LIMIT %s").format(self.events_table),
                           (position, limit))
            return [Row(row["notification_id"], row["originator_id"], row["originator_version"], row["topic"],
                        bytes(row["state"])) for row in cursor.fetchall()]

    def entries_after(self, position: int, limit: int) -> list[Entry]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT * FROM {0} WHERE position > %s ORDER BY position LIMIT %s"
                               ).format(self.chain_table), (position, limit))
            return [_entry(row) for row in cursor.fetchall()]

    # --- anchors ------------------------------------------------------------------------------

    def anchor(self, at: datetime, by: str) -> Anchor | None:
        with self.datastore.transaction(commit=True) as cursor:
            self._lock_table(cursor)  # the head cannot move while it is anchored
            head = self._head(cursor)
            if head is None:
                return None
            cursor.execute(SQL("INSERT INTO {0} VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING"
                               ).format(self.anchors_table), (head.position, head.hash, at, by))
            cursor.execute(SQL("SELECT * FROM {0} WHERE position = %s").format(self.anchors_table), (head.position,))
            return _anchor(cursor.fetchone())

    def anchors(self) -> list[Anchor]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT * FROM {0} ORDER BY position").format(self.anchors_table))
            return [_anchor(row) for row in cursor.fetchall()]

    def _head(self, cursor) -> Entry | None:
        cursor.execute(self._head_statement)
        row = cursor.fetchone()
        return _entry(row) if row else None


def _entry(row: dict) -> Entry:
    return Entry(row["position"], row["stream_id"], row["version"], row["previous"], row["hash"])


def _anchor(row: dict) -> Anchor:
    return Anchor(row["position"], row["hash"], row["anchored_at"], row["anchored_by"])

