"""The edge's small parts: content sniffing, sessions, passwords, tokens, redirects, the demo data."""

from __future__ import annotations

import pytest

from invoicing.config import Settings
from invoicing.formats.errors import ReadError
from invoicing.formats.reader import sniff_media_type
from tests.web import support
from web.pages.auth import safe_next
from web.passwords import Passwords
from web.sessions import SessionCodec, fresh, logged_in


@pytest.mark.parametrize("content, media_type", [
    (b'<?xml version="1.0"?><Invoice/>', "application/xml"),
    (b"\xef\xbb\xbf  <Invoice/>", "application/xml"),
    (b"%PDF-1.7\n...", "application/pdf"),
])
def test_a_file_is_taken_as_what_its_bytes_are(content, media_type):
    assert sniff_media_type(content) == media_type


@pytest.mark.parametrize("content", [b"", b"   ", b"\x89PNG\r\n\x1a\n....", b"PK\x03\x04word", b"Rechnung 4711"])
def test_what_is_neither_xml_nor_pdf_is_refused_with_a_reason(content):
    with pytest.raises(ReadError) as refused:
        sniff_media_type(content)
    assert refused.value.message and refused.value.hint


def test_a_forged_or_expired_session_cookie_becomes_a_fresh_session():
    codec = SessionCodec("secret", max_age_seconds=60)
    value = codec.dump(logged_in(fresh(), "ilang", "token"))
    assert codec.load(value)["sid"] == "token"
    assert "sid" not in codec.load(value[:-2] + "xx")
    assert "sid" not in SessionCodec("other secret", max_age_seconds=60).load(value)


def test_log_in_renews_the_csrf_token_and_keeps_the_language():
    before = fresh("en")
    after = logged_in(before, "sroth", "token")
    assert after["csrf"] != before["csrf"] and after["lang"] == "en"


def test_passwords_are_argon2id_hashes_that_verify_only_the_right_password():
    passwords = Passwords()
    hashed = passwords.hash("correct horse")
    assert hashed.startswith("$argon2id$") and "m=65536" in hashed
    assert passwords.verify(hashed, "correct horse") and not passwords.verify(hashed, "wrong horse")
    assert not passwords.verify("not a hash", "correct horse")


def test_tokens_are_found_by_their_public_part_and_stop_working_when_revoked():
    edge = support.make_edge(Settings(persistence="memory"))
    token = edge.accounts.issue_token(support.SUPPLIER_A, label="ERP", by="sotto")
    assert edge.accounts.for_token(token).login == support.SUPPLIER_A
    assert edge.accounts.for_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    edge.accounts.revoke_token(support.SUPPLIER_A, token[4:].split(".")[0], by="sotto")
    assert edge.accounts.for_token(token) is None


@pytest.mark.parametrize("target, expected", [
    ("/inbox", "/inbox"), ("//evil.example/", "/"), ("https://evil.example/", "/"), ("/\\evil", "/"), ("", "/"),
])
def test_after_log_in_only_paths_on_this_site_are_followed(target, expected):
    assert safe_next(target) == expected


def test_the_demo_has_invoices_in_every_state_and_logs_in_everyone(tmp_path):
    from invoicing.bootstrap import bootstrap
    from web.demo import DEMO_PASSWORD, seed
    from web.wiring import build_edge

    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data")
    edge = build_edge(settings, bootstrap(settings), passwords=Passwords.for_tests())
    seeded = seed(edge, count=18)
    assert seeded.invoices >= 24 and seeded.waiting
    statuses = {edge.invoices.get_case(case_id).status
                for case_id in __import__("web.cases", fromlist=["CaseIndex"]).CaseIndex(edge.invoices).ids()}
    assert {"awaiting-approval", "approved", "exported", "rejected", "duplicate-suspected", "duplicate",
            "returned"} <= statuses
    assert edge.accounts.authenticate("ilang", DEMO_PASSWORD) is not None
    assert seed(edge) is None  # a second start keeps the data
    edge.close()
