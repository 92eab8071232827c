"""/api/views: the inbox, the register (search, status, CSV), the accounting views; /api/exports: DATEV batches."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response

from projections.exports.csv import to_csv
from web.accounts import Principal
from web.inbox import inbox, item_dict
from web.pages.views import REGISTER_COLUMNS, today
from web.permissions import Guard
from web.views import SHOWN, as_download

router = APIRouter(prefix="/api", tags=["views"])


@router.get("/views/inbox", summary="Invoices waiting for the caller's decision (own, groups, deputies)")
def get_inbox(request: Request, principal: Principal = Depends(Guard("decide"))):
    return {name: [item_dict(item) for item in items]
            for name, items in inbox(request.app.state.edge, request.app.state.cases, principal).items()}


@router.get("/views/register", summary="The invoice register: search (supplier, number, Leitweg-ID) and status")
def get_register(request: Request, q: str = "", status: str = "", limit: int = Query(500, ge=1, le=100_000),
                 format: Literal["json", "csv"] = "json", principal: Principal = Depends(Guard("read_all"))):
    rows = request.app.state.edge.read.register(q, status, limit=limit)
    if format == "csv":
        return Response(to_csv(rows, REGISTER_COLUMNS, german=True), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="rechnungsbuch.csv"'})
    return {"items": jsonable_encoder([{key: row[key] for key in REGISTER_COLUMNS} for row in rows]),
            "count": len(rows)}


@router.get("/views/{name}", summary=f"One accounting view as JSON: {', '.join(SHOWN)}")
def get_view(request: Request, name: str, principal: Principal = Depends(Guard("read_all"))):
    if name not in SHOWN:
        return JSONResponse({"code": "not-found", "message": f"There is no view {name!r}.",
                             "hint": f"Views: {', '.join(SHOWN)}."}, status_code=404)
    reports, tables = request.app.state.edge.read.report(name, today())
    return jsonable_encoder({"reports": dict(reports), "tables": dict(tables)})


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
