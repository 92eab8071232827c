"""The hash chain over the event log: tamper evidence for the whole history, kept by the event store.

Every stored event gets a chain entry at its position in the log (its notification id):

    hash = SHA-256 of the text "<previous hash>\\n<stream id>\\n<version>\\n<topic>\\n<SHA-256 of the state>"

all hashes as 64 lower-case hex digits, the stream id as a UUID with hyphens, the state as the
bytes stored; the previous hash of the very first entry is `GENESIS` (64 zeros). An entry keeps
its stream id, version, previous hash and hash (table `<events table>_chain`), so changing,
deleting, inserting or reordering any event breaks the chain at that position (`verify`).

The entries are written by the event store's recorders (`invoicing.chain.sqlite`,
`invoicing.chain.postgres`, chosen through eventsourcing's `APPLICATION_RECORDER_TOPIC` by
`invoicing.config`) in the same transaction as the events, after the writer took the log's write
lock (SQLite: the database's write lock, taken by the first insert; PostgreSQL: eventsourcing's
EXCLUSIVE lock on the events table), so concurrent writers chain in commit order. Reading a
stream checks each of its events against its own entry and its versions for gaps
(`StreamTampered`): a stream changed outside the application is never handed out as history.

A rewrite of the whole chain from some position on is consistent in itself; only an `Anchor`
(position, hash, time) kept outside the system shows it (`invoicing.chain.anchors`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import PersistenceError, StoredEvent

GENESIS = "0" * 64
"""The previous hash of the first entry."""


def state_hash(state: bytes) -> str:
    """SHA-256 of a stored event's state, as hex."""
    return hashlib.sha256(state).hexdigest()


def link(previous: str, stream_id: UUID | str, version: int, topic: str, state: bytes) -> str:
    """The hash of an event stored after the entry whose hash is `previous` (see the module docstring)."""
    stream = stream_id if isinstance(stream_id, UUID) else UUID(str(stream_id))
    return hashlib.sha256(f"{previous}\n{stream}\n{version}\n{topic}\n{hashlib.sha256(state).hexdigest()}".encode()
                          ).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One chain entry: the event's position, stream and version as recorded, the previous hash and its hash."""

    position: int
    stream_id: UUID
    version: int
    previous: str
    hash: str


@dataclass(frozen=True)
class Row:
    """One stored event as the log holds it now."""

    position: int
    stream_id: UUID
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Anchor:
    """The chain's head at a moment: everything up to `position` had hash `hash` at `at`."""

    position: int
    hash: str
    at: datetime
    by: str = ""

    def as_dict(self) -> dict:
        return {"position": self.position, "hash": self.hash, "at": self.at.isoformat(), "by": self.by}

    @classmethod
    def from_dict(cls, data: dict) -> Anchor:
        return cls(int(data["position"]), str(data["hash"]), datetime.fromisoformat(data["at"]), data.get("by", ""))


class StreamTampered(PersistenceError):
    """A stream's stored events no longer match their chain entries (or versions are missing)."""

    def __init__(self, stream_id: UUID, version: int | None, position: int | None, what: str):
        where = f"version {version}" if version is not None else "its events"
        super().__init__(f"Stream {stream_id}, {where}" + (f" (position {position})" if position else "") +
                         f": {what}")
        self.stream_id, self.version, self.position, self.what = stream_id, version, position, what


def check_stream(stream_id: UUID, rows: list[tuple[Row, Entry | None]], first_version: int) -> None:
    """Raise `StreamTampered` unless every row matches its own entry and versions run on from `first_version`.

    Only the stream's own entries are used (never a neighbour's), so tampering elsewhere in the
    log is not blamed on this stream; the links between entries are checked by `verify`.
    """
    expected = first_version
    for row, entry in sorted(rows, key=lambda pair: pair[0].version):
        if row.version != expected:
            missing = f"version {expected}" if row.version == expected + 1 else f"versions {expected}–{row.version - 1}"
            raise StreamTampered(stream_id, expected, None, f"{missing} missing from the log (deleted)")
        expected += 1
        if entry is None:
            raise StreamTampered(stream_id, row.version, row.position,
                                 "the event has no chain entry (it was written outside the application)")
        if entry.stream_id != row.stream_id or entry.version != row.version:
            raise StreamTampered(stream_id, row.version, row.position,
                                 f"the chain recorded stream {entry.stream_id} version {entry.version} at this "
                                 "position (events were moved or reordered)")
        if link(entry.previous, row.stream_id, row.version, row.topic, row.state) != entry.hash:
            raise StreamTampered(stream_id, row.version, row.position,
                                 "the event does not match its recorded hash (it was changed after it was recorded)")


def checked_streams(found: dict[UUID, list[tuple[Row, Entry | None]]]) -> dict[UUID, list[StoredEvent]]:
    """The stored events of each stream read at once, after `check_stream` (streams without rows are left out)."""
    result = {}
    for stream, checked in found.items():
        if checked:
            check_stream(stream, checked, 1)
            result[stream] = [StoredEvent(originator_id=stream, originator_version=row.version, topic=row.topic,
                                          state=row.state) for row, _ in checked]
    return result


def recorder_topic(persistence: str) -> str | None:
    """The topic of the chained application recorder for a persistence ("sqlite", "postgres"), else None."""
    return {"sqlite": "invoicing.chain.sqlite:ChainedSQLiteRecorder",
            "postgres": "invoicing.chain.postgres:ChainedPostgresRecorder"}.get(persistence)
