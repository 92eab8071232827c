"""`invoicing audit …`: the auditor's command line (`invoicing.audit`, `invoicing.chain`).

    invoicing audit verify [--from POSITION] [--anchors FILE ...]   # chain, versions, originals, anchors
    invoicing audit anchor [--out FILE] [--mail-to ADDRESS] [--by NAME]
    invoicing audit reproduce CASE_ID [--json]                        # re-run the recorded validation
    invoicing audit retention [--years N] [--today YYYY-MM-DD]       # cases past their retention period
    invoicing audit hold CASE_ID --by LOGIN --reason TEXT             # legal hold (and `release`)
    invoicing audit record-facts                                      # migration: facts for older cases

Exit codes: `verify` 0 intact, 1 broken (the first broken position, its stream and what is wrong
are printed first, then every problem found, at most 100); `reproduce` 0 reproduced, 1 differs,
3 the recorded rule-set versions are not installed (the comparison is printed all the same);
every command 2 on usage errors and when the store keeps no chain (memory).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from uuid import UUID


def register(commands) -> None:
    """Add the `audit` command to the main parser's sub-commands."""
    audit = commands.add_parser("audit", help="verify the tamper-evident history, anchors, reproduce, retention")
    kinds = audit.add_subparsers(dest="audit_command", required=True)
    verify = kinds.add_parser("verify", help="check the hash chain, every stream's versions and every original")
    verify.add_argument("--from", dest="start", type=int, default=1, metavar="POSITION", help="first position")
    verify.add_argument("--anchors", nargs="*", default=[], metavar="FILE", help="anchor files kept outside")
    verify.set_defaults(run=_verify)
    anchor = kinds.add_parser("anchor", help="record the chain's head as an anchor; copy it to a file or mail")
    anchor.add_argument("--out", help="append the anchor to this file (JSON lines)")
    anchor.add_argument("--mail-to", help="mail the anchor to this address (needs the SMTP settings)")
    anchor.add_argument("--by", default="audit", help="who anchors (recorded)")
    anchor.set_defaults(run=_anchor)
    again = kinds.add_parser("reproduce", help="validate the original again and compare with the recorded verdict")
    again.add_argument("case", type=UUID, metavar="CASE_ID")
    again.add_argument("--json", action="store_true")
    again.set_defaults(run=_reproduce)
    retention = kinds.add_parser("retention", help="cases past their retention period (nothing is deleted)")
    retention.add_argument("--years", type=int, help="retention in years (default INVOICING_RETENTION_YEARS or 10)")
    retention.add_argument("--today", type=date.fromisoformat, help="the day to judge for (default today)")
    retention.set_defaults(run=_retention)
    for name, place in (("hold", True), ("release", False)):
        hold = kinds.add_parser(name, help=f"{'place' if place else 'lift'} a legal hold on a case")
        hold.add_argument("case", type=UUID, metavar="CASE_ID")
        hold.add_argument("--by", required=True, metavar="LOGIN")
        hold.add_argument("--reason", required=True)
        hold.set_defaults(run=_hold, place=place)
    kinds.add_parser("record-facts", help="migration: record the facts of cases validated before they were "
                                          "recorded").set_defaults(run=_record_facts)


def _services(create: bool = False):
    from cli import root

    settings = root.settings()
    return root.services(settings if create else settings.but(create_tables=False))


def _verify(arguments: argparse.Namespace) -> int:
    from invoicing.audit import ChainNotKept, verify_log
    from invoicing.chain.anchors import AnchorFileError, read

    try:
        outside = [anchor for path in arguments.anchors for anchor in read(Path(path))]
    except AnchorFileError as error:
        print(error, file=sys.stderr)
        return 2
    services = _services()
    try:
        result = verify_log(services.invoices, start=max(arguments.start, 1), outside=outside)
    except ChainNotKept as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        services.close()
    checked = (f"{result.events:,} events at positions {result.start}–{result.end}, {result.streams:,} streams, "
               f"{result.originals:,} originals, {len(result.anchors)} anchors")
    if result.ok:
        head = f"; head at position {result.head.position}: {result.head.hash}" if result.head else ""
        print(f"INTACT: {checked}{head}.")
        return 0
    print(f"BROKEN at {result.first}.")
    print(f"Checked {checked}; {len(result.problems)} problem(s):")
    for problem in sorted(result.problems, key=lambda item: (item.position is None, item.position or 0)):
        print(f"  - {problem}")
    return 1


def _anchor(arguments: argparse.Namespace) -> int:
    from invoicing.audit import ChainNotKept, anchor

    services = _services()
    try:
        if arguments.mail_to and services.mail is None:
            print("Mailing an anchor needs the SMTP settings (INVOICING_SMTP_HOST, INVOICING_MAIL_FROM).",
                  file=sys.stderr)
            return 2
        recorded = anchor(services.invoices, at=datetime.now(timezone.utc), by=arguments.by,
                          file=Path(arguments.out) if arguments.out else None, mail=services.mail,
                          mail_to=arguments.mail_to)
    except ChainNotKept as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        services.close()
    if recorded is None:
        print("Nothing to anchor: the log is empty.")
        return 0
    print(json.dumps(recorded.as_dict(), sort_keys=True))
    return 0


def _reproduce(arguments: argparse.Namespace) -> int:
    from invoicing.audit.reproduce import reproduce
    from invoicing.lifecycle.errors import LifecycleError
    from validators.engine import validate

    services = _services()
    try:
        result = reproduce(services.invoices, arguments.case, validate)
    except LifecycleError as error:
        print(f"{error.message} {error.hint}", file=sys.stderr)
        return 1
    finally:
        services.close()
    if arguments.json:
        print(json.dumps({"case_id": str(result.case_id), "reproduced": result.reproduced,
                          "recorded_verdict": result.recorded_verdict, "verdict": result.verdict,
                          "engine": result.engine, "missing_rule_sets": result.missing_rule_sets,
                          "installed_rule_sets": result.installed_rule_sets,
                          "only_recorded": result.only_recorded, "only_now": result.only_now}))
    else:
        _print_reproduction(result)
    if not result.versions_installed:
        return 3
    return 0 if result.reproduced else 1


def _print_reproduction(result) -> None:
    word = {True: "accepted", False: "rejected"}
    if not result.versions_installed:
        print("The rule-set versions recorded are not installed: " + "; ".join(result.missing_rule_sets) +
              ". Installed now: " + "; ".join(result.installed_rule_sets) + ". The comparison below is with the "
              "installed versions, so differences are expected.")
    print(f"Recorded verdict: {word[result.recorded_verdict]}; now: {word[result.verdict]} "
          f"(engine {result.engine}).")
    for label, findings in (("only in the recorded report", result.only_recorded),
                            ("only in the new run", result.only_now)):
        for rule_id, level, layer, location in findings:
            print(f"  {label}: {rule_id} ({level}, {layer}) {location}".rstrip())
    print("REPRODUCED: same verdict and findings." if result.reproduced else "DIFFERENT: see above.")


def _retention(arguments: argparse.Namespace) -> int:
    from cli import root
    from invoicing.audit.retention import past_retention

    settings = root.settings()
    services = _services()
    try:
        from invoicing.approvals.clock import city_today

        today = arguments.today or city_today()
        years = arguments.years or settings.retention_years
        rows = past_retention(services.invoices, today=today, years=years)
    finally:
        services.close()
    print(f"Cases past a retention of {years} years on {today} (nothing is deleted): {len(rows)}")
    for row in rows:
        hold = f"  LEGAL HOLD: {row.hold_reason}" if row.held else ""
        print(f"  {row.case_id}  received {row.received_at:%Y-%m-%d}  kept until {row.until}  {row.status}{hold}")
    return 0


def _hold(arguments: argparse.Namespace) -> int:
    from invoicing.lifecycle.errors import LifecycleError

    services = _services()
    try:
        verb = services.invoices.place_legal_hold if arguments.place else services.invoices.lift_legal_hold
        recorded = verb(arguments.case, by=arguments.by, reason=arguments.reason)
    except LifecycleError as error:
        print(f"{error.message} {error.hint}", file=sys.stderr)
        return 1
    finally:
        services.close()
    print(", ".join(recorded) + " recorded." if recorded else "Nothing to record: it is already so.")
    return 0


def _record_facts(arguments: argparse.Namespace) -> int:
    from invoicing.audit.migrate import record_missing_facts

    services = _services()
    try:
        result = record_missing_facts(services.invoices)
    finally:
        services.close()
    print(f"Facts recorded for {len(result.recorded)} case(s); {len(result.skipped)} could not be given facts.")
    for case_id, why in result.skipped:
        print(f"  {case_id}: {why}")
    return 0
