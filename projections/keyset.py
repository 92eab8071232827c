"""Keyset pagination in SQL: the next rows after (or before) a row, in an order an index can serve.

A list is ordered by one column and then the table's key (so every row has a unique place), all in
the same direction, so one index `(column, key...)` serves it; the position is the last row's values
of those columns (the *cursor*), never an offset, so a page deep in a million rows costs what the
first one does. Rows whose sort column is empty come last in both directions: the order is split
into the rows with a value (`col IS NOT NULL`, compared as a row value `(col, key...) > (...)`) and
then the rows without (`col IS NULL`, compared on the key alone). `segments` gives the statements'
conditions, parameters and ORDER BY for the part of that order a page must read, in reading order.

Reading backwards (the page before a cursor) reads the same order reversed; the caller turns the
rows round again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """One statement's extra WHERE clauses, their parameters and its ORDER BY."""

    clauses: tuple[str, ...]
    params: tuple[Any, ...]
    order_by: str


def segments(sort: str, key: Sequence[str], *, descending: bool, cursor: Sequence[Any] | None,
             backwards: bool = False, nullable: bool = True) -> list[Segment]:
    """The statements that read the order (`sort`, then `key`) from `cursor` on (None: from the start).

    `cursor` holds the values of (sort, *key) of the row the page follows (`backwards`: precedes), as
    the database stores them. `nullable=False` leaves out the part for rows without a sort value
    (for key columns and columns that always have one).
    """
    rest = [column for column in key if column != sort]
    if sort in key:
        nullable = False
    scan_desc = descending != backwards
    compare, direction = ("<", "DESC") if scan_desc else (">", "ASC")
    valued = ("valued", [sort, *rest])
    empty = ("empty", rest)
    parts = [valued] + ([empty] if nullable and rest else [])
    if backwards:
        parts.reverse()
    start = 0
    if cursor is not None:
        where = "valued" if cursor[0] is not None or not nullable else "empty"
        start = next(index for index, (name, _) in enumerate(parts) if name == where)
    found = []
    for index, (name, columns) in enumerate(parts[start:], start):
        clauses = [f"{sort} IS NOT NULL" if name == "valued" else f"{sort} IS NULL"]
        params: tuple[Any, ...] = ()
        if cursor is not None and index == start:
            values = list(cursor) if name == "valued" else list(cursor[1:])
            marks = ", ".join("?" * len(columns))
            clauses.append(f"({', '.join(columns)}) {compare} ({marks})")
            params = tuple(values)
        if not nullable:
            clauses = clauses[1:]
        found.append(Segment(tuple(clauses), params, ", ".join(f"{column} {direction}" for column in columns)))
    return found
