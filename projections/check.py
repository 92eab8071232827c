"""The consistency check: rebuild a view into a scratch copy and compare it row by row with the live one.

The live view's rows and position are read in one transaction (a snapshot); the scratch copy
replays the log up to exactly that position; then every table is compared by key. A difference
means the live view missed, doubled or misapplied an event (or the fold is not a pure function
of the log), and names the first rows that differ. The summaries are compared too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from projections.base import ReadModel
from projections.runner import REBUILD_BATCH, Runner


@dataclass
class Comparison:
    """The outcome of comparing one view with its rebuilt copy."""

    name: str
    position: int
    rows: int
    missing: list = field(default_factory=list)     # keys in the rebuilt view only
    extra: list = field(default_factory=list)       # keys in the live view only
    different: list = field(default_factory=list)   # (table, key, {column: (live, rebuilt)})

    @property
    def identical(self) -> bool:
        return not (self.missing or self.extra or self.different)

    def describe(self, limit: int = 5) -> str:
        if self.identical:
            return f"{self.name}: identical ({self.rows} rows at position {self.position})"
        lines = [f"{self.name}: DIFFERENT at position {self.position}: {len(self.missing)} rows missing, "
                 f"{len(self.extra)} extra, {len(self.different)} different"]
        lines += [f"  missing {table} {key}" for table, key in self.missing[:limit]]
        lines += [f"  extra {table} {key}" for table, key in self.extra[:limit]]
        lines += [f"  {table} {key}: {changes}" for table, key, changes in self.different[:limit]]
        return "\n".join(lines)


def compare(live: dict[str, list[dict]], rebuilt: dict[str, list[dict]], tables, name: str,
            position: int) -> Comparison:
    """Compare two snapshots of the same view's tables."""
    result = Comparison(name, position, sum(len(rows) for rows in live.values()))
    for table in tables:
        before = {tuple(row[column] for column in table.key): row for row in live[table.name]}
        after = {tuple(row[column] for column in table.key): row for row in rebuilt[table.name]}
        result.missing += [(table.name, key) for key in after.keys() - before.keys()]
        result.extra += [(table.name, key) for key in before.keys() - after.keys()]
        for key in before.keys() & after.keys():
            changes = {column: (before[key][column], after[key][column]) for column in table.names
                       if before[key][column] != after[key][column]}
            if changes:
                result.different.append((table.name, key, changes))
    return result


def check(invoices, live: ReadModel, scratch: ReadModel, *, batch_size: int = REBUILD_BATCH) -> Comparison:
    """Rebuild `scratch` (the same read model on scratch tables) up to `live`'s position and compare them."""
    position, live_rows = live.view.snapshot()
    Runner(invoices, [scratch]).rebuild(until=position, batch_size=batch_size)
    _, rebuilt_rows = scratch.view.snapshot()
    return compare(live_rows, rebuilt_rows, compared(live), live.name, position)


def compared(model: ReadModel) -> list:
    """The tables compared: the read model's and its summaries (a summary kept wrongly is a difference too)."""
    return [*model.tables, *(model.view.table(name) for name in model.view.summaries)]
