"""What the SQLite and PostgreSQL views share: statements built from the table specs, value conversions.

The subclasses say how to open a transaction, how names are qualified, how a list of case ids is
passed, how values are kept (see the type table in `projections.schema`) and how search works.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking

from projections import summaries
from projections.schema import Table
from projections.sql_queries import SQLQueries
from projections.store import UNCHECKED, CaseRows, View

Convert = Callable[[Any], Any]
CHUNK = 900
"""Case ids per statement where ids are passed one parameter each (SQLite's limit is far above)."""


def cents(amount: Decimal | int) -> int:
    """An amount (at most two decimals) as whole hundredths; rounded half up if it ever has more."""
    return int(Decimal(amount).scaleb(2).to_integral_value(ROUND_HALF_UP))


def from_cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def dump_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


def iso_utc(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _nullable(convert: Convert) -> Convert:
    return lambda value: None if value is None else convert(value)


class SQLView(SQLQueries, View):
    """The shared part of the SQL views: load, save, select, fetch, snapshot over `Table` specs."""

    to_db: dict[str, Convert] = {}
    from_db: dict[str, Convert] = {}
    placeholder = "?"
    _search_by_rows = False
    """True where the search index follows the rows' inserts and deletes only (SQLite's FTS triggers): an `UPDATE`
    of a row must then leave its search column alone."""
    _summaries_deferred = False
    """True during a bulk fold (from `begin_bulk` to `end_bulk`): saves leave the summaries alone, and `end_bulk`
    counts them from the rows, once (rather than a delta per save and row)."""

    if TYPE_CHECKING:  # given by the backend's eventsourcing recorder; declared for the type checker only
        datastore: Any

        def _insert_tracking(self, cursor: Any, tracking: Tracking) -> None: ...
        def _max_tracking_id(self, application_name: str, cursor: Any) -> int | None: ...

    def _init_view(self, tables: Sequence[Table], application_name: str) -> None:
        self.tables = tuple(tables)
        self.application_name = application_name
        self.summaries = {summary.name: (table, summary) for table in self.tables for summary in table.summaries}
        self._specs = {table.name: table for table in self.tables}
        self._specs.update({name: summary.table(table) for name, (table, summary) in self.summaries.items()})
        self._encoders = {table.name: [(c.name, _nullable(self.to_db[c.type]) if c.type in self.to_db else None)
                                       for c in table.columns] for table in self._specs.values()}
        self._names = {table.name: table.names for table in self._specs.values()}
        self._converted = {table.name: [(index, self.to_db[column.type]) for index, column in enumerate(table.columns)
                                        if column.type in self.to_db] for table in self._specs.values()}
        self._decoders = {table.name: [(c.name, _nullable(self.from_db[c.type]) if c.type in self.from_db else None)
                                       for c in table.columns] for table in self._specs.values()}

    def table(self, name: str) -> Table:
        """The spec of a table or summary of this view."""
        return self._specs[name]

    # --- backend hooks -------------------------------------------------------------------

    def _transaction(self, *, commit: bool):
        return self.datastore.transaction(commit=commit)

    @abstractmethod
    def _qualified(self, table: str) -> str:
        """The table's name as the backend's SQL must spell it."""

    @abstractmethod
    def _ids_condition(self, ids: Sequence[UUID]) -> list[tuple[str, list]]:
        """`(condition on case_id, parameters)` pairs that together select `ids`."""

    @abstractmethod
    def _lock_position(self, cursor) -> int:
        """Lock this view's tracking row for the transaction and return its position."""

    @abstractmethod
    def _drop_indexes(self) -> None:
        """Drop the secondary and search indexes (see `begin_bulk`)."""

    @abstractmethod
    def _create_indexes(self) -> None:
        """Build the secondary and search indexes again (see `end_bulk`)."""

    @abstractmethod
    def _reset(self) -> None:
        """Drop the view's tables and position and create the tables again (see `reset`)."""

    def _begin_snapshot(self, cursor) -> None:
        """Make the read transaction see one snapshot (PostgreSQL needs REPEATABLE READ)."""

    def _param(self, value: Any) -> Any:
        return value

    @staticmethod
    def _values(row) -> Sequence:
        return tuple(row)

    @abstractmethod
    def _existing_columns(self, cursor, name: str) -> list[str]:
        """The columns of table `name` as the database has it (empty when there is no such table)."""

    def schema_current(self) -> bool:
        """False when tables exist in another shape than the specs say (an older release wrote them): the view
        must then be dropped and rebuilt from the log (`Views.create_tables` does that)."""
        with self._transaction(commit=False) as cursor:
            found = {table.name: self._existing_columns(cursor, table.name) for table in self.tables}
            found.update({name: self._existing_columns(cursor, name) for name in self.summaries})
        if not any(found.values()):
            return True  # nothing there yet: created fresh
        expected = {table.name: list(table.names) for table in self.tables}
        expected.update({name: list(summary.names()) for name, (_, summary) in self.summaries.items()})
        return all(found[name] == columns for name, columns in expected.items())

    # --- rows ---------------------------------------------------------------------------

    def _decode(self, table: str, row) -> dict:
        return {name: value if convert is None else convert(value)
                for (name, convert), value in zip(self._decoders[table], self._values(row))}

    def _sql(self, statement: str) -> str:
        names = {name: self._qualified(name) for name in (*(table.name for table in self.tables), *self.summaries)}
        statement = statement.format(**names) if names else statement
        return statement.replace("?", self.placeholder) if self.placeholder != "?" else statement

    def _columns(self, table: Table) -> str:
        return ", ".join(table.names)

    def load(self, case_ids: Collection[UUID]) -> dict[UUID, CaseRows]:
        ids = list(case_ids)
        loaded = {case_id: CaseRows(case_id, {table.name: [] for table in self.tables}) for case_id in ids}
        if not ids:
            return loaded
        with self._transaction(commit=False) as cursor:
            for table in self.tables:
                select = f"SELECT {self._columns(table)} FROM {self._qualified(table.name)} WHERE case_id "
                for condition, params in self._ids_condition(ids):
                    cursor.execute(self._sql(select + condition), params)
                    for row in cursor.fetchall():
                        values = self._decode(table.name, row)
                        loaded[values["case_id"]].tables[table.name].append(values)
        cases = list(loaded.values())  # what is stored, encoded as a save would encode it (`CaseRows.written`)
        for case in cases:
            case.written = {}
        for table in self.tables:
            for case, rows in zip(cases, self._encode_cases(table.name, cases)):
                case.written[table.name] = rows
        return loaded

    def save(self, cases: Iterable[CaseRows], tracking: Tracking | None, expected: Any = UNCHECKED) -> None:
        cases = list(cases)
        written: list[tuple[str, list[tuple[CaseRows, list[list]]]]] = []
        with self._transaction(commit=True) as cursor:
            if expected is not UNCHECKED:
                found = self._lock_position(cursor)
                if found != (expected or 0):
                    raise IntegrityError(f"View at position {found}, not {expected}: another runner moved it.")
            for table in self.tables:
                written.append((table.name, self._save_table(cursor, table, cases)))
            if tracking is not None:
                self._insert_tracking(cursor, tracking)
        for table_name, record in written:  # only once committed: a failed save leaves the record as it was
            for case, rows in record:
                case.written[table_name] = rows

    def _save_table(self, cursor, table: Table, cases: list[CaseRows]) -> list[tuple[CaseRows, list[list]]]:
        """Write the rows of `cases` in `table` that differ from what is stored; returns (case, encoded rows) for
        every case: what the table holds for it now.

        A case whose rows encode as the store's record of them (`CaseRows.written`) is left alone. A case with
        one row before and after in a table keyed by the case alone is changed by an `UPDATE` of the columns that
        changed (only the indexes on those columns are touched; on SQLite only while the search column stays
        the same, since the search index follows inserts and deletes). Any other case's rows are deleted and
        inserted again. Summaries: the rows on record of the cases written are taken away (read back where there
        is no record), their new rows added.
        """
        name = self._qualified(table.name)
        single = table.key == ("case_id",)
        search = table.names.index(table.search) if table.search is not None and self._search_by_rows else -1
        replaced: list[UUID] = []
        unknown: list[UUID] = []  # written, but what the table held for them is not on record
        removed: list[list] = []  # the rows on record of the cases written
        inserts: list[list] = []
        updates: dict[tuple[int, ...], list[list]] = {}
        added: list[list] = []  # the new rows of the cases written
        record = list(zip(cases, self._encode_cases(table.name, cases)))
        for case, rows in record:
            before = case.written.get(table.name) if case.stored else []
            if before == rows:
                continue
            added += rows
            if before is None:
                unknown.append(case.case_id)
            else:
                removed += before
            if before is not None and single and len(before) == len(rows) == 1:
                old, new = before[0], rows[0]
                columns = tuple(index for index, (was, now) in enumerate(zip(old, new)) if was != now)
                if search not in columns:
                    updates.setdefault(columns, []).append([new[index] for index in columns] + [new[0]])
                    continue
            if case.stored:
                replaced.append(case.case_id)
            inserts += rows
        deltas = summaries.Deltas(table) if table.summaries and not self._summaries_deferred else None
        if deltas is not None:
            deltas.add(removed, sign=-1)
            for condition, params in self._ids_condition(unknown) if unknown else ():
                for summary in table.summaries:
                    cursor.execute(self._sql(summaries.stored_statement(summary, name, condition)), params)
                    deltas.subtract(summary, (self._values(row) for row in cursor.fetchall()))
        for condition, params in self._ids_condition(replaced) if replaced else ():
            cursor.execute(self._sql(f"DELETE FROM {name} WHERE case_id {condition}"), params)
        for columns, parameters in updates.items():
            assignments = ", ".join(f"{table.names[index]} = ?" for index in columns)
            cursor.executemany(self._sql(f"UPDATE {name} SET {assignments} WHERE case_id = ?"), parameters)
        if inserts:
            self._insert(cursor, table, inserts)
        if deltas is not None and (added or removed or unknown):
            deltas.add(added)
            self._write_summaries(cursor, deltas)
        return record

    def _encode_cases(self, table: str, cases: Iterable[CaseRows]) -> list[list[list]]:
        """The rows of `table` of each of `cases` as the database keeps them, in column order, in one loop (a
        rebuild encodes every row of every view here); the `case_id` (the first column) is converted once per case."""
        names, converted = self._names[table], self._converted[table]
        rest = [(index, convert) for index, convert in converted if index != 0]
        first = next((convert for index, convert in converted if index == 0), None)
        encoded_cases: list[list[list]] = []
        for case in cases:
            encoded: list[list] = []
            encoded_cases.append(encoded)
            rows = case.tables[table]
            if not rows:
                continue
            case_id = case.case_id
            case_key = first(case_id) if first is not None else case_id
            for row in rows:
                values = list(map(row.get, names))
                value = values[0]
                if value is case_id:
                    values[0] = case_key
                elif value is not None and first is not None:
                    values[0] = first(value)
                for index, convert in rest:
                    value = values[index]
                    if value is not None:
                        values[index] = convert(value)
                encoded.append(values)
        return encoded_cases

    def reset(self) -> None:
        self._summaries_deferred = False  # empty tables, empty summaries: saves keep them in step again
        self._reset()

    def begin_bulk(self) -> None:
        self._summaries_deferred = True
        self._drop_indexes()

    def end_bulk(self) -> None:
        self._create_indexes()
        if self._summaries_deferred:
            self._count_summaries()
        self._summaries_deferred = False

    def _count_summaries(self) -> None:
        """Write every summary afresh from its table's rows: one `GROUP BY` over the table per summary, the groups
        inserted in bulk (as rows are)."""
        with self._transaction(commit=True) as cursor:
            for table in self.tables:
                deltas = summaries.Deltas(table)
                for summary in table.summaries:
                    cursor.execute(f"DELETE FROM {self._qualified(summary.name)}")
                    cursor.execute(summaries.stored_statement(summary, self._qualified(table.name)))
                    deltas.add_stored(summary, (self._values(row) for row in cursor.fetchall()))
                    groups, _ = deltas.writes(summary)  # (key, groups..., rows, sums...): the summary's columns
                    if groups:
                        self._insert(cursor, self.table(summary.name), groups)

    def is_stale(self) -> bool:
        if self.position():
            return False
        with self._transaction(commit=False) as cursor:
            for table in self.tables:
                cursor.execute(f"SELECT 1 FROM {self._qualified(table.name)} LIMIT 1")
                if cursor.fetchone() is not None:
                    return True
        return False

    def _write_summaries(self, cursor, deltas: summaries.Deltas) -> None:
        for summary in deltas.table.summaries:
            upserts, emptied = deltas.writes(summary)
            name = self._qualified(summary.name)
            if upserts:
                cursor.executemany(summaries.upsert_statement(summary, name, self.placeholder), upserts)
            if emptied:
                cursor.executemany(summaries.delete_statement(name, self.placeholder), emptied)

    def _summary_statements(self, sql_type: Callable[[str], str]) -> list[str]:
        statements = []
        for table, summary in self.summaries.values():
            statements += summaries.create_statements(
                summary, table, self._qualified(summary.name),
                partial(self._index_name, summary.name), sql_type)
        return statements

    def _index_name(self, table: str, columns: Sequence[str]) -> str:
        return f"{table}_{'_'.join(columns)}"

    def _insert(self, cursor, table: Table, rows: list[list]) -> None:
        marks = ", ".join([self.placeholder] * len(table.columns))
        cursor.executemany(f"INSERT INTO {self._qualified(table.name)} ({self._columns(table)}) VALUES ({marks})", rows)

    def snapshot(self) -> tuple[int, dict[str, list[dict]]]:
        with self._transaction(commit=False) as cursor:
            self._begin_snapshot(cursor)
            position = self._max_tracking_id(self.application_name, cursor) or 0
            tables = {}
            for table in self.tables:
                cursor.execute(f"SELECT {self._columns(table)} FROM {self._qualified(table.name)} "
                               f"ORDER BY {', '.join(table.key)}")
                tables[table.name] = [self._decode(table.name, row) for row in cursor.fetchall()]
            for name in self.summaries:
                cursor.execute(f"SELECT {self._columns(self.table(name))} FROM {self._qualified(name)} ORDER BY key")
                tables[name] = [self._decode(name, row) for row in cursor.fetchall()]
        return position, tables

    def _forget_position(self, cursor, tracking_table: str) -> None:
        cursor.execute(self._sql(f"DELETE FROM {tracking_table} WHERE application_name = ?"),
                       [self.application_name])


def date_or_none(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
