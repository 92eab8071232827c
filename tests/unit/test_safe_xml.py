"""Hostile and broken XML is refused quickly with a specific error, never parsed dangerously."""

import time

import pytest

from invoicing.formats import safe_xml
from invoicing.formats.errors import EmptyFile, ForbiddenXml, NotXml, TooLarge

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<Invoice>&lol9;</Invoice>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Invoice>&secret;</Invoice>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice SYSTEM "http://127.0.0.1:9/evil.dtd">
<Invoice/>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD], ids=["billion-laughs", "external-entity", "external-dtd"])
def test_a_document_type_declaration_is_refused_fast(document):
    started = time.perf_counter()
    with pytest.raises(ForbiddenXml) as refused:
        safe_xml.parse(document)
    assert time.perf_counter() - started < 1.0  # generous: expansion would take minutes and gigabytes
    assert "DOCTYPE" in refused.value.message


def test_an_undeclared_entity_reference_is_not_resolved():
    with pytest.raises(NotXml) as refused:
        safe_xml.parse(b"<Invoice>&secret;</Invoice>")
    assert "secret" in refused.value.message


def test_broken_xml_names_line_and_column():
    with pytest.raises(NotXml) as refused:
        safe_xml.parse(b"<Invoice>\n  <ID>1</Invoice>")
    assert refused.value.line == 2
    assert refused.value.column is not None


def test_wrong_encoding_is_reported_with_its_position():
    with pytest.raises(NotXml) as refused:
        safe_xml.parse("<?xml version='1.0' encoding='UTF-8'?>\n<Invoice>Müller</Invoice>".encode("latin-1"))
    assert refused.value.line == 2
    assert "encoding" in refused.value.message.lower()


def test_empty_and_blank_files_are_empty():
    for data in (b"", b"  \n\t"):
        with pytest.raises(EmptyFile):
            safe_xml.parse(data)


def test_a_document_over_the_size_limit_is_refused_before_parsing():
    with pytest.raises(TooLarge) as refused:
        safe_xml.parse(b"<a>" + b"x" * 2000 + b"</a>", max_bytes=1000)
    assert "1,000" in refused.value.message


def test_absurd_nesting_is_refused():
    deep = b"<a>" * (safe_xml.MAX_DEPTH + 5) + b"x" + b"</a>" * (safe_xml.MAX_DEPTH + 5)
    with pytest.raises((ForbiddenXml, NotXml)):
        safe_xml.parse(deep)


def test_nesting_is_refused_exactly_beyond_the_limit():
    def nested(ancestors: int) -> bytes:  # an innermost element with that many ancestors
        return b"<a>" * (ancestors + 1) + b"</a>" * (ancestors + 1)

    for accepted in (safe_xml.MAX_DEPTH, 40, 25, 24, 23):
        assert safe_xml.parse(nested(accepted)).getroot().tag == "a"
    with pytest.raises(ForbiddenXml) as refused:
        safe_xml.parse(nested(safe_xml.MAX_DEPTH + 1))
    assert f"limit is {safe_xml.MAX_DEPTH}" in refused.value.message


def test_an_ordinary_document_parses_with_line_numbers():
    tree = safe_xml.parse(b"<?xml version='1.0'?>\n<!-- comment -->\n<Invoice>\n<ID>1</ID></Invoice>")
    assert tree.getroot().tag == "Invoice"
    assert tree.getroot()[0].sourceline == 4
