"""The read models of `projections` as the edge uses them: opened once, brought up to date on read.

Every read first lets `projections.runner.Runner` apply what the log has beyond the views' positions
(nothing to do when a worker's runner keeps them current; two runners never apply a batch twice), so
a page shows what was just recorded. Access is serialised: one runner and one reader at a time.
Exports go through `projections.exports` (DATEV Buchungsstapel); a batch's files are written again
from the register on download (`redeliver`), so nothing but the events is kept.
"""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import date

from projections.catalogue import open_views
from projections.exports import ExportFile, InMemoryTarget
from projections.exports.accounts import sample_mapping
from projections.exports.batches import ExportReport, export_approved, redeliver
from projections.exports.csv import view_files
from projections.runner import Runner

SHOWN = ("open-items", "discounts", "vat", "suppliers", "rejections", "cycle-times", "certifications")
"""The views offered on the views page, in this order (the register and inbox have pages of their own)."""


class ReadSide:
    """The projections' views for one edge, with catch-up on read."""

    def __init__(self, settings, invoices, mapping=None):
        self.invoices = invoices
        self.views = open_views(settings, invoices)
        self.runner = Runner(invoices, list(self.views))
        self.mapping = mapping or sample_mapping()
        self.lock = threading.RLock()

    def current(self):
        """The views, caught up with the log."""
        with self.lock:
            try:
                self.runner.run_once()
            except Exception:  # another runner moved on first: read what is there, it catches up next time
                for model in self.views:
                    model.forget()
            return self.views

    def register(self, q: str = "", status: str = "", limit: int = 500) -> list[dict]:
        with self.lock:
            register = self.current()["register"]
            if q.strip():
                return register.search(q, status=status or None, limit=limit)
            rows = register.with_status(status) if status else register.rows()
            return sorted(rows, key=lambda row: row["received_at"], reverse=True)[:limit]

    def sent_by(self, sender: str, q: str = "", status: str = "", limit: int = 500) -> list[dict]:
        """The register rows of the files `sender` sent, newest first (filtered like `register`)."""
        with self.lock:
            register = self.current()["register"]
            where = {"sender": sender, **({"status": status} if status else {})}
            if q.strip():
                return register.view.search("invoices", q, where=where, order_by=("received_at DESC", "case_id"),
                                            limit=limit)
            return register.view.select("invoices", where=where, order_by=("received_at DESC", "case_id"),
                                        limit=limit)

    def report(self, name: str, today: date) -> tuple[list[tuple[str, list[dict]]], list]:
        """(report name, rows) of one view, then its tables, for a page."""
        with self.lock:
            model = self.current()[name]
            reports = list(model.reports(today).items())
            tables = [(table.name, model.rows(table.name)) for table in model.tables]
            return reports, tables

    def csv_files(self, name: str, today: date) -> list[ExportFile]:
        with self.lock:
            return view_files(self.current()[name], today=today, german=True)

    def export(self, by: str) -> ExportReport:
        """Export every approved invoice not yet exported as DATEV Buchungsstapel (one batch)."""
        with self.lock:
            views = self.current()
            report = export_approved(self.invoices, views["register"], InMemoryTarget("datev"),
                                     self.mapping, by=by)
            self.runner.run_once()
            return report

    def batch_files(self, batch: str) -> list[ExportFile]:
        with self.lock:
            views = self.current()
            target = InMemoryTarget("datev")
            redeliver(batch, self.invoices, views["register"], target, self.mapping)
            return target.delivered.get(batch, [])

    def close(self) -> None:
        self.views.close()


def as_download(files: list[ExportFile], name: str) -> tuple[str, bytes, str]:
    """One file as it is, several as a zip: (file name, bytes, media type)."""
    if len(files) == 1:
        media = "text/csv" if files[0].name.endswith(".csv") else "application/octet-stream"
        return files[0].name, files[0].content, media
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.name, item.content)
    return f"{name}.zip", buffer.getvalue(), "application/zip"
