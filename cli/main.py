"""The `invoicing` command line.

Each command imports what it needs when it runs, so `invoicing --help` and the light commands start
in a few hundredths of a second (the readers, models and validation engine are imported by the
commands that use them).

Exit codes: `inspect` 0 when every file was read, 1 when any could not be read; `validate` 0 when
every file was accepted, otherwise the number of rejected files (as the official validator's CLI,
at most 254; 255 for its usage errors, see `cli.validate`); the clerk's commands (`cli.clerk`: inbox, show, certify, approve, ...) 0 when
recorded, 1 when refused (the reason printed); 2 on usage errors and settings that cannot work (the
variable named) for every other command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli import audit, clerk, export, projections, validate


def _read_file(path: Path):
    """Read one regular file into the model: a FIFO or device is refused unread, the size limit is kept while reading."""
    from invoicing.formats.input_files import read_regular_file
    from invoicing.formats.reader import MAX_SUBMISSION_BYTES, read_document

    return read_document(read_regular_file(path, MAX_SUBMISSION_BYTES))


def _checked_bytes(path: Path) -> bytes:
    from invoicing.formats.errors import TooLarge
    from invoicing.formats.reader import MAX_SUBMISSION_BYTES

    size = path.stat().st_size
    if size > MAX_SUBMISSION_BYTES:
        raise TooLarge(
            f"The file has {size:,} bytes; the limit is {MAX_SUBMISSION_BYTES:,} bytes.",
            "Please send the invoice without oversized attachments, or split the delivery.",
        )
    return path.read_bytes()


def _inspect(arguments: argparse.Namespace) -> int:
    from invoicing.formats.errors import ReadError

    failures = 0
    for name in arguments.files:
        path = Path(name)
        try:
            result = _read_file(path)
        except (ReadError, OSError) as error:
            failures += 1
            _report_failure(name, error, as_json=arguments.json)
            continue
        if arguments.json:
            record = {
                "file": name,
                "syntax": result.recognition.syntax,
                "profile": result.profile,
                "customization_id": result.recognition.customization_id,
                "invoice": result.invoice.model_dump(mode="json", exclude_none=True),
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            from invoicing.summary import summarise

            print(summarise(result, name), end="\n\n")
    return 1 if failures else 0


def _report_failure(name: str, error: Exception, *, as_json: bool) -> None:
    from invoicing.formats.errors import ReadError

    if isinstance(error, ReadError):
        detail = error.as_dict()
    else:
        detail = {"code": "cannot-open", "message": f"The file cannot be opened: {getattr(error, 'strerror', None) or error}.",
                  "hint": "Check the path and permissions."}
    if as_json:
        print(json.dumps({"file": name, "error": detail}, ensure_ascii=False))
    else:
        where = f" (line {detail['line']}, column {detail['column']})" if "line" in detail else ""
        print(f"== {name}\nNot read [{detail['code']}]: {detail['message']}{where}\n  {detail['hint']}\n")


def _generate(arguments: argparse.Namespace) -> int:
    from invoicing.generator.files import generated_files

    target = Path(arguments.out)
    target.mkdir(parents=True, exist_ok=True)
    for file_name, content in generated_files(arguments.seed, arguments.count, syntaxes=tuple(arguments.syntax)):
        (target / file_name).write_bytes(content)
        print(target / file_name)
    return 0


def _db_init(arguments: argparse.Namespace) -> int:
    from cli import root

    settings = root.settings(create_tables=True)
    root.services(settings).close()  # the event store, and the migrations of our tables (`db upgrade`)
    root.accounts(settings).close()  # the web's accounts, their sessions and throttles (migrated likewise)
    where = {"sqlite": f"SQLite in {settings.data_dir}", "memory": "in memory (nothing kept)",
             "postgres": f"PostgreSQL database {settings.postgres.dbname} on {settings.postgres.host}"}
    print(f"Tables ready: {where[settings.persistence]}.")
    return 0


def _worker(arguments: argparse.Namespace) -> int:
    from cli.worker import run

    return run(arguments.processes, arguments.threads)


def _serve(arguments: argparse.Namespace) -> int:
    from cli.serve import run

    return run(demo=arguments.demo, host=arguments.host, port=arguments.port, web_only=arguments.web_only)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="invoicing", description="Receive and verify XRechnung and ZUGFeRD e-invoices.")
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="print a readable summary of invoice files")
    inspect.add_argument("files", nargs="+", metavar="FILE", help="XRechnung XML (UBL or CII) or ZUGFeRD/Factur-X PDF")
    inspect.add_argument("--json", action="store_true", help="print JSON Lines, one object per file")
    inspect.set_defaults(run=_inspect)
    validate.register(commands)
    generate = commands.add_parser("generate", help="write synthetic, valid XRechnung/ZUGFeRD invoices")
    generate.add_argument("--seed", type=int, default=1)
    generate.add_argument("--count", type=int, default=3)
    generate.add_argument("--syntax", action="append", choices=("UBL", "CII", "PDF"), help="repeatable; default all three")
    generate.add_argument("--out", default="var/samples", help="target folder (created if missing)")
    generate.set_defaults(run=_generate)
    db = commands.add_parser("db", help="database administration").add_subparsers(dest="db_command", required=True)
    db.add_parser("init", help="create the tables (events, originals, outbox); safe to run again"
                  ).set_defaults(run=_db_init)
    _register_db_upgrade(db)
    worker = commands.add_parser("worker", help="run Dramatiq worker processes and the dispatcher until stopped")
    worker.add_argument("--processes", type=int, help="worker processes (default INVOICING_WORKER_PROCESSES or 1)")
    worker.add_argument("--threads", type=int, help="threads per process (default INVOICING_WORKER_THREADS or 4)")
    worker.set_defaults(run=_worker)
    clerk.register(commands)
    projections.register(commands)
    export.register(commands)
    audit.register(commands)
    serve = commands.add_parser("serve", help="run the web server with workers (embedded: SQLite, in-process broker)")
    serve.add_argument("--demo", action="store_true", help="seed demo users and invoices, print the log-ins")
    serve.add_argument("--host", help="address to listen on (default INVOICING_WEB_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default INVOICING_WEB_PORT or 8000)")
    serve.add_argument("--web-only", action="store_true", help="the web server alone; run `invoicing worker` elsewhere")
    serve.set_defaults(run=_serve)
    return parser


def _register_db_upgrade(db) -> None:
    upgrade = db.add_parser("upgrade", help="apply the pending schema migrations of our tables; safe to run again")
    upgrade.add_argument("--dry-run", action="store_true", help="list the pending migrations, apply nothing")
    upgrade.add_argument("--break-lock", action="store_true",
                         help="first remove the lock of an upgrade that was stopped half-way")
    upgrade.set_defaults(run=_db_upgrade)


def _db_upgrade(arguments: argparse.Namespace) -> int:
    """Apply (or with --dry-run list) the pending schema migrations (`invoicing.migrations`)."""
    from cli import root
    from invoicing import config
    from invoicing.migrations import MigrationError, break_lock, pending, upgrade

    try:
        settings = root.settings()
        if arguments.break_lock:
            break_lock(settings)
        ids = pending(settings) if arguments.dry_run else upgrade(settings)
    except (MigrationError, config.ConfigurationError) as error:
        print(f"invoicing db upgrade: {error}", file=sys.stderr)
        return 1
    verb = "pending" if arguments.dry_run else "applied"
    print("\n".join(f"{verb}: {migration}" for migration in ids) or "The schema is up to date.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (argparse exits with 2 on usage errors)."""
    arguments = _parser().parse_args(argv)
    if getattr(arguments, "syntax", "unset") is None:
        arguments.syntax = ["UBL", "CII", "PDF"]
    try:
        return arguments.run(arguments)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except ValueError as error:
        from invoicing.config import ConfigurationError  # here: `invoicing --help` loads no settings

        if not isinstance(error, ConfigurationError):
            raise
        print(f"invoicing: {error}", file=sys.stderr)
        return validate.USAGE_ERROR if arguments.command == "validate" else 2  # validate: 2 means two rejected
    except RuntimeError as error:
        from invoicing.migrations import MigrationError  # a start that cannot bring the schema up to date

        if not isinstance(error, MigrationError):
            raise
        print(f"invoicing: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
