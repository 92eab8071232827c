"""Generate the compiled rule sets and the scenario table from the official artefacts.

    python -m validators.rulesets.generate [OFFICIAL_DIR]      # default: ../shared/official

reads, in OFFICIAL_DIR (layout: see its README),

* `schematron/en16931-ubl/preprocessed/EN16931-UBL-validation-preprocessed.sch`  → `cen_ubl.py`
* `schematron/en16931-cii/preprocessed/EN16931-CII-validation-preprocessed.sch`  → `cen_cii.py`
* `schematron/xrechnung/XRechnung-UBL-validation.sch`                             → `xrechnung_ubl.py`
* `schematron/xrechnung/XRechnung-CII-validation.sch`                             → `xrechnung_cii.py`
* `kosit-xrechnung/scenarios.xml`                                                 → `scenarios.py`

and writes the modules beside this file. Before writing a rule set it checks that the Schematron
source has exactly the rules (context, id, flag, test) of the compiled XSLT that the KoSIT
configuration runs, so the native rules follow the file the official validator executes.
`tests/conformance/test_generated_rulesets.py` regenerates everything into a scratch folder and
fails on any difference from the committed modules.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from validators.schematron import source as S
from validators.schematron.build import build_module

HERE = Path(__file__).parent
DEFAULT_OFFICIAL = Path(__file__).resolve().parents[2].parent / "shared" / "official"
XSL = "http://www.w3.org/1999/XSL/Transform"
SVRL = "http://purl.oclc.org/dsdl/svrl"


@dataclass(frozen=True)
class Target:
    """One rule file: the Schematron source, the compiled XSLT KoSIT runs, the module it becomes."""

    module: str
    schematron: str  # below OFFICIAL_DIR
    xslt: str  # below OFFICIAL_DIR/kosit-xrechnung (the scenario's resource location)
    family: str  # "CEN" or "XRechnung"
    licence: str
    provenance: str


TARGETS = (
    Target("cen_ubl", "schematron/en16931-ubl/preprocessed/EN16931-UBL-validation-preprocessed.sch",
           "resources/ubl/2.1/xsl/EN16931-UBL-validation.xsl", "CEN", "EUPL-1.2",
           "CEN EN 16931 validation artefacts, ConnectingEurope/eInvoicing-EN16931"),
    Target("cen_cii", "schematron/en16931-cii/preprocessed/EN16931-CII-validation-preprocessed.sch",
           "resources/cii/16b/xsl/EN16931-CII-validation.xsl", "CEN", "EUPL-1.2",
           "CEN EN 16931 validation artefacts, ConnectingEurope/eInvoicing-EN16931"),
    Target("xrechnung_ubl", "schematron/xrechnung/XRechnung-UBL-validation.sch",
           "resources/xrechnung/3.0.2/xsl/XRechnung-UBL-validation.xsl", "XRechnung", "Apache-2.0",
           "itplr-kosit/xrechnung-schematron with the adopted Peppol rules merged"),
    Target("xrechnung_cii", "schematron/xrechnung/XRechnung-CII-validation.sch",
           "resources/xrechnung/3.0.2/xsl/XRechnung-CII-validation.xsl", "XRechnung", "Apache-2.0",
           "itplr-kosit/xrechnung-schematron with the adopted Peppol rules merged"),
)


def version_of(target: Target, official: Path) -> str:
    """The release a rule file states: "1.3.16" (CEN header comment), "3.0.2" (XRechnung title)."""
    text = (official / target.schematron).read_text(encoding="utf-8")
    if target.family == "CEN":
        match = re.search(r"Schematron version\s+([\d.]+)", text)
    else:
        match = re.search(r"XRechnung\s+([\d.]+)\s+compatible", text)
    if match is None:
        raise SystemExit(f"{target.schematron}: cannot find the release number")
    return match.group(1)


def rules_of_schematron(path: Path) -> set:
    schema = S.read(path)
    return {(rule.context, assertion.id, assertion.flag, " ".join(assertion.test.split()))
            for rule in schema.rules for assertion in rule.assertions}


def rules_of_xslt(path: Path) -> set:
    """(context, id, flag, test) of every assertion in a compiled Schematron XSLT (ISO skeleton or SchXslt)."""
    tree = etree.parse(str(path))
    found = set()
    for template in tree.iter(f"{{{XSL}}}template"):
        context = template.get("match")
        if context is None:
            continue
        for failed in template.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
            attributes = {a.get("name"): (a.text or "") for a in failed.iter(f"{{{XSL}}}attribute")}
            identifier = failed.get("id") or attributes.get("id")
            flag = failed.get("flag") or attributes.get("flag")
            test = failed.get("test") or attributes.get("test")
            if test is None:  # ISO skeleton: the test sits on the surrounding xsl:when
                parent = failed.getparent()  # inside a template, so it has a parent and a grandparent
                assert parent is not None
                outer = parent.getparent()
                assert outer is not None
                when = outer.find(f"{{{XSL}}}when")
                test = when.get("test") if when is not None else None
            found.add((" ".join(context.split()), identifier, flag, " ".join((test or "").split())))
    return found


def generate(official: Path, target_dir: Path = HERE) -> list[Path]:
    """Write every module; returns their paths. Raises SystemExit when source and XSLT disagree."""
    written = []
    for target in TARGETS:
        source = official / target.schematron
        xslt = official / "kosit-xrechnung" / target.xslt
        if rules_of_schematron(source) != rules_of_xslt(xslt):
            raise SystemExit(f"{target.schematron} and {target.xslt} do not have the same rules; "
                             "the XSLT is what the official validator runs")
        style = "schxslt" if "schxslt:location" in xslt.read_text(encoding="utf-8") else "iso"
        text = build_module(source, name=target.module, version=version_of(target, official), location_style=style,
                            provenance=f"{target.provenance}; the XSLT {target.xslt} has the same rules "
                                       f"(SHA-256 {_sha256(xslt)})",
                            licence=target.licence)
        written.append(_write(target_dir / f"{target.module}.py", text))
    from validators.rulesets.scenario_build import build_scenarios

    scenarios = official / "kosit-xrechnung" / "scenarios.xml"
    written.append(_write(target_dir / "scenarios.py", build_scenarios(scenarios, TARGETS)))
    return written


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    official = Path(argv[0]) if argv else DEFAULT_OFFICIAL
    if not (official / "kosit-xrechnung" / "scenarios.xml").is_file():
        print(f"{official} is not the official artefacts folder (see ../shared/official/README.md).", file=sys.stderr)
        return 2
    for path in generate(official):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
