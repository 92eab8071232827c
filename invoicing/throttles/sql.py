"""Throttles in SQL: one table (made by `invoicing.migrations`), the same statements on SQLite and PostgreSQL
(only placeholders and the table's name differ). Times are stored as seconds since the epoch (UTC)."""

from __future__ import annotations

from datetime import datetime, timedelta

from eventsourcing.persistence import InfrastructureFactory

from invoicing.backends import sql_factory
from invoicing.throttles import Count, Throttles, from_epoch


class SqlThrottles(Throttles):
    """`Throttles` in the application's database; `hit` is one atomic upsert."""

    def __init__(self, datastore, table: str, placeholder: str):
        self.datastore = datastore
        self.table = table
        self.p = placeholder

    @classmethod
    def for_factory(cls, factory: InfrastructureFactory) -> SqlThrottles:
        from eventsourcing.sqlite import SQLiteFactory

        sql = sql_factory(factory)
        if isinstance(factory, SQLiteFactory):
            return cls(sql.datastore, "throttles", "?")
        return cls(sql.datastore, qualified(sql.datastore.schema, f"{sql.env.name.lower()}_throttles"), "%s")

    def hit(self, key: str, now: datetime, window: timedelta) -> Count:
        p, t = self.p, self.table
        stamp, expired = now.timestamp(), (now - window).timestamp()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"INSERT INTO {t} (key, count, first_at, last_at) VALUES ({p}, 1, {p}, {p}) ON CONFLICT (key) DO UPDATE "
                f"SET count = CASE WHEN {t}.first_at < {p} THEN 1 ELSE {t}.count + 1 END, "
                f"first_at = CASE WHEN {t}.first_at < {p} THEN excluded.first_at ELSE {t}.first_at END, "
                f"last_at = excluded.last_at RETURNING key, count, first_at, last_at, locked_until",
                (key, stamp, stamp, expired, expired))
            return _count(cursor.fetchone())

    def get(self, key: str) -> Count | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT key, count, first_at, last_at, locked_until FROM {self.table} WHERE key = {self.p}",
                           (key,))
            row = cursor.fetchone()
        return _count(row) if row else None

    def lock(self, key: str, until: datetime) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"UPDATE {self.table} SET locked_until = {self.p} WHERE key = {self.p}",
                           (until.timestamp(), key))

    def clear(self, key: str) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE key = {self.p}", (key,))

    def locked(self, prefix: str, now: datetime) -> list[Count]:
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT key, count, first_at, last_at, locked_until FROM {self.table} "
                           f"WHERE key LIKE {self.p} ESCAPE '\\' AND locked_until > {self.p} ORDER BY locked_until",
                           (escaped + "%", now.timestamp()))
            return [_count(row) for row in cursor.fetchall()]


def qualified(schema: str, table: str) -> str:
    """`"schema"."table"` (or `"table"`), quoted for PostgreSQL."""
    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    return f"{quoted(schema)}.{quoted(table)}" if schema else quoted(table)


def _count(row) -> Count:
    return Count(row["key"], int(row["count"]), from_epoch(row["first_at"]), from_epoch(row["last_at"]),
                 from_epoch(row["locked_until"]))
