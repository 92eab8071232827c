"""/api/views: the inbox, the register (search, status, sort, pages, CSV), the accounting views (reports and a
paged list each, CSV); /api/exports: DATEV batches.

Every list answers a page: `items`, `count` (items on this page), `total` (`total_exact` false: more than
that), `next`/`previous` (cursors for `cursor=`), `sort`/`dir`; `limit` sets the page size (at most 500).
`format=csv` returns every row of the list with the same filters and order, streamed."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from invoicing.approvals.clock import city_today
from web.accounts import Principal
from web.inbox import inbox, item_dict
from web.listing import page_json, paging
from web.pages.views import REGISTER_COLUMNS, csv_download
from web.permissions import Guard
from web.views import SHOWN, as_download

router = APIRouter(prefix="/api", tags=["views"])


@router.get("/views/inbox", summary="Invoices waiting for the caller's decision (own, groups, deputies, escalated to them, duplicates): "
                                    "the first page of each list, or with `list=` one list's page at `cursor`")
def get_inbox(request: Request, list: Literal["mine", "groups", "deputy", "escalated", "duplicates"] | None = None,
              cursor: str | None = None, limit: int = Query(25, ge=1, le=500),
              principal: Principal = Depends(Guard("decide"))):
    lists = inbox(request.app.state.edge, request.app.state.cases, principal, only=list, cursor=cursor, size=limit)
    if list is not None:
        found = lists[list]
        return {"items": [item_dict(item) for item in found.items], "count": len(found.items), "total": found.total,
                "total_exact": found.exact, "next": found.next}
    return {**{name: [item_dict(item) for item in found.items] for name, found in lists.items()},
            "totals": {name: found.total for name, found in lists.items()},
            "next": {name: found.next for name, found in lists.items() if found.next}}


@router.get("/views/register", summary="The invoice register: search (supplier, number, Leitweg-ID), status, "
                                       "sort, pages; or every matching row as CSV")
def get_register(request: Request, q: str = "", status: str = "", limit: int = Query(50, ge=1, le=500),
                 cursor: str | None = None, sort: str | None = None, dir: Literal["asc", "desc"] | None = None,
                 format: Literal["json", "csv"] = "json", principal: Principal = Depends(Guard("read_all"))):
    read, asked = request.app.state.edge.read, paging(request, limit=limit)
    filters = {"status": status} if status else {}
    if format == "csv":
        rows = read.every("register", today=city_today(), filters=filters, search=q, sort=asked.sort,
                          descending=asked.descending)
        return csv_download(rows, REGISTER_COLUMNS, "rechnungsbuch.csv")
    found = read.page("register", today=city_today(), filters=filters, search=q, sort=asked.sort,
                      descending=asked.descending, cursor=asked.cursor, size=asked.size)
    return page_json(found, jsonable_encoder([{key: row[key] for key in REGISTER_COLUMNS} for row in found.rows]))


@router.get("/views/{name}", summary=f"One accounting view: its reports and a page of one of its lists "
                                     f"({', '.join(SHOWN)}); `list=` chooses the list, its filters are parameters")
def get_view(request: Request, name: str, list: str | None = None, limit: int = Query(50, ge=1, le=500),
             cursor: str | None = None, sort: str | None = None, dir: Literal["asc", "desc"] | None = None,
             format: Literal["json", "csv"] = "json", principal: Principal = Depends(Guard("read_all"))):
    if name not in SHOWN:
        return JSONResponse({"code": "not-found", "message": f"There is no view {name!r}.",
                             "hint": f"Views: {', '.join(SHOWN)}."}, status_code=404)
    read, asked = request.app.state.edge.read, paging(request, limit=limit)
    model = read.model(name)
    listing = model.listing(list)
    if list is not None and listing.name != list:
        return JSONResponse({"code": "not-found", "message": f"The view {name!r} has no list {list!r}.",
                             "hint": f"Lists: {', '.join(item.name for item in model.lists)}."}, status_code=404)
    filters = {offered.name: request.query_params.get(offered.name, "") for offered in listing.filters}
    columns = listing.columns or model.view.table(listing.table).names
    if format == "csv":
        rows = read.every(name, listing.name, today=city_today(), filters=filters, sort=asked.sort,
                          descending=asked.descending)
        return csv_download(rows, columns, f"{name}.{listing.name}.csv")
    found = read.page(name, listing.name, today=city_today(), filters=filters, sort=asked.sort,
                      descending=asked.descending, cursor=asked.cursor, size=asked.size)
    return {"reports": jsonable_encoder(dict(read.reports(name, city_today()))), "list": listing.name,
            "lists": [item.name for item in model.lists],
            **page_json(found, jsonable_encoder([{key: row.get(key) for key in columns} for row in found.rows]))}


@router.post("/exports", summary="Export every approved invoice not yet exported as one DATEV batch")
def post_export(request: Request, principal: Principal = Depends(Guard("export"))):
    report = request.app.state.edge.read.export(principal.login)
    return {"batch": report.batch if report.exported else None, "count": len(report.exported),
            "exported": [str(case_id) for case_id in report.exported],
            "skipped": [{"case_id": str(case_id), "reason": reason} for case_id, reason in report.skipped],
            "download": f"/api/exports/{report.batch}" if report.exported else None}


@router.get("/exports/{batch}", summary="The files of an export batch (one EXTF file, or a zip of several)")
def get_export(request: Request, batch: str, principal: Principal = Depends(Guard("export"))):
    files = request.app.state.edge.read.batch_files(batch)
    if not files:
        return JSONResponse({"code": "not-found", "message": f"There is no export batch {batch}.",
                             "hint": "Use the batch id from the export's answer."}, status_code=404)
    name, content, media = as_download(files, f"EXTF_{batch}")
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})
