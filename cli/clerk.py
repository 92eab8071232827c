"""The clerk's commands: inbox, show, certify, approve, deny, reject, return, clarify, answer, reassign, assign —
acting as a user of the approval policy proven by credentials (`cli.credentials`: password,
personal token, or an operator recording on the person's behalf).

    invoicing inbox --as sroth
    invoicing show CASE_ID [--as LOGIN]
    invoicing certify CASE_ID --step sachlich_rechnerisch --as sroth [--comment TEXT]   # prompts for the password
    invoicing approve CASE_ID --as pneumann [--comment TEXT]
    invoicing reject|return CASE_ID --as LOGIN --reason TEXT
    invoicing clarify CASE_ID --as LOGIN --question TEXT [--to LOGIN|supplier]

Storage is the configured one (as for `invoicing worker`). Exit codes: 0 recorded (or listed),
1 refused — the reason is printed in German and English with what to do, nothing is recorded (also
for missing or wrong credentials) — 2 usage errors. The inbox first brings the open-steps index up to date, so it never lags the events.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from uuid import UUID

from cli.credentials import NoCredentials, acting, add_options

EXIT_REFUSED = 1

_ACTIONS = {  # command: (help, [(option, help, required)], how the application is called)
    "certify": ("certify the open step (sachlich / rechnerisch richtig, or the Anordnung)",
                [("--step", "step kind: sachlich, rechnerisch, sachlich_rechnerisch, anordnung", True),
                 ("--comment", "a comment for the record", False)],
                lambda inv, case, a: inv.certify(case, step=a.step, by=a.login, comment=a.comment or "",
                                                 operator=a.operator_user)),
    "approve": ("give the payment order (Anordnung), the last step", [("--comment", "a comment", False)],
                lambda inv, case, a: inv.approve(case, by=a.login, comment=a.comment or "", operator=a.operator_user)),
    "deny": ("refuse to certify the open step", [("--step", "step kind", True), ("--reason", "why", True)],
             lambda inv, case, a: inv.deny(case, step=a.step, by=a.login, reason=a.reason)),
    "reject": ("reject the invoice (not payable as sent)", [("--reason", "why, for the supplier", True)],
               lambda inv, case, a: inv.reject(case, by=a.login, reason=a.reason)),
    "return": ("return the invoice to the supplier", [("--reason", "why, for the supplier", True)],
               lambda inv, case, a: inv.return_to_supplier(case, by=a.login, reason=a.reason)),
    "clarify": ("ask a question on the open step; it waits for the answer",
                [("--question", "the question", True), ("--to", "a login, or 'supplier'", False)],
                lambda inv, case, a: inv.request_clarification(case, by=a.login, question=a.question,
                                                               addressed_to=a.to)),
    "answer": ("record the answer to the open question", [("--answer", "the answer", True)],
               lambda inv, case, a: inv.answer_clarification(case, by=a.login, answer=a.answer)),
    "reassign": ("hand the open step to another person or group",
                 [("--to-person", "login", False), ("--to-group", "group key", False), ("--reason", "why", True)],
                 lambda inv, case, a: inv.reassign(case, by=a.login, reason=a.reason, person=a.to_person,
                                                   group=a.to_group)),
    "assign": ("assign an invoice from the clearing inbox to a unit", [("--unit", "unit key", True),
                                                                       ("--reason", "why", True)],
               lambda inv, case, a: inv.assign_to_unit(case, unit=a.unit, by=a.login, reason=a.reason)),
}


def register(commands: argparse._SubParsersAction) -> None:
    """Add the clerk's commands to the `invoicing` parser."""
    inbox = commands.add_parser("inbox", help="list the open approval steps a person may act on (deputies included)")
    inbox.add_argument("--as", dest="login", required=True, metavar="LOGIN", help="login in the approval policy")
    inbox.add_argument("--json", action="store_true", help="print JSON Lines, one object per step")
    inbox.set_defaults(run=_inbox)
    show = commands.add_parser("show", help="show an invoice: facts, route, steps, who may act, history")
    show.add_argument("case_id", type=_case_id, metavar="CASE_ID")
    show.add_argument("--as", dest="login", metavar="LOGIN", help="also say whether this person may certify")
    show.set_defaults(run=_show)
    for name, (text, options, call) in _ACTIONS.items():
        parser = commands.add_parser(name, help=text)
        parser.add_argument("case_id", type=_case_id, metavar="CASE_ID")
        add_options(parser)
        for option, option_help, required in options:
            parser.add_argument(option, required=required, help=option_help)
        parser.set_defaults(run=_acting(name, call))


def _acting(name: str, call: Callable) -> Callable[[argparse.Namespace], int]:
    def run(arguments: argparse.Namespace) -> int:
        from cli import root
        from invoicing.lifecycle.errors import LifecycleError

        try:
            who = acting(arguments, name, root.settings())
        except NoCredentials as refusal:
            print(f"Refused [credentials]: {refusal}", file=sys.stderr)
            return EXIT_REFUSED
        arguments.login, arguments.operator_user = who.login, who.operator
        services = _services()
        try:
            recorded = call(services.invoices, arguments.case_id, arguments)
            case = services.invoices.get_case(arguments.case_id)
        except LifecycleError as refusal:
            return _refused(refusal)
        finally:
            services.close()
        print(f"Recorded: {', '.join(recorded) or 'nothing (already done)'}.")
        step = case.open_step
        print(f"Now: {case.status}" + (f", open step {_step(step.kind)} ({step.assignee})" if step else "") + ".")
        return 0

    return run


def _inbox(arguments: argparse.Namespace) -> int:
    from invoicing.approvals.wording import day, euro
    from invoicing.lifecycle.errors import LifecycleError
    from invoicing.open_steps.inbox import inbox
    from invoicing.open_steps.indexer import StepIndexer

    services = _services()
    try:
        StepIndexer(services.invoices, services.open_steps).catch_up()
        items = inbox(services.invoices, services.open_steps, arguments.login)
    except LifecycleError as refusal:
        return _refused(refusal)
    finally:
        services.close()
    if arguments.json:
        for item in items:
            print(json.dumps({"case_id": str(item.case_id), "number": item.number, "seller": item.seller,
                              "amount": str(item.amount) if item.amount is not None else None,
                              "unit": item.unit, "step": item.step.kind, "waiting": item.waiting,
                              "since": item.since.isoformat(), "due": item.due.isoformat() if item.due else None,
                              "on_behalf_of": item.on_behalf_of, "escalated": item.escalated,
                              "cannot_certify": item.cannot_certify.model_dump() if item.cannot_certify else None},
                             ensure_ascii=False))
        return 0
    print(f"Inbox of {arguments.login}: {len(items)} open step{'s' if len(items) != 1 else ''}.")
    for item in items:
        amount = euro(item.amount)[0] if item.amount is not None else "–"
        notes = [note for note in (
            f"für {item.on_behalf_of}" if item.on_behalf_of else "",
            "wartet auf Antwort" if item.waiting == "awaiting_clarification" else "",
            "eskaliert" if item.escalated else "",
            f"nicht bescheinigen: {item.cannot_certify.de}" if item.cannot_certify else "") if note]
        due = day(item.due)[0] if item.due else "–"
        print(f"  {item.case_id}  {item.number or '–'}  {item.seller or '–'}  {amount}  {item.unit or 'clearing'}  "
              f"{_step(item.step.kind)}  seit {day(item.since.date())[0]}  fällig {due}"
              + (f"  [{'; '.join(notes)}]" if notes else ""))
    return 0


def _show(arguments: argparse.Namespace) -> int:
    from invoicing.approvals import Assignee, check_certification, who_may_act
    from invoicing.approvals.wording import euro
    from invoicing.lifecycle.errors import LifecycleError

    services = _services()
    try:
        invoices = services.invoices
        case = invoices.get_case(arguments.case_id)
        history = invoices.history(arguments.case_id)
        policy, now = invoices.policy, invoices.clock()
    except LifecycleError as refusal:
        return _refused(refusal)
    finally:
        services.close()
    print(f"Invoice {case.id} (version {case.version}): {case.status}, inbox {case.inbox or '–'}")
    facts, progress = case.facts, case.progress
    if facts is not None:
        amount = euro(facts.amount)[0] if facts.amount is not None else "–"
        print(f"  {facts.number or '–'} from {facts.seller_name or '–'} ({facts.seller_vat_id or '–'}), "
              f"{amount}, Leitweg-ID {facts.buyer_reference or '–'}, order {facts.purchase_order_reference or '–'}")
    if progress is not None:
        used = case.policy_used or {}
        print(f"  Route ({used.get('name', '?')} {used.get('version', '?')}): {progress.route.explanation.de}")
        for step in progress.route.steps:
            decided = case.decision_on(step.kind)
            state = (f"{decided.outcome} by {decided.by}" + (f" for {decided.on_behalf_of}" if decided.on_behalf_of
                                                               else "") + f" at {decided.at:%Y-%m-%d %H:%M} UTC"
                     if decided else "open" if step == case.open_step else "")
            print(f"    {step.index + 1}. {_step(step.kind)} — {step.assignee}  {state}")
        step = case.open_step
        if step is not None:
            actors = ", ".join(actor.login + (f" (für {actor.on_behalf_of})" if actor.on_behalf_of else "")
                               for actor in who_may_act(step, policy, now))
            print(f"  Open: {_step(step.kind)} ({progress.status}); may act: {actors or 'nobody — reassign'}")
            if arguments.login:
                verdict = check_certification(arguments.login, step, tuple(case.approvals), facts, policy, now)
                print(f"  {arguments.login}: " + ("may certify" + (f" for {verdict.on_behalf_of}"
                                                                   if verdict.on_behalf_of else "")
                                                  if verdict else f"may not certify — {verdict.message.de}"))
    for escalation in case.escalations:
        target = policy.assignee_name(Assignee(**escalation["target"]))[0]
        print(f"  Escalated to {target} at {escalation['at']:%Y-%m-%d %H:%M} UTC: "
              + " ".join(reason["message"]["de"] for reason in escalation["reasons"]))
    print("  History:")
    for event in history:
        detail = " ".join(str(getattr(event, name)) for name in ("kind", "unit", "reason", "question", "answer",
                                                                 "about", "keys")
                          if getattr(event, name, None) is not None) or str(getattr(event, "step", "") or "")
        print(f"    {event.timestamp:%Y-%m-%d %H:%M:%S}  {type(event).__name__}  by {event.by}  {detail}".rstrip())
    return 0


def _refused(refusal) -> int:
    german = getattr(refusal, "message_de", None)
    rule = getattr(refusal, "rule", None)
    print(f"Refused [{rule or refusal.code}]: {german or refusal.message}", file=sys.stderr)
    if german:
        print(f"  {refusal.message}", file=sys.stderr)
    print(f"  {refusal.hint}", file=sys.stderr)
    return EXIT_REFUSED


def _services():
    from cli import root

    return root.services(root.settings())


def _step(kind: str) -> str:
    from invoicing.approvals.wording import STEP_NAMES

    return STEP_NAMES.get(kind, (kind, kind))[0]


def _case_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an invoice id (a UUID from the receipt)") from None
