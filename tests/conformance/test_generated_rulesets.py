"""The compiled rule sets and the scenario table are exactly what the generator makes of the official files.

Regenerates every module from `../shared/official` into a scratch folder and compares it with the
committed one: a new official release (or an edit of a generated file) fails here until the modules
are regenerated with `python -m validators.rulesets.generate`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.official import official_directory
from validators.rulesets import generate

HERE = Path(generate.__file__).parent
MODULES = [f"{target.module}.py" for target in generate.TARGETS] + ["scenarios.py"]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("rulesets")
    generate.generate(official_directory(), folder)
    return folder


@pytest.mark.parametrize("module", MODULES)
def test_the_committed_module_is_what_the_generator_makes(regenerated, module):
    assert (regenerated / module).read_text(encoding="utf-8") == (HERE / module).read_text(encoding="utf-8"), (
        f"{module} differs from the official files; run `python -m validators.rulesets.generate`")


def test_every_module_records_the_sha256_of_its_source():
    import hashlib

    for target in generate.TARGETS:
        source = official_directory() / target.schematron
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        assert digest in (HERE / f"{target.module}.py").read_text(encoding="utf-8")


def test_the_source_and_the_xslt_kosit_runs_have_the_same_rules():
    for target in generate.TARGETS:
        rules = generate.rules_of_schematron(official_directory() / target.schematron)
        assert rules == generate.rules_of_xslt(official_directory() / "kosit-xrechnung" / target.xslt)
        assert len(rules) > 60


def test_the_native_labels_equal_the_configuration_it_is_checked_against():
    from tests.official import reference
    from validators import rulesets
    from validators.scenario import configuration

    labels = {label.location: label for label in reference().versions().resources}
    for target in generate.TARGETS:
        version = rulesets.load(target.module).version
        assert version in labels[target.xslt].label, (target.module, labels[target.xslt].label)
    assert configuration().name == reference().name
