"""End-to-end validation speed: the native engine against the official one, bare parsing as the floor.

    .venv/bin/python bench/validate.py [--generated 100] [--repeat 3] [--no-corpus]

Documents: every file of the conformance corpus with an invoice in it (XML as it is, PDFs as PDFs)
and N generated invoices written as UBL and as CII. For every document, in the same run:

* floor    – `lxml.etree.fromstring` of the invoice XML (what any engine must do at least);
* native   – `validators.engine.validate(bytes)` end to end: PDF extraction, safe parsing,
  recognition, scenario, receiving policy, XML Schema, every rule set, report;
* official – `validate(bytes, engine="official")` end to end: the same reading, then the KoSIT
  configuration run by Saxon (scenario match, schema, every Schematron XSLT, the createReport
  XSLT, acceptMatch).

CPU time (`time.process_time`, the whole process, so Saxon's own thread counts) per document, the
median of `--repeat` runs; each engine makes its own pass over all documents (interleaving them
lets each Saxon call evict the caches the Python code runs from, which is not how a service runs).
Printed: medians per group (UBL, CII, PDF, all), the ratio official/native (the issue's target:
≥ 10) and native/floor (the aim: ≤ 5), and each layer's share of the native time (measured in a
third pass that times the layers one by one). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from invoicing.formats.cii_writer import write_cii  # noqa: E402
from invoicing.formats.pdf import extract_invoice_xml, is_pdf  # noqa: E402
from invoicing.formats.ubl_writer import write_ubl  # noqa: E402
from invoicing.generator import generate_invoice  # noqa: E402
from validators import engine, policy, rulesets, xsd  # noqa: E402
from validators.engine import validate  # noqa: E402
from validators.kosit import Configuration, Runner  # noqa: E402
from validators.scenario import choose  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE = ROOT.parent / "shared" / "official" / "kosit-xrechnung"


def documents(generated: int, corpus: bool):
    """(group, bytes): corpus files with an invoice, and generated invoices in both syntaxes."""
    if corpus:
        for line in (CORPUS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            if entry["syntax"] in ("UBL", "CII"):
                data = (CORPUS / entry["path"]).read_bytes()
                yield ("PDF" if is_pdf(data) else entry["syntax"]), data
    for seed in range(generated):
        invoice = generate_invoice(seed, kind="mixed")
        yield "UBL", write_ubl(invoice)
        yield "CII", write_cii(invoice)


def cpu(function, repeat: int) -> float:
    """Median CPU seconds of `repeat` calls."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def xml_of(data: bytes) -> bytes:
    return extract_invoice_xml(data).xml if is_pdf(data) else data


def layers(data: bytes) -> dict[str, float]:
    """The native engine's layers, one by one (seconds)."""
    found = {}
    start = time.process_time()
    document = engine.load(data)
    found["read (PDF, parse, recognise)"] = time.process_time() - start
    root = document.tree.getroot()
    start = time.process_time()
    scenario = choose(root)
    decision = policy.decide(policy.load(), document.recognition, scenario)
    found["scenario and policy"] = time.process_time() - start
    if decision.scenario is None:
        return found
    start = time.process_time()
    xsd.schema_errors(document.tree, decision.scenario.schema)
    found["XML Schema"] = time.process_time() - start
    for name in decision.scenario.rule_sets:
        start = time.process_time()
        try:
            rulesets.load(name).run(root)
        except Exception:  # noqa: BLE001 - a stopped rule set costs what it cost
            pass
        found[f"rules {name}"] = time.process_time() - start
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generated", type=int, default=100, help="generated invoices (each as UBL and CII)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-corpus", action="store_true")
    arguments = parser.parse_args()
    if not (REFERENCE / "scenarios.xml").is_file():
        print(f"The official configuration is needed at {REFERENCE}.", file=sys.stderr)
        return 2
    docs = list(documents(arguments.generated, not arguments.no_corpus))
    official = Runner(Configuration.load(REFERENCE))
    engine.warm_up()
    for group, data in docs[:5]:  # warm both engines (stylesheets compile lazily on the Saxon thread)
        validate(data)
        validate(data, engine="official", official=official)
    gc.collect()
    gc.disable()
    floor, native, kosit = defaultdict(list), defaultdict(list), defaultdict(list)
    for group, data in docs:
        xml = xml_of(data)
        floor[group].append(cpu(lambda: etree.fromstring(xml), arguments.repeat))
    for group, data in docs:
        native[group].append(cpu(lambda: validate(data), arguments.repeat))
    for group, data in docs:
        kosit[group].append(cpu(lambda: validate(data, engine="official", official=official), arguments.repeat))
    shares = defaultdict(float)
    for group, data in docs:
        for name, seconds in layers(data).items():
            shares[name] += seconds
    gc.enable()
    print(f"{len(docs)} documents, median CPU ms per document (repeat {arguments.repeat}):")
    print(f"{'group':<6} {'n':>5} {'floor':>8} {'native':>8} {'official':>9} {'official/native':>16} {'native/floor':>13}")
    for group in ("UBL", "CII", "PDF", "all"):
        pick = (lambda table: [t for values in table.values() for t in values]) if group == "all" else \
            (lambda table, g=group: table.get(g, []))
        if not pick(native):
            continue
        f, n, o = (statistics.median(pick(table)) * 1000 for table in (floor, native, kosit))
        print(f"{group:<6} {len(pick(native)):>5} {f:>8.3f} {n:>8.3f} {o:>9.3f} {o / n:>15.1f}x {n / f:>12.1f}x")
    total = sum(shares.values())
    print("native engine, share of each layer (sum over all documents):")
    for name, seconds in sorted(shares.items(), key=lambda item: -item[1]):
        print(f"  {name:<32} {100 * seconds / total:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
