"""Every view as CSV: its tables as stored, its reports (ageing, VAT by month, …) and its lists (balances, …).

Two flavours: `plain` (RFC 4180: comma, decimal point, UTF-8) for programs, and `german`
(semicolon, decimal comma, UTF-8 with byte-order mark) for spreadsheets set to German. Dates and
times are ISO 8601 (times in UTC), JSON columns stay JSON, empty values are empty fields. Text that a
spreadsheet would run as a formula is neutralised (`projections.exports.cells`).
Files are named `<view>.<table>.csv`, `<view>.<report>.csv` and `<view>.<list>.csv` (a list named like
a table is left out: the table holds all of it). Rows are read page by page and written as they
come (`csv_chunks`, `view_parts`), so a download of a million rows never holds them all.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from projections.base import ReadModel
from projections.exports import ExportFile
from projections.exports.cells import neutralised


def _text(value, german: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if german else text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if german else text
    if isinstance(value, (datetime, date, UUID)):
        return value.isoformat() if not isinstance(value, UUID) else str(value)
    if isinstance(value, (list, dict)):
        return neutralised(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
    return neutralised(str(value))


def to_csv(rows: list[dict], columns: Iterable[str] | None = None, *, german: bool = False) -> bytes:
    """`rows` as CSV with a header line (`columns`, default the first row's keys)."""
    columns = list(columns or (rows[0].keys() if rows else ()))
    return b"".join(csv_chunks(rows, columns, german=german))


def csv_chunks(rows: Iterable[dict], columns: Sequence[str], *, german: bool = False,
               rows_per_chunk: int = 500) -> Iterator[bytes]:
    """`rows` as CSV with the header `columns`, in chunks of encoded text (the header first, BOM for German)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow(columns)
    pending = 0
    first = True
    for row in rows:
        writer.writerow([_text(row.get(column), german) for column in columns])
        pending += 1
        if pending == rows_per_chunk:
            yield _take(out, german and first)
            first, pending = False, 0
    yield _take(out, german and first)


def _take(out: io.StringIO, bom: bool) -> bytes:
    text = out.getvalue()
    out.seek(0)
    out.truncate()
    return ("\ufeff" + text).encode("utf-8") if bom else text.encode("utf-8")


def view_parts(model: ReadModel, *, today: date) -> Iterator[tuple[str, Sequence[str], Iterator[dict]]]:
    """(file name, columns, rows read as they are written) of one read model: each table, report and list."""
    from projections.paging import Listing, every_row

    for table in model.tables:
        whole = Listing(table.name, table.name, (table.key[0],))
        yield f"{model.name}.{table.name}.csv", table.names, every_row(model.view, whole)
    for name, rows in model.reports(today).items():
        yield f"{model.name}.{name}.csv", list(rows[0].keys()) if rows else [], iter(rows)
    tables = {table.name for table in model.tables}
    for listing in model.lists:
        if listing.name not in tables:
            columns = listing.columns or model.view.table(listing.table).names
            yield f"{model.name}.{listing.name}.csv", columns, model.every(listing.name, today=today)


def view_files(model: ReadModel, *, today: date, german: bool = False) -> list[ExportFile]:
    """The CSV files of one read model, in memory (tests, small views): each table, report and list."""
    return [ExportFile(name, b"".join(csv_chunks(rows, columns, german=german)))
            for name, columns, rows in view_parts(model, today=today)]


def write_csv(models: Iterable[ReadModel], folder: Path, *, today: date, german: bool = False) -> list[Path]:
    """Write the CSV files of `models` into `folder` (replacing older ones), row page by row page; returns paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for model in models:
        for name, columns, rows in view_parts(model, today=today):
            path = folder / name
            with path.open("wb") as out:
                for chunk in csv_chunks(rows, columns, german=german):
                    out.write(chunk)
            paths.append(path)
    return paths
