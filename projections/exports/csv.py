"""Every view as CSV: its tables as stored, and its reports (ageing, VAT by month, balances, …).

Two flavours: `plain` (RFC 4180: comma, decimal point, UTF-8) for programs, and `german`
(semicolon, decimal comma, UTF-8 with byte-order mark) for spreadsheets set to German. Dates and
times are ISO 8601 (times in UTC), JSON columns stay JSON, empty values are empty fields. Text that a
spreadsheet would run as a formula is neutralised (`projections.exports.cells`).
Files are named `<view>.<table>.csv` and `<view>.<report>.csv`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
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
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";" if german else ",", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_text(row.get(column), german) for column in columns])
    text = out.getvalue()
    return ("\ufeff" + text).encode("utf-8") if german else text.encode("utf-8")


def view_files(model: ReadModel, *, today: date, german: bool = False) -> list[ExportFile]:
    """The CSV files of one read model: each table, then each report."""
    files = [ExportFile(f"{model.name}.{table.name}.csv", to_csv(model.rows(table.name), table.names, german=german))
             for table in model.tables]
    files += [ExportFile(f"{model.name}.{name}.csv", to_csv(rows, german=german))
              for name, rows in model.reports(today).items()]
    return files


def write_csv(models: Iterable[ReadModel], folder: Path, *, today: date, german: bool = False) -> list[Path]:
    """Write the CSV files of `models` into `folder` (replacing older ones); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for model in models:
        for item in view_files(model, today=today, german=german):
            path = folder / item.name
            path.write_bytes(item.content)
            paths.append(path)
    return paths
