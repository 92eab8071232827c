"""The accounts' own tables as release d9113ab created them: the web's sessions, the sign-in throttles.

`IF NOT EXISTS` throughout: a database that an earlier release set up is taken over as it stands.
"""

from yoyo import step

from invoicing.migrations.names import current, execute, quoted


def apply(connection) -> None:
    names = current()
    sessions, throttles = names.table("sessions"), names.table("throttles")
    # the index's name as earlier releases derived it from the qualified table name ("public"."accounts_sessions")
    login = quoted(f"{names.schema}_{names.application}_sessions_login" if names.postgres else "sessions_login")
    execute(connection, [
        f"CREATE TABLE IF NOT EXISTS {sessions} (id TEXT PRIMARY KEY, login TEXT NOT NULL, "
        "created_at DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL, address TEXT NOT NULL, "
        "agent TEXT NOT NULL, ended_at DOUBLE PRECISION, ended_by TEXT NOT NULL)",
        f"CREATE INDEX IF NOT EXISTS {login} ON {sessions} (login)",
        f"CREATE TABLE IF NOT EXISTS {throttles} (key TEXT PRIMARY KEY, count INTEGER NOT NULL, "
        "first_at DOUBLE PRECISION NOT NULL, last_at DOUBLE PRECISION NOT NULL, locked_until DOUBLE PRECISION)",
    ])


steps = [step(apply)]
