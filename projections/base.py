"""The read model: an eventsourcing `Projection` whose view is a `View`, folded case by case.

A read model declares its `tables` and a `handlers` map from event class to a pure function
`handler(case_rows, event)` that changes the case's rows in place (from the events alone: the facts
of an invoice are recorded in them, see `projections.recorded`). `process_batch` loads the
rows of every case the batch touches, applies the events in log order, and saves those rows with
the batch's tracking position in one transaction (`View.save`). `process_event` is the same for a
single event, so a read model also runs under eventsourcing's own `ProjectionRunner`.

Between batches a read model keeps the rows it last saved for recently touched cases (at most
`CACHED_CASES`). They are used only while the view is still at the position this read model saved
it at (the `expected` position of the next batch): then nobody else has written since, and the
rows are exactly what is stored. Any failure, or any other position, empties the cache. When the
cache began on an empty view (position 0, as in a rebuild) and has evicted nothing, a case it does
not hold has no rows at all, so nothing is loaded.

Queries are methods of the read model (it holds the view); they never write. What people page
through is declared as `lists` (`projections.paging.Listing`): `page` reads one page of a list with
its filters (`list_query` turns the page's filter values into conditions) and the values computed
for the day asked (`decorate`); `every` reads a whole list page by page, for downloads. Reports
(`reports`) are read from summaries, so they stay small whatever the number of invoices.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from eventsourcing.utils import get_topic

from projections.paging import Listing, Page, every_row, read_page
from projections.schema import Table
from projections.store import UNCHECKED, CaseRows, View

Handler = Callable[[CaseRows, Any], object]  # what a handler returns is not used

CACHED_CASES = 20_000
"""How many cases' rows a read model keeps between batches (per view), to spare loading them again."""

BULK_CACHED_CASES = 40_000
"""How many cases' rows a rebuild keeps unwritten (per view); more are written, the least recent first."""


class ReadModel(Projection[View]):
    """A read model: tables, the fold (`handlers`) and queries, over one `View`."""

    name: str = ""  # a plain attribute, as eventsourcing's Projection declares it
    tables: ClassVar[tuple[Table, ...]] = ()
    handlers: ClassVar[Mapping[type, Handler]] = {}
    lists: ClassVar[tuple[Listing, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.topics = tuple(get_topic(event_class) for event_class in cls.handlers)

    def __init__(self, view: View):
        super().__init__(view)
        self._cache: OrderedDict[int, CaseRows] = OrderedDict()  # by the case id's integer
        self._cached_at: Any = None
        self._complete = False  # the cache holds every case the view has rows for
        self._bulk: set[int] | None = None  # in a rebuild: the cases written so far
        self._last: Tracking | None = None  # in a rebuild: the position reached

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        """Apply one event and record its position (eventsourcing's `Projection` interface)."""
        self.process_batch([domain_event], tracking)

    def process_batch(self, events: Sequence[Any], tracking: Tracking, *, expected: Any = UNCHECKED) -> int:
        """Apply `events` (in log order) and record `tracking`, in one transaction; returns how many applied.

        `expected` is the position the events follow; when the view is elsewhere, nothing is written
        and `IntegrityError` is raised (see `View.save`).
        """
        handler_of = self.handlers.get
        handled = [(handler, event, event.originator_id.int) for event in events
                   if (handler := handler_of(type(event))) is not None]  # ints as keys: UUID hashes in Python
        if self._bulk is not None:
            return self._fold_in_bulk(handled, tracking)
        cases = self._load({key: event.originator_id for _, event, key in handled}, expected)
        try:
            for handler, event, key in handled:
                handler(cases[key], event)
            self.view.save(cases.values(), tracking, expected)
        except BaseException:
            self.forget()
            raise
        self._keep(cases, tracking.notification_id if expected is not UNCHECKED else None)
        return len(handled)

    def forget(self) -> None:
        """Empty the cache of rows (the next batch loads what it needs); ends a bulk fold unfinished."""
        self._cache.clear()
        self._cached_at = None
        self._complete = False
        self._bulk = None
        self._last = None

    # --- rebuilding in bulk ------------------------------------------------------------------

    def begin_bulk(self) -> None:
        """Start folding a freshly reset view in bulk (see the module docstring)."""
        self.forget()
        self._bulk = set()
        self.view.begin_bulk()

    def end_bulk(self) -> None:
        """Write every row still held with the position reached, and build the indexes."""
        cache, last = self._cache, self._last
        if last is not None:
            self.view.save(cache.values(), last)
        self.forget()
        self.view.end_bulk()

    def _fold_in_bulk(self, handled: list, tracking: Tracking) -> int:
        cache, written = self._cache, self._bulk
        assert written is not None  # called only between begin_bulk and end_bulk
        touched = {key: event for _, event, key in handled}  # in order of first touch
        missing = [key for key in touched if key not in cache]
        if missing:
            stored = [touched[key].originator_id for key in missing if key in written]
            names = [table.name for table in self.tables]
            for key in missing:
                if key not in written:
                    cache[key] = CaseRows(touched[key].originator_id, {name: [] for name in names}, stored=False)
            for case_id, rows in (self.view.load(stored).items() if stored else ()):
                cache[case_id.int] = rows
        try:
            for handler, event, key in handled:
                handler(cache[key], event)
            move_to_end = cache.move_to_end  # the batch's cases are the most recent, once each (not per event)
            for key in touched:
                move_to_end(key)
            if len(cache) > BULK_CACHED_CASES:
                leaving = [cache.popitem(last=False)[1] for _ in range(len(cache) - BULK_CACHED_CASES // 2)]
                self.view.save(leaving, None)
                written.update(rows.case_id.int for rows in leaving)
        except BaseException:
            self.forget()
            raise
        self._last = tracking
        return len(handled)

    def _load(self, case_ids: dict[int, UUID], expected: Any) -> dict[int, CaseRows]:
        if expected is UNCHECKED or expected != self._cached_at:
            self.forget()
            self._complete = expected == 0
        cache = self._cache
        cases = {key: cache[key] for key in case_ids if key in cache}
        missing = [case_ids[key] for key in case_ids if key not in cases]
        if missing and self._complete:
            names = [table.name for table in self.tables]
            cases.update((case_id.int, CaseRows(case_id, {name: [] for name in names}, stored=False))
                         for case_id in missing)
        elif missing:
            cases.update((case_id.int, rows) for case_id, rows in self.view.load(missing).items())
        return cases

    def _keep(self, cases: dict[int, CaseRows], position: int | None) -> None:
        if position is None:
            self.forget()
            return
        self._cached_at = position
        cache = self._cache
        for case_id, rows in cases.items():
            rows.stored = True
            cache[case_id] = rows
            cache.move_to_end(case_id)
        while len(cache) > CACHED_CASES:
            cache.popitem(last=False)
            self._complete = False

    def reports(self, today: date) -> dict[str, list[dict]]:
        """The read model's reports for `today` (name → rows), for CSV and people; none by default."""
        return {}

    def listing(self, name: str | None = None) -> Listing:
        """The list `name` (the first list when None or unknown)."""
        return next((listing for listing in self.lists if listing.name == name), self.lists[0])

    def list_query(self, listing: Listing, filters: Mapping[str, str], today: date) -> tuple[dict, list]:
        """(equality conditions, range conditions) for a page's filter values: by default each offered filter
        compares its column with the value given (a value not among its choices is ignored)."""
        where = {}
        for offered in listing.filters:
            value = (filters or {}).get(offered.name)
            if value and (not offered.choices or value in offered.choices):
                where[offered.name] = value
        return where, []

    def decorate(self, listing: Listing, row: dict, today: date) -> dict:
        """A list row with the values computed for `today` (none by default)."""
        return row

    def page(self, name: str | None = None, *, today: date, filters: Mapping[str, str] | None = None,
             sort: str | None = None, descending: bool | None = None, cursor: str | None = None, size: int = 50,
             search: str = "") -> Page:
        """One page of list `name` (see `projections.paging.read_page`), rows decorated for `today`."""
        listing = self.listing(name)
        where, ranges = self.list_query(listing, filters or {}, today)
        found = read_page(self.view, listing, sort=sort, descending=descending, where=where, ranges=ranges,
                          search=search, cursor=cursor, size=size)
        found.rows[:] = [self.decorate(listing, row, today) for row in found.rows]
        return found

    def every(self, name: str | None = None, *, today: date, filters: Mapping[str, str] | None = None,
              sort: str | None = None, descending: bool | None = None, search: str = "") -> Iterator[dict]:
        """Every row of list `name` in order, read page by page (for downloads)."""
        listing = self.listing(name)
        where, ranges = self.list_query(listing, filters or {}, today)
        for row in every_row(self.view, listing, sort=sort, descending=descending, where=where, ranges=ranges,
                             search=search):
            yield self.decorate(listing, row, today)

    def rows(self, table: str | None = None) -> list[dict]:
        """Every row of a table of this view (the first table when none is named), ordered by key."""
        return self.view.rows(table or self.tables[0].name)


REPORTED_MONTHS = 24
"""How many months a report by month covers (ending with the current one)."""


def first_reported_month(today: date) -> str:
    """The month (YYYY-MM) a report by month starts with on `today`: `REPORTED_MONTHS` months, this one the last."""
    index = today.year * 12 + today.month - 1 - (REPORTED_MONTHS - 1)
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
