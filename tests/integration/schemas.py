"""What a database's schema is, as comparable data: tables, columns, keys, indexes, triggers, functions.

`describe(settings)` reads the catalogue of the database that `settings` point at (SQLite: both
files; PostgreSQL: the schema), so two databases can be compared for equality. `old_release(settings)`
builds the schema release d9113ab created (captured in `schema_d9113ab/`), empty.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from invoicing.config import Settings

CAPTURED = Path(__file__).parent / "schema_d9113ab"
FILES = ("invoices", "accounts")  # the SQLite files, one per application


def old_release(settings: Settings) -> None:
    """Create the (empty) schema of release d9113ab where `settings` keep the data."""
    if settings.persistence == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            with sqlite3.connect(settings.data_dir / f"{name}.sqlite") as connection:
                connection.executescript((CAPTURED / f"sqlite-{name}.sql").read_text())
            connection.close()
    else:
        with connect(settings) as connection:
            connection.execute((CAPTURED / "postgres.sql").read_text())


def connect(settings: Settings):
    """A psycopg connection to the PostgreSQL database of `settings` (autocommit)."""
    import psycopg

    pg = settings.postgres
    return psycopg.connect(host=pg.host, port=pg.port, dbname=pg.dbname, user=pg.user, password=pg.password,
                           autocommit=True)


def describe(settings: Settings) -> dict:
    """The schema where `settings` keep the data, every object by name."""
    if settings.persistence == "sqlite":
        return {name: _describe_sqlite(settings.data_dir / f"{name}.sqlite") for name in FILES}
    with connect(settings) as connection:
        return _describe_postgres(connection, settings.postgres.schema or "public")


def _describe_sqlite(path: Path) -> dict:
    connection = sqlite3.connect(path)
    try:
        found: dict = {}
        for kind, name, table, sql in connection.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall():
            if kind == "table":
                found[name] = {
                    "columns": connection.execute(f'PRAGMA table_xinfo("{name}")').fetchall(),
                    "without_rowid": connection.execute(f'PRAGMA table_list("{name}")').fetchone()[4],
                    "indexes": {index[1]: (index[2], index[3], index[4],
                                           connection.execute(f'PRAGMA index_xinfo("{index[1]}")').fetchall())
                                for index in connection.execute(f'PRAGMA index_list("{name}")').fetchall()},
                }
            elif kind == "trigger":
                found[f"trigger {name}"] = (table, sql)
        return found
    finally:
        connection.close()


def _describe_postgres(connection, schema: str) -> dict:
    def rows(statement: str) -> list[tuple]:
        return [tuple(row) for row in connection.execute(statement, {"schema": schema}).fetchall()]

    return {
        "columns": rows("SELECT table_name, ordinal_position, column_name, data_type, is_nullable, column_default "
                        "FROM information_schema.columns WHERE table_schema = %(schema)s ORDER BY 1, 2"),
        "tables": rows("SELECT c.relname, c.relkind, c.reloptions FROM pg_class c JOIN pg_namespace n "
                       "ON n.oid = c.relnamespace WHERE n.nspname = %(schema)s AND c.relkind IN ('r', 'S', 'p') "
                       "ORDER BY 1"),
        "constraints": rows("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(c.oid) "
                            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                            "WHERE n.nspname = %(schema)s ORDER BY 1, 2"),
        "indexes": rows("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(schema)s "
                        "ORDER BY 1, 2"),
        "triggers": rows("SELECT t.tgrelid::regclass::text, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
                         "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                         "WHERE n.nspname = %(schema)s AND NOT t.tgisinternal ORDER BY 1, 2"),
        "functions": rows("SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n "
                          "ON n.oid = p.pronamespace WHERE n.nspname = %(schema)s ORDER BY 1"),
        "types": rows("SELECT t.typname, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                      "WHERE n.nspname = %(schema)s AND t.typtype = 'c' AND t.typrelid IN (SELECT oid FROM pg_class "
                      "WHERE relkind = 'c') ORDER BY 1"),
    }
