"""Originals in the application's SQLite file (table `documents`, made by `invoicing.migrations`)."""

from __future__ import annotations

import time

from eventsourcing.sqlite import SQLiteDatastore

from invoicing.documents import DocumentStore


class SQLiteDocuments(DocumentStore):
    """Originals as BLOBs in SQLite, keyed by SHA-256."""

    def __init__(self, datastore: SQLiteDatastore):
        self.datastore = datastore

    def _insert(self, sha256: str, content: bytes) -> None:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute("INSERT INTO documents VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           (sha256, len(content), time.time(), content))

    def _select(self, sha256: str) -> bytes | None:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT content FROM documents WHERE sha256 = ?", (sha256,))
            row = cursor.fetchone()
        if row is None:
            return None
        content = row["content"]  # TEXT when changed outside the application: hashed as stored, so it mismatches
        return content.encode() if isinstance(content, str) else bytes(content)
