"""Exports: approved invoices to accounting (DATEV Buchungsstapel) and every view as CSV.

Where exported files go is a port, `ExportTarget`: a named place that takes a batch of files and
says where they went. Municipal finance systems differ (a DATEV import folder, an SFTP drop of the
Kassen- und Finanzverfahren, an ERP's API), so each is one small class with `name` and `deliver`:
* `InMemoryTarget` — keeps what it got (tests);
* `FolderTarget` — writes the files into a folder (e.g. a share the finance system imports from),
  each atomically and never over an existing file.

Modules: `accounts` (the account mapping, TOML), `datev` (the EXTF format, written and read back),
`batches` (choosing, marking and delivering approved invoices), `csv` (the views as CSV).
"""

from __future__ import annotations

import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ExportFile:
    """One file of an export batch: its name and its bytes."""

    name: str
    content: bytes


class ExportTarget(ABC):
    """Where exported files go (the port); `name` is recorded on every exported invoice."""

    name: str

    @abstractmethod
    def deliver(self, batch: str, files: Sequence[ExportFile]) -> str:
        """Hand over the files of `batch`; returns where they went (for the log and the person exporting)."""


class InMemoryTarget(ExportTarget):
    """Keeps every delivered batch in `delivered` (batch → files)."""

    def __init__(self, name: str = "datev") -> None:
        self.name = name
        self.delivered: dict[str, list[ExportFile]] = {}

    def deliver(self, batch: str, files: Sequence[ExportFile]) -> str:
        self.delivered.setdefault(batch, []).extend(files)
        return f"memory:{batch}"


class TargetRefused(RuntimeError):
    """The target did not take the files (e.g. a file of that name exists already)."""


class FolderTarget(ExportTarget):
    """Writes each file into `folder`, atomically (temporary file, then rename), never over an existing one."""

    def __init__(self, folder: Path, name: str = "datev") -> None:
        self.folder = Path(folder)
        self.name = name

    def deliver(self, batch: str, files: Sequence[ExportFile]) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        for item in files:
            path = self.folder / item.name
            if path.exists():
                raise TargetRefused(f"{path} exists already; an export file is never overwritten.")
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".part")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(item.content)
                os.link(temporary, path)  # fails if `path` appeared meanwhile: never overwrites
            finally:
                os.unlink(temporary)
        return str(self.folder)
