"""The read side of the SQL views: select, search, fetch, summaries, pages after a cursor and counts.

One SQL text serves both databases (`?` placeholders, `{table}` names, see `SQLView._sql`); the
stores say how they search (`_search_clauses`: SQLite through its FTS5 trigram index, PostgreSQL
through pg_trgm). Pages follow `projections.keyset`; counts come from a table's `Summary` when one
covers the filters, otherwise they stop at a cap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from projections import keyset
from projections.schema import Table

Range = tuple[str, str, Any]
"""A range condition on a column: (column, one of `>=`, `>`, `<=`, `<`, value)."""
RANGE_OPERATORS = (">=", ">", "<=", "<")


class SQLQueries:
    """What `projections.sql.SQLView` answers without writing (mixed into it; it supplies the plumbing)."""

    if TYPE_CHECKING:  # the plumbing SQLView supplies, declared for the type checker only
        from_db: dict[str, Callable[[Any], Any]]
        _encoders: dict[str, list[tuple[str, Callable[[Any], Any] | None]]]

        def table(self, name: str) -> Table: ...
        def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]: ...
        def _qualified(self, table: str) -> str: ...
        def _param(self, value: Any) -> Any: ...
        def _decode(self, table: str, row: Any) -> dict: ...
        def _sql(self, statement: str) -> str: ...
        def _columns(self, table: Table) -> str: ...

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
        converters = {name: self.from_db[kind] for name, kind in (types or {}).items() if kind in self.from_db}
        result = []
        for row in rows:
            values = dict(row) if isinstance(row, dict) else {name: row[name] for name in row.keys()}
            for name, convert in converters.items():
                if values[name] is not None:
                    values[name] = convert(values[name])
            result.append(values)
        return result

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
        clauses, params = self._conditions(spec, where, ranges, search, ordered=False)
        statement = f"SELECT 1 FROM {self._qualified(table)}"
        if clauses:
            statement += " WHERE " + " AND ".join(clauses)
        found = int(self.fetch(f"SELECT COUNT(*) AS n FROM ({statement} LIMIT {cap + 1}) AS counted", params)[0]["n"])
        return (found, True) if found <= cap else (cap, False)

    def _encoded(self, spec: Table, columns: Sequence[str], values: Sequence[Any] | None) -> list | None:
        if values is None:
            return None
        encoders = dict(self._encoders[spec.name])
        return [self._param(value if (convert := encoders[column]) is None or value is None else convert(value))
                for column, value in zip(columns, values)]

    def _conditions(self, spec: Table, where: Mapping[str, Any] | None, ranges: Sequence[Range] = (),
                    search: str = "", *, ordered: bool = True) -> tuple[list[str], list]:
        """WHERE clauses and parameters for equality filters, ranges and a search text (`ordered`: the matches are
        read in a list's order, not only counted)."""
        condition, params = self._where(spec, where)
        clauses = [condition.removeprefix(" WHERE ")] if condition else []
        params = [self._param(value) for value in params]
        encoders = dict(self._encoders[spec.name])
        for column, operator, value in ranges:
            if operator not in RANGE_OPERATORS or column not in encoders:
                raise ValueError(f"Cannot compare {column!r} with {operator!r}.")
            clauses.append(f"{column} {operator} ?")
            convert = encoders[column]
            params.append(self._param(value if convert is None else convert(value)))
        if search.strip():
            found, found_params = self._search_clauses(spec, search, ordered=ordered)
            clauses += found
            params += found_params
        return clauses, params

    def _search_clauses(self, spec: Table, text: str, *, ordered: bool = True) -> tuple[list[str], list]:
        """Every word of `text` as a substring of the search column (the stores may use an index, and may choose
        differently when the matches are only counted: `ordered` False)."""
        from projections.store import search_terms

        clauses, params = [], []
        for term in search_terms(text):
            clauses.append(f"{spec.search} LIKE ? ESCAPE '\\'")
            params.append("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        return clauses, params

