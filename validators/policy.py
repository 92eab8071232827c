"""The receiving policy: what this service accepts beyond (or instead of) the official validator's scenarios.

The official validator (KoSIT, configuration XRechnung 3.0.2) has scenarios for XRechnung 3.0 (standard,
extension, CVD) and plain EN 16931 documents and rejects every other document. The city must also
accept other standards that conform to EN 16931 (ZUGFeRD/Factur-X, Peppol BIS), so this policy adds
named decisions, each a finding with an id of our own (never an official id):

* POLICY-PROFILE (error): a ZUGFeRD/Factur-X profile that is no e-invoice in Germany (MINIMUM, BASIC WL).
* POLICY-OUTDATED (error): an outdated XRechnung release (1.x, 2.x); the message says what to send.
* POLICY-NO-SCENARIO (information): BT-24 declares EN 16931 but no official scenario matches; the
  document is checked with the schema and CEN rules of the configuration's EN 16931 scenario.
* POLICY-SPECIFICATION (error): BT-24 is missing or names a specification this service does not accept.

Documents an official scenario matches are decided exactly as the official validator decides them.
The rules are data (`receiving_policy.toml`); `decide` is a pure function of the recognition and
the matched scenario.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from invoicing.formats.recognition import Recognition
from validators.report import Finding, RuleSet
from validators.scenario import Scenario, by_name

EN16931 = "urn:cen.eu:en16931:2017"
ACCEPTED = ("XRechnung 3.0 (urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0, also its "
            "extension and CVD identifiers) or another EN 16931 specification (urn:cen.eu:en16931:2017, "
            "optionally followed by #compliant#… or #conformant#…, e.g. ZUGFeRD/Factur-X EN16931 or EXTENDED)")
ACCEPTED_DE = ("XRechnung 3.0 (urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0, auch deren "
               "Extension- und CVD-Kennung) oder eine andere EN-16931-Spezifikation (urn:cen.eu:en16931:2017, "
               "gegebenenfalls gefolgt von #compliant#… oder #conformant#…, z. B. ZUGFeRD/Factur-X EN16931 oder "
               "EXTENDED)")


class PolicyError(ValueError):
    """The policy file is unusable; the message names the file and the key."""


@dataclass(frozen=True)
class ReceivingPolicy:
    """The policy's data (see `receiving_policy.toml`)."""

    version: str
    rejected_profiles: tuple[str, ...]
    outdated: Mapping[str, str]  # text contained in BT-24 → release name
    accept_en16931: bool
    declared_prefixes: tuple[str, ...]  # BT-24 starting with one of these (or equal to EN16931) declares EN 16931
    en16931_scenarios: Mapping[str, str]  # root element name → scenario name

    @property
    def rule_set(self) -> RuleSet:
        return RuleSet("Receiving policy", self.version, "native")


@dataclass(frozen=True)
class Decision:
    """Which scenario checks the document (None: none) and the policy's own findings."""

    scenario: Scenario | None
    findings: tuple[Finding, ...]


def decide(policy: ReceivingPolicy, recognition: Recognition, matched: Scenario | None) -> Decision:
    """The policy's decision for a recognised document and the official scenario it matched (or None)."""
    findings: list[Finding] = []
    if recognition.profile in policy.rejected_profiles:
        findings.append(_profile(recognition.profile))
    if matched is not None:
        return Decision(matched, tuple(findings))
    identifier = recognition.customization_id or ""
    release = next((name for text, name in policy.outdated.items() if text in identifier), None)
    declared = identifier == EN16931 or identifier.startswith(policy.declared_prefixes)
    if release:
        findings.append(_outdated(identifier, release))
    elif not declared and recognition.profile not in policy.rejected_profiles:
        findings.append(_specification(identifier))
    if not declared or not policy.accept_en16931:
        return Decision(None, tuple(findings))
    scenario = by_name(policy.en16931_scenarios[recognition.document_type])
    if not release:
        findings.append(_no_scenario(identifier, scenario.name))
    return Decision(scenario, tuple(findings))


def _profile(profile: str) -> Finding:
    return Finding(
        "POLICY-PROFILE", "error",
        f"The ZUGFeRD/Factur-X profile {profile} is not an e-invoice in Germany since 1 January 2025. "
        "Please send the invoice with profile EN 16931, EXTENDED or XRECHNUNG, or as XRechnung.",
        "policy",
        message_de=f"Das ZUGFeRD/Factur-X-Profil {profile} ist seit dem 1. Januar 2025 in Deutschland keine "
                   "E-Rechnung. Bitte senden Sie die Rechnung im Profil EN 16931, EXTENDED oder XRECHNUNG oder "
                   "als XRechnung.",
        terms=("BT-24",))


def _outdated(identifier: str, release: str) -> Finding:
    return Finding(
        "POLICY-OUTDATED", "error",
        f"The invoice declares {release} ({identifier}); that release is outdated and no longer accepted "
        "(XRechnung 3.0 is mandatory since 1 February 2024). Please send it as XRechnung 3.0 "
        "(urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0).",
        "policy",
        message_de=f"Die Rechnung gibt {release} an ({identifier}); diese Version ist veraltet und wird nicht mehr "
                   "angenommen (XRechnung 3.0 ist seit dem 1. Februar 2024 verpflichtend). Bitte senden Sie sie als "
                   "XRechnung 3.0 (urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0).",
        terms=("BT-24",))


def _specification(identifier: str) -> Finding:
    found = f"“{identifier}”" if identifier else "nothing"
    found_de = f"„{identifier}“" if identifier else "nichts"
    return Finding(
        "POLICY-SPECIFICATION", "error",
        f"The specification identifier (BT-24) says {found}, which is not an e-invoice standard this service "
        f"accepts. Please send {ACCEPTED}.",
        "policy",
        message_de=f"Die Spezifikationskennung (BT-24) lautet {found_de}; das ist kein E-Rechnungsstandard, den "
                   f"dieser Dienst annimmt. Bitte senden Sie {ACCEPTED_DE}.",
        terms=("BT-24",))


def _no_scenario(identifier: str, scenario: str) -> Finding:
    return Finding(
        "POLICY-NO-SCENARIO", "information",
        f"The official XRechnung validator has no scenario for “{identifier}”. As this service's receiving "
        f"policy accepts every EN 16931 specification, the invoice was checked with the schema and the EN 16931 "
        f"(CEN) rules of the official scenario “{scenario}”; XRechnung rules do not apply to it.",
        "policy",
        message_de=f"Der offizielle XRechnung-Validator hat kein Szenario für „{identifier}“. Da dieser Dienst jede "
                   f"EN-16931-Spezifikation annimmt, wurde die Rechnung mit dem Schema und den EN-16931-Regeln (CEN) "
                   f"des offiziellen Szenarios „{scenario}“ geprüft; die XRechnung-Regeln gelten für sie nicht.",
        terms=("BT-24",))


def load(path: Path | None = None) -> ReceivingPolicy:
    """The policy from `path`, or the default shipped with the service (`receiving_policy.toml`); read once per path."""
    if path is None:
        return _default()
    return _from_file(Path(path).resolve())


@cache
def _from_file(path: Path) -> ReceivingPolicy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot be read ({error.strerror or error}).") from None
    return _parse(text, str(path))


@cache
def _default() -> ReceivingPolicy:
    text = resources.files("validators").joinpath("receiving_policy.toml").read_text(encoding="utf-8")
    return _parse(text, "receiving_policy.toml")


def _parse(text: str, name: str) -> ReceivingPolicy:
    try:
        data = tomllib.loads(text)
        en16931 = dict(data["en16931"])
        accept = en16931.pop("accept")
        prefixes = tuple(en16931.pop("declared_prefixes", ()))
        policy = ReceivingPolicy(
            version=str(data["version"]), rejected_profiles=tuple(data.get("rejected_profiles", ())),
            outdated=MappingProxyType(dict(data.get("outdated", {}))), accept_en16931=bool(accept),
            declared_prefixes=prefixes, en16931_scenarios=MappingProxyType(en16931))
    except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise PolicyError(f"{name}: {error}") from None
    for document_type, scenario in policy.en16931_scenarios.items():
        try:
            by_name(scenario)
        except KeyError as error:
            raise PolicyError(f"{name}: [en16931] {document_type}: {error.args[0]}") from None
    return policy
