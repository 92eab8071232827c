"""The workers' metrics exporter refuses to start without a port, saying which setting to set."""

from __future__ import annotations

import pytest

from invoicing.config import Settings
from workers import exporter


def test_serving_metrics_without_a_port_names_the_setting_instead_of_failing_inside_the_library():
    with pytest.raises(exporter.ExporterError, match="set INVOICING_METRICS_PORT"):
        exporter.serve(Settings(persistence="memory"))
