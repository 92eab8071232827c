"""The supplier's pages: upload with immediate receipt and verdict, and the list of own submissions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from invoicing.formats.errors import ReadError
from projections.register import STATUSES
from web.accounts import Principal
from web.formatting import size
from web.i18n import text
from web.intake import submit, wait_for_verdict
from web.listing import ListLinks, paging
from web.permissions import Guard
from web.refusals import read_error
from web.rendering import language, page
from web.status import shown_status

router = APIRouter(include_in_schema=False)

SUPPLIER_STATUSES = tuple(dict.fromkeys(shown_status(code, False) for code in STATUSES))
"""The statuses a supplier can filter by (as they see them)."""

def _form(request: Request, principal: Principal, errors=(), status_code: int = 200, status: str = "", q: str = ""):
    found, items = request.app.state.cases.page(principal, status=status or None, q=q, paging=paging(request))
    limit = size(request.app.state.edge.settings.max_upload_bytes, language(request))
    links = ListLinks(found, "/supplier", {"status": status, "q": q})
    return page(request, "supplier.html", {"items": items, "errors": list(errors), "limit": limit, "links": links,
                                           "status": status, "q": q, "statuses": SUPPLIER_STATUSES},
                status_code=status_code)


@router.get("/supplier")
def supplier_home(request: Request, status: str = "", q: str = "", principal: Principal = Depends(Guard("submit"))):
    return _form(request, principal, status=status, q=q)


@router.post("/supplier/upload")
async def upload(request: Request, principal: Principal = Depends(Guard("submit"))):
    lang = language(request)
    edge = request.app.state.edge
    file = (await request.form()).get("file")
    file = None if isinstance(file, str) else file
    content = await file.read() if file is not None else b""
    if file is None or (not file.filename and not content):
        return _form(request, principal, [("file", text("upload_missing", lang))], status_code=422)
    try:
        receipt = await run_in_threadpool(submit, edge.invoices, principal, content, filename=file.filename or "",
                                          channel="upload", limit=edge.settings.max_upload_bytes)
    except ReadError as error:
        message = text("too_large", lang, limit=size(edge.settings.max_upload_bytes, lang)) \
            if error.code == "too-large" else " ".join(read_error(error.code, error.message, error.hint, lang))
        return _form(request, principal, [("file", message)], status_code=422)
    await run_in_threadpool(wait_for_verdict, edge.invoices, receipt.case_id, timeout=request.app.state.verdict_wait)
    again = "" if receipt.first else "&again=1"
    return RedirectResponse(f"/invoices/{receipt.case_id}?received=1{again}", status_code=303)
