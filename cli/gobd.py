"""`invoicing export gobd --from DATE --to DATE --out DIR`: the GoBD Z3 data carrier (`projections.exports.gobd`).

Exit codes: 0 written; 1 written, but some invoices were left out because their history or original
fails its integrity check (each is named); 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path


def register(kinds) -> None:
    """Add `gobd` to the `export` command's kinds."""
    gobd = kinds.add_parser("gobd", help="GoBD Z3 data carrier (GDPdU index.xml, CSV tables, originals, SHA-256)")
    gobd.add_argument("--from", dest="start", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD",
                      help="first day of receipt")
    gobd.add_argument("--to", dest="end", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD",
                      help="last day of receipt")
    gobd.add_argument("--out", required=True, help="folder the data carrier is written to")
    gobd.set_defaults(run=_gobd)


def _gobd(arguments: argparse.Namespace) -> int:
    from cli import root
    from projections.exports.gobd import export_gobd

    if arguments.end < arguments.start:
        print("--to must not be before --from.", file=sys.stderr)
        return 2
    services = root.services(root.settings(create_tables=False))
    try:
        report = export_gobd(services.invoices, start=arguments.start, end=arguments.end, out=Path(arguments.out))
    finally:
        services.close()
    print(f"GoBD data carrier in {report.folder}: {len(report.cases)} invoices; " +
          ", ".join(f"{file} {count} rows" for file, count in report.rows.items()) + ".")
    for case_id, why in report.skipped:
        print(f"  left out {case_id}: {why}")
    return 1 if report.skipped else 0
