"""Open steps in the application's SQLite file: table `open_steps` (made by `invoicing.migrations`) beside
eventsourcing's `tracking`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

from invoicing.open_steps import OpenStep, OpenSteps

_UPSERT = ("INSERT INTO open_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (case_id) DO UPDATE SET "
           "version = excluded.version, unit = excluded.unit, step = excluded.step, kind = excluded.kind, "
           "person = excluded.person, grp = excluded.grp, since = excluded.since, check_after = excluded.check_after "
           "WHERE open_steps.version <= excluded.version")
_COLUMNS = "case_id, version, unit, step, kind, person, grp, since, check_after"


class SQLiteOpenSteps(SQLiteTrackingRecorder, OpenSteps):
    """Open steps in SQLite, changed in the same transaction as the tracking position."""

    def record(self, *, rows: Sequence[OpenStep], closed: Sequence[tuple[UUID, int]], tracking: Tracking) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.executemany(_UPSERT, [_values(row) for row in rows])
            cursor.executemany("DELETE FROM open_steps WHERE case_id = ? AND version <= ?",
                               [(case_id.hex, version) for case_id, version in closed])
            self._insert_tracking(cursor, tracking)

    def put(self, row: OpenStep) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(_UPSERT, _values(row))

    def claim_due(self, now: datetime, *, until: datetime, limit: int = 1000) -> list[UUID]:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute("SELECT case_id FROM open_steps WHERE check_after <= ? ORDER BY check_after, case_id "
                           "LIMIT ?", (now.timestamp(), limit))
            ids = [row["case_id"] for row in cursor.fetchall()]
            cursor.executemany("UPDATE open_steps SET check_after = ? WHERE case_id = ?",
                               [(until.timestamp(), case_id) for case_id in ids])
        return [UUID(case_id) for case_id in ids]

    def _assigned(self, column: str, value: str, after, limit: int) -> list[OpenStep]:
        statement = f"SELECT {_COLUMNS} FROM open_steps WHERE {column} = ?"
        params: list = [value]
        if after is not None:
            statement += " AND (since, case_id) > (?, ?)"
            params += [after[0].timestamp(), after[1].hex]
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement + " ORDER BY since, case_id LIMIT ?", [*params, limit])
            return [_row(row) for row in cursor.fetchall()]

    def count_assigned(self, *, people: Sequence[str], groups: Sequence[str], cap: int = 10_000) -> tuple[int, bool]:
        marks = lambda values: ", ".join("?" * len(values)) or "NULL"  # noqa: E731
        statement = (f"SELECT COUNT(*) FROM (SELECT 1 FROM open_steps WHERE person IN ({marks(people)}) OR grp IN "
                     f"({marks(groups)}) LIMIT ?)")
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, [*people, *groups, cap + 1])
            found = cursor.fetchone()[0]
        return (found, True) if found <= cap else (cap, False)

    def get(self, case_id: UUID) -> OpenStep | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {_COLUMNS} FROM open_steps WHERE case_id = ?", (case_id.hex,))
            found = cursor.fetchone()
        return _row(found) if found else None


def _values(row: OpenStep) -> tuple:
    return (row.case_id.hex, row.version, row.unit, row.step, row.kind, row.person, row.group, row.since.timestamp(),
            row.check_after.timestamp() if row.check_after else None)


def _row(row) -> OpenStep:
    def moment(value):
        return datetime.fromtimestamp(value, timezone.utc) if value is not None else None

    return OpenStep(UUID(row["case_id"]), row["version"], row["unit"], row["step"], row["kind"], row["person"],
                    row["grp"], moment(row["since"]), moment(row["check_after"]))
