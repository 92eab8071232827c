"""A KoSIT validator configuration (`scenarios.xml` + `resources/`), read as plain data.

`Configuration.load(directory)` reads `directory/scenarios.xml` in the namespace
`http://www.xoev.de/de/validator/framework/1/scenarios` and checks what the KoSIT validator
(itplr-kosit/validator) needs before it can run: the root element and a `frameworkVersion` of
major version 1 (`ConfigurationLoader.checkVersion`), the required elements of `scenarios.xsd`
(name, date, at least one scenario with name, match, schema, createReport; the noScenarioReport),
`customLevel` levels from `error`/`warning`/`information`, and every resource location a
relative path to an existing file inside the directory (KoSIT's default `STRICT_RELATIVE`
resolving). Anything broken raises `ConfigurationError`, whose message names the file and what
is wrong. XPath expressions and stylesheets are compiled later, by the `Runner`.

One deliberate leniency: `scenarios.xsd` types `date` as `xs:date`; a configuration with another
date text (the reference folder says "configuration commit 6faac15") would not load in KoSIT.
Here the date is kept as text, and `date_is_iso` says whether KoSIT would accept it.

Version labels (`Configuration.versions()`) name the configuration (name, date) and every
resource as its own header states it: the `Schematron version …` comment of the CEN XSLT,
the `svrl:schematron-output/@title` of a compiled Schematron (the XRechnung title "Schematron
Version 2.5.1-SNAPSHOT - XRechnung 3.0.2 compatible - UBL …"), the `version` of an XSD, and
the lines of leading comments that state a version (not a licence's version).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lxml import etree

SCENARIOS_NS = "http://www.xoev.de/de/validator/framework/1/scenarios"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
LEVELS = ("error", "warning", "information")
MAX_SCENARIOS_BYTES = 4 * 1024 * 1024
"""Largest scenarios.xml read; real ones are a few dozen kilobytes."""


class ConfigurationError(Exception):
    """A KoSIT configuration that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Resource:
    """A `s:resource`: its name as the configuration gives it and its location relative to the directory."""

    name: str
    location: str


@dataclass(frozen=True)
class Scenario:
    """One `s:scenario`: which documents it matches, what it runs and how it judges them.

    `custom_level_entries` holds each `createReport/customLevel` as (level, rule ids) — one entry
    may list several ids, its content being a token list; `custom_levels` maps each id to its
    level. `accept_match` is the
    XPath evaluated on the created report, or None (KoSIT then accepts a schema-valid document
    without any failed assert).
    """

    name: str
    match: str
    namespaces: tuple[tuple[str, str], ...]
    schemas: tuple[Resource, ...]
    schematrons: tuple[Resource, ...]
    report: Resource
    custom_level_entries: tuple[tuple[str, tuple[str, ...]], ...] = ()
    accept_match: str | None = None
    description: tuple[str, ...] = ()

    @property
    def custom_levels(self) -> dict[str, str]:
        """Rule id → level. KoSIT's report stylesheet takes the customLevel whose token list holds
        the id; two entries for one id make that stylesheet fail, so the first one is taken here."""
        levels: dict[str, str] = {}
        for level, rule_ids in self.custom_level_entries:
            for rule_id in rule_ids:
                levels.setdefault(rule_id, level)
        return levels


@dataclass(frozen=True)
class ResourceLabel:
    """What a resource says about its own version: `label` as stated, `version` the number in it."""

    name: str
    location: str
    label: str
    version: str | None


@dataclass(frozen=True)
class Versions:
    """The configuration's name and date and each distinct resource's label, in configuration order."""

    configuration: str
    date: str
    resources: tuple[ResourceLabel, ...]

    def label_of(self, location: str) -> ResourceLabel | None:
        """The label of the resource at `location` (as written in scenarios.xml), if there is one."""
        return next((label for label in self.resources if label.location == location), None)


@dataclass(frozen=True)
class Configuration:
    """A loaded configuration: where it lives, what it is called, its scenarios and fallback report."""

    directory: Path
    name: str
    author: str | None
    date: str
    description: tuple[str, ...]
    framework_version: str
    scenarios: tuple[Scenario, ...]
    no_scenario_report: Resource

    @classmethod
    def load(cls, directory: str | Path) -> Configuration:
        """Read `directory/scenarios.xml`; raise `ConfigurationError` when it cannot be used."""
        directory = Path(directory)
        source = directory / "scenarios.xml"
        if not directory.is_dir():
            raise ConfigurationError(f"{directory} is not a folder; a KoSIT configuration is a folder with scenarios.xml.")
        root = _read_root(source)
        where = str(source)
        scenarios = tuple(_scenario(element, directory, where, index)
                          for index, element in enumerate(root.findall(_s("scenario")), start=1))
        if not scenarios:
            raise ConfigurationError(f"{where}: no <scenario> is defined; a configuration needs at least one.")
        fallback = root.find(_s("noScenarioReport"))
        if fallback is None:
            raise ConfigurationError(f"{where}: <noScenarioReport> is missing; KoSIT needs it for unmatched documents.")
        return cls(
            directory=directory.resolve(),
            name=_required_text(root, "name", where),
            author=_text(root.find(_s("author"))) or None,
            date=_required_text(root, "date", where),
            description=_paragraphs(root.find(_s("description"))),
            framework_version=root.get("frameworkVersion", ""),
            scenarios=scenarios,
            no_scenario_report=_resource(fallback, directory, f"{where} <noScenarioReport>"),
        )

    @property
    def date_is_iso(self) -> bool:
        """Whether `date` is an `xs:date`, as KoSIT's scenarios.xsd requires."""
        try:
            date.fromisoformat(self.date)
        except ValueError:
            return False
        return True

    def scenario(self, name: str) -> Scenario:
        """The scenario called `name`; `KeyError` with the known names when there is none."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        known = ", ".join(repr(s.name) for s in self.scenarios)
        raise KeyError(f"No scenario {name!r} in {self.name}; the configuration has {known}.")

    def path(self, resource: Resource) -> Path:
        """The file of `resource` inside this configuration."""
        return self.directory / resource.location

    def versions(self) -> Versions:
        """Name and date of the configuration and the label of every resource, each once."""
        seen: dict[str, ResourceLabel] = {}
        for scenario in self.scenarios:
            for resource in (*scenario.schemas, *scenario.schematrons, scenario.report):
                if resource.location not in seen:
                    label, version = read_label(self.path(resource))
                    seen[resource.location] = ResourceLabel(resource.name, resource.location, label, version)
        return Versions(self.name, self.date, tuple(seen.values()))


def read_label(path: Path) -> tuple[str, str | None]:
    """The version statement in a stylesheet's or schema's header, and the version number in it.

    In this order: the title of the `svrl:schematron-output` a compiled Schematron writes, the
    `version` attribute of an XSD, the lines of the leading comments that state a version (a
    licence's version is not the artefact's).
    """
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                                      huge_tree=True))
    except (OSError, etree.XMLSyntaxError) as error:
        raise ConfigurationError(f"{path}: not readable XML ({error}).") from None
    root = tree.getroot()
    parts = []
    output = next(root.iter(f"{{{SVRL_NS}}}schematron-output"), None)
    title = output.get("title") if output is not None else None
    if title and title.strip():
        parts.append(" ".join(title.split()))
    if root.tag == "{http://www.w3.org/2001/XMLSchema}schema" and root.get("version"):
        parts.append(f"version {root.get('version')}")
    for comment in reversed(list(root.itersiblings(preceding=True))):
        if isinstance(comment, etree._Comment):
            parts += [" ".join(line.split()) for line in (comment.text or "").splitlines()
                      if re.search(r"version:?\s+\d", line, re.IGNORECASE) and "licen" not in line.lower()]
    label = " / ".join(dict.fromkeys(parts))
    found = (re.search(r"schematron version:?\s+(\d[\w.-]*\w)", label, re.IGNORECASE)
             or re.search(r"version:?\s+(\d[\w.-]*\w)", label, re.IGNORECASE))
    return label, (found.group(1) if found else None)


def _read_root(source: Path) -> etree._Element:
    if not source.is_file():
        raise ConfigurationError(f"{source} does not exist; a KoSIT configuration folder has scenarios.xml at its top.")
    data = source.read_bytes()
    if len(data) > MAX_SCENARIOS_BYTES:
        raise ConfigurationError(f"{source}: {len(data):,} bytes is too large for a scenarios file.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise ConfigurationError(f"{source}: contains a DOCTYPE or ENTITY declaration, which is not allowed.")
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    except etree.XMLSyntaxError as error:
        raise ConfigurationError(f"{source}: not well-formed XML ({error}).") from None
    if root.tag != _s("scenarios"):
        raise ConfigurationError(f"{source}: the root element is {root.tag!s}, not {{{SCENARIOS_NS}}}scenarios.")
    if not root.get("frameworkVersion", "").startswith("1"):
        raise ConfigurationError(f"{source}: frameworkVersion {root.get('frameworkVersion')!r} is not supported; "
                                 "KoSIT framework version 1 is.")
    return root


def _scenario(element: etree._Element, directory: Path, source: str, index: int) -> Scenario:
    name = _text(element.find(_s("name")))
    where = f"{source} scenario {index}" + (f" ({name!r})" if name else "")
    if not name:
        raise ConfigurationError(f"{where}: <name> is missing or empty.")
    match = _raw(element.find(_s("match")))
    if not match:
        raise ConfigurationError(f"{where}: <match> is missing or empty.")
    namespaces: list[tuple[str, str]] = []
    for namespace in element.findall(_s("namespace")):
        prefix = namespace.get("prefix")
        if not prefix:
            raise ConfigurationError(f"{where}: a <namespace> has no prefix attribute.")
        namespaces.append((prefix, _text(namespace)))
    schema = element.find(_s("validateWithXmlSchema"))
    schemas = tuple(_resource_element(r, directory, f"{where} <validateWithXmlSchema>")
                    for r in (schema.findall(_s("resource")) if schema is not None else ()))
    if not schemas:
        raise ConfigurationError(f"{where}: <validateWithXmlSchema> with at least one <resource> is required.")
    schematrons = tuple(_resource(s, directory, f"{where} <validateWithSchematron>")
                        for s in element.findall(_s("validateWithSchematron")))
    create = element.find(_s("createReport"))
    if create is None:
        raise ConfigurationError(f"{where}: <createReport> is missing.")
    accept = element.find(_s("acceptMatch"))
    return Scenario(
        name=name,
        match=match,
        namespaces=tuple(namespaces),
        schemas=schemas,
        schematrons=schematrons,
        report=_resource(create, directory, f"{where} <createReport>"),
        custom_level_entries=_custom_levels(create, where),
        accept_match=_raw(accept) or None,
        description=_paragraphs(element.find(_s("description"))),
    )


def _custom_levels(create: etree._Element, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    entries = []
    for custom in create.findall(_s("customLevel")):
        level = (custom.get("level") or "").strip()
        if level not in LEVELS:
            raise ConfigurationError(f"{where}: customLevel level {level!r} is not one of {', '.join(LEVELS)}.")
        entries.append((level, tuple((custom.text or "").split())))
    return tuple(entries)


def _resource(parent: etree._Element, directory: Path, where: str) -> Resource:
    element = parent.find(_s("resource"))
    if element is None:
        raise ConfigurationError(f"{where}: <resource> is missing.")
    return _resource_element(element, directory, where)


def _resource_element(element: etree._Element, directory: Path, where: str) -> Resource:
    name = _text(element.find(_s("name")))
    location = _text(element.find(_s("location")))
    if not name or not location:
        raise ConfigurationError(f"{where}: a <resource> needs both <name> and <location>.")
    relative = Path(location)
    if relative.is_absolute() or ".." in relative.parts or "://" in location:
        raise ConfigurationError(f"{where}: location {location!r} must be a relative path inside the configuration folder.")
    if not (directory / relative).is_file():
        raise ConfigurationError(f"{where}: {location} (resource {name!r}) does not exist in {directory}.")
    return Resource(name, location)


def _required_text(parent: etree._Element, local: str, where: str) -> str:
    value = _text(parent.find(_s(local)))
    if not value:
        raise ConfigurationError(f"{where}: <{local}> is missing or empty.")
    return value


def _paragraphs(description: etree._Element | None) -> tuple[str, ...]:
    if description is None:
        return ()
    return tuple(" ".join(p.itertext()).strip() for p in description if isinstance(p.tag, str))


def _raw(element: etree._Element | None) -> str:
    """Text as written, only trimmed: XPath string literals keep their inner spaces."""
    return "".join(element.itertext()).strip() if element is not None else ""


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _s(local: str) -> str:
    return f"{{{SCENARIOS_NS}}}{local}"
