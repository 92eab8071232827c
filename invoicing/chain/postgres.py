"""The chained application recorder on PostgreSQL: each event row carries its chain entry; anchors beside them.

The events table `<app>_events` gets the columns `chain_previous` and `chain_hash`, filled by a
BEFORE INSERT trigger in the database with the formula of `invoicing.chain.link` (PostgreSQL's
`sha256`). Every insert already holds eventsourcing's EXCLUSIVE lock on the table (it serialises
all writers, in any process, so that positions commit in order); the trigger reads the head while
that lock is held, and a row trigger sees the rows inserted before it by the same statement, so a
transaction of several events chains them one after the other. Appending thus costs no extra
round trip, row or index. Table `<app>_events_anchors` keeps the anchors. Triggers refuse DELETE,
TRUNCATE, and UPDATE except the one that fills a missing chain entry; they can be dropped by the
database's owner, which is why anchors are also kept outside the system.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from psycopg.sql import SQL, Identifier, Literal

from invoicing.chain import GENESIS, Anchor, Entry, Row, check_stream, checked_streams, link

_LINK = ("encode(sha256(convert_to(previous || E'\\n' || NEW.originator_id::text || E'\\n' || "
         "NEW.originator_version::text || E'\\n' || NEW.topic || E'\\n' || encode(sha256(NEW.state), 'hex'), "
         "'UTF8')), 'hex')")


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL application recorder, keeping the hash chain in the event rows, and the anchors."""

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        self.events_table = SQL("{0}.{1}").format(schema, Identifier(events_table_name))
        self.anchors_table = SQL("{0}.{1}").format(schema, Identifier(f"{events_table_name}_anchors"))
        chain = SQL("{0}.{1}").format(schema, Identifier(f"{events_table_name}_chain_link"))
        guard = SQL("{0}.{1}").format(schema, Identifier(f"{events_table_name}_append_only"))
        self.sql_create_statements += [
            SQL("ALTER TABLE {0} ADD COLUMN IF NOT EXISTS chain_previous text, "
                "ADD COLUMN IF NOT EXISTS chain_hash text").format(self.events_table),
            SQL("CREATE TABLE IF NOT EXISTS {0} (position bigint PRIMARY KEY, hash text NOT NULL, "
                "anchored_at timestamptz NOT NULL, anchored_by text NOT NULL DEFAULT '')").format(self.anchors_table),
            SQL("CREATE OR REPLACE FUNCTION {0}() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$ "
                "DECLARE previous text; BEGIN "
                "SELECT chain_hash INTO previous FROM {1} WHERE chain_hash IS NOT NULL "
                "ORDER BY notification_id DESC LIMIT 1; "
                "previous := coalesce(previous, {2}); "
                "NEW.chain_previous := previous; NEW.chain_hash := " + _LINK + "; RETURN NEW; END $$"
                ).format(chain, self.events_table, Literal(GENESIS)),
            SQL("CREATE OR REPLACE TRIGGER {0} BEFORE INSERT ON {1} FOR EACH ROW EXECUTE FUNCTION {2}()").format(
                Identifier(f"{events_table_name}_chain"), self.events_table, chain),
            SQL("CREATE OR REPLACE FUNCTION {0}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = {1} AND OLD.chain_hash IS NULL "
                "AND (NEW.originator_id, NEW.originator_version, NEW.topic, NEW.state, NEW.notification_id) "
                "IS NOT DISTINCT FROM (OLD.originator_id, OLD.originator_version, OLD.topic, OLD.state, "
                "OLD.notification_id) THEN RETURN NEW; END IF; "
                "RAISE EXCEPTION 'the event log is append-only: % on % refused', TG_OP, TG_TABLE_NAME; END $$"
                ).format(guard, Literal(events_table_name)),
        ]
        for table, name in ((self.events_table, events_table_name),
                            (self.anchors_table, f"{events_table_name}_anchors")):
            self.sql_create_statements += [
                SQL("CREATE OR REPLACE TRIGGER {0} BEFORE UPDATE OR DELETE ON {1} FOR EACH ROW EXECUTE FUNCTION {2}()"
                    ).format(Identifier(f"{name}_append_only"), table, guard),
                SQL("CREATE OR REPLACE TRIGGER {0} BEFORE TRUNCATE ON {1} FOR EACH STATEMENT EXECUTE FUNCTION {2}()"
                    ).format(Identifier(f"{name}_no_truncate"), table, guard),
            ]
        self._entries = SQL("SELECT notification_id AS position, originator_id AS stream_id, originator_version AS "
                            "version, chain_previous AS previous, chain_hash AS hash FROM {0}").format(self.events_table)

    def create_table(self) -> None:
        """Create the tables (or add the chain's columns); chain the events of a log recorded before the chain."""
        super().create_table()
        with self.datastore.transaction(commit=True) as cursor:
            self._lock_table(cursor)
            if self._head(cursor) is not None:
                return  # a chain exists: an event without an entry was written outside the application
            cursor.execute(SQL("SELECT notification_id, originator_id, originator_version, topic, state FROM {0} "
                               "ORDER BY notification_id").format(self.events_table))
            previous, updates = GENESIS, []
            for row in cursor.fetchall():
                digest = link(previous, row["originator_id"], row["originator_version"], row["topic"],
                              bytes(row["state"]))
                updates.append((previous, digest, row["notification_id"]))
                previous = digest
            cursor.executemany(SQL("UPDATE {0} SET chain_previous = %s, chain_hash = %s WHERE notification_id = %s"
                                   ).format(self.events_table), updates)

    # --- reading one stream, checked ----------------------------------------------------------

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> Sequence[StoredEvent]:
        """The stream's events as eventsourcing selects them, each checked against its chain entry."""
        statement = SQL("SELECT notification_id, originator_id, originator_version, topic, state, chain_previous, "
                        "chain_hash FROM {0} WHERE originator_id = %s").format(self.events_table)
        params: list[Any] = [originator_id]
        if gt is not None:
            statement += SQL(" AND originator_version > %s")
            params.append(gt)
        if lte is not None:
            statement += SQL(" AND originator_version <= %s")
            params.append(lte)
        statement += SQL(" ORDER BY originator_version DESC" if desc else " ORDER BY originator_version ASC")
        if limit is not None:
            statement += SQL(" LIMIT %s")
            params.append(limit)
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, params, prepare=True)
            rows = cursor.fetchall()
        stream_id = UUID(str(originator_id))
        checked = [(Row(row["notification_id"], row["originator_id"], row["originator_version"], row["topic"],
                        bytes(row["state"])),
                    Entry(row["notification_id"], row["originator_id"], row["originator_version"],
                          row["chain_previous"], row["chain_hash"]) if row["chain_hash"] is not None else None)
                   for row in rows]
        if checked:
            check_stream(stream_id, checked, min(row.version for row, _ in checked) if desc else (gt or 0) + 1)
        return [StoredEvent(originator_id=stream_id, originator_version=row.version, topic=row.topic,
                            state=row.state) for row, _ in checked]

    def select_streams(self, originator_ids: Sequence[UUID]) -> dict[UUID, list[StoredEvent]]:
        """Several whole streams in one query (a page of cases), each checked as `select_events` checks one."""
        if not originator_ids:
            return {}
        statement = SQL("SELECT notification_id, originator_id, originator_version, topic, state, chain_previous, "
                        "chain_hash FROM {0} WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
                        ).format(self.events_table)
        found: dict[UUID, list] = {UUID(str(stream)): [] for stream in originator_ids}
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            cursor.execute(statement, [list(found)])
            for row in cursor.fetchall():
                found[row["originator_id"]].append((
                    Row(row["notification_id"], row["originator_id"], row["originator_version"], row["topic"],
                        bytes(row["state"])),
                    Entry(row["notification_id"], row["originator_id"], row["originator_version"],
                          row["chain_previous"], row["chain_hash"]) if row["chain_hash"] is not None else None))
        return checked_streams(found)

    # --- reading the log for verification -----------------------------------------------------

    def head(self) -> Entry | None:
        with self.datastore.transaction(commit=False) as cursor:
            return self._head(cursor)

    def entry_before(self, position: int) -> Entry | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._entries + SQL(" WHERE chain_hash IS NOT NULL AND notification_id < %s "
                                               "ORDER BY notification_id DESC LIMIT 1"), (position,))
            row = cursor.fetchone()
        return _entry(row) if row else None

    def stream_entries(self, stream_id: UUID) -> list[Entry]:
        """The chain entries of one stream's events, by version."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._entries + SQL(" WHERE originator_id = %s AND chain_hash IS NOT NULL "
                                               "ORDER BY originator_version"), (stream_id,))
            return [_entry(row) for row in cursor.fetchall()]

    def rows_after(self, position: int, limit: int) -> list[Row]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT notification_id, originator_id, originator_version, topic, state FROM {0} "
                               "WHERE notification_id > %s ORDER BY notification_id LIMIT %s").format(self.events_table),
                           (position, limit))
            return [Row(row["notification_id"], row["originator_id"], row["originator_version"], row["topic"],
                        bytes(row["state"])) for row in cursor.fetchall()]

    def entries_after(self, position: int, limit: int) -> list[Entry]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self._entries + SQL(" WHERE chain_hash IS NOT NULL AND notification_id > %s "
                                               "ORDER BY notification_id LIMIT %s"), (position, limit))
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
            row = cursor.fetchone()
            assert row is not None  # written just now, or already there
            return _anchor(row)

    def anchors(self) -> list[Anchor]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT * FROM {0} ORDER BY position").format(self.anchors_table))
            return [_anchor(row) for row in cursor.fetchall()]

    def _head(self, cursor) -> Entry | None:
        cursor.execute(self._entries + SQL(" WHERE chain_hash IS NOT NULL ORDER BY notification_id DESC LIMIT 1"))
        row = cursor.fetchone()
        return _entry(row) if row else None


def _entry(row: dict) -> Entry:
    return Entry(row["position"], row["stream_id"], row["version"], row["previous"], row["hash"])


def _anchor(row: dict) -> Anchor:
    return Anchor(row["position"], row["hash"], row["anchored_at"], row["anchored_by"])
