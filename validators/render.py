"""Rendering a validation report for people: plain text for the command line, HTML for the web pages.

Both renderings name the verdict first, then every finding with rule id, level, message, the
business terms concerned and the line, and finally the rule sets (with versions) that were used
and any layer that did not run.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from validators.report import LEVELS, ValidationReport

_LEVEL_LABELS = {"en": {"error": "error", "warning": "warning", "information": "information"},
                 "de": {"error": "Fehler", "warning": "Warnung", "information": "Hinweis"}}


def render_text(report: ValidationReport, file_name: str | None = None) -> str:
    """A readable plain-text report (English), findings ordered by level then document line."""
    verdict = "ACCEPTED" if report.accepted else "REJECTED"
    heading = f"== {file_name}: {verdict}" if file_name else f"== {verdict}"
    lines = [heading, f"Scenario: {report.scenario}" + (f" (profile {report.profile})" if report.profile else "")]
    counts = {level: sum(1 for f in report.findings if f.level == level) for level in LEVELS}
    lines.append(f"Findings: {counts['error']} errors, {counts['warning']} warnings, {counts['information']} notes")
    for finding in _ordered(report):
        where = f" (line {finding.line})" if finding.line else ""
        terms = f" [{', '.join(finding.terms)}]" if finding.terms else ""
        lines.append(f"  {finding.level.upper():<11} {finding.rule_id}{terms}{where}: {finding.message}")
    lines.append("Rule sets: " + "; ".join(f"{r.name} {r.version} ({r.engine})" for r in report.rule_sets))
    for reason in report.not_run:
        lines.append(f"NOT RUN: {reason}")
    return "\n".join(lines)


def render_html(report: ValidationReport, *, language: str = "de") -> str:
    """An accessible HTML fragment (a <section>) for embedding in a page; `language` is "de" or "en"."""
    return _environment().get_template("report.html").render(
        report=report, findings=_ordered(report), language=language, labels=_LEVEL_LABELS[language])


def _ordered(report: ValidationReport):
    rank = {level: position for position, level in enumerate(LEVELS)}
    return sorted(report.findings, key=lambda f: (rank[f.level], f.line or 0, f.rule_id))


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("validators", "templates"), autoescape=select_autoescape(["html"]))
