"""Sessions in SQL: one table (made by `invoicing.migrations`), the same statements on SQLite and PostgreSQL (placeholders and the table's name
differ). Times are seconds since the epoch (UTC)."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.persistence import InfrastructureFactory

from invoicing.backends import sql_factory
from invoicing.throttles import from_epoch
from invoicing.throttles.sql import qualified
from web.session_store import SessionRecord, SessionStore, Timeouts

_COLUMNS = "id, login, created_at, last_seen, address, agent, ended_at, ended_by"


class SqlSessionStore(SessionStore):
    """`SessionStore` in the accounts' database."""

    def __init__(self, datastore, table: str, placeholder: str, timeouts: Timeouts = Timeouts()):
        super().__init__(timeouts)
        self.datastore, self.table, self.p = datastore, table, placeholder

    @classmethod
    def for_factory(cls, factory: InfrastructureFactory, timeouts: Timeouts = Timeouts()) -> SqlSessionStore:
        from eventsourcing.sqlite import SQLiteFactory

        sql = sql_factory(factory)
        if isinstance(factory, SQLiteFactory):
            return cls(sql.datastore, "sessions", "?", timeouts)
        return cls(sql.datastore, qualified(sql.datastore.schema, f"{sql.env.name.lower()}_sessions"), "%s", timeouts)

    def _insert(self, record: SessionRecord) -> None:
        p = self.p
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"INSERT INTO {self.table} ({_COLUMNS}) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, NULL, '')",
                           (record.id, record.login, record.created_at.timestamp(), record.last_seen.timestamp(),
                            record.address, record.agent))

    def _get(self, record_id: str) -> SessionRecord | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {_COLUMNS} FROM {self.table} WHERE id = {self.p}", (record_id,))
            row = cursor.fetchone()
        return _record(row) if row else None

    def _touch(self, record_id: str, now: datetime) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f"UPDATE {self.table} SET last_seen = {self.p} WHERE id = {self.p}",
                           (now.timestamp(), record_id))

    def _end(self, record_ids: list[str], by: str, now: datetime) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            for record_id in record_ids:
                cursor.execute(f"UPDATE {self.table} SET ended_at = {self.p}, ended_by = {self.p} "
                               f"WHERE id = {self.p} AND ended_at IS NULL", (now.timestamp(), by, record_id))

    def _of(self, login: str) -> list[SessionRecord]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT {_COLUMNS} FROM {self.table} WHERE login = {self.p} AND ended_at IS NULL", (login,))
            return [_record(row) for row in cursor.fetchall()]


def _record(row) -> SessionRecord:
    return SessionRecord(row["id"], row["login"], from_epoch(row["created_at"]), from_epoch(row["last_seen"]),
                         row["address"], row["agent"], from_epoch(row["ended_at"]), row["ended_by"])
