"""The approval inbox of one person, as the lifecycle's open-steps index gives it
(`invoicing.open_steps.inbox`): assigned to them, to their groups, as deputy; plus, for the central
invoice inbox, the suspected duplicates waiting for a decision. Each list is read a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from invoicing.lifecycle.case import Status
from invoicing.open_steps.inbox import SCOPES, InboxItem, InboxPage, inbox_page
from projections.paging import Page
from web.accounts import Principal
from web.actions import in_clearing
from web.cases import Cases
from web.listing import Paging

LISTS = (*SCOPES, "escalated", "duplicates")


@dataclass(frozen=True)
class InboxList:
    """One list of the inbox as a page: its items, how many in all, the next page's cursor."""

    name: str
    items: list
    total: int
    exact: bool
    next: str | None


def inbox(edge, cases: Cases, principal: Principal, *, only: str | None = None, cursor: str | None = None,
          size: int = 25) -> dict[str, InboxList]:
    """The first page of each list ("mine", "groups", "deputy": `InboxItem`s; "duplicates": `CaseSummary`s), or
    with `only` the page of that list at `cursor`; empty for people not in the policy."""
    result = {name: InboxList(name, [], 0, True, None) for name in LISTS}
    if edge.policy.person(principal.login) is None:
        return result
    for scope in SCOPES:
        if only in (None, scope):
            found: InboxPage = inbox_page(edge.invoices, edge.services.open_steps, principal.login, scope=scope,
                                          cursor=cursor if only else None, size=size)
            result[scope] = InboxList(scope, found.items, found.total, found.exact, found.next)
    if only in (None, "escalated"):  # one person's escalations: few, shown whole
        escalated = escalated_to(edge, principal.login)
        result["escalated"] = InboxList("escalated", escalated, len(escalated), True, None)
    if in_clearing(principal, edge.policy) and only in (None, "duplicates"):
        page: Page
        page, items = cases.page(principal, status=Status.DUPLICATE_SUSPECTED,
                                 paging=Paging(cursor=cursor if only else None, size=size))
        result["duplicates"] = InboxList("duplicates", items, page.total, page.exact, page.next)
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
