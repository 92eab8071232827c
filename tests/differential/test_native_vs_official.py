"""The native EN 16931 rules fire the same error rule ids as the official rule files.

On every corpus document and on generated mutants (`mutants`), both engines run on the same
parsed tree; their error-level ids are compared on the ids both cover (`compare`). Known,
justified differences are listed in `compare.KNOWN_DIFFERENCES`; any other difference fails.
The 2,000-mutant run is marked slow (about a minute: the CII rule file takes ~45 ms per invoice).
"""

from __future__ import annotations

import pytest

from invoicing.formats import safe_xml
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from tests.corpus import expected_entries
from tests.differential.compare import KNOWN_DIFFERENCES, compare, compared_ids
from tests.differential.mutants import mutant
from invoicing.formats.recognition import recognise
from validators import en16931, official

MUTANTS = 2000
CHUNK = 100
QUICK = 60


def _corpus_xml():
    for entry in expected_entries():
        if entry.syntax in ("UBL", "CII"):
            yield pytest.param(entry, id=entry.path)


def _tree(entry):
    data = entry.file.read_bytes()
    if is_pdf(data):
        data = extract_invoice_xml(data).xml
    return safe_xml.parse(data)


@pytest.mark.parametrize("entry", list(_corpus_xml()))
def test_native_and_official_fire_the_same_errors_on_the_corpus(entry):
    if "schematron aborted" in entry.note:
        # The corpus lists these: the CEN UBL file stops on a ChargeIndicator that is not a boolean.
        # Nothing to compare with; the official run must stop, and the native rules must still decide.
        with pytest.raises(official.OfficialEngineFailed, match="cannot be cast to a boolean"):
            compare(_tree(entry), entry.syntax)
        assert en16931.check(_tree(entry), recognise(_tree(entry))) is not None
        return
    result = compare(_tree(entry), entry.syntax)
    assert result.agrees, (entry.path, result.unexplained)


def _disagreements(seeds) -> list[str]:
    found = []
    for seed in seeds:
        case = mutant(seed)
        try:
            result = compare(safe_xml.parse(case.xml), case.syntax)
        except official.OfficialEngineFailed as failure:
            found.append(f"{case}: official run stopped ({failure})")
            continue
        if not result.agrees:
            found.append(f"{case}: {dict(result.unexplained)}")
    return found


def test_native_and_official_agree_on_a_quick_sample_of_mutants():
    assert _disagreements(range(QUICK)) == []


@pytest.mark.slow
@pytest.mark.parametrize("start", range(0, MUTANTS, CHUNK), ids=lambda s: f"seeds {s}-{s + CHUNK - 1}")
def test_native_and_official_agree_on_two_thousand_mutants(start):
    assert _disagreements(range(start, start + CHUNK)) == []


def test_mutants_are_deterministic_and_cover_both_syntaxes():
    assert mutant(7).xml == mutant(7).xml
    assert {mutant(seed).syntax for seed in range(4)} == {"UBL", "CII"}
    assert all(mutant(seed).changes for seed in range(20))


def test_the_compared_rule_ids_are_the_ones_both_engines_have():
    assert {"BR-01", "BR-CO-10", "BR-S-08", "BR-CL-14"} <= compared_ids("UBL")
    assert {"BR-01", "BR-CO-10", "BR-S-08"} <= compared_ids("CII")
    assert "BR-CL-14" not in compared_ids("CII")  # the Factur-X file has no BR-CL rules
    assert all(syntax in ("UBL", "CII") and reason for (syntax, _), reason in KNOWN_DIFFERENCES.items())
