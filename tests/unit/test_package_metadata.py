"""The installed distribution says what it is, under which licence, and ships the licence text."""

from __future__ import annotations

from importlib.metadata import distribution
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_distribution_is_licensed_under_eupl_1_2_and_names_its_licence_file():
    metadata = distribution("einvoice-receiving").metadata
    assert metadata["License-Expression"] == "EUPL-1.2"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_the_licence_file_is_the_eupl_1_2_text():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL © the European Union 2007, 2016\n")
    assert "15.Applicable Law" in text and "‘Compatible Licences’ according to Article 5 EUPL are:" in text


def test_the_metadata_carries_the_readme_authors_urls_and_classifiers():
    metadata = distribution("einvoice-receiving").metadata
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata["Description"].startswith("# E-invoice receiving and verification")
    assert metadata["Author"]
    assert any(url.startswith("Licence (EUPL-1.2), https://") for url in metadata.get_all("Project-URL"))
    classifiers = metadata.get_all("Classifier")
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Natural Language :: German" in classifiers
