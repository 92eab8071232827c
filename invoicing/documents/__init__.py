"""The document store: received originals, kept byte for byte and addressed by their SHA-256.

GoBD asks for the original to be kept unchanged; addressing by content makes that checkable:
`get` recomputes the hash and refuses to hand out bytes that no longer match their address.
Storing the same bytes twice stores them once. Nothing is ever deleted or overwritten.

Implementations: `InMemoryDocuments` (here), `invoicing.documents.sqlite.SQLiteDocuments` (table
`documents` in the application's SQLite file), `invoicing.documents.postgres.PostgresDocuments`
(table `<app>_documents`); one contract test suite runs against all three.
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.popo import POPOFactory

from invoicing.backends import sql_factory


class DocumentNotFound(LookupError):
    """No original is stored under this SHA-256."""


class DocumentCorrupted(RuntimeError):
    """The stored bytes no longer match their SHA-256: the original was altered outside the application."""


class DocumentStore(ABC):
    """Where originals are kept: put bytes, get them back by SHA-256."""

    def put(self, content: bytes) -> str:
        """Store `content` (once) and return its SHA-256 as 64 lower-case hex digits."""
        digest = hashlib.sha256(content).hexdigest()
        self._insert(digest, content)
        return digest

    def get(self, sha256: str) -> bytes:
        """The original stored under `sha256`; raises `DocumentNotFound` or `DocumentCorrupted`."""
        content = self._select(sha256.lower())
        if content is None:
            raise DocumentNotFound(f"No original is stored under SHA-256 {sha256}.")
        if hashlib.sha256(content).hexdigest() != sha256.lower():
            raise DocumentCorrupted(f"The original stored under SHA-256 {sha256} has been altered.")
        return content

    def __contains__(self, sha256: str) -> bool:
        return self._select(sha256.lower()) is not None

    @abstractmethod
    def _insert(self, sha256: str, content: bytes) -> None:
        """Store `content` under `sha256` unless something is stored there already."""

    @abstractmethod
    def _select(self, sha256: str) -> bytes | None:
        """The bytes stored under `sha256`, or None."""


class InMemoryDocuments(DocumentStore):
    """Originals in a dict, for tests and the in-memory application."""

    def __init__(self) -> None:
        self._documents: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def _insert(self, sha256: str, content: bytes) -> None:
        with self._lock:
            self._documents.setdefault(sha256, bytes(content))

    def _select(self, sha256: str) -> bytes | None:
        return self._documents.get(sha256)


def documents_for(factory: InfrastructureFactory) -> DocumentStore:
    """The document store on the same backend (and database) as the application built by `factory`."""
    if isinstance(factory, POPOFactory):
        return InMemoryDocuments()
    from eventsourcing.sqlite import SQLiteFactory

    sql = sql_factory(factory)
    store: DocumentStore
    if isinstance(factory, SQLiteFactory):
        from invoicing.documents.sqlite import SQLiteDocuments

        store = SQLiteDocuments(sql.datastore)
    else:
        from invoicing.documents.postgres import PostgresDocuments

        store = PostgresDocuments(sql.datastore, table=f"{sql.env.name.lower()}_documents")
    return store  # its table: `invoicing.migrations`
