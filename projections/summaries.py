"""Keeping a table's `Summary`s in step with its rows: what a batch removed is subtracted, what it wrote added.

The stores call this while saving a batch, in the same transaction (`projections.sql.SQLView.save`):
the rows a case had are taken away — counted here in Python from the store's record of what it wrote
(`CaseRows.written`), or, where it has none, read back with one `GROUP BY` over those cases
(`stored_statement`) —, the rows about to be written are counted in (`Deltas.add`); the difference is
written with one upsert per changed group (`upsert_statement`), and groups whose count reached 0 are
removed (`delete_statement`). Nothing
ever scans a whole table, so keeping summaries costs a batch only in proportion to its own rows.
A rebuild is the exception: its saves leave the summaries alone, and at its end every summary is
counted once from the whole table with the same `GROUP BY` and inserted (`SQLView.end_bulk`).

Groups are told apart by `canonical` text of their values as stored (dates and times in ISO 8601,
times in UTC, booleans as 0/1), which is the same on SQLite and PostgreSQL whichever way a value
was read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Any
from uuid import UUID

from projections.schema import Summary, Table


def canonical(value: Any) -> Any:
    """A JSON-able value that is equal for equal stored values, however the driver returned them."""
    if value is None or isinstance(value, (str, int)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, UUID):
        return str(value)
    return str(value)


def group_key(values: Sequence[Any]) -> str:
    """The summary row's key: its group values as compact JSON."""
    return json.dumps([canonical(value) for value in values], separators=(",", ":"), ensure_ascii=False)


class Deltas:
    """The changes one batch makes to one table's summaries: group key → [group values, count, sums...]."""

    def __init__(self, table: Table):
        self.table = table
        positions = {name: index for index, name in enumerate(table.names)}
        self._picks = [(summary, [positions[name] for name in summary.groups],
                        [positions[name] for name in summary.sums]) for summary in table.summaries]
        self.changes: dict[str, dict[tuple, list]] = {summary.name: {} for summary in table.summaries}

    def add(self, rows: Iterable[Sequence[Any]], *, sign: int = 1) -> None:
        """Count `rows` (as encoded for the database, in the table's column order) into their groups (`sign` -1:
        take them away)."""
        for row in rows:
            for summary, groups, sums in self._picks:
                self._change(summary, [row[index] for index in groups], sign,
                             [sign * int(row[index] or 0) for index in sums])

    def subtract(self, summary: Summary, stored: Iterable[Sequence[Any]]) -> None:
        """Take away rows read by `stored_statement`: (group values..., count, sums...)."""
        self.add_stored(summary, stored, sign=-1)

    def add_stored(self, summary: Summary, stored: Iterable[Sequence[Any]], *, sign: int = 1) -> None:
        """Add (`sign` -1: take away) rows read by `stored_statement`: (group values..., count, sums...)."""
        width = len(summary.groups)
        for row in stored:
            row = list(row)
            self._change(summary, row[:width], sign * int(row[width]),
                         [sign * int(value or 0) for value in row[width + 1:]])

    def _change(self, summary: Summary, groups: list, count: int, sums: list) -> None:
        changes = self.changes[summary.name]
        key = tuple(map(canonical, groups))  # the JSON key is made once per group, when written
        entry = changes.get(key)
        if entry is None:
            changes[key] = [groups, count, [int(value) for value in sums]]
        else:
            entry[1] += count
            entry[2] = [total + int(value) for total, value in zip(entry[2], sums)]

    def writes(self, summary: Summary) -> tuple[list[list], list[list]]:
        """(upsert parameters, keys of groups that may have reached 0) for one summary; unchanged groups left out."""
        upserts, emptied = [], []
        for values, (groups, count, sums) in self.changes[summary.name].items():
            if count == 0 and not any(sums):
                continue
            key = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False)
            upserts.append([key, *groups, count, *sums])
            if count < 0:
                emptied.append([key])
        return upserts, emptied


def stored_statement(summary: Summary, table_name: str, ids_condition: str | None = None) -> str:
    """Counts and sums per group of the rows of some cases (`case_id <ids_condition>`; None: of every row)."""
    groups = ", ".join(summary.groups)
    sums = "".join(f", SUM({name}) AS sum_{name}" for name in summary.sums)
    where = f" WHERE case_id {ids_condition}" if ids_condition is not None else ""
    return f"SELECT {groups}, COUNT(*) AS counted{sums} FROM {table_name}{where} GROUP BY {groups}"


def upsert_statement(summary: Summary, table_name: str, placeholder: str) -> str:
    """Add a group's change (key, groups, count, sums) to its summary row, creating the row if missing."""
    names = summary.names()
    marks = ", ".join([placeholder] * len(names))
    added = ", ".join(f"{name} = s.{name} + excluded.{name}" for name in ("rows", *summary.sums))
    return (f"INSERT INTO {table_name} AS s ({', '.join(names)}) VALUES ({marks}) "
            f"ON CONFLICT (key) DO UPDATE SET {added}")


def delete_statement(table_name: str, placeholder: str) -> str:
    """Remove a group whose count reached 0."""
    return f"DELETE FROM {table_name} WHERE key = {placeholder} AND rows <= 0"


INDEXES = (("groups", None), ("rows", ("rows", "key")))
"""The indexes of a summary table: its groups in order, and (rows, key), so lists page by group or by size."""


def create_statements(summary: Summary, table: Table, table_name: str, index_name: Callable[[tuple[str, ...]], str],
                      sql_type: Callable[[str], str]) -> list[str]:
    """The summary table and its indexes (`INDEXES`); `index_name` names an index of some columns."""
    columns = ", ".join(f"{column.name} {sql_type(column.type)}" for column in summary.columns(table))
    statements = [f"CREATE TABLE IF NOT EXISTS {table_name} ({columns}, PRIMARY KEY (key))"]
    for _, given in INDEXES:
        indexed = given or (*summary.groups, "key")
        statements.append(f"CREATE INDEX IF NOT EXISTS {index_name(indexed)} ON {table_name} ({', '.join(indexed)})")
    return statements
