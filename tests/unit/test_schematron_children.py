"""Child steps from many contexts read an element's children once per document, not once per context."""

from __future__ import annotations

from lxml import etree

from tests.hostile.files import invoice_with_many_lines
from validators.engine import validate
from validators.schematron import nodes, runtime


def test_child_lists_are_kept_per_document_and_handed_out_as_copies():
    root = etree.fromstring(b"<r><a/><b/><a/></r>")
    g = runtime.Globals(root)
    first = runtime.children(g, root, "a")
    first.append("changed by a caller")
    assert runtime.children(g, root, "a") == nodes.children(root, "a") == [root[0], root[2]]
    assert runtime.children(g, root) == list(root)


def test_the_roots_children_are_read_a_bounded_number_of_times_however_many_lines(monkeypatch):
    content = invoice_with_many_lines()  # 4,000 lines, each asking for the root's InvoicePeriod (PEPPOL-R110/R111)
    reads = []
    original = nodes.children

    def counted(node, tag=None):
        if isinstance(node, etree._Element) and node.getparent() is None:
            reads.append(tag)
        return original(node, tag)

    monkeypatch.setattr(nodes, "children", counted)
    validate(content)
    assert 0 < len(reads) < 200  # a few per rule set and name, where it was thousands (one per line)
