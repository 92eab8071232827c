"""The register with search and filters, the accounting views (open items, Skonto calendar, VAT, supplier
ledger, rejections, cycle times) with CSV downloads, and the DATEV export — all from `projections`."""

from __future__ import annotations

from datetime import date, datetime, timezone

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from invoicing.approvals.clock import city_day
from projections.exports.csv import to_csv
from web.accounts import Principal
from web.i18n import STATUS
from web.permissions import Guard
from web.rendering import page
from web.views import SHOWN, as_download

router = APIRouter(include_in_schema=False)

REGISTER_COLUMNS = ("received_at", "number", "supplier", "leitweg_id", "issue_date", "gross", "amount_due",
                    "currency", "due_date", "status", "inbox", "approved_by", "export_batch", "reason", "case_id")


def today() -> date:
    return city_day(datetime.now(timezone.utc))


@router.get("/register")
def register(request: Request, q: str = "", status: str = "", principal: Principal = Depends(Guard("read_all"))):
    rows = request.app.state.edge.read.register(q, status)
    return page(request, "register.html", {"rows": rows, "q": q, "status": status, "statuses": list(STATUS)})


@router.get("/register.csv")
def register_download(request: Request, q: str = "", status: str = "",
                      principal: Principal = Depends(Guard("read_all"))):
    rows = request.app.state.edge.read.register(q, status, limit=1_000_000)
    return Response(to_csv(rows, REGISTER_COLUMNS, german=True), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="rechnungsbuch.csv"'})


@router.get("/views")
def views(request: Request, view: str = SHOWN[0], principal: Principal = Depends(Guard("read_all"))):
    view = view if view in SHOWN else SHOWN[0]
    reports, tables = request.app.state.edge.read.report(view, today())
    return page(request, "views.html", {"shown": SHOWN, "view": view, "reports": reports, "tables": tables})


@router.get("/views/{name}.zip")
def view_download(request: Request, name: str, principal: Principal = Depends(Guard("read_all"))):
    if name not in SHOWN:
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)
    file_name, content, media = as_download(request.app.state.edge.read.csv_files(name, today()), name)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{file_name}"'})


@router.post("/exports")
async def export(request: Request, principal: Principal = Depends(Guard("export"))):
    report = await run_in_threadpool(request.app.state.edge.read.export, principal.login)
    return page(request, "export.html", {"report": report})


@router.get("/exports/{batch}")
def export_download(request: Request, batch: str, principal: Principal = Depends(Guard("export"))):
    files = request.app.state.edge.read.batch_files(batch)
    if not files:
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)
    file_name, content, media = as_download(files, f"EXTF_{batch}")
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{file_name}"'})
