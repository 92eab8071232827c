"""Where the conformance corpus lives, and what it expects of each file.

The corpus (`../shared/corpus` beside the repository, see its README) is not part of the
repository. Tests that need it skip when it is absent, but fail when the `CI` environment
variable is set, so a CI run can never pass by skipping. Both helpers may be called at
collection time (e.g. to parametrise): then the whole module is skipped, or fails under CI.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.availability import unavailable

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@dataclass(frozen=True)
class Expected:
    """One line of `expected.jsonl`: the official-artefact verdict on one corpus file."""

    path: str
    accept: bool
    errors: frozenset[str]
    warnings: frozenset[str]
    syntax: str | None
    note: str

    def __getitem__(self, key: str):
        """`entry["path"]` as well as `entry.path`: tests treat an entry like the JSON line it is."""
        return getattr(self, key)

    @property
    def file(self) -> Path:
        return CORPUS / self.path

    @property
    def schema_valid(self) -> bool:
        """False for the files the reference validator found XSD-invalid."""
        return "XSD-invalid:" not in self.note


def corpus_dir() -> Path:
    """The corpus folder; skips the calling test or module when it is absent (fails instead under CI)."""
    if (CORPUS / "expected.jsonl").is_file():
        return CORPUS
    unavailable(f"conformance corpus not found at {CORPUS}")


def expected_entries() -> list[Expected]:
    """All entries of `expected.jsonl`, in file order (skips or fails like `corpus_dir`)."""
    return list(_load(corpus_dir() / "expected.jsonl"))


@cache
def _load(path: Path) -> tuple[Expected, ...]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            entries.append(Expected(raw["path"], raw["accept"], frozenset(raw["errors"]),
                                    frozenset(raw["warnings"]), raw["syntax"], raw["note"]))
    return tuple(entries)
