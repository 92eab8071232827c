"""Natural keys: the same bytes from the same submitter make the same stream id; sellers are compared by VAT id,
id or name."""

from invoicing.lifecycle import keys


def test_the_same_bytes_from_the_same_submitter_give_the_same_case_id_and_other_bytes_another():
    abc, abd = keys.content_hash(b"abc"), keys.content_hash(b"abd")
    assert keys.case_id(abc, "a@x.example") == keys.case_id(abc, " A@X.example ")
    assert keys.case_id(abc, "a@x.example") != keys.case_id(abd, "a@x.example")


def test_the_same_bytes_from_another_submitter_give_another_case_id():
    abc = keys.content_hash(b"abc")
    assert keys.case_id(abc, "a@x.example") != keys.case_id(abc, "b@y.example")


def test_case_ids_are_stable_across_releases_and_ignore_hex_case():
    assert str(keys.legacy_case_id("0" * 64)) == "43c6b3fb-2017-5a5f-8baa-28ec5ce763ef"  # cases opened before
    assert str(keys.case_id("0" * 64, "a@x.example")) == "971511c5-6dee-5cac-939e-9812cf07e9a2"
    assert keys.case_id("A" * 64, "s") == keys.case_id("a" * 64, "s")


def test_the_seller_is_known_by_vat_id_first_then_identifier_then_name():
    assert keys.seller_key(vat_id="DE 123 456 789", identifier="4711", name="Muster GmbH") == "vat:de123456789"
    assert keys.seller_key(vat_id=None, identifier=" 4711 ", name="Muster GmbH") == "id:4711"
    assert keys.seller_key(vat_id="", identifier=None, name="  Muster   GmbH ") == "name:muster gmbh"
    assert keys.seller_key(vat_id=None, identifier=None, name=None) is None


def test_numbers_of_the_same_seller_share_one_register():
    key = keys.number_key("vat:de123456789", " RE-1 ")
    assert key == "vat:de123456789|RE-1" and keys.number_id(key) == keys.number_id("vat:de123456789|RE-1")
