"""`invoicing export …`: approved invoices to DATEV, and the views as CSV (`projections.exports`).

    invoicing export datev --out DIR --by LOGIN [--accounts FILE] [--limit N]
    invoicing export datev --out DIR --redeliver BATCH [--accounts FILE]
    invoicing export csv --out DIR [NAME ...] [--german] [--today YYYY-MM-DD]
    invoicing export gobd --from YYYY-MM-DD --to YYYY-MM-DD --out DIR   (`cli.gobd`)

`export datev` first brings the views up to date, then exports every approved invoice not yet
exported into `DIR` (one Buchungsstapel per fiscal year), recording the export on each invoice.
The account mapping is `--accounts` (TOML, see `projections/exports/sample_accounts.toml`),
else the sample. Exit codes: 0 every approved invoice exported (or none waiting); 1 some were left
out (each is listed with the reason); 3 the invoices were marked but the files not delivered
(deliver again with `--redeliver BATCH`); 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cli import gobd


def register(commands) -> None:
    """Add the `export` command to the main parser's sub-commands."""
    export = commands.add_parser("export", help="approved invoices to DATEV; the views as CSV")
    kinds = export.add_subparsers(dest="export_command", required=True)
    datev = kinds.add_parser("datev", help="approved invoices as DATEV Buchungsstapel (EXTF)")
    datev.add_argument("--out", required=True, help="folder the files are written to")
    datev.add_argument("--by", help="who exports (recorded on every invoice); required unless --redeliver")
    datev.add_argument("--accounts", help="account mapping (TOML); default: the sample mapping")
    datev.add_argument("--limit", type=int, help="export at most this many invoices")
    datev.add_argument("--redeliver", metavar="BATCH", help="write an earlier batch again")
    datev.set_defaults(run=_datev)
    csv = kinds.add_parser("csv", help="every view (tables and reports) as CSV files")
    csv.add_argument("names", nargs="*", metavar="NAME", help="views (default: all)")
    csv.add_argument("--out", required=True, help="folder the files are written to")
    csv.add_argument("--german", action="store_true", help="semicolons and decimal commas, for spreadsheets")
    csv.add_argument("--today", type=date.fromisoformat, help="the day ageing and traffic lights are computed for")
    csv.set_defaults(run=_csv)
    gobd.register(kinds)


def _datev(arguments: argparse.Namespace) -> int:
    from cli import root
    from projections.exports import FolderTarget
    from projections.exports.accounts import MappingError, load_mapping, sample_mapping
    from projections.exports.batches import NotDelivered, export_approved, redeliver
    from projections.runner import Runner

    if not arguments.redeliver and not arguments.by:
        print("Say who exports: --by LOGIN (it is recorded on every invoice).", file=sys.stderr)
        return 2
    try:
        mapping = load_mapping(arguments.accounts) if arguments.accounts else sample_mapping()
    except (MappingError, OSError) as error:
        print(error, file=sys.stderr)
        return 2
    settings = root.settings()
    services = root.services(settings)
    views = root.views(settings, services)
    try:
        Runner(services.invoices, list(views)).run_once()
        target = FolderTarget(Path(arguments.out))
        register = views["register"]
        try:
            report = redeliver(arguments.redeliver, services.invoices, register, target, mapping) if arguments.redeliver \
                else export_approved(services.invoices, register, target, mapping, by=arguments.by,
                                     limit=arguments.limit)
        except NotDelivered as error:
            print(error, file=sys.stderr)
            return 3
        print(f"Batch {report.batch}: {len(report.exported)} invoices, {len(report.files)} files in "
              f"{report.location or '(nothing to write)'}")
        for (category, rate), amount in sorted(report.totals.items()):
            print(f"  VAT {category} {rate} %: {amount:,.2f} EUR")
        for case_id, reason in report.skipped:
            print(f"  left out {case_id}: {reason}")
        return 1 if report.skipped else 0
    finally:
        views.close()
        services.close()


def _csv(arguments: argparse.Namespace) -> int:
    from cli import root
    from invoicing.approvals.clock import city_day
    from invoicing.lifecycle.application import utc_now
    from projections.catalogue import UnknownView
    from projections.exports.csv import write_csv
    from projections.runner import Runner

    settings = root.settings()
    services = root.services(settings)
    try:
        views = root.views(settings, services, names=arguments.names)
    except UnknownView as error:
        services.close()
        print(error, file=sys.stderr)
        return 2
    try:
        Runner(services.invoices, list(views)).run_once()
        today = arguments.today or city_day(utc_now())
        for path in write_csv(views, Path(arguments.out), today=today, german=arguments.german):
            print(path)
        return 0
    finally:
        views.close()
        services.close()
