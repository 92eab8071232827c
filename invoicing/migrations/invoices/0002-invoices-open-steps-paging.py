"""Open steps: the inbox pages by (person, since, case_id) and (grp, since, case_id), so those replace
the single-column indexes on person and on grp (a database that a later release than d9113ab set up
has both: the old ones go, the new ones are kept)."""

from yoyo import step

from invoicing.migrations.names import current, execute

__depends__ = {"0001-invoices-tables"}


def apply(connection) -> None:
    names = current()
    open_steps = names.table("open_steps")
    execute(connection, [
        *(f"DROP INDEX IF EXISTS {names.index(f'open_steps_{column}', qualified=True)}"
          for column in ("person", "grp")),
        *(f"CREATE INDEX IF NOT EXISTS {names.index(f'open_steps_{column}_since')} ON {open_steps} "
          f"({column}, since, case_id)" for column in ("person", "grp")),
    ])


steps = [step(apply)]
