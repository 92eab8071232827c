"""The chained application recorder on SQLite: each event row carries its chain entry; anchors beside them.

The events table `stored_events` gets two columns, `chain_previous` and `chain_hash` (added to an
existing table, and filled in log order for events recorded before the chain existed), so the
chain costs no extra row, page or index. Appending runs in a `BEGIN IMMEDIATE` transaction: it
holds SQLite's write lock (one writer at a time for the whole database file, whichever process)
from before it reads the chain's head until it commits, so the head cannot move between reading
it and chaining onto it, and a failed append (e.g. a version conflict) leaves nothing behind.
Table `stored_events_anchors` keeps the anchors. Triggers refuse DELETE on both tables and UPDATE
except the one that fills a missing chain entry (never the event itself).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore

from invoicing.chain import GENESIS, Anchor, Entry, Row, check_stream, checked_streams, link

BACKFILL_BATCH = 10_000
_GUARD = "SELECT RAISE(ABORT, 'the event log is append-only')"


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """eventsourcing's SQLite application recorder, keeping the hash chain in the event rows, and the anchors."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.anchors_table = f"{events_table_name}_anchors"
        super().__init__(datastore, events_table_name)
        self._last_hash = f"SELECT chain_hash FROM {events_table_name} ORDER BY rowid DESC LIMIT 1"
        self.insert_events_statement = (f"INSERT INTO {self.events_table_name} (originator_id, originator_version, "
                                        "topic, state, chain_previous, chain_hash) VALUES (?, ?, ?, ?, ?, ?)")

    def construct_create_table_statements(self) -> list[str]:
        return [f"CREATE TABLE IF NOT EXISTS {self.events_table_name} (originator_id TEXT, originator_version INTEGER, "
                "topic TEXT, state BLOB, chain_previous TEXT, chain_hash TEXT, "
                "PRIMARY KEY (originator_id, originator_version))",
                f"CREATE TABLE IF NOT EXISTS {self.anchors_table} (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, "
                "anchored_at TEXT NOT NULL, anchored_by TEXT NOT NULL DEFAULT '')"]

    def _guards(self) -> list[str]:
        events, anchors = self.events_table_name, self.anchors_table
        unchanged = " OR ".join(f"NEW.{column} IS NOT OLD.{column}" for column in (
            "rowid", "originator_id", "originator_version", "topic", "state"))
        return [f"CREATE TRIGGER IF NOT EXISTS {events}_no_update BEFORE UPDATE ON {events} "
                f"WHEN OLD.chain_hash IS NOT NULL OR {unchanged} BEGIN {_GUARD}; END",
                f"CREATE TRIGGER IF NOT EXISTS {events}_no_delete BEFORE DELETE ON {events} BEGIN {_GUARD}; END",
                f"CREATE TRIGGER IF NOT EXISTS {anchors}_no_update BEFORE UPDATE ON {anchors} BEGIN {_GUARD}; END",
                f"CREATE TRIGGER IF NOT EXISTS {anchors}_no_delete BEFORE DELETE ON {anchors} BEGIN {_GUARD}; END"]

    def create_table(self) -> None:
        """Create the tables (or add the chain's columns), chain events recorded before the chain, add the guards."""
        with self._writing() as cursor:
            for statement in self.create_table_statements:
                cursor.execute(statement)
            cursor.execute(f"PRAGMA table_info({self.events_table_name})")
            columns = {row["name"] for row in cursor.fetchall()}
            for column in ("chain_previous", "chain_hash"):
                if column not in columns:
                    cursor.execute(f"ALTER TABLE {self.events_table_name} ADD COLUMN {column} TEXT")
        with self._writing() as cursor:
            legacy = self._head(cursor) is None
        while legacy and self._backfill():
            pass
        with self._writing() as cursor:
            for statement in self._guards():
                cursor.execute(statement)

    def _backfill(self) -> int:
        """Chain the next batch of a log recorded before the chain existed (`create_table` does this only for a
        log without any chain: once one exists, an event without an entry was written outside the application
        and stays as evidence)."""
        with self._writing() as cursor:
            head = self._head(cursor)
            cursor.execute(f"SELECT rowid, * FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                           (head.position if head else 0, BACKFILL_BATCH))
            rows = cursor.fetchall()
            previous, updates = head.hash if head else GENESIS, []
            for row in rows:
                digest = link(previous, row["originator_id"], row["originator_version"], row["topic"], row["state"])
                updates.append((previous, digest, row["rowid"]))
                previous = digest
            cursor.executemany(f"UPDATE {self.events_table_name} SET chain_previous = ?, chain_hash = ? "
                               "WHERE rowid = ?", updates)
            return len(rows)

    # --- appending ----------------------------------------------------------------------------

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Sequence[int] | None:
        """Insert and chain `stored_events` in one write transaction (see the module docstring)."""
        import sqlite3

        try:
            with self._writing() as cursor:
                cursor.execute(self._last_hash)
                last = cursor.fetchone()
                if last is not None and last[0] is None:  # the last row has no entry (evidence): chain on the head
                    head = self._head(cursor)
                    last = (head.hash,) if head else None
                previous, positions = last[0] if last else GENESIS, []
                for event in stored_events:
                    digest = link(previous, event.originator_id, event.originator_version, event.topic, event.state)
                    cursor.execute(self.insert_events_statement, (
                        event.originator_id.hex if isinstance(event.originator_id, UUID) else event.originator_id,
                        event.originator_version, event.topic, event.state, previous, digest))
                    positions.append(cursor.lastrowid)
                    previous = digest
        except sqlite3.IntegrityError as error:
            raise IntegrityError(error) from error
        return positions

    # --- reading one stream, checked ----------------------------------------------------------

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> Sequence[StoredEvent]:
        """The stream's events as eventsourcing selects them, each checked against its chain entry."""
        statement = (f"SELECT e.rowid AS position, e.originator_id, e.originator_version, e.topic, e.state, "
                     f"e.chain_previous, e.chain_hash FROM {self.events_table_name} e WHERE e.originator_id = ? ")
        params: list[Any] = [originator_id.hex if isinstance(originator_id, UUID) else originator_id]
        if gt is not None:
            statement += "AND e.originator_version > ? "
            params.append(gt)
        if lte is not None:
            statement += "AND e.originator_version <= ? "
            params.append(lte)
        statement += f"ORDER BY e.originator_version {'DESC' if desc else 'ASC'} "
        if limit is not None:
            statement += "LIMIT ? "
            params.append(limit)
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, params)
            rows = c.fetchall()
        stream_id = UUID(str(originator_id))  # every row's originator (the WHERE clause), parsed once
        checked = [(Row(row[0], stream_id, row[2], row[3], row[4]),
                    Entry(row[0], stream_id, row[2], row[5], row[6]) if row[6] is not None else None)
                   for row in rows]
        if checked:
            first = min(row.version for row, _ in checked) if desc else (gt or 0) + 1
            check_stream(stream_id, checked, first)
        return [StoredEvent(originator_id=stream_id, originator_version=row.version, topic=row.topic,
                            state=row.state) for row, _ in checked]

    def select_streams(self, originator_ids: Sequence[UUID]) -> dict[UUID, list[StoredEvent]]:
        """Several whole streams in one query (a page of cases), each checked as `select_events` checks one."""
        if not originator_ids:
            return {}
        found: dict[UUID, list] = {UUID(str(stream)): [] for stream in originator_ids}
        marks = ", ".join("?" * len(found))
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT e.rowid AS position, e.originator_id, e.originator_version, e.topic, e.state, "
                      f"e.chain_previous, e.chain_hash FROM {self.events_table_name} e WHERE e.originator_id IN "
                      f"({marks}) ORDER BY e.originator_id, e.originator_version", [stream.hex for stream in found])
            streams = {stream.hex: stream for stream in found}  # each row's originator, parsed once per stream
            for row in c.fetchall():
                stream = streams[row[1]]
                found[stream].append((Row(row[0], stream, row[2], row[3], row[4]),
                                      Entry(row[0], stream, row[2], row[5], row[6]) if row[6] is not None else None))
        return checked_streams(found)

    # --- reading the log for verification -----------------------------------------------------

    def head(self) -> Entry | None:
        """The last chain entry (None while the chain is empty)."""
        with self.datastore.transaction(commit=False) as cursor:
            return self._head(cursor)

    def entry_before(self, position: int) -> Entry | None:
        """The last chain entry before `position`."""
        return self._one_entry(f"{self._entries} WHERE chain_hash IS NOT NULL AND rowid < ? ORDER BY rowid DESC "
                               "LIMIT 1", (position,))

    def stream_entries(self, stream_id: UUID) -> list[Entry]:
        """The chain entries of one stream's events, by version."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"{self._entries} WHERE originator_id = ? ORDER BY originator_version", (stream_id.hex,))
            return [_entry(row) for row in cursor.fetchall() if row["hash"] is not None]

    def rows_after(self, position: int, limit: int) -> list[Row]:
        """Stored events after `position`, in log order."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT rowid, originator_id, originator_version, topic, state FROM "
                           f"{self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?", (position, limit))
            return [Row(row[0], UUID(row[1]), row[2], row[3], row[4]) for row in cursor.fetchall()]

    def entries_after(self, position: int, limit: int) -> list[Entry]:
        """Chain entries after `position`, in log order."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"{self._entries} WHERE chain_hash IS NOT NULL AND rowid > ? ORDER BY rowid LIMIT ?",
                           (position, limit))
            return [_entry(row) for row in cursor.fetchall()]

    # --- anchors ------------------------------------------------------------------------------

    def anchor(self, at: datetime, by: str) -> Anchor | None:
        """Record the chain's head as an anchor (once per position); None while the chain is empty."""
        with self._writing() as cursor:
            head = self._head(cursor)
            if head is None:
                return None
            cursor.execute(f"INSERT OR IGNORE INTO {self.anchors_table} VALUES (?, ?, ?, ?)",
                           (head.position, head.hash, at.isoformat(), by))
            cursor.execute(f"SELECT * FROM {self.anchors_table} WHERE position = ?", (head.position,))
            return _anchor(cursor.fetchone())

    def anchors(self) -> list[Anchor]:
        """Every anchor recorded here, oldest first."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT * FROM {self.anchors_table} ORDER BY position")
            return [_anchor(row) for row in cursor.fetchall()]

    # --- plumbing -----------------------------------------------------------------------------

    def _head(self, cursor) -> Entry | None:
        cursor.execute(f"{self._entries} WHERE chain_hash IS NOT NULL ORDER BY rowid DESC LIMIT 1")
        row = cursor.fetchone()
        return _entry(row) if row else None

    def _one_entry(self, statement: str, params: tuple) -> Entry | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone()
        return _entry(row) if row else None

    @property
    def _entries(self) -> str:
        return (f"SELECT rowid AS position, originator_id AS stream_id, originator_version AS version, "
                f"chain_previous AS previous, chain_hash AS hash FROM {self.events_table_name}")

    @contextmanager
    def _writing(self) -> Iterator[Any]:
        """A transaction that holds the write lock from its start (BEGIN IMMEDIATE)."""
        with self.datastore.get_connection(commit=True) as connection:
            cursor = connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                yield cursor
            except BaseException:
                connection.rollback()
                raise
            connection.commit()


def _entry(row) -> Entry:
    return Entry(row["position"], UUID(row["stream_id"]), row["version"], row["previous"], row["hash"])


def _anchor(row) -> Anchor:
    return Anchor(row["position"], row["hash"], datetime.fromisoformat(row["anchored_at"]), row["anchored_by"])
