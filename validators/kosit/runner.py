"""Running a KoSIT configuration on one document, step by step as the KoSIT validator does.

`Runner(configuration).run(xml_bytes)` follows the check steps of itplr-kosit/validator
(`DefaultCheck`), each named after the KoSIT class it reproduces:

1. `DocumentParseAction`: the bytes are parsed (here with `invoicing.formats.safe_xml.parse`:
   no DTD, no entities, bounded size and depth); a document that does not parse gets the
   fallback scenario, a well-formedness error and a rejection.
2. `ScenarioSelectionAction` / `ScenarioRepository.selectScenario`: every scenario's `match` is
   evaluated (Saxon XPath, the scenario's namespaces; an evaluation error counts as no match).
   Exactly one match selects that scenario; none — or more than one — selects the fallback
   (noScenarioReport, always rejected). `force_scenario` skips this step and uses the named
   scenario (not a KoSIT feature: the receiving policy uses it to apply e.g. the EN 16931
   scenario to a Peppol BIS document).
3. `SchemaValidationAction`: the scenario's XML Schema(s). KoSIT uses the JAXP (Xerces)
   validator; here lxml (libxml2) validates, because Saxon-HE has no schema validation, with
   `validators.xsd_mending` mending the two differences known (dates and times with spaces around
   them, base64 with characters outside its alphabet; `tests/differential/test_schema_vs_xerces.py`
   compares the verdicts with the JDK's Xerces on edge-value documents). The messages differ
   (Xerces reports `cvc-…` keys, which KoSIT's report uses as codes; libxml2's messages become
   `generic-error`, and libxml2 gives no column), and the number of follow-up errors may differ.
4. `SchematronValidationAction`: skipped when the document is schema-invalid (KoSIT runs no rules
   then; `schematron_on_schema_error=True` runs them anyway and returns their findings, leaving
   report and verdict as KoSIT's). Each rule XSLT runs on the document; a dynamic error (e.g.
   FORG0001) is a processing error "Error processing schematron validation NAME. Error is …", the
   step gets an empty SVRL and processing counts as stopped.
5. `CreateReportAction`: the `in:createReportInput` document goes through the scenario's
   createReport stylesheet (parameter `input-document` = the document); a failure stops
   processing.
6. `ComputeAcceptanceAction`: stopped processing of a well-formed document leaves acceptance
   undefined; without scenario, schema result or report it is reject; a schema-valid document
   with `acceptMatch` is accepted when that XPath is true on the report; otherwise accept means
   schema-valid and no `svrl:failed-assert` at all. `accepted` is KoSIT's `isAcceptable()`:
   processing not stopped and acceptance "accept".

KoSIT also validates its report input against its own schema (`ValidateReportInputAction`);
this runner builds that input by construction and skips the check. The levels of findings follow
`svrl.flag_level`, then the scenario's customLevel (as KoSIT's report stylesheet assesses them).
Every Saxon call runs on the process's Saxon thread (`saxon.HOST`), so `run` is safe from any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from typing import cast

from lxml import etree
from saxonche import PySaxonApiError

from invoicing.formats import safe_xml
from invoicing.formats.errors import NotXml, ReadError
from validators.kosit import svrl
from validators.kosit.configuration import Configuration, ConfigurationError, Resource, Scenario
from validators.kosit.report import write_report
from validators.kosit.report_input import create_report_input, error_document
from validators.kosit.result import Acceptance, FailedStep, Finding, KositResult, Level, XmlError
from validators.kosit.saxon import HOST, CompileError, SaxonContext, SaxonHost
from validators.xsd_mending import binary_elements, violations

_PROBE = "<probe/>"


class _Unparsable(Exception):
    """Saxon could not parse a document the safe parser accepted."""


@dataclass
class _Run:
    """What the steps of one run have found so far (KoSIT's `CheckAction.Bag`)."""

    scenario: Scenario | None = None
    schema_errors: list[XmlError] = field(default_factory=list)
    schema_valid: bool | None = None
    outputs: list[tuple[Resource, etree._Element | None]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    failed: list[FailedStep] = field(default_factory=list)
    processing_errors: list[str] = field(default_factory=list)
    report: bytes | None = None
    acceptance: Acceptance = "undefined"


class Runner:
    """Runs one KoSIT configuration; compiles its stylesheets and schemas once per process."""

    def __init__(self, configuration: Configuration, *, host: SaxonHost = HOST):
        self.configuration = configuration
        self.versions = configuration.versions()
        self._host = host
        self.engine = f"KoSIT configuration runner ({host.name}, lxml {metadata.version('lxml')})"
        host.call(self._compile)

    def run(self, xml: bytes, *, force_scenario: str | None = None, document_reference: str = "document.xml",
            schematron_on_schema_error: bool = False) -> KositResult:
        """Judge `xml` as KoSIT would with this configuration (see the module docstring).

        Raises `KeyError` when `force_scenario` names no scenario of the configuration; bad
        input never raises, it is judged (and rejected).
        """
        forced = self.configuration.scenario(force_scenario) if force_scenario is not None else None
        timestamp = datetime.now().astimezone()
        try:
            tree = safe_xml.parse(xml)
        except ReadError as error:
            return self._unreadable(xml, error, document_reference, timestamp)
        text = etree.tostring(tree, encoding="unicode")
        try:
            state = self._host.call(lambda context: self._check(
                context, tree, text, xml, forced, document_reference, timestamp, schematron_on_schema_error))
        except _Unparsable as error:  # lxml read it, Saxon did not: judged like any unreadable document
            return self._unreadable(xml, NotXml(f"The XML processor could not read the document: {error}."),
                                    document_reference, timestamp)
        stopped = bool(state.processing_errors)
        return KositResult(
            scenario=state.scenario.name if state.scenario else None,
            accepted=state.acceptance == "accept" and not stopped,
            acceptance=state.acceptance,
            schema_valid=state.schema_valid,
            wellformedness_errors=(),
            schema_errors=tuple(state.schema_errors),
            findings=tuple(state.findings),
            failed_steps=tuple(state.failed),
            processing_errors=tuple(state.processing_errors),
            versions=self.versions,
            rule_sets=self._rule_sets(state.scenario),
            forced=forced is not None,
            report=state.report if state.report is not None else self._native_report(state, xml, document_reference,
                                                                                       timestamp),
        )

    def _rule_sets(self, scenario: Scenario | None) -> tuple:
        if scenario is None:
            return ()
        labels = (self.versions.label_of(r.location) for r in (*scenario.schemas, *scenario.schematrons))
        return tuple(label for label in labels if label is not None)

    def _check(self, context: SaxonContext, tree, text: str, xml: bytes, forced: Scenario | None,
               reference: str, timestamp: datetime, schematron_on_schema_error: bool) -> _Run:
        state = _Run()
        try:
            document = context.processor.parse_xml(xml_text=text, encoding="UTF-8")
        except PySaxonApiError as error:
            raise _Unparsable(" ".join(str(error).split())) from None
        state.scenario = forced or self._select(context, document)
        if state.scenario is not None:
            self._validate_schema(context, tree, state)
            if state.schema_valid or schematron_on_schema_error:
                self._run_schematron(context, document, state, report_it=bool(state.schema_valid))
        self._create_report(context, document, xml, reference, timestamp, state)
        self._compute_acceptance(context, state)
        return state

    def _select(self, context: SaxonContext, document) -> Scenario | None:
        matches = [s for s in self.configuration.scenarios if _true(context, document, s.match, s.namespaces)]
        return matches[0] if len(matches) == 1 else None

    def _validate_schema(self, context: SaxonContext, tree, state: _Run) -> None:
        assert state.scenario is not None  # run only once a scenario is chosen
        files = tuple(self.configuration.path(r) for r in state.scenario.schemas)
        log = violations(context.schema(files), tree, binary_elements(files))  # libxml2, mended as Xerces judges
        state.schema_valid = not log
        state.schema_errors = [XmlError(e.message, e.line, e.column) for e in log]

    def _run_schematron(self, context: SaxonContext, document, state: _Run, *, report_it: bool) -> None:
        assert state.scenario is not None  # run only once a scenario is chosen
        levels = state.scenario.custom_levels
        for resource in state.scenario.schematrons:
            output = None
            try:
                text = context.stylesheet(self.configuration.path(resource)).transform_to_string(xdm_node=document)
                output = svrl.parse(text or "")
            except (PySaxonApiError, svrl.NotSvrl) as error:
                reason = " ".join(str(error).split())
                state.failed.append(FailedStep(resource.name, reason))
                if report_it:
                    state.processing_errors.append(
                        f"Error processing schematron validation {resource.name}. Error is {reason}")
            for message in svrl.messages(output) if output is not None else ():
                state.findings.append(Finding(
                    # the configuration admits only KoSIT's three levels as customLevel (configuration.LEVELS)
                    rule_id=message.code, level=cast(Level, levels.get(message.code, message.level)), flag=message.flag,
                    message=message.text, location=message.location, step=resource.name,
                    flag_level=message.level, kind=message.kind))
            if report_it:
                state.outputs.append((resource, output))

    def _create_report(self, context: SaxonContext, document, xml: bytes, reference: str, timestamp: datetime,
                       state: _Run) -> None:
        scenario = state.scenario
        report_input = create_report_input(
            framework_version=self.configuration.framework_version, engine=self.engine, timestamp=timestamp,
            document=xml, document_reference=reference, scenario=scenario, wellformedness_errors=(),
            schema=(scenario.schemas, state.schema_errors) if scenario is not None else None,
            schematron=state.outputs, processing_errors=state.processing_errors)
        resource = scenario.report if scenario is not None else self.configuration.no_scenario_report
        state.report = self._transform_report(context, resource, report_input, document, state)

    def _transform_report(self, context: SaxonContext, resource: Resource, report_input: bytes, document,
                          state: _Run) -> bytes | None:
        try:
            stylesheet = context.stylesheet(self.configuration.path(resource))
            stylesheet.set_parameter("input-document", document)
            node = context.processor.parse_xml(xml_text=report_input.decode("utf-8"), encoding="UTF-8")
            report = stylesheet.transform_to_string(xdm_node=node)
            stylesheet.clear_parameters()
        except PySaxonApiError as error:
            reason = " ".join(str(error).split())
            state.failed.append(FailedStep(resource.name, reason))
            state.processing_errors.append(f"Can not create final report: {reason}")
            return None
        return report.encode("utf-8")

    def _compute_acceptance(self, context: SaxonContext, state: _Run) -> None:
        if state.processing_errors:
            state.acceptance = "undefined"
        elif state.report is None or state.schema_valid is None or state.scenario is None:
            state.acceptance = "reject"
        elif state.schema_valid and state.scenario.accept_match:
            report = context.processor.parse_xml(xml_text=state.report.decode("utf-8"), encoding="UTF-8")
            try:
                accepted = _evaluate(context, report, state.scenario.accept_match, state.scenario.namespaces)
            except PySaxonApiError as error:
                state.processing_errors.append(f"Error evaluating accept recommendation: {error}")
                state.acceptance = "undefined"
                return
            state.acceptance = "accept" if accepted else "reject"
        else:
            failed_assert = any(m.kind == "failed-assert" for m in state.findings)
            state.acceptance = "accept" if state.schema_valid and not failed_assert else "reject"

    def _unreadable(self, xml: bytes, error: ReadError, reference: str, timestamp: datetime) -> KositResult:
        problem = XmlError(f"{error.message} {error.hint}", error.line, error.column, "SEVERITY_FATAL_ERROR")
        report_input = create_report_input(
            framework_version=self.configuration.framework_version, engine=self.engine, timestamp=timestamp,
            document=xml, document_reference=reference, scenario=None, wellformedness_errors=(problem,),
            schema=None, schematron=(), processing_errors=(problem.message,))
        state = _Run(processing_errors=[problem.message])

        def report(context: SaxonContext) -> bytes | None:
            document = context.processor.parse_xml(xml_text=error_document(problem.message), encoding="UTF-8")
            return self._transform_report(context, self.configuration.no_scenario_report, report_input, document,
                                          state)

        produced = self._host.call(report)
        return KositResult(
            scenario=None, accepted=False, acceptance="reject", schema_valid=None, wellformedness_errors=(problem,),
            schema_errors=(), findings=(), failed_steps=tuple(state.failed),
            processing_errors=tuple(state.processing_errors), versions=self.versions,
            report=produced or write_report(scenario=None, document=xml, document_reference=reference,
                                            engine=self.engine, wellformedness_errors=(problem,), accept=False,
                                            timestamp=timestamp))

    def _native_report(self, state: _Run, xml: bytes, reference: str, timestamp: datetime) -> bytes:
        """Used only when the createReport stylesheet failed, so a report can always be handed out."""
        by_step = [(resource, [f for f in state.findings if f.step == resource.name]) for resource, _ in state.outputs]
        return write_report(scenario=state.scenario, document=xml, document_reference=reference, engine=self.engine,
                            schema_errors=state.schema_errors, schematron_steps=by_step, accept=False,
                            timestamp=timestamp)

    def _compile(self, context: SaxonContext) -> None:
        """Compile everything now, so a broken configuration fails on load, not on the first invoice."""
        probe = context.processor.parse_xml(xml_text=_PROBE)
        try:
            for scenario in self.configuration.scenarios:
                context.schema(tuple(self.configuration.path(r) for r in scenario.schemas))
                for resource in (*scenario.schematrons, scenario.report):
                    context.stylesheet(self.configuration.path(resource))
                for expression in (scenario.match, scenario.accept_match):
                    if expression:
                        _check_xpath(context, probe, expression, scenario)
            context.stylesheet(self.configuration.path(self.configuration.no_scenario_report))
        except CompileError as error:
            raise ConfigurationError(f"{self.configuration.directory / 'scenarios.xml'}: {error}") from None


def _check_xpath(context: SaxonContext, probe, expression: str, scenario: Scenario) -> None:
    try:
        _evaluate(context, probe, expression, scenario.namespaces)
    except PySaxonApiError as error:
        raise CompileError(f"scenario {scenario.name!r}: the XPath {expression!r} does not compile "
                           f"({' '.join(str(error).split())})") from None


def _true(context: SaxonContext, document, expression: str, namespaces) -> bool:
    try:
        return _evaluate(context, document, expression, namespaces)
    except PySaxonApiError:
        return False  # ScenarioRepository.match: an evaluation error is logged and counts as no match


def _evaluate(context: SaxonContext, node, expression: str, namespaces) -> bool:
    xpath = context.xpath(tuple(namespaces))
    xpath.set_context(xdm_item=node)
    return bool(xpath.effective_boolean_value(expression))

