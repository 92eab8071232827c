"""`invoicing --help` and the parser import no reader, model, validator or database: commands import what they use."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("invoicing.model", "invoicing.formats.reader", "validators.engine", "eventsourcing", "pydantic", "lxml",
         "pypdf", "psycopg", "fastapi")


def imported_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(found.split())


def test_help_imports_none_of_the_heavy_packages():
    modules = imported_after("from cli import main\ntry:\n    main.main(['--help'])\nexcept SystemExit:\n    pass")
    assert [name for name in HEAVY if name in modules] == []


def test_validating_one_file_imports_no_database_web_or_model():
    modules = imported_after("from cli import root, validate\nfrom invoicing import config\nimport validators.engine")
    assert [name for name in ("invoicing.model", "eventsourcing", "psycopg", "fastapi") if name in modules] == []
