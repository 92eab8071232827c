"""Reading SVRL (Schematron output) the way KoSIT's report stylesheet reads it.

`messages(svrl)` lists every `svrl:failed-assert` and `svrl:successful-report` in document
order. `flag_level(flag, role)` is the level KoSIT writes for such a message, exactly as the
template for `svrl:failed-assert | svrl:successful-report` in KoSIT's `default-report.xsl`
decides it (the configuration's report stylesheet imports it):

* `fatal` or `error` in the flag or the role → `error`;
* else `warning` or `warn` → `warning`;
* else `information` or `info` → `information`;
* anything else, and no flag at all → `error` (an unflagged failed assert is a violation).

The comparison is XPath's general `=` on the sequence (@flag, @role), so it is case-sensitive
and the role counts as much as the flag. A message without `@id` gets the code `UNSPECIFIC`.
`customLevel` is not applied here: KoSIT applies it only when it assesses the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:  # result imports configuration, which imports this module
    from validators.kosit.result import Level

SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
UNSPECIFIC = "UNSPECIFIC"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class NotSvrl(Exception):
    """A rule stylesheet produced something other than an `svrl:schematron-output` document."""


@dataclass(frozen=True)
class SvrlMessage:
    """One failed assert or successful report, as the SVRL states it."""

    code: str
    flag: str | None
    role: str | None
    location: str
    text: str
    kind: str  # "failed-assert" or "successful-report"

    @property
    def level(self) -> Level:
        """The level KoSIT's report writes for this message (before any customLevel)."""
        return flag_level(self.flag, self.role)


def flag_level(flag: str | None, role: str | None = None) -> Level:
    """KoSIT's level for a Schematron message with this flag and role (see the module docstring)."""
    values = {value for value in (flag, role) if value is not None}
    if values & {"fatal", "error"}:
        return "error"
    if values & {"warning", "warn"}:
        return "warning"
    if values & {"information", "info"}:
        return "information"
    return "error"


def parse(svrl: bytes | str) -> etree._Element:
    """The `svrl:schematron-output` root of a rule run's output; `NotSvrl` when it is something else."""
    if not svrl or not svrl.strip():
        raise NotSvrl("the rule stylesheet produced no output")
    try:
        root = etree.fromstring(svrl.encode("utf-8") if isinstance(svrl, str) else svrl, _PARSER)
    except etree.XMLSyntaxError as error:
        raise NotSvrl(f"the rule stylesheet produced no readable XML ({error})") from None
    if root.tag != f"{{{SVRL_NS}}}schematron-output":
        raise NotSvrl(f"the rule stylesheet produced {root.tag!s}, not svrl:schematron-output")
    return root


def messages(root: etree._Element) -> list[SvrlMessage]:
    """Every failed assert and successful report directly under `root`, in document order.

    Like KoSIT's `$schematron-output/(svrl:failed-assert | svrl:successful-report)`: only children
    of the output element count, the text is the `svrl:text` children's string values joined by
    spaces (`xsl:value-of`), and only a missing `@id` (not an empty one) becomes `UNSPECIFIC`.
    """
    found = []
    for element in root.iterchildren(f"{{{SVRL_NS}}}failed-assert", f"{{{SVRL_NS}}}successful-report"):
        texts = element.findall(f"{{{SVRL_NS}}}text")
        found.append(SvrlMessage(
            code=element.get("id", UNSPECIFIC),  # only a missing id, not an empty one
            flag=element.get("flag"),
            role=element.get("role"),
            location=element.get("location", ""),
            text=" ".join("".join(text.itertext()) for text in texts),
            kind=etree.QName(element).localname,
        ))
    return found
