"""Open steps in PostgreSQL: table `<app>_open_steps` (made by `invoicing.migrations`) beside eventsourcing's
`<app>_tracking`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from psycopg.sql import SQL, Identifier

from invoicing.open_steps import OpenStep, OpenSteps

_COLUMNS = SQL("case_id, version, unit, step, kind, person, grp, since, check_after")


class PostgresOpenSteps(PostgresTrackingRecorder, OpenSteps):
    """Open steps in PostgreSQL, changed in the same transaction as the tracking position."""

    def __init__(self, datastore: PostgresDatastore, *, tracking_table_name: str = "notification_tracking", **kwargs):
        super().__init__(datastore, tracking_table_name=tracking_table_name, **kwargs)
        name = tracking_table_name.removesuffix("_tracking") + "_open_steps"
        self.check_identifier_length(name + "_check_after")
        self._table = SQL("{0}.{1}").format(Identifier(self.datastore.schema), Identifier(name))
        self._upsert = SQL(
            "INSERT INTO {0} AS stored VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (case_id) DO UPDATE "
            "SET version = EXCLUDED.version, unit = EXCLUDED.unit, step = EXCLUDED.step, kind = EXCLUDED.kind, "
            "person = EXCLUDED.person, grp = EXCLUDED.grp, since = EXCLUDED.since, check_after = EXCLUDED.check_after "
            "WHERE stored.version <= EXCLUDED.version").format(self._table)

    def record(self, *, rows: Sequence[OpenStep], closed: Sequence[tuple[UUID, int]], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            if rows:
                cursor.executemany(self._upsert, [_values(row) for row in rows])
            if closed:
                cursor.executemany(SQL("DELETE FROM {0} WHERE case_id = %s AND version <= %s").format(self._table),
                                   list(closed))
            self._insert_tracking(cursor, tracking)

    def put(self, row: OpenStep) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(self._upsert, _values(row))

    def claim_due(self, now: datetime, *, until: datetime, limit: int = 1000) -> list[UUID]:
        statement = SQL("UPDATE {0} AS stored SET check_after = %s FROM (SELECT case_id, check_after FROM {0} "
                        "WHERE check_after <= %s ORDER BY check_after, case_id LIMIT %s FOR UPDATE SKIP LOCKED) AS due "
                        "WHERE stored.case_id = due.case_id RETURNING stored.case_id, due.check_after AS was"
                        ).format(self._table)
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(statement, (until, now, limit))
            rows = cursor.fetchall()
        return [row["case_id"] for row in sorted(rows, key=lambda row: (row["was"], row["case_id"]))]

    def _assigned(self, column: str, value: str, after, limit: int) -> list[OpenStep]:
        statement = SQL("SELECT {0} FROM {1} WHERE {2} = %s").format(_COLUMNS, self._table, Identifier(column))
        params: list = [value]
        if after is not None:
            statement += SQL(" AND (since, case_id) > (%s, %s)")
            params += list(after)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement + SQL(" ORDER BY since, case_id LIMIT %s"), [*params, limit])
            return [_row(row) for row in cursor.fetchall()]

    def count_assigned(self, *, people: Sequence[str], groups: Sequence[str], cap: int = 10_000) -> tuple[int, bool]:
        statement = SQL("SELECT COUNT(*) AS n FROM (SELECT 1 FROM {0} WHERE person = ANY(%s) OR grp = ANY(%s) "
                        "LIMIT %s) AS counted").format(self._table)
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (list(people), list(groups), cap + 1))
            row = cursor.fetchone()
            assert row is not None  # a count gives one row
            found = row["n"]
        return (found, True) if found <= cap else (cap, False)

    def get(self, case_id: UUID) -> OpenStep | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT {0} FROM {1} WHERE case_id = %s").format(_COLUMNS, self._table), (case_id,))
            found = cursor.fetchone()
        return _row(found) if found else None


def _values(row: OpenStep) -> tuple:
    return (row.case_id, row.version, row.unit, row.step, row.kind, row.person, row.group, row.since, row.check_after)


def _row(row) -> OpenStep:
    return OpenStep(row["case_id"], row["version"], row["unit"], row["step"], row["kind"], row["person"], row["grp"],
                    row["since"], row["check_after"])
