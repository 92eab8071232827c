"""What the SQLite and PostgreSQL views share: statements built from the table specs, value conversions.

The subclasses say how to open a transaction, how names are qualified, how a list of case ids is
passed, how values are kept (see the type table in `projections.schema`) and how search works.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Tracking

from projections import keyset, summaries
from projections.schema import Table
from projections.store import UNCHECKED, CaseRows, View

Convert = Callable[[Any], Any]
Range = tuple[str, str, Any]
"""A range condition on a column: (column, one of `>=`, `>`, `<=`, `<`, value)."""
RANGE_OPERATORS = (">=", ">", "<=", "<")
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


class SQLView(View):
    """The shared part of the SQL views: load, save, select, fetch, snapshot over `Table` specs."""

    to_db: dict[str, Convert] = {}
    from_db: dict[str, Convert] = {}
    placeholder = "?"

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

    def _begin_snapshot(self, cursor) -> None:
        """Make the read transaction see one snapshot (PostgreSQL needs REPEATABLE READ)."""

    def _param(self, value: Any) -> Any:
        return value

    @staticmethod
    def _values(row) -> Sequence:
        return tuple(row)

    def _existing_columns(self, cursor, name: str) -> list[str]:
        """The columns of table `name` as the database has it (empty when there is no such table)."""
        raise NotImplementedError

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

    def _encode(self, table: str, row: Mapping[str, Any]) -> list:
        get = row.get
        values = [get(name) for name in self._names[table]]
        for index, convert in self._converted[table]:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        return values

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
        return loaded

    def save(self, cases: Iterable[CaseRows], tracking: Tracking | None, expected: Any = UNCHECKED) -> None:
        cases = list(cases)
        ids = [case.case_id for case in cases if case.stored]
        with self._transaction(commit=True) as cursor:
            if expected is not UNCHECKED:
                found = self._lock_position(cursor)
                if found != (expected or 0):
                    raise IntegrityError(f"View at position {found}, not {expected}: another runner moved it.")
            for table in self.tables:
                name = self._qualified(table.name)
                deltas = summaries.Deltas(table) if table.summaries else None
                if ids:
                    for condition, params in self._ids_condition(ids):
                        for summary in table.summaries:
                            cursor.execute(self._sql(summaries.stored_statement(summary, name, condition)), params)
                            deltas.subtract(summary, (self._values(row) for row in cursor.fetchall()))
                        cursor.execute(self._sql(f"DELETE FROM {name} WHERE case_id {condition}"), params)
                rows = [self._encode(table.name, row) for case in cases for row in case.tables[table.name]]
                if rows:
                    self._insert(cursor, table, rows)
                if deltas is not None:
                    deltas.add(rows)
                    self._write_summaries(cursor, deltas)
            if tracking is not None:
                self._insert_tracking(cursor, tracking)

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
                lambda columns, name=summary.name: self._index_name(name, columns), sql_type)
        return statements

    def _index_name(self, table: str, columns: Sequence[str]) -> str:
        return f"{table}_{'_'.join(columns)}"

    def _insert(self, cursor, table: Table, rows: list[list]) -> None:
        marks = ", ".join([self.placeholder] * len(table.columns))
        cursor.executemany(f"INSERT INTO {self._qualified(table.name)} ({self._columns(table)}) VALUES ({marks})", rows)

    def _where(self, table: Table, where: Mapping[str, Any] | None) -> tuple[str, list]:
        if not where:
            return "", []
        clauses, params = [], []
        for column, value in where.items():
            convert = dict(self._encoders[table.name])[column] or (lambda item: item)
            if isinstance(value, (list, tuple, set, frozenset)):
                values = [convert(item) for item in value]
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})" if values else "1 = 0")
                params.extend(values)
            elif value is None:
                clauses.append(f"{column} IS NULL")
            else:
                clauses.append(f"{column} = ?")
                params.append(convert(value))
        return " WHERE " + " AND ".join(clauses), params

    def select(self, table: str, *, where: Mapping[str, Any] | None = None, order_by: Sequence[str] = (),
               limit: int | None = None) -> list[dict]:
        spec = self.table(table)
        condition, params = self._where(spec, where)
        statement = f"SELECT {self._columns(spec)} FROM {self._qualified(table)}{condition}"
        if order_by:
            statement += " ORDER BY " + ", ".join(order_by)
        if limit is not None:
            statement += f" LIMIT {int(limit)}"
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(statement), params)
            return [self._decode(table, row) for row in cursor.fetchall()]

    def search(self, table: str, text: str, *, where: Mapping[str, Any] | None = None,
               order_by: Sequence[str] = (), limit: int = 50) -> list[dict]:
        spec = self.table(table)
        clauses, params = self._conditions(spec, where, (), text)
        statement = f"SELECT {self._columns(spec)} FROM {self._qualified(table)}"
        if clauses:
            statement += " WHERE " + " AND ".join(clauses)
        statement += " ORDER BY " + ", ".join(order_by or spec.key) + f" LIMIT {int(limit)}"
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(statement), params)
            return [self._decode(table, row) for row in cursor.fetchall()]

    def fetch(self, sql: str, params: Sequence[Any] = (), types: Mapping[str, str] | None = None) -> list[dict]:
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(sql), [self._param(value) for value in params])
            rows = cursor.fetchall()
        converters = {name: _nullable(self.from_db[kind]) for name, kind in (types or {}).items()
                      if kind in self.from_db}
        result = []
        for row in rows:
            values = dict(row) if isinstance(row, dict) else {name: row[name] for name in row.keys()}
            for name, convert in converters.items():
                values[name] = convert(values[name])
            result.append(values)
        return result

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

    def summary(self, name: str, *, where: Mapping[str, Any] | None = None, ranges: Sequence[Range] = ()
                ) -> list[dict]:
        """The rows of summary `name` (key, groups, `rows`, sums; typed), filtered like `page`, by key."""
        spec = self.table(name)
        clauses, params = self._conditions(spec, where, ranges)
        statement = f"SELECT {self._columns(spec)} FROM {self._qualified(name)}"
        if clauses:
            statement += " WHERE " + " AND ".join(clauses)
        with self._transaction(commit=False) as cursor:
            cursor.execute(self._sql(statement + " ORDER BY key"), params)
            return [self._decode(name, row) for row in cursor.fetchall()]

    # --- pages ------------------------------------------------------------------------------

    def page(self, table: str, *, sort: str, descending: bool = False, where: Mapping[str, Any] | None = None,
             ranges: Sequence[Range] = (), search: str = "", after: Sequence[Any] | None = None,
             before: Sequence[Any] | None = None, size: int = 50) -> tuple[list[dict], bool]:
        """Up to `size` rows in the order (`sort`, then the key), after the row whose values of those columns
        are `after` (or before `before`); rows without a `sort` value come last. Returns (rows, more): `more`
        says whether further rows follow in the direction read."""
        spec = self.table(table)
        clauses, params = self._conditions(spec, where, ranges, search)
        cursor_values = before if before is not None else after
        encoded = self._encoded(spec, (sort, *[c for c in spec.key if c != sort]), cursor_values)
        rows: list[dict] = []
        with self._transaction(commit=False) as cursor:
            for part in keyset.segments(sort, spec.key, descending=descending, cursor=encoded,
                                        backwards=before is not None):
                statement = f"SELECT {self._columns(spec)} FROM {self._qualified(table)} WHERE " + " AND ".join(
                    [*clauses, *part.clauses] or ["1 = 1"]) + f" ORDER BY {part.order_by} LIMIT {size + 1 - len(rows)}"
                cursor.execute(self._sql(statement), [*params, *part.params])
                rows += [self._decode(table, row) for row in cursor.fetchall()]
                if len(rows) > size:
                    break
        more = len(rows) > size
        rows = rows[:size]
        return (rows[::-1] if before is not None else rows), more

    def count(self, table: str, *, where: Mapping[str, Any] | None = None, ranges: Sequence[Range] = (),
              search: str = "", cap: int = 10_000) -> tuple[int, bool]:
        """How many rows match: (count, exact). Exact from a summary when one covers the filters; otherwise
        counted up to `cap` (then (cap, False): "more than cap")."""
        spec = self.table(table)
        columns = {*(where or {}), *(column for column, _, _ in ranges)}
        if not search.strip() and not spec.derived:
            for summary in spec.summaries:
                if columns <= set(summary.groups):
                    clauses, params = self._conditions(spec, where, ranges)
                    statement = f"SELECT COALESCE(SUM(rows), 0) AS n FROM {self._qualified(summary.name)}"
                    if clauses:
                        statement += " WHERE " + " AND ".join(clauses)
                    return int(self.fetch(statement, params)[0]["n"]), True
        clauses, params = self._conditions(spec, where, ranges, search)
        statement = f"SELECT 1 FROM {self._qualified(table)}"
        if clauses:
            statement += " WHERE " + " AND ".join(clauses)
        found = int(self.fetch(f"SELECT COUNT(*) AS n FROM ({statement} LIMIT {cap + 1}) AS counted", params)[0]["n"])
        return (found, True) if found <= cap else (cap, False)

    def _encoded(self, spec: Table, columns: Sequence[str], values: Sequence[Any] | None) -> list | None:
        if values is None:
            return None
        encoders = dict(self._encoders[spec.name])
        return [self._param(value if encoders[column] is None or value is None else encoders[column](value))
                for column, value in zip(columns, values)]

    def _conditions(self, spec: Table, where: Mapping[str, Any] | None, ranges: Sequence[Range] = (),
                    search: str = "") -> tuple[list[str], list]:
        """WHERE clauses and parameters for equality filters, ranges and a search text."""
        condition, params = self._where(spec, where)
        clauses = [condition.removeprefix(" WHERE ")] if condition else []
        params = [self._param(value) for value in params]
        encoders = dict(self._encoders[spec.name])
        for column, operator, value in ranges:
            if operator not in RANGE_OPERATORS or column not in encoders:
                raise ValueError(f"Cannot compare {column!r} with {operator!r}.")
            clauses.append(f"{column} {operator} ?")
            params.append(self._param(value if encoders[column] is None else encoders[column](value)))
        if search.strip():
            found, found_params = self._search_clauses(spec, search)
            clauses += found
            params += found_params
        return clauses, params

    def _search_clauses(self, spec: Table, text: str) -> tuple[list[str], list]:
        """Every word of `text` as a substring of the search column (the stores may use an index)."""
        from projections.store import search_terms

        clauses, params = [], []
        for term in search_terms(text):
            clauses.append(f"{spec.search} LIKE ? ESCAPE '\\'")
            params.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return clauses, params

    def _forget_position(self, cursor, tracking_table: str) -> None:
        cursor.execute(self._sql(f"DELETE FROM {tracking_table} WHERE application_name = ?"),
                       [self.application_name])


def date_or_none(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
