"""What a read model's tables look like, whatever the database: columns with types, keys, indexes, search.

Every table of every view is keyed by the case first (`case_id`, the `InvoiceCase` stream id):
the fold loads and rewrites all rows of the cases a batch of events touches, so a view never needs
another view, and any view can be dropped and rebuilt from the event log alone.

Column types and how they are kept (SQLite / PostgreSQL), chosen so that SQL sums are exact and the
same query text runs on both:

| type        | Python     | SQLite               | PostgreSQL   |
|-------------|------------|----------------------|--------------|
| `uuid`      | `UUID`     | text                 | uuid         |
| `text`      | `str`      | text                 | text         |
| `int`       | `int`      | integer              | bigint       |
| `money`     | `Decimal`  | integer (hundredths) | bigint (hundredths) |
| `date`      | `date`     | text `YYYY-MM-DD`    | date         |
| `timestamp` | `datetime` | text, ISO 8601 UTC   | timestamptz  |
| `bool`      | `bool`     | integer 0/1          | boolean      |
| `json`      | JSON value | text                 | text         |

`money` holds amounts with at most two decimals (EN 16931 BR-DEC rules), and rates in per cent
with two decimals (BT-119), as whole hundredths.

A table may carry `Summary`s: counts and sums of its rows by some columns, kept by the stores in the
same transaction as the rows (adding what a batch added, subtracting what it removed), so totals,
ageing buckets or balances are read from a few hundred summary rows, never from every invoice.
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES = ("uuid", "text", "int", "money", "date", "timestamp", "bool", "json")


@dataclass(frozen=True)
class Column:
    """One column: its name, its type (one of `TYPES`) and what it means (business terms where they apply)."""

    name: str
    type: str
    meaning: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"Column {self.name!r} has unknown type {self.type!r}; use one of {', '.join(TYPES)}.")


@dataclass(frozen=True)
class Summary:
    """How many rows of a table fall into each group of `groups` columns, and the totals of its `sums` columns.

    Stored as table `name` with the columns `key` (the group's values as JSON, the primary key), the
    group columns (typed as in the source table), `rows` and one column per summed column (`int` or
    `money`). A group whose count falls to 0 is removed, so the summary holds exactly the groups the
    table has rows in. Groups should be few (statuses, dates, months, suppliers), never one per case.
    """

    name: str
    groups: tuple[str, ...]
    sums: tuple[str, ...] = ()
    key: tuple[str, ...] = ("key",)

    def columns(self, table: Table) -> tuple[Column, ...]:
        """The summary table's columns (`key`, the groups, `rows`, the sums), typed from `table`."""
        return (Column("key", "text"), *(Column(name, table.type_of(name)) for name in self.groups),
                Column("rows", "int"), *(Column(name, table.type_of(name)) for name in self.sums))

    def names(self) -> tuple[str, ...]:
        return ("key", *self.groups, "rows", *self.sums)

    def table(self, source: Table) -> Table:
        """The summary as a table spec (for reading and paging it like any table; only the stores write it)."""
        return Table(self.name, self.columns(source), key=self.key, derived=True)


@dataclass(frozen=True)
class Table:
    """A table of a view: columns, key (starting with `case_id`), secondary indexes, an optional search column,
    and summaries kept beside it.

    `search` names a text column searched by case-insensitive substrings: SQLite keeps an FTS5
    trigram index beside the table, PostgreSQL a pg_trgm GIN index (see the stores).
    """

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("case_id",)
    indexes: tuple[tuple[str, ...], ...] = ()
    search: str | None = None
    summaries: tuple[Summary, ...] = ()
    derived: bool = False
    """A summary's table (`Summary.table`): keyed by its group key instead of a case."""

    def __post_init__(self) -> None:
        names = self.names
        if not self.derived and (not names or names[0] != "case_id" or self.key[0] != "case_id"):
            raise ValueError(f"Table {self.name!r} must start with the column and key `case_id`.")
        unknown = [name for name in (*self.key, *(c for index in self.indexes for c in index),
                                     *(c for summary in self.summaries for c in (*summary.groups, *summary.sums)))
                   if name not in names]
        if any(self.type_of(name) not in ("int", "money") for summary in self.summaries for name in summary.sums
               if name in names):
            raise ValueError(f"Table {self.name!r}: a summary can only sum int and money columns.")
        if self.search is not None and self.search not in names:
            unknown.append(self.search)
        if unknown:
            raise ValueError(f"Table {self.name!r} refers to unknown columns {unknown}.")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def type_of(self, name: str) -> str:
        return next(column.type for column in self.columns if column.name == name)


def columns(*specs: tuple[str, str] | tuple[str, str, str]) -> tuple[Column, ...]:
    """Columns from `(name, type[, meaning])` tuples, for compact table definitions."""
    return tuple(Column(*spec) for spec in specs)
