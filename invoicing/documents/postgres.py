"""Originals in PostgreSQL (table `<app>_documents`, `bytea`, made by `invoicing.migrations`)."""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore
from psycopg.sql import SQL, Identifier

from invoicing.documents import DocumentStore


class PostgresDocuments(DocumentStore):
    """Originals as `bytea` in PostgreSQL, keyed by SHA-256."""

    def __init__(self, datastore: PostgresDatastore, *, table: str = "documents"):
        self.datastore = datastore
        self._table = SQL("{0}.{1}").format(Identifier(datastore.schema), Identifier(table))

    def _insert(self, sha256: str, content: bytes) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(SQL("INSERT INTO {0} (sha256, size, content) VALUES (%s, %s, %s) "
                               "ON CONFLICT DO NOTHING").format(self._table), (sha256, len(content), content))

    def _select(self, sha256: str) -> bytes | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(SQL("SELECT content FROM {0} WHERE sha256 = %s").format(self._table), (sha256,))
            row = cursor.fetchone()
        return bytes(row["content"]) if row else None
