"""The outbox in the application's SQLite file: table `outbox` (made by `invoicing.migrations`) beside
eventsourcing's `tracking`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from invoicing.outbox import Backlog, Outbox, Work


class SQLiteOutbox(SQLiteTrackingRecorder, Outbox):
    """Open work items in SQLite, changed in the same transaction as the tracking position."""

    def record(self, *, opened: Sequence[Work], closed: Sequence[Work], tracking: Tracking, at: datetime) -> None:
        stamp = at.timestamp()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany("INSERT INTO outbox VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                               [(item.case_id.hex, item.action, stamp, stamp) for item in opened])
            cursor.executemany("DELETE FROM outbox WHERE case_id = ? AND action = ?",
                               [(item.case_id.hex, item.action) for item in closed])
            self._insert_tracking(cursor, tracking)

    def pending(self, *, sent_before: datetime | None = None, limit: int = 1000) -> list[Work]:
        statement = "SELECT case_id, action FROM outbox "
        parameters: list = []
        if sent_before is not None:
            statement += "WHERE sent_at < ? "
            parameters.append(sent_before.timestamp())
        statement += "ORDER BY opened_at, case_id, action LIMIT ?"
        parameters.append(limit)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, parameters)
            return [Work(UUID(row["case_id"]), row["action"]) for row in cursor.fetchall()]

    def mark_sent(self, items: Sequence[Work], at: datetime) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany("UPDATE outbox SET sent_at = ? WHERE case_id = ? AND action = ?",
                               [(at.astimezone(timezone.utc).timestamp(), item.case_id.hex, item.action)
                                for item in items])

    def backlog(self) -> Backlog:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT count(*) AS open, min(opened_at) AS oldest FROM outbox")
            row = cursor.fetchone()
        oldest = datetime.fromtimestamp(row["oldest"], timezone.utc) if row["oldest"] is not None else None
        return Backlog(row["open"], oldest)
