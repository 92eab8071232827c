"""Provenance written when asked for, and expressions compiled once per process (`invoicing.formats.source`).

Each location's XPath must be the string libxml2's `getpath` writes for the element (or its attribute)
the value came from — as it was when the reader wrote every XPath while reading."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from invoicing.formats.reader import read_document
from tests.corpus import corpus_dir

FILES = [
    "valid/xrechnung-testsuite/technical-cases/cius/01.01_comprehensive_test_uncefact.xml",
    "valid/xrechnung-testsuite/business-cases/extension/04.05a-INVOICE_uncefact.xml",
]


def _corpus_file(relative: str) -> bytes:
    folder = corpus_dir()  # skips locally without ../shared, fails under CI
    return (folder / relative).read_bytes()


def _ubl_files() -> list[bytes]:
    folder = corpus_dir()
    return [path.read_bytes() for path in sorted((folder / "valid").rglob("*ubl*.xml"))[:3]]


def _every_location_is_where_getpath_says(content: bytes) -> int:
    read = read_document(content)
    written = {read.tree.getpath(element): element for element in read.tree.iter() if isinstance(element.tag, str)}
    for path, location in read.provenance.items():
        element_path, _, attribute = location.xpath.partition("/@")
        element = written.get(element_path)
        assert element is not None, (path, location.xpath)
        assert location.line == element.sourceline, path
        if attribute:
            assert any(name == attribute or name.endswith("}" + attribute.split(":")[-1]) for name in element.attrib), path
    return len(read.provenance)


@pytest.mark.parametrize("relative", FILES)
def test_each_cii_location_is_the_xpath_libxml2_writes_for_its_element(relative):
    assert _every_location_is_where_getpath_says(_corpus_file(relative)) > 50


def test_each_ubl_location_is_the_xpath_libxml2_writes_for_its_element():
    files = _ubl_files()
    assert files
    assert all(_every_location_is_where_getpath_says(content) > 10 for content in files)


def test_a_location_pickles_as_written_out():
    read = read_document(_corpus_file(FILES[0]))
    location = read.provenance["seller.name"]
    again = pickle.loads(pickle.dumps(location))
    assert again == location
    assert (again.term_id, again.xpath, again.line) == ("BT-27", location.xpath, location.line)
    assert again.xpath.endswith("ram:SellerTradeParty/ram:Name")


def test_documents_read_in_several_threads_at_once_read_as_one_after_another():
    """The compiled expressions are shared by every document and thread (lxml locks each while it evaluates)."""
    contents = [_corpus_file(relative) for relative in FILES] + _ubl_files()
    alone = [read_document(content).invoice for content in contents]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda index: read_document(contents[index % len(contents)]).invoice,
                                 range(20 * len(contents))))
    assert together == [alone[index % len(contents)] for index in range(20 * len(contents))]
