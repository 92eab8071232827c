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

LISTS = ("mine", "groups", "deputy", "duplicates")


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
    return result


def item_dict(item) -> dict:
    """An inbox entry as JSON."""
    if not isinstance(item, InboxItem):
        return item.as_dict()
    return {"case_id": str(item.case_id), "number": item.number, "seller_name": item.seller,
            "amount": str(item.amount) if item.amount is not None else None, "currency": item.currency,
            "unit": item.unit, "step": item.step.kind, "step_index": item.step.index, "waiting": item.waiting,
            "since": item.since.isoformat() if item.since else None, "due": item.due.isoformat() if item.due else None,
            "on_behalf_of": item.on_behalf_of, "escalated": item.escalated,
            "cannot_certify": item.cannot_certify.model_dump() if item.cannot_certify else None}
