"""EN 16931 layer speed: native rules against the official rule files, with bare parsing as the floor.

    .venv/bin/python bench/validate.py [--generated 2000] [--no-corpus]

Documents: every UBL/CII document of the conformance corpus (the XML inside PDFs included) and
N generated invoices (seed 0…N-1, mixed kinds, even seeds written as UBL, odd as CII). For each
document, in the same run and on the same bytes:

* floor    – `safe_xml.parse` alone (the lxml parse every engine needs first);
* native   – `validators.en16931.check` on the parsed tree (view extraction + all rules);
* official – `validators.official.run_official` on the same tree (CEN UBL / Factur-X CII XSLT via
  Saxon, including handing the document to Saxon).

All documents are parsed first (timing the floor), then each engine makes its own pass over the
same parsed trees: first native, then official. (Interleaving the two per document makes the
native times about 1.3–1.8x slower, because each Saxon call evicts the CPU caches the Python code
runs from; a service runs one engine, so separate passes are the representative measure.
`--interleaved` shows the other figure.) Both engines are warmed up first (rule files compiled,
code lists loaded). Documents on which the official run stops are left out of both columns (and
counted). Prints the median per invoice of each, the official/native ratio, per syntax and
source and over everything. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from invoicing.formats import safe_xml  # noqa: E402
from invoicing.formats.cii_writer import write_cii  # noqa: E402
from invoicing.formats.pdf import extract_invoice_xml, is_pdf  # noqa: E402
from invoicing.formats.recognition import recognise  # noqa: E402
from invoicing.formats.ubl_writer import write_ubl  # noqa: E402
from invoicing.generator import generate_invoice  # noqa: E402
from validators import en16931, official  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Timings:
    """Per-document times in seconds for one group of documents."""

    floor: list[float] = field(default_factory=list)
    native: list[float] = field(default_factory=list)
    official: list[float] = field(default_factory=list)
    skipped: int = 0


def corpus_documents():
    """(source, syntax, bytes) for every corpus document with an XML invoice."""
    for line in (CORPUS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["syntax"] not in ("UBL", "CII"):
            continue
        data = (CORPUS / entry["path"]).read_bytes()
        if is_pdf(data):
            data = extract_invoice_xml(data).xml
        yield "corpus", entry["syntax"], data


def generated_documents(count: int):
    for seed in range(count):
        invoice = generate_invoice(seed, kind="mixed")
        syntax = "UBL" if seed % 2 == 0 else "CII"
        yield "generated", syntax, write_ubl(invoice) if syntax == "UBL" else write_cii(invoice)


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def measure(documents, *, interleaved: bool = False) -> dict[tuple[str, str], Timings]:
    parsed = []
    for source, syntax, data in documents:
        floor, tree = _timed(safe_xml.parse, data)
        parsed.append((source, syntax, floor, tree, recognise(tree)))
    native_times: list[float | None] = [None] * len(parsed)
    official_times: list[float | None] = [None] * len(parsed)
    gc.disable()
    try:
        if not interleaved:
            for index, (_, _, _, tree, recognition) in enumerate(parsed):
                native_times[index], _ = _timed(en16931.check, tree, recognition)
        for index, (_, syntax, _, tree, recognition) in enumerate(parsed):
            try:
                official_times[index], _ = _timed(official.run_official, tree, syntax)
            except official.OfficialEngineFailed:
                official_times[index] = None
            if interleaved:
                native_times[index], _ = _timed(en16931.check, tree, recognition)
            if index % 50 == 0:
                gc.collect()
    finally:
        gc.enable()
    groups: dict[tuple[str, str], Timings] = {}
    for (source, syntax, floor, _, _), native_time, official_time in zip(parsed, native_times, official_times):
        timings = groups.setdefault((source, syntax), Timings())
        if official_time is None:
            timings.skipped += 1
            continue
        timings.floor.append(floor)
        timings.native.append(native_time)
        timings.official.append(official_time)
    return groups


def _row(label: str, timings: Timings) -> str:
    if not timings.native:
        return f"{label:<22} (no documents)"
    floor, native, official_ = (statistics.median(t) * 1000 for t in (timings.floor, timings.native, timings.official))
    skipped = f"  ({timings.skipped} left out: official run stopped)" if timings.skipped else ""
    return (f"{label:<22}{len(timings.native):>6}{floor:>10.3f}{native:>10.3f}{official_:>11.3f}"
            f"{official_ / native:>9.1f}x{(floor + native):>12.3f}{skipped}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=2000, help="number of generated invoices (default 2000)")
    parser.add_argument("--no-corpus", action="store_true", help="leave out the conformance corpus")
    parser.add_argument("--interleaved", action="store_true",
                        help="run native right after official on each document instead of in its own pass")
    args = parser.parse_args(argv)

    official.warm_up()
    en16931.warm_up()
    warm = safe_xml.parse(write_ubl(generate_invoice(0)))
    en16931.check(warm, recognise(warm))

    documents = [] if args.no_corpus or not CORPUS.exists() else list(corpus_documents())
    documents += list(generated_documents(args.generated))
    groups = measure(documents, interleaved=args.interleaved)

    mode = "interleaved per document" if args.interleaved else "each engine in its own pass"
    print(f"EN 16931 layer, median ms per invoice  ({official.engine_name()}; native = {en16931.RULE_SET.version}; {mode})")
    print(f"{'documents':<22}{'count':>6}{'floor':>10}{'native':>10}{'official':>11}{'ratio':>10}"
          f"{'parse+native':>12}")
    everything = Timings()
    for (source, syntax), timings in sorted(groups.items()):
        print(_row(f"{source} {syntax}", timings))
        for name in ("floor", "native", "official"):
            getattr(everything, name).extend(getattr(timings, name))
        everything.skipped += timings.skipped
    for syntax in ("UBL", "CII"):
        both = Timings()
        for (source, group_syntax), timings in groups.items():
            if group_syntax == syntax:
                for name in ("floor", "native", "official"):
                    getattr(both, name).extend(getattr(timings, name))
        print(_row(f"all {syntax}", both))
    print(_row("all", everything))
    print("floor = safe_xml.parse only; ratio = official / native (medians); parse+native = floor + native")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
