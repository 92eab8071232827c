"""Absences and notifications: a person (or their unit's lead, or an administrator) records an absence with
its deputy, and everyone chooses how they are told of work (at once, a daily digest, or not by mail).

Both are recorded as events (`invoicing.staff`); the deputies take effect at once in inboxes and decisions.
Only people of the approval policy use this page.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from invoicing.lifecycle.errors import LifecycleError
from invoicing.staff.absences import may_record_for
from invoicing.staff.preferences import MODES
from web.accounts import Principal
from web.i18n import text
from web.permissions import Guard
from web.rendering import language, page

router = APIRouter(include_in_schema=False)


def _page(request: Request, principal: Principal, *, errors=(), refusal=None, done: str = "", status_code: int = 200):
    invoices = request.app.state.edge.invoices
    policy = invoices.policy
    if policy.person(principal.login) is None:
        return page(request, "error.html", {"title_key": "forbidden", "text_key": "forbidden_text"}, status_code=403)
    people = [person for person in policy.people if may_record_for(principal.login, person.login, policy)]
    deputies = [person for person in policy.people if set(person.roles) & {"clerk", "budget_holder", "finance"}]
    absences = [{**item, "who": policy.person(item["person"]), "stand_in": policy.person(item["deputy"]),
                 "may_withdraw": may_record_for(principal.login, item["person"], policy)}
                for item in invoices.absences()]
    return page(request, "absences.html", {
        "people": people, "deputies": deputies, "absences": absences, "errors": list(errors), "refusal": refusal,
        "done": done, "mode": invoices.notification_mode(principal.login), "modes": MODES,
        "email": policy.email_of(principal.login)}, status_code=status_code)


@router.get("/absences")
def absences_page(request: Request, done: str = "", principal: Principal = Depends(Guard("signed_in"))):
    return _page(request, principal, done=done)


@router.post("/absences")
def record(request: Request, person: str = Form(""), start: str = Form(""), end: str = Form(""),
           deputy: str = Form(""), note: str = Form(""), principal: Principal = Depends(Guard("signed_in"))):
    lang = language(request)
    errors = []
    days = {}
    for field, value in (("start", start), ("end", end)):
        try:
            days[field] = date.fromisoformat(value.strip())
        except ValueError:
            errors.append((f"absence-{field}", text("date_required", lang)))
    if not deputy:
        errors.append(("absence-deputy", text("deputy_required", lang)))
    if errors:
        return _page(request, principal, errors=errors, status_code=422)
    try:
        request.app.state.edge.invoices.record_absence(person=person or principal.login, start=days["start"],
                                                       end=days["end"], deputy=deputy, note=note, by=principal.login)
    except LifecycleError as refusal:
        return _page(request, principal, refusal=refusal, status_code=409)
    return RedirectResponse("/absences?done=absence_recorded", status_code=303)


@router.post("/absences/{absence}/withdraw")
def withdraw(request: Request, absence: UUID, principal: Principal = Depends(Guard("signed_in"))):
    try:
        request.app.state.edge.invoices.withdraw_absence(absence, by=principal.login)
    except LifecycleError as refusal:
        return _page(request, principal, refusal=refusal, status_code=409)
    return RedirectResponse("/absences?done=absence_withdrawn", status_code=303)


@router.post("/absences/notifications")
def notifications(request: Request, mode: str = Form(""), principal: Principal = Depends(Guard("signed_in"))):
    if request.app.state.edge.invoices.policy.person(principal.login) is None:
        return _page(request, principal)
    try:
        request.app.state.edge.invoices.choose_notifications(principal.login, mode=mode, by=principal.login)
    except LifecycleError as refusal:
        return _page(request, principal, refusal=refusal, status_code=422)
    return RedirectResponse("/absences?done=notifications_chosen", status_code=303)
