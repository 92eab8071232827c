"""The official engine: a KoSIT validator configuration run as the KoSIT validator runs it.

`Configuration.load(directory)` reads a configuration (scenarios.xml + resources, the layout of
the official validator-configuration-xrechnung release); `Runner(configuration).run(xml)` judges
a document and returns a `KositResult` (raw KoSIT verdict, findings, KoSIT report XML);
`write_report` writes a KoSIT report from another engine's results; `install` / `current`
manage installed configurations.
"""

from validators.kosit.configuration import Configuration, ConfigurationError, Resource, Scenario, Versions
from validators.kosit.install import current, install
from validators.kosit.report import write_report
from validators.kosit.result import FailedStep, Finding, KositResult, XmlError
from validators.kosit.runner import Runner

__all__ = [
    "Configuration", "ConfigurationError", "FailedStep", "Finding", "KositResult", "Resource", "Runner", "Scenario",
    "Versions", "XmlError", "current", "install", "write_report",
]
