"""The approval inbox of one person, as the lifecycle's open-steps index gives it
(`invoicing.open_steps.inbox`): assigned to them, to their groups, as deputy; plus, for the central
invoice inbox, the suspected duplicates waiting for a decision.
"""

from __future__ import annotations

from invoicing.lifecycle.case import Status
from invoicing.open_steps.inbox import InboxItem, inbox as open_steps_inbox
from web.accounts import Principal
from web.actions import in_clearing
from web.cases import Cases

LISTS = ("mine", "groups", "deputy", "escalated", "duplicates")


def inbox(edge, cases: Cases, principal: Principal) -> dict[str, list]:
    """{"mine", "groups", "deputy": [InboxItem], "duplicates": [CaseSummary]}; empty for people not in the policy."""
    result: dict[str, list] = {name: [] for name in LISTS}
    if edge.policy.person(principal.login) is None:
        return result
    for item in open_steps_inbox(edge.invoices, edge.services.open_steps, principal.login):
        if item.on_behalf_of:
            result["deputy"].append(item)
        elif item.step.assignee.person == principal.login:
            result["mine"].append(item)
        else:
            result["groups"].append(item)
    if in_clearing(principal, edge.policy):
        result["duplicates"] = cases.list(principal, status=Status.DUPLICATE_SUSPECTED)
    result["escalated"] = escalated_to(edge, principal.login)
    return result


def escalated_to(edge, login: str) -> list[dict]:
    """Open steps escalated to `login` (or their groups) that they do not handle themselves, with the reasons.

    Read from the approval-inbox view (`projections.inbox`, which keeps each step's escalation target);
    the reasons, in German and English, from the case's recorded `EscalationRaised` events.
    """
    if edge.read is None:
        return []
    invoices = edge.invoices
    with edge.read.lock:
        rows = edge.read.current()["inbox"].for_person(login, invoices.policy_now(), invoices.clock())
    found = []
    for row in rows:
        if not row["escalated"] or row["may_act"]:
            continue
        case = invoices.get_case(row["case_id"])
        raised = [escalation for escalation in case.escalations if escalation["step"] == row["step_index"]]
        reasons = [reason["message"] for escalation in raised for reason in escalation["reasons"]]
        found.append({"case_id": row["case_id"], "number": row["number"], "seller": row["supplier"],
                      "amount": row["gross"], "currency": row["currency"], "kind": row["kind"],
                      "since": row["since"], "escalated_at": row["escalated_at"], "reasons": reasons})
    return found


def item_dict(item) -> dict:
    """An inbox entry as JSON."""
    if isinstance(item, dict):
        return {**{key: (str(value) if value is not None and key in ("case_id", "amount") else value)
                     for key, value in item.items() if key not in ("since", "escalated_at")},
                "since": item["since"].isoformat() if item.get("since") else None,
                "escalated_at": item["escalated_at"].isoformat() if item.get("escalated_at") else None}
    if not isinstance(item, InboxItem):
        return item.as_dict()
    return {"case_id": str(item.case_id), "number": item.number, "seller_name": item.seller,
            "amount": str(item.amount) if item.amount is not None else None, "currency": item.currency,
            "unit": item.unit, "step": item.step.kind, "step_index": item.step.index, "waiting": item.waiting,
            "since": item.since.isoformat() if item.since else None, "due": item.due.isoformat() if item.due else None,
            "on_behalf_of": item.on_behalf_of, "escalated": item.escalated,
            "cannot_certify": item.cannot_certify.model_dump() if item.cannot_certify else None}
