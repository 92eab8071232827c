"""The one interface every view implements: a tracking recorder that also keeps a read model's rows.

A `View` is an eventsourcing `TrackingRecorder` (so `max_tracking_id`, `wait` and the tracking
table are eventsourcing's own) with a few more operations:

* `load(case_ids)` — the current rows of some cases, as `CaseRows` the fold can change;
* `save(cases, tracking, expected)` — replace those cases' rows (leaving alone rows that did not
  change) and move the tracking position, **in one transaction**. `expected` is the position the
  batch was read from: if the stored position is no longer that (another runner got there first),
  nothing is written and eventsourcing's `IntegrityError` is raised, so no event is applied twice;
* `select`, `fetch`, `search` — queries for the read models (one SQL text for both databases:
  `?` placeholders, `{table}` names);
* `page`, `count`, `summary` — bounded reads for lists: a page after (or before) a cursor in an
  order an index serves (`projections.keyset`), how many rows match (exact from a table's
  `Summary`, else counted up to a cap), and a summary's rows;
* `snapshot()` — position and every row, read in one transaction (for the consistency check);
* `reset()` — drop the tables and forget the position: the view is then rebuilt from the log;
* `begin_bulk()`, `end_bulk()` — around a rebuild's bulk writes (indexes and summaries built at the end).

Implementations: `projections.sqlite.SQLiteView` (one file per view; in memory for tests and the
in-memory application) and `projections.postgres.PostgresView` (tables `view_<name>_…`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Tracking, TrackingRecorder

from projections.schema import Summary, Table

UNCHECKED = object()
"""`expected` for `View.save` when the caller does not know the position it started from."""


class CaseRows:
    """One case's rows in one view, as the fold reads and changes them (table name → list of row dicts).

    `stored` is False only when the view is known to hold no rows of the case (nothing to delete on save).
    `written` is the store's own record of the rows it holds for the case, by table, as it encoded them (set
    by the store when it loads or saves the case; absent: unknown), so a save can leave unchanged rows alone.
    """

    __slots__ = ("case_id", "tables", "stored", "written")

    def __init__(self, case_id: UUID, tables: dict[str, list[dict]], stored: bool = True):
        self.case_id = case_id
        self.tables = tables
        self.stored = stored
        self.written: dict[str, list[list]] = {}

    def one(self, table: str) -> dict | None:
        """The case's single row in a per-case table, or None."""
        rows = self.tables[table]
        return rows[0] if rows else None

    def put(self, table: str, row: dict) -> dict:
        """Make `row` the case's single row in `table` (its `case_id` is set); returns it."""
        row["case_id"] = self.case_id
        self.tables[table] = [row]
        return row

    def all(self, table: str) -> list[dict]:
        return self.tables[table]

    def replace(self, table: str, rows: Iterable[dict]) -> None:
        """Make `rows` the case's rows in `table`."""
        rows = list(rows)
        for row in rows:
            row["case_id"] = self.case_id
        self.tables[table] = rows

    def drop(self, *tables: str) -> None:
        """Remove the case's rows from `tables` (from every table when none is named)."""
        for table in tables or tuple(self.tables):
            self.tables[table] = []


class View(TrackingRecorder, ABC):
    """A read model's tables and its position in one application's event log, on one database."""

    tables: tuple[Table, ...]
    application_name: str
    summaries: dict[str, tuple[Table, Summary]]
    """The summaries kept beside the tables, by name: (the table summed, the summary)."""

    if TYPE_CHECKING:  # given by the SQL views and eventsourcing's recorders; declared for the type checker only
        def schema_current(self) -> bool: ...
        def create_table(self) -> None: ...

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)

    def position(self) -> int:
        """The notification id the view has processed up to (0 when it has processed nothing)."""
        return self.max_tracking_id(self.application_name) or 0

    @abstractmethod
    def load(self, case_ids: Collection[UUID]) -> dict[UUID, CaseRows]:
        """The rows of `case_ids` in every table (empty lists for cases the view does not know)."""

    @abstractmethod
    def save(self, cases: Iterable[CaseRows], tracking: Tracking | None, expected: Any = UNCHECKED) -> None:
        """Replace the rows of `cases` and record `tracking`, atomically (see the module docstring); `tracking`
        None writes rows only (a rebuild, whose position is written with its last rows)."""

    @abstractmethod
    def begin_bulk(self) -> None:
        """Before a bulk fold: drop the secondary and search indexes (and what keeps the search index) and stop
        keeping the summaries in step."""

    @abstractmethod
    def end_bulk(self) -> None:
        """After a bulk fold: build the indexes again (and the search index from the rows) and count the
        summaries from the rows."""

    def is_stale(self) -> bool:
        """True when the view has rows but no position: a rebuild stopped half-way (drop and rebuild it)."""
        return False

    @abstractmethod
    def select(self, table: str, *, where: Mapping[str, Any] | None = None, order_by: Sequence[str] = (),
               limit: int | None = None) -> list[dict]:
        """Rows of `table` whose columns equal the `where` values (a collection value means "any of")."""

    @abstractmethod
    def fetch(self, sql: str, params: Sequence[Any] = (), types: Mapping[str, str] | None = None) -> list[dict]:
        """Rows of a query written with `{table}` names and `?` placeholders; `types` converts result columns."""

    @abstractmethod
    def search(self, table: str, text: str, *, where: Mapping[str, Any] | None = None,
               order_by: Sequence[str] = (), limit: int = 50) -> list[dict]:
        """Rows whose search column contains every word of `text` (case-insensitive substrings)."""

    @abstractmethod
    def page(self, table: str, *, sort: str, descending: bool = False, where: Mapping[str, Any] | None = None,
             ranges: Sequence[tuple[str, str, Any]] = (), search: str = "", after: Sequence[Any] | None = None,
             before: Sequence[Any] | None = None, size: int = 50) -> tuple[list[dict], bool]:
        """(rows, more): a page of `table` in the order (`sort`, key) after/before a cursor (see `projections.keyset`)."""

    @abstractmethod
    def count(self, table: str, *, where: Mapping[str, Any] | None = None,
              ranges: Sequence[tuple[str, str, Any]] = (), search: str = "", cap: int = 10_000) -> tuple[int, bool]:
        """(count, exact) of the rows a `page` filter matches; counted up to `cap` unless a summary answers."""

    @abstractmethod
    def summary(self, name: str, *, where: Mapping[str, Any] | None = None,
                ranges: Sequence[tuple[str, str, Any]] = ()) -> list[dict]:
        """The rows of a table's `Summary` (group columns, `rows`, sums), optionally filtered."""

    @abstractmethod
    def snapshot(self) -> tuple[int, dict[str, list[dict]]]:
        """The position and all rows of every table (ordered by key), read in one transaction."""

    @abstractmethod
    def reset(self) -> None:
        """Drop the view's tables and position, and create the tables again, empty."""

    def rows(self, table: str) -> list[dict]:
        """Every row of `table`, ordered by its key."""
        return self.select(table, order_by=self.table(table).key)


def search_terms(text: str) -> list[str]:
    """The words of a search text, normalised as the search columns are (`search_text`)."""
    return [word for word in search_text(text).split(" ") if word]


def search_text(*parts: str | None) -> str:
    """What a search column holds: the parts, Unicode-normalised, case-folded, single-spaced."""
    import unicodedata

    joined = " ".join(part for part in parts if part)
    return " ".join(unicodedata.normalize("NFKC", joined).casefold().split())


def in_list(values: Collection[Any]) -> str:
    """`(?, ?, …)` for a collection of parameters."""
    return "(" + ", ".join("?" * len(values)) + ")" if values else "(NULL)"


def as_uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
