"""The chained application recorder on SQLite: events, their chain entries and the anchors in one file.

Appending: the events are inserted first, which takes SQLite's write lock (one writer at a time
for the whole database file, whichever process); only then is the chain's head read and the new
entries written, in the same transaction. So the head cannot move between reading it and
chaining onto it, and a failed append (e.g. a version conflict) leaves neither events nor entries.
Tables `stored_events_chain` and `stored_events_anchors`; triggers refuse UPDATE and DELETE on
them and on `stored_events` (the application never changes or deletes what it recorded).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from invoicing.chain import GENESIS, Anchor, Entry, Row, check_stream, link

BACKFILL_BATCH = 10_000


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """eventsourcing's SQLite application recorder, keeping the hash chain and anchors beside the events."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.chain_table = f"{events_table_name}_chain"
        self.anchors_table = f"{events_table_name}_anchors"
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        statements += [
            f"CREATE TABLE IF NOT EXISTS {self.chain_table} (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, "
            "version INTEGER NOT NULL, previous TEXT NOT NULL, hash TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.anchors_table} (position INTEGER PRIMARY KEY, hash TEXT NOT NULL, "
            "anchored_at TEXT NOT NULL, anchored_by TEXT NOT NULL DEFAULT '')",
        ]
        for table in (self.events_table_name, self.chain_table, self.anchors_table):
            for operation in ("UPDATE", "DELETE"):
                statements.append(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} "
                                  f"ON {table} BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END")
        return statements

    def create_table(self) -> None:
        """Create the tables, then chain events recorded before the chain existed (in log order)."""
        super().create_table()
        while True:
            with self._writing() as cursor:
                head = self._head(cursor)
                cursor.execute(f"SELECT rowid, * FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid "
                               "LIMIT ?", (head.position if head else 0, BACKFILL_BATCH))
                rows = cursor.fetchall()
                if not rows:
                    return
                self._append_entries(cursor, head, [(row["rowid"], row["originator_id"], row["originator_version"],
                                                     row["topic"], row["state"]) for row in rows])

    # --- appending ----------------------------------------------------------------------------

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any):
        positions = super()._insert_events(c, stored_events, **kwargs)  # the first insert takes the write lock
        if stored_events:
            self._append_entries(c, self._head(c), [
                (position, event.originator_id, event.originator_version, event.topic, event.state)
                for position, event in zip(positions, stored_events)])
        return positions

    def _append_entries(self, cursor, head: Entry | None, events: list[tuple]) -> None:
        previous, entries = head.hash if head else GENESIS, []
        for position, stream_id, version, topic, state in events:
            stream = str(UUID(str(stream_id)))
            digest = link(previous, stream, version, topic, state)
            entries.append((position, stream, version, previous, digest))
            previous = digest
        cursor.executemany(f"INSERT INTO {self.chain_table} VALUES (?, ?, ?, ?, ?)", entries)

    # --- reading one stream, checked ----------------------------------------------------------

    def select_events(self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> Sequence[StoredEvent]:
        """The stream's events as eventsourcing selects them, each checked against its chain entry."""
        statement = (f"SELECT e.rowid AS position, e.originator_id, e.originator_version, e.topic, e.state, "
                     f"c.stream_id, c.version, c.previous, c.hash FROM {self.events_table_name} e "
                     f"LEFT JOIN {self.chain_table} c ON c.position = e.rowid WHERE e.originator_id = ? ")
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
        stream_id = UUID(str(originator_id))
        checked = [(Row(row[0], UUID(row[1]), row[2], row[3], row[4]),
                    Entry(row[0], UUID(row[5]), row[6], row[7], row[8]) if row[8] is not None else None)
                   for row in rows]
        if checked:
            first = min(row.version for row, _ in checked) if desc else (gt or 0) + 1
            check_stream(stream_id, checked, first)
        return [StoredEvent(originator_id=stream_id, originator_version=row.version, topic=row.topic,
                            state=row.state) for row, _ in checked]

    # --- reading the log for verification -----------------------------------------------------

    def head(self) -> Entry | None:
        """The last chain entry (None while the chain is empty)."""
        with self.datastore.transaction(commit=False) as cursor:
            return self._head(cursor)

    def entry_before(self, position: int) -> Entry | None:
        """The last chain entry before `position`."""
        return self._one_entry(f"SELECT * FROM {self.chain_table} WHERE position < ? ORDER BY position DESC LIMIT 1",
                               (position,))

    def rows_after(self, position: int, limit: int) -> list[Row]:
        """Stored events after `position`, in log order."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT rowid, originator_id, originator_version, topic, state FROM "
                           f"{self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?", (position, limit))
            return [Row(row[0], UUID(row[1]), row[2], row[3], row[4]) for row in cursor.fetchall()]

    def entries_after(self, position: int, limit: int) -> list[Entry]:
        """Chain entries after `position`, in log order."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT * FROM {self.chain_table} WHERE position > ? ORDER BY position LIMIT ?",
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
        cursor.execute(f"SELECT * FROM {self.chain_table} ORDER BY position DESC LIMIT 1")
        row = cursor.fetchone()
        return _entry(row) if row else None

    def _one_entry(self, statement: str, params: tuple) -> Entry | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone()
        return _entry(row) if row else None

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
