"""Verifying the whole log: the chain, every stream's version sequence, the anchors and the originals.

`verify` walks the stored events and the chain entries side by side in log order (keyset pages
of `batch`, so memory stays bounded by the number of streams) and collects `Problem`s, each with
the position, the stream and what is wrong, in words an auditor can act on:

* an event without an entry — written outside the application (inserted);
* an entry without an event — the event was deleted;
* an entry that does not follow the one before it — events before it were deleted, inserted
  or moved (the chain was cut there);
* an event that does not match its entry — it was changed after it was recorded, or moved;
* a version that does not follow the stream's previous one — versions missing or reordered;
* an anchor whose position now has another hash, or lies past the log's end — the history up to
  the anchor was rewritten, or its end deleted;
* an original that is missing or whose bytes no longer have their SHA-256.

With `start` (`--from POSITION`) the walk begins there, trusting the entry before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from invoicing.chain import GENESIS, Anchor, Entry, Row, link

BATCH = 5_000
MAX_PROBLEMS = 100


@dataclass(frozen=True)
class Problem:
    """Something wrong at one position of the log (or with one original)."""

    position: int | None
    stream_id: UUID | None
    what: str
    version: int | None = None

    def __str__(self) -> str:
        where = [f"position {self.position}"] if self.position is not None else []
        if self.stream_id is not None:
            where.append(f"stream {self.stream_id}" + (f" version {self.version}" if self.version else ""))
        return f"{', '.join(where)}: {self.what}" if where else self.what


@dataclass
class Verification:
    """What `verify` checked and found."""

    start: int
    end: int = 0
    events: int = 0
    streams: int = 0
    originals: int = 0
    head: Entry | None = None
    anchors: list[Anchor] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        """The problem at the earliest position (originals without a position last)."""
        return min(self.problems, key=lambda item: (item.position is None, item.position or 0), default=None)

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


class ChainLog(Protocol):
    """What `verify` reads: the chained recorders of `invoicing.chain.sqlite` and `.postgres`."""

    def rows_after(self, position: int, limit: int) -> list[Row]: ...
    def entries_after(self, position: int, limit: int) -> list[Entry]: ...
    def entry_before(self, position: int) -> Entry | None: ...


def verify(log: ChainLog, *, start: int = 1, anchors: Iterable[Anchor] = (),
           original_of: Callable[[Row], str | None] = lambda row: None,
           check_original: Callable[[str], str | None] | None = None, batch: int = BATCH) -> Verification:
    """Check the log from position `start` (see the module docstring).

    `original_of(row)` names the SHA-256 of the original a row's event refers to (None for most
    events); `check_original(sha256)` says what is wrong with that original, or None when it is
    there and unchanged.
    """
    result = Verification(start=start)
    before = log.entry_before(start) if start > 1 else None
    expected, previous_position = (before.hash, before.position) if before else (GENESIS, None)
    pending = sorted(anchors, key=lambda anchor: anchor.position)
    due = [anchor for anchor in pending if anchor.position >= start]
    versions: dict[UUID, int] = {}
    for position, row, entry in _merged(_pages(log.rows_after, start - 1, batch),
                                        _pages(log.entries_after, start - 1, batch)):
        result.end = position
        if entry is None:
            assert row is not None  # _merged gives a row or an entry or both
            result.add(Problem(position, row.stream_id, "the event has no chain entry: it was written outside the "
                                                        "application (inserted)", row.version))
        else:
            _check_entry(result, position, row, entry, expected, previous_position)
            expected, previous_position, result.head = entry.hash, position, entry
            while due and due[0].position <= position:
                _check_anchor(result, due.pop(0), entry, position)
        if row is not None:
            result.events += 1
            _check_version(result, versions, row, start)
            sha256 = original_of(row)
            if sha256 is not None and check_original is not None:
                result.originals += 1
                wrong = check_original(sha256)
                if wrong:
                    result.add(Problem(position, row.stream_id, f"the original {sha256} {wrong}", row.version))
    for anchor in due:
        result.add(Problem(anchor.position, None, f"the log ends at position {result.end}, before the position "
                                                  f"anchored at {anchor.at:%Y-%m-%d %H:%M:%S %Z}: events at its end "
                                                  "were deleted"))
    result.anchors = [anchor for anchor in pending if anchor.position <= result.end]
    result.streams = len(versions)
    return result


def _check_entry(result: Verification, position: int, row: Row | None, entry: Entry, expected: str,
                 previous_position: int | None) -> None:
    if entry.previous != expected:
        after = f"position {previous_position}" if previous_position else "the start of the log"
        result.add(Problem(position, entry.stream_id, f"the chain entry does not follow the one before it ({after}): "
                                                      "events before it were deleted, inserted or moved",
                           entry.version))
    if row is None:
        result.add(Problem(position, entry.stream_id, "the event is missing: it was deleted", entry.version))
    elif (row.stream_id, row.version) != (entry.stream_id, entry.version):
        result.add(Problem(position, row.stream_id, f"the chain recorded stream {entry.stream_id} version "
                                                    f"{entry.version} here: events were moved or reordered",
                           row.version))
    elif link(entry.previous, row.stream_id, row.version, row.topic, row.state) != entry.hash:
        result.add(Problem(position, row.stream_id, "the event does not match its recorded hash: it was changed "
                                                    "after it was recorded", row.version))


def _check_anchor(result: Verification, anchor: Anchor, entry: Entry, position: int) -> None:
    if anchor.position != position:
        result.add(Problem(anchor.position, None, f"the position anchored at {anchor.at:%Y-%m-%d %H:%M:%S %Z} has no "
                                                  "chain entry any more: the history up to it was rewritten"))
    elif anchor.hash != entry.hash:
        result.add(Problem(position, entry.stream_id, f"the chain here has hash {entry.hash[:16]}…, but the anchor "
                                                      f"of {anchor.at:%Y-%m-%d %H:%M:%S %Z} says {anchor.hash[:16]}…: "
                                                      "the history up to this position was rewritten", entry.version))


def _check_version(result: Verification, versions: dict[UUID, int], row: Row, start: int) -> None:
    last = versions.get(row.stream_id)
    if last is None and start > 1:
        last = row.version - 1  # the stream began before the range checked
    expected = (last or 0) + 1
    if row.version != expected:
        result.add(Problem(row.position, row.stream_id,
                           f"version {row.version} follows version {last or 0} of the stream: versions are missing "
                           "(deleted) or reordered", row.version))
    versions[row.stream_id] = max(row.version, last or 0)


def _pages(select: Callable[[int, int], list], after: int, batch: int) -> Iterator:
    while True:
        page = select(after, batch)
        yield from page
        if len(page) < batch:
            return
        after = page[-1].position


def _merged(rows: Iterator[Row], entries: Iterator[Entry]) -> Iterator[tuple[int, Row | None, Entry | None]]:
    """(position, row or None, entry or None) in position order."""
    row, entry = next(rows, None), next(entries, None)
    while row is not None or entry is not None:
        if entry is None or (row is not None and row.position < entry.position):
            assert row is not None  # the loop runs while one of them is there
            yield row.position, row, None
            row = next(rows, None)
        elif row is None or entry.position < row.position:
            yield entry.position, None, entry
            entry = next(entries, None)
        else:
            yield row.position, row, entry
            row, entry = next(rows, None), next(entries, None)
