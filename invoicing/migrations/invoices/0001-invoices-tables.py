"""The invoices' own tables as release d9113ab created them: originals, outbox, open steps, throttles.

`IF NOT EXISTS` throughout: a database that an earlier release set up (tables created on start) is
taken over as it stands, and the migrations after this one change it.
"""

from yoyo import step

from invoicing.migrations.names import current, execute


def apply(connection) -> None:
    names = current()
    documents, outbox, open_steps, throttles = (names.table(name) for name in (
        "documents", "outbox", "open_steps", "throttles"))
    if names.postgres:
        statements = [
            f"CREATE TABLE IF NOT EXISTS {documents} (sha256 text PRIMARY KEY, size bigint, "
            "stored_at timestamptz DEFAULT now(), content bytea)",
            f"CREATE TABLE IF NOT EXISTS {outbox} (case_id uuid, action text, opened_at timestamptz, "
            "sent_at timestamptz, PRIMARY KEY (case_id, action))",
            f"CREATE TABLE IF NOT EXISTS {open_steps} (case_id uuid PRIMARY KEY, version bigint, unit text, step int, "
            "kind text, person text, grp text, since timestamptz, check_after timestamptz)",
        ]
    else:
        statements = [
            f"CREATE TABLE IF NOT EXISTS {documents} (sha256 TEXT PRIMARY KEY, size INTEGER, stored_at REAL, "
            "content BLOB) WITHOUT ROWID",
            f"CREATE TABLE IF NOT EXISTS {outbox} (case_id TEXT, action TEXT, opened_at REAL, sent_at REAL, "
            "PRIMARY KEY (case_id, action)) WITHOUT ROWID",
            f"CREATE TABLE IF NOT EXISTS {open_steps} (case_id TEXT PRIMARY KEY, version INTEGER, unit TEXT, "
            "step INTEGER, kind TEXT, person TEXT, grp TEXT, since REAL, check_after REAL) WITHOUT ROWID",
        ]
    statements += [f"CREATE INDEX IF NOT EXISTS {names.index(f'open_steps_{column}')} ON {open_steps} ({column})"
                    for column in ("check_after", "person", "grp")]
    statements.append(f"CREATE TABLE IF NOT EXISTS {throttles} (key TEXT PRIMARY KEY, count INTEGER NOT NULL, "
                      "first_at DOUBLE PRECISION NOT NULL, last_at DOUBLE PRECISION NOT NULL, "
                      "locked_until DOUBLE PRECISION)")
    execute(connection, statements)


steps = [step(apply)]
