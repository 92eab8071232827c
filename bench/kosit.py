"""Speed of the official engine (the KoSIT configuration runner), with bare parsing as the floor.

    .venv/bin/python bench/kosit.py [--generated 200] [--no-corpus] [--native]

Documents: every UBL/CII document of the conformance corpus (the XML inside PDFs included) and
N generated invoices (seed 0…N-1, mixed kinds, even seeds UBL, odd CII, declaring XRechnung 3.0).
For each document, in the same run and on the same bytes:

* floor  – `safe_xml.parse` alone (the lxml parse every engine needs first);
* kosit  – `Runner.run` end to end: parse, scenario choice, XSD, every Schematron XSLT, the
  report input, the createReport XSLT and acceptMatch (documents that match no scenario are
  timed with the EN 16931 scenario forced, as the receiving policy runs them);
* native – with `--native`, the project's `validators.engine.validate` for comparison.

Wall time (perf_counter) and CPU time (process_time: the whole process, so the Saxon thread's
work counts) per document; the medians per syntax and the ratio to the floor are printed.
The reference configuration (`../shared/official/kosit-xrechnung`) is compiled before timing.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from invoicing.formats import safe_xml  # noqa: E402
from invoicing.formats.cii_writer import write_cii  # noqa: E402
from invoicing.formats.pdf import extract_invoice_xml, is_pdf  # noqa: E402
from invoicing.formats.ubl_writer import write_ubl  # noqa: E402
from invoicing.generator import generate_invoice  # noqa: E402
from validators.kosit import Configuration, Runner  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
REFERENCE = ROOT.parent / "shared" / "official" / "kosit-xrechnung"
FORCED = {"Invoice": "EN16931 (UBL Invoice)", "CreditNote": "EN16931 (UBL CreditNote)",
          "CrossIndustryInvoice": "EN16931 (CII)"}


def corpus_documents():
    for line in (CORPUS / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["syntax"] in ("UBL", "CII"):
            data = (CORPUS / entry["path"]).read_bytes()
            yield entry["syntax"], extract_invoice_xml(data).xml if is_pdf(data) else data


def generated_documents(count: int):
    for seed in range(count):
        invoice = generate_invoice(seed, kind="mixed")
        yield ("UBL", write_ubl(invoice)) if seed % 2 == 0 else ("CII", write_cii(invoice))


def timed(function, *args) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function(*args)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--generated", type=int, default=200)
    parser.add_argument("--no-corpus", action="store_true")
    parser.add_argument("--native", action="store_true", help="also time validators.engine.validate")
    arguments = parser.parse_args()
    runner = Runner(Configuration.load(REFERENCE))
    documents = list(generated_documents(arguments.generated))
    if not arguments.no_corpus:
        documents += list(corpus_documents())

    def kosit(xml: bytes) -> None:
        result = runner.run(xml)
        if result.scenario is None:
            runner.run(xml, force_scenario=FORCED[etree.QName(safe_xml.parse(xml).getroot()).localname])

    engines = {"floor": safe_xml.parse, "kosit": kosit}
    if arguments.native:
        from validators.engine import validate

        engines["native"] = validate
    for function in engines.values():  # warm up: compile, load code lists
        for syntax in ("UBL", "CII"):
            function(next(xml for s, xml in documents if s == syntax))
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    gc.disable()
    for name, function in engines.items():  # one pass per engine: a service runs one engine at a time
        for syntax, xml in documents:
            times.setdefault((name, syntax), []).append(timed(function, xml))
    gc.enable()
    print(f"{len(documents)} documents ({sum(s == 'UBL' for s, _ in documents)} UBL, "
          f"{sum(s == 'CII' for s, _ in documents)} CII); medians per document in ms")
    print(f"{'engine':8} {'syntax':6} {'wall':>8} {'CPU':>8} {'CPU / floor':>12}")
    for (name, syntax), values in sorted(times.items(), key=lambda item: (item[0][1], list(engines).index(item[0][0]))):
        wall = statistics.median(v[0] for v in values) * 1000
        cpu = statistics.median(v[1] for v in values) * 1000
        floor = statistics.median(v[1] for v in times[("floor", syntax)]) * 1000
        print(f"{name:8} {syntax:6} {wall:8.2f} {cpu:8.2f} {cpu / floor if floor else float('nan'):11.1f}x")


if __name__ == "__main__":
    main()
