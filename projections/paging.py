"""Lists people page through: which table, which orders and filters, and a page with its cursors and count.

A `Listing` names a view's table, the columns a list may be sorted by (each served by an index
`(column, key…)`), the default order and the equality filters it offers. `read_page` reads one
page after or before a cursor (`projections.keyset`: never an offset, so the millionth row costs
what the first does), counts the matching rows (exact through a `Summary`, else up to `COUNT_CAP`
and then "more than"; a first page that holds every match is its own count), and hands back the
cursors of the pages before and after as opaque tokens.

A token carries the sort it belongs to, the row values it continues from and the position of the
page's first row (for "51–100 of 1,234"; the position is counted as people page, so it is exact
when the list did not change meanwhile). A token for another sort is ignored (the list starts at
its beginning); a token that is not one raises `BadCursor`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from projections.store import View

COUNT_CAP = 1_000
"""Counts beyond this (without a summary to answer, e.g. a search) are shown as "more than 1,000": counting
costs a row read per match, so a common search word would otherwise cost more the larger the store grows."""

MAX_PAGE = 500
"""The largest page a list hands out (downloads read the whole list in pages of this size)."""


class BadCursor(ValueError):
    """A page token that this service did not make (or that was cut short)."""


@dataclass(frozen=True)
class Filter:
    """A filter a list offers people: its parameter name, the values to choose from (empty: free text) and the
    value that applies when none is given (empty: no filter)."""

    name: str
    choices: tuple[str, ...] = ()
    default: str = ""


@dataclass(frozen=True)
class Listing:
    """A list of a view's table (or summary): sortable columns (the first is the default) and direction,
    the columns shown (default: all but the search column), the filters offered, and whether it is searched."""

    name: str
    table: str
    sorts: tuple[str, ...]
    descending: bool = False
    columns: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()
    searchable: bool = False

    @property
    def default(self) -> str:
        return self.sorts[0]


@dataclass(frozen=True)
class Page:
    """One page of a list: rows, how many match in all, where it starts, and the tokens of its neighbours."""

    rows: list[dict]
    total: int
    exact: bool
    first: int
    """1-based position of the first row (0 when the page is empty)."""
    sort: str
    descending: bool
    size: int
    next: str | None = None
    previous: str | None = None

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def read_page(view: View, listing: Listing, *, sort: str | None = None, descending: bool | None = None,
              where: Mapping[str, Any] | None = None, ranges: Sequence[tuple[str, str, Any]] = (),
              search: str = "", cursor: str | None = None, size: int = 50, counted: bool = True) -> Page:
    """The page of `listing` at `cursor` (None: the first), in the order asked (else the listing's default).
    With `counted` False the matches are not counted (`total` 0, not exact): for readers of every page."""
    sort = sort if sort in listing.sorts else listing.default
    descending = listing.descending if descending is None else descending
    size = max(1, min(int(size), MAX_PAGE))
    search = search if listing.searchable else ""
    spec = view.table(listing.table)
    order = (sort, *[column for column in spec.key if column != sort])
    position = _decode(cursor, spec, order, sort, descending) if cursor else None
    filters = dict(where or {})
    backwards = position is not None and position["before"]
    rows, more = view.page(listing.table, sort=sort, descending=descending, where=filters, ranges=ranges,
                           search=search, size=size,
                           after=position["values"] if position and not backwards else None,
                           before=position["values"] if position and backwards else None)
    offset = position["offset"] if position else 0
    if backwards and not more:  # reached the beginning: show the first page whole
        rows, more = view.page(listing.table, sort=sort, descending=descending, where=filters, ranges=ranges,
                               search=search, size=size)
        position, backwards, offset = None, False, 0
    if not counted:
        total, exact = 0, False
    elif position is None and not more:  # the first page holds every match
        total, exact = len(rows), True
    else:
        total, exact = view.count(listing.table, where=filters, ranges=ranges, search=search, cap=COUNT_CAP)
    if exact and rows:
        total = max(total, offset + len(rows))
    has_next = more if not backwards else True
    has_previous = position is not None and (more if backwards else True)
    values = lambda row: [row[column] for column in order]  # noqa: E731
    return Page(rows, total, exact, offset + 1 if rows else 0, sort, descending, size,
                next=_encode(spec, order, sort, descending, values(rows[-1]), offset + len(rows), False)
                if rows and has_next else None,
                previous=_encode(spec, order, sort, descending, values(rows[0]), max(0, offset - size), True)
                if rows and has_previous else None)


def every_row(view: View, listing: Listing, *, sort: str | None = None, descending: bool | None = None,
              where: Mapping[str, Any] | None = None, ranges: Sequence[tuple[str, str, Any]] = (),
              search: str = "") -> Iterator[dict]:
    """Every row of the list in order, read page by page (for downloads: memory stays one page)."""
    cursor = None
    while True:
        page = read_page(view, listing, sort=sort, descending=descending, where=where, ranges=ranges, search=search,
                         cursor=cursor, size=MAX_PAGE, counted=False)
        yield from page.rows
        if page.next is None:
            return
        cursor = page.next


# --- tokens -------------------------------------------------------------------------------------

def _encode(spec, order: Sequence[str], sort: str, descending: bool, values: Sequence[Any], offset: int,
            before: bool) -> str:
    data = {"s": sort, "d": int(descending), "v": [_plain(spec.type_of(column), value)
                                                   for column, value in zip(order, values)],
            "o": offset, "b": int(before)}
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(text).decode().rstrip("=")


def _decode(token: str, spec, order: Sequence[str], sort: str, descending: bool) -> dict | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if data["s"] != sort or bool(data["d"]) != descending:
            return None  # a cursor of another order: start from the beginning
        values = data["v"]
        if len(values) != len(order):
            raise ValueError("wrong number of values")
        return {"values": [_typed(spec.type_of(column), value) for column, value in zip(order, values)],
                "offset": max(0, int(data["o"])), "before": bool(data["b"])}
    except (ValueError, KeyError, TypeError, binascii.Error, ArithmeticError) as error:
        raise BadCursor(f"The page token {token[:20]!r} is not one this service made ({error}).") from None


def _plain(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    return value


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        return None
    converters: dict[str, Callable[[Any], Any]] = {"uuid": UUID, "money": Decimal, "int": int, "bool": bool, "date": date.fromisoformat,
                  "timestamp": datetime.fromisoformat, "text": str, "json": lambda item: item}
    return converters[kind](value)
