"""Installing a configuration from a folder or a release zip, safely, and finding the current one."""

from __future__ import annotations

import importlib
import stat
import zipfile
from pathlib import Path

import pytest

from tests.unit.kosit.helpers import UBL_INVOICE, XRECHNUNG, document, reference_directory
from validators.kosit import Configuration, ConfigurationError, Runner, current, install

install_module = importlib.import_module("validators.kosit.install")  # the package's `install` is the function

FOLDER = "Validator-Configuration-XRechnung-3.0.2_configuration-commit-6faac15"


def release_zip(path: Path, top: str = "") -> Path:
    """The reference configuration packed like a release zip (optionally inside one top-level folder)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(reference_directory().rglob("*")):
            if file.is_file():
                archive.write(file, top + str(file.relative_to(reference_directory())))
    return path


def test_nothing_is_current_before_the_first_installation(tmp_path):
    assert current(tmp_path) is None


def test_installing_a_folder_copies_it_under_its_name_and_date_and_makes_it_current(tmp_path):
    installed = install(reference_directory(), tmp_path / "rules")
    assert installed == tmp_path / "rules" / FOLDER
    assert current(tmp_path / "rules") == installed
    result = Runner(Configuration.load(installed)).run(document(UBL_INVOICE, XRECHNUNG))
    assert result.accepted and result.versions.configuration == "Validator Configuration XRechnung 3.0.2"
    assert (installed / "scenarios.xml").read_bytes() == (reference_directory() / "scenarios.xml").read_bytes()


@pytest.mark.parametrize("top", ["", "validator-configuration-xrechnung_3.0.2/"])
def test_installing_the_release_zip_gives_the_same_folder(tmp_path, top):
    installed = install(release_zip(tmp_path / "release.zip", top), tmp_path / "rules", verify=False)
    assert installed.name == FOLDER and current(tmp_path / "rules") == installed
    assert Configuration.load(installed).scenarios == Configuration.load(reference_directory()).scenarios


def test_installing_the_same_configuration_again_only_marks_it_current(tmp_path):
    first = install(reference_directory(), tmp_path, verify=False)
    (tmp_path / "current").write_text("something-else\n")
    assert current(tmp_path) is None
    assert install(release_zip(tmp_path / "r.zip"), tmp_path, verify=False) == first
    assert current(tmp_path) == first


def test_a_different_configuration_under_the_same_name_and_date_is_refused(tmp_path):
    first = install(reference_directory(), tmp_path, verify=False)
    (first / "resources" / "extra.txt").write_text("changed")
    with pytest.raises(ConfigurationError, match="already holds a different configuration"):
        install(reference_directory(), tmp_path, verify=False)


def test_a_configuration_that_does_not_load_is_not_installed(tmp_path):
    source = tmp_path / "broken"
    source.mkdir()
    (source / "scenarios.xml").write_text("<scenarios/>")
    with pytest.raises(ConfigurationError, match="root element is scenarios"):
        install(source, tmp_path / "rules", verify=False)
    assert current(tmp_path / "rules") is None and [p.name for p in (tmp_path / "rules").iterdir()] == []


def test_a_zip_without_scenarios_xml_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "x.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ConfigurationError, match="no scenarios.xml"):
        install(tmp_path / "x.zip", tmp_path / "rules")


def test_a_file_that_is_neither_folder_nor_zip_is_refused(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    with pytest.raises(ConfigurationError, match="neither a configuration folder nor a zip"):
        install(tmp_path / "x.txt", tmp_path / "rules")


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/evil.txt", "C:/evil.txt", "resources/../../evil.txt"])
def test_a_zip_member_outside_the_target_is_refused(tmp_path, name):
    path = release_zip(tmp_path / "hostile.zip")
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, "owned")
    with pytest.raises(ConfigurationError, match="refused to unpack"):
        install(path, tmp_path / "rules", verify=False)
    assert not (tmp_path / "evil.txt").exists() and current(tmp_path / "rules") is None


def test_a_zip_with_a_link_is_refused(tmp_path):
    path = release_zip(tmp_path / "hostile.zip")
    link = zipfile.ZipInfo("resources/link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(link, "/etc/passwd")
    with pytest.raises(ConfigurationError, match="link or special file"):
        install(path, tmp_path / "rules", verify=False)


def test_a_zip_that_unpacks_beyond_the_size_limit_is_refused_while_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("scenarios.xml", b"\0" * (4 * 1024 * 1024))  # compresses to a few kilobytes
    assert path.stat().st_size < 64 * 1024
    monkeypatch.setattr(install_module, "MAX_TOTAL_BYTES", 1024 * 1024)
    with pytest.raises(ConfigurationError, match="more than 1,048,576 bytes unpacked"):
        install(path, tmp_path / "rules", verify=False)


def test_a_folder_with_a_link_is_refused(tmp_path):
    source = tmp_path / "linked"
    source.mkdir()
    (source / "scenarios.xml").write_bytes((reference_directory() / "scenarios.xml").read_bytes())
    (source / "resources").symlink_to(reference_directory() / "resources")
    with pytest.raises(ConfigurationError, match="resources is a link"):
        install(source, tmp_path / "rules", verify=False)
