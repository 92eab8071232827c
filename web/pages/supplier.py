"""The supplier's pages: upload with immediate receipt and verdict, and the list of own submissions."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from invoicing.formats.errors import ReadError
from web.accounts import Principal
from web.formatting import size
from web.i18n import text
from web.intake import submit, wait_for_verdict
from web.permissions import Guard
from web.refusals import read_error
from web.rendering import language, page

router = APIRouter(include_in_schema=False)

def _form(request: Request, principal: Principal, errors=(), status_code: int = 200):
    items = request.app.state.cases.list(principal, limit=200)
    limit = size(request.app.state.edge.settings.max_upload_bytes, language(request))
    return page(request, "supplier.html", {"items": items, "errors": list(errors), "limit": limit},
                status_code=status_code)


@router.get("/supplier")
def supplier_home(request: Request, principal: Principal = Depends(Guard("submit"))):
    return _form(request, principal)


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
