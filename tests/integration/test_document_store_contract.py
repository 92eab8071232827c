"""The document store contract, on every backend: originals come back byte for byte, by SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from invoicing.documents import DocumentCorrupted, DocumentNotFound, InMemoryDocuments

ORIGINAL = b"%PDF-1.7\n\x00\xff binary original \r\n with CRLF and NUL\n"


def test_an_original_is_stored_under_its_sha256_and_comes_back_unchanged(services):
    documents = services.invoices.documents
    digest = documents.put(ORIGINAL)
    assert digest == hashlib.sha256(ORIGINAL).hexdigest()
    assert documents.get(digest) == ORIGINAL and digest in documents


def test_storing_the_same_bytes_twice_keeps_one_copy_and_the_same_address(services):
    documents = services.invoices.documents
    assert documents.put(ORIGINAL) == documents.put(ORIGINAL)


def test_an_unknown_address_is_reported_as_not_found(services):
    documents = services.invoices.documents
    with pytest.raises(DocumentNotFound):
        documents.get("0" * 64)
    assert "0" * 64 not in documents


def test_large_originals_survive(services):
    documents = services.invoices.documents
    big = bytes(range(256)) * 40_000  # 10 MB
    assert documents.get(documents.put(big)) == big


def test_the_address_is_case_insensitive_hex(services):
    documents = services.invoices.documents
    assert documents.get(documents.put(ORIGINAL).upper()) == ORIGINAL


def test_bytes_altered_behind_the_stores_back_are_refused():
    documents = InMemoryDocuments()
    digest = documents.put(ORIGINAL)
    documents._documents[digest] = ORIGINAL + b"tampered"
    with pytest.raises(DocumentCorrupted):
        documents.get(digest)
