"""The outbox in PostgreSQL: table `<app>_outbox` (made by `invoicing.migrations`) beside eventsourcing's
`<app>_tracking`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from invoicing.outbox import Backlog, Outbox, Work


class PostgresOutbox(PostgresTrackingRecorder, Outbox):
    """Open work items in PostgreSQL, changed in the same transaction as the tracking position."""

    def __init__(self, datastore: PostgresDatastore, *, tracking_table_name: str = "notification_tracking", **kwargs):
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        table = tracking_table_name.removesuffix("_tracking") + "_outbox"
        self.check_identifier_length(table)
        self._table = SQL("{0}.{1}").format(Identifier(self.datastore.schema), Identifier(table))

    def record(self, *, opened: Sequence[Work], closed: Sequence[Work], tracking: Tracking, at: datetime) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            if opened:
                cursor.executemany(SQL("INSERT INTO {0} VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING")
                                   .format(self._table), [(item.case_id, item.action, at, at) for item in opened])
            if closed:
                cursor.executemany(SQL("DELETE FROM {0} WHERE case_id = %s AND action = %s").format(self._table),
                                   [(item.case_id, item.action) for item in closed])
            self._insert_tracking(cursor, tracking)

    def pending(self, *, sent_before: datetime | None = None, limit: int = 1000) -> list[Work]:
        where = SQL("WHERE sent_at < %s ") if sent_before is not None else SQL("")
        parameters = ([sent_before] if sent_before is not None else []) + [limit]
        statement = SQL("SELECT case_id, action FROM {0} {1}ORDER BY opened_at, case_id, action LIMIT %s")
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement.format(self._table, where), parameters)
            return [Work(row["case_id"], row["action"]) for row in cursor.fetchall()]

    def mark_sent(self, items: Sequence[Work], at: datetime) -> None:
        if not items:
            return
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(SQL("UPDATE {0} SET sent_at = %s WHERE case_id = %s AND action = %s")
                               .format(self._table), [(at, item.case_id, item.action) for item in items])

    def backlog(self) -> Backlog:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT count(*) AS open, min(opened_at) AS oldest FROM {0}").format(self._table))
            row = cursor.fetchone()
        assert row is not None  # an aggregate without GROUP BY gives one row
        return Backlog(row["open"], row["oldest"])
