"""The register with search, filters, sorting and pages, the accounting views (open items, Skonto calendar, VAT,
supplier ledger, rejections, cycle times, certifications) with their lists and CSV downloads, and the DATEV
export — all from `projections`, read a page at a time; downloads stream every row."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse

from invoicing.approvals.clock import city_today
from projections.exports.csv import csv_chunks
from projections.register import LISTING as REGISTER
from web.accounts import Principal
from web.i18n import STATUS
from web.listing import ListLinks, paging
from web.permissions import Guard
from web.rendering import page
from web.views import SHOWN, as_download, zip_stream

router = APIRouter(include_in_schema=False)

REGISTER_COLUMNS = REGISTER.columns[:15]
"""The register's columns in downloads (the API's items carry the same)."""


def csv_download(rows, columns, file_name: str) -> StreamingResponse:
    """Rows as a German CSV file, written while they are read."""
    return StreamingResponse(csv_chunks(rows, columns, german=True), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{file_name}"'})


@router.get("/register")
def register(request: Request, q: str = "", status: str = "", principal: Principal = Depends(Guard("read_all"))):
    asked = paging(request)
    found = request.app.state.edge.read.page(
        "register", today=city_today(), filters={"status": status} if status else {}, search=q, sort=asked.sort,
        descending=asked.descending, cursor=asked.cursor, size=asked.size)
    links = ListLinks(found, "/register", {"q": q, "status": status})
    return page(request, "register.html", {"rows": found.rows, "links": links, "q": q, "status": status,
                                           "statuses": list(STATUS), "sortable": REGISTER.sorts})


@router.get("/register.csv")
def register_download(request: Request, q: str = "", status: str = "",
                      principal: Principal = Depends(Guard("read_all"))):
    asked = paging(request)
    rows = request.app.state.edge.read.every("register", today=city_today(), filters={"status": status} if status else {},
                                             search=q, sort=asked.sort, descending=asked.descending)
    return csv_download(rows, REGISTER_COLUMNS, "rechnungsbuch.csv")


def _view_list(request: Request, view: str, list_name: str):
    """(read model, listing, filter values, page) of the list asked for on a view page."""
    read = request.app.state.edge.read
    model = read.model(view)
    listing = model.listing(list_name or None)
    filters = {offered.name: request.query_params.get(offered.name, "") for offered in listing.filters}
    return model, listing, filters


@router.get("/views")
def views(request: Request, view: str = SHOWN[0], list: str = "", principal: Principal = Depends(Guard("read_all"))):
    view = view if view in SHOWN else SHOWN[0]
    model, listing, filters = _view_list(request, view, list)
    asked = paging(request)
    found = request.app.state.edge.read.page(view, listing.name, today=city_today(), filters=filters, sort=asked.sort,
                                             descending=asked.descending, cursor=asked.cursor, size=asked.size)
    links = ListLinks(found, "/views", {"view": view, "list": listing.name, **filters})
    columns = listing.columns or tuple(name for name in model.view.table(listing.table).names if name != "search_text")
    return page(request, "views.html", {
        "shown": SHOWN, "view": view, "reports": request.app.state.edge.read.reports(view, city_today()),
        "lists": [item.name for item in model.lists], "listing": listing, "filters": filters, "links": links,
        "columns": columns, "rows": found.rows})


@router.get("/views/{name}.zip")
def view_download(request: Request, name: str, principal: Principal = Depends(Guard("read_all"))):
    if name not in SHOWN:
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)
    parts = request.app.state.edge.read.csv_parts(name, city_today())
    files = ((file_name, csv_chunks(rows, columns, german=True)) for file_name, columns, rows in parts)
    return StreamingResponse(zip_stream(files), media_type="application/zip",
                             headers={"Content-Disposition": f'attachment; filename="{name}.zip"'})


@router.get("/views/{name}/{list_name}.csv")
def list_download(request: Request, name: str, list_name: str, principal: Principal = Depends(Guard("read_all"))):
    if name not in SHOWN:
        return page(request, "error.html", {"title_key": "not_found", "text_key": "not_found_text"}, status_code=404)
    model, listing, filters = _view_list(request, name, list_name)
    asked = paging(request)
    rows = request.app.state.edge.read.every(name, listing.name, today=city_today(), filters=filters, sort=asked.sort,
                                             descending=asked.descending)
    columns = listing.columns or model.view.table(listing.table).names
    return csv_download(rows, columns, f"{name}.{listing.name}.csv")


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
