"""Charts where people would rather look than read: monthly volumes and rejection rate, cycle time per stage,
ageing of open items, Skonto taken and lost — each an accessible SVG with its data table beside it."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from invoicing.approvals.clock import city_day
from projections import figures
from web.accounts import Principal
from web.charts import Chart
from web.formatting import money, number, percent
from web.i18n import text
from web.permissions import Guard
from web.rendering import language, page

router = APIRouter(include_in_schema=False)

MOMENTS = {"received": ("Eingang", "receipt"), "accepted": ("Annahme", "acceptance"),
           "routed": ("Weiterleitung", "routing"), "approved": ("Anordnung", "payment order"),
           "exported": ("Export", "export")}


def stage_name(stage: str, lang: str) -> str:
    """A cycle-time stage ("received→approved") in words: "Eingang → Anordnung"."""
    return " → ".join(MOMENTS.get(part, (part, part))[1 if lang == "en" else 0] for part in stage.split("→"))


def charts(views, today, lang: str) -> list[tuple[Chart, list[str], list[list[str]]]]:
    """(chart, table head, table rows) for each chart, in `lang`."""
    t = lambda key, **values: text(key, lang, **values)  # noqa: E731
    found = []
    volumes = figures.monthly_volumes(views, today)
    months = [row["month"] for row in volumes]
    found.append((Chart("volumes", t("chart_volumes"), t("chart_volumes_desc"), months,
                        {t("accepted_count"): [row["submissions"] - row["rejected"] for row in volumes],
                         t("rejected_count"): [row["rejected"] for row in volumes]}),
                  [t("month"), t("submitted"), t("rejected_count"), t("rejection_rate")],
                  [[row["month"], number(row["submissions"], lang), number(row["rejected"], lang),
                    percent(row["rate"], lang)] for row in volumes]))
    cycles = figures.cycle_times(views)
    found.append((Chart("cycles", t("chart_cycles"), t("chart_cycles_desc"), [stage_name(row["stage"], lang) for row in cycles],
                        {t("median_days"): [row["median_days"] for row in cycles]},
                        [[number(row["median_days"], lang) for row in cycles]]),
                  [t("stage"), t("invoices_count"), t("median_days")],
                  [[stage_name(row["stage"], lang), number(row["invoices"], lang), number(row["median_days"], lang)] for row in cycles]))
    aged = figures.ageing(views, today)
    buckets = [t("bucket_" + row["bucket"].replace(" ", "_").replace(">", "over_")) for row in aged]
    found.append((Chart("ageing", t("chart_ageing"), t("chart_ageing_desc"), buckets,
                        {t("amount_due"): [row["amount"] for row in aged]},
                        [[money(row["amount"], "EUR", lang) for row in aged]]),
                  [t("bucket"), t("invoices_count"), t("amount_due")],
                  [[label, number(row["invoices"], lang), money(row["amount"], "EUR", lang)]
                   for label, row in zip(buckets, aged)]))
    skonto = figures.skonto(views, today)
    found.append((Chart("skonto", t("chart_skonto"), t("chart_skonto_desc"), [row["month"] for row in skonto],
                        {t("skonto_taken"): [row["taken"] for row in skonto],
                         t("skonto_lost"): [row["lost"] for row in skonto],
                         t("skonto_open"): [row["open"] for row in skonto]}),
                  [t("month"), t("skonto_taken"), t("skonto_lost"), t("skonto_open")],
                  [[row["month"], money(row["taken"], "EUR", lang), money(row["lost"], "EUR", lang),
                    money(row["open"], "EUR", lang)] for row in skonto]))
    return found


@router.get("/charts")
def charts_page(request: Request, principal: Principal = Depends(Guard("read_all"))):
    edge = request.app.state.edge
    read = edge.read
    with read.lock:
        found = charts(read.current(), city_day(edge.invoices.clock()), language(request))
    return page(request, "charts.html", {"charts": found})
