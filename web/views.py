"""The read models of `projections` as the edge uses them: opened once, brought up to date on read.

Every read first lets `projections.runner.Runner` apply what the log has beyond the views' positions
(nothing to do when a worker's runner keeps them current; two runners never apply a batch twice), so
a page shows what was just recorded; when the log has not moved since the last catch-up, nothing is
read for it. Catching up is serialised (one runner at a time); reads run side by side.
Lists are read a page at a time (`page`), downloads row page by row page (`every`, `csv_parts`).
Exports go through `projections.exports` (DATEV Buchungsstapel); a batch's files are written again
from the register on download (`redeliver`), so nothing but the events is kept.
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Iterator, Mapping
from datetime import date

from projections.catalogue import open_views
from projections.exports import ExportFile, InMemoryTarget
from projections.exports.accounts import sample_mapping
from projections.exports.batches import ExportReport, export_approved, redeliver
from projections.exports.csv import view_parts
from projections.paging import Page
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
        self._caught_up = -1

    def current(self):
        """The views, caught up with the log."""
        end = self.invoices.recorder.max_notification_id() or 0
        if end == self._caught_up:
            return self.views
        with self.lock:
            try:
                self.runner.run_once(until=end)
                self._caught_up = end
            except Exception:  # another runner moved on first: read what is there, it catches up next time
                for model in self.views:
                    model.forget()
            return self.views

    def page(self, name: str, list_name: str | None = None, *, today: date, filters: Mapping | None = None,
             sort: str | None = None, descending: bool | None = None, cursor: str | None = None, size: int = 50,
             search: str = "") -> Page:
        """One page of a list of view `name` (see `projections.base.ReadModel.page`)."""
        return self.current()[name].page(list_name, today=today, filters=filters, sort=sort, descending=descending,
                                         cursor=cursor, size=size, search=search)

    def every(self, name: str, list_name: str | None = None, *, today: date, filters: Mapping | None = None,
              sort: str | None = None, descending: bool | None = None, search: str = "") -> Iterator[dict]:
        """Every row of a list of view `name`, read page by page as it is consumed."""
        return self.current()[name].every(list_name, today=today, filters=filters, sort=sort, descending=descending,
                                          search=search)

    def model(self, name: str):
        """The read model `name`, caught up."""
        return self.current()[name]

    def reports(self, name: str, today: date) -> list[tuple[str, list[dict]]]:
        """(report name, rows) of one view (each small: read from summaries)."""
        return list(self.current()[name].reports(today).items())

    def csv_parts(self, name: str, today: date):
        """(file name, columns, rows) of every table, report and list of view `name`, rows read as written."""
        return view_parts(self.current()[name], today=today)

    def export(self, by: str) -> ExportReport:
        """Export every approved invoice not yet exported as DATEV Buchungsstapel (one batch)."""
        with self.lock:
            views = self.current()
            report = export_approved(self.invoices, views["register"], InMemoryTarget("datev"),
                                     self.mapping, by=by)
            self._caught_up = -1
            self.current()
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


class _Sink(io.RawIOBase):
    """Where a streamed zip is written: collects what was written until it is taken (tells, never seeks)."""

    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.written += data
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        data, self.written = bytes(self.written), bytearray()
        return data


def zip_stream(files) -> Iterator[bytes]:
    """A zip of `files` ((name, chunks of bytes)), produced as the chunks come: memory stays one chunk."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, chunks in files:
            with archive.open(name, "w", force_zip64=True) as entry:
                for chunk in chunks:
                    entry.write(chunk)
                    if len(sink.written) >= 65536:
                        yield sink.take()
            yield sink.take()
    yield sink.take()
