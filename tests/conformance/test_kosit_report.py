"""The native KoSIT report writer against the configuration's createReport stylesheet, on every corpus file.

Both reports must be valid against report.xsd and equal element by element, attribute by
attribute and in their (whitespace-normalised) text, except the timestamp's value and the
content of `rep:explanation` (KoSIT's HTML rendering). Namespace declarations are not compared:
the stylesheet declares namespaces it does not use (html, in, svrl, xd, xsi) on the root.
"""

from __future__ import annotations

from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from tests.conformance.test_kosit_corpus import ENTRIES, judged
from tests.unit.kosit.helpers import reference, reference_directory, runner
from tests.unit.kosit.report_comparison import canonical, differences, native_report
from tests.unit.kosit.report_schema import report_errors


def test_native_and_stylesheet_reports_agree_on_every_corpus_file(tmp_path):
    xsd = reference_directory() / "resources" / "report.xsd"
    compared, disagreeing = 0, {}
    for entry in ENTRIES:
        outcome = judged(entry.path)
        for result in {id(r): r for r in (outcome.raw, outcome.used) if r is not None}.values():
            xml = _document(entry)
            scenario = reference().scenario(result.scenario) if result.scenario else None
            native = native_report(result, scenario, xml, runner().engine, entry.path)
            problems = differences(canonical(result.report_xml()), canonical(native))
            problems += report_errors(native, xsd, tmp_path) + report_errors(result.report_xml(), xsd, tmp_path)
            if problems:
                disagreeing[f"{entry.path} ({result.scenario})"] = problems[:3]
            compared += 1
    print(f"\nreports compared: {compared}, differing: {len(disagreeing)}")
    assert compared > len(ENTRIES) and disagreeing == {}


def _document(entry) -> bytes:
    data = entry.file.read_bytes()
    return extract_invoice_xml(data).xml if is_pdf(data) else data
