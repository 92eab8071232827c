"""The Leitweg-ID (BT-10): format and ISO 7064 MOD 97-10 check digits."""

import pytest

from invoicing.leitweg import (
    InvalidLeitwegId,
    LeitwegId,
    check_digits,
    is_valid_leitweg_id,
    make_leitweg_id,
    parse_leitweg_id,
)

EXAMPLE = "04011000-1234512345-06"  # DOMAIN.md, correct check digits


def test_the_published_example_is_valid():
    assert is_valid_leitweg_id(EXAMPLE)


def test_the_example_parses_into_coarse_fine_and_check():
    assert parse_leitweg_id(EXAMPLE) == LeitwegId(coarse="04011000", fine="1234512345", check="06")
    assert str(parse_leitweg_id(EXAMPLE)) == EXAMPLE


def test_check_digits_are_computed_as_for_an_iban():
    assert check_digits("04011000", "1234512345") == "06"
    # IBAN DE89 3704 0044 0532 0130 00: BBAN + "DE" through the same MOD 97-10
    assert check_digits("370400440532013000DE") == "89"


def test_make_appends_the_check_digits():
    assert make_leitweg_id("04011000", "1234512345") == EXAMPLE


def test_every_made_id_is_valid_and_leaves_remainder_one():
    for coarse, fine in (("991", None), ("08125999", "GM65"), ("081259990000", "A" * 30), ("12", "0")):
        made = make_leitweg_id(coarse, fine)
        assert is_valid_leitweg_id(made)
        digits = "".join(str(int(char, 36)) for char in made.replace("-", ""))
        assert int(digits) % 97 == 1


def test_wrong_check_digits_are_rejected():
    assert not is_valid_leitweg_id("04011000-1234512345-07")
    assert not is_valid_leitweg_id("04011000-1234512345-60")
    with pytest.raises(InvalidLeitwegId, match="expected 06, found 07"):
        parse_leitweg_id("04011000-1234512345-07")


def test_swapped_digits_are_detected():
    assert not is_valid_leitweg_id("04011000-1234512354-06")


def test_an_id_without_fine_address_is_valid():
    made = make_leitweg_id("991")
    assert made == "991-" + check_digits("991")
    assert parse_leitweg_id(made).fine is None


def test_more_than_46_characters_is_too_long():
    longest = make_leitweg_id("1" * 12, "A" * 30)
    assert len(longest) == 46 and is_valid_leitweg_id(longest)
    with pytest.raises(InvalidLeitwegId):
        make_leitweg_id("1" * 12, "A" * 31)
    assert not is_valid_leitweg_id("1" * 12 + "-" + "A" * 31 + "-00")


def test_bad_characters_are_rejected():
    for value in ("04011000-12345_12345-06", "04011000-12345 12345-06", "04011000-12345ä2345-06",
                  "04011000/1234512345-06", "04011000--06", "04011000-1234512345-6", " " + EXAMPLE, EXAMPLE + "\n"):
        assert not is_valid_leitweg_id(value), value
    with pytest.raises(InvalidLeitwegId):
        make_leitweg_id("04011000", "12345-12345")


def test_letters_in_the_fine_address_count_as_10_to_35():
    made = make_leitweg_id("08125999", "GM65")
    assert made == "08125999-GM65-" + f"{98 - int('08125999' + '1622' + '65' + '00') % 97:02d}"
    assert is_valid_leitweg_id(made)
    assert is_valid_leitweg_id(made.replace("GM65", "gm65"))  # case does not change the letters' values


def test_letters_in_the_coarse_address_are_rejected():
    assert not is_valid_leitweg_id("0401100A-1234512345-06")
    with pytest.raises(InvalidLeitwegId):
        make_leitweg_id("0401100A")


@pytest.mark.parametrize("coarse, valid", [("1", False), ("12", True), ("1" * 12, True), ("1" * 13, False)])
def test_the_coarse_address_has_2_to_12_digits(coarse, valid):
    candidate = f"{coarse}-{check_digits(coarse)}"
    assert is_valid_leitweg_id(candidate) is valid
