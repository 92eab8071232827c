"""The Leitweg-ID: the routing id a German public buyer publishes and the supplier puts in BT-10.

Format (Leitweg-ID format specification, KoSIT): a coarse address of 2–12 digits (the first two
are the Land code, e.g. 08 for Baden-Württemberg), an optional fine address of 1–30 letters and
digits, and two check digits, joined by hyphens; at most 46 characters in all:

    04011000-1234512345-06        coarse-fine-check
    991-03

The check digits are ISO 7064 MOD 97-10, computed as for an IBAN: over coarse + fine with each
letter replaced by its number (A=10 … Z=35, either case), "00" appended, check = 98 − (n mod 97),
written with two digits. A Leitweg-ID is correct when the digits of coarse + fine + check leave
the remainder 1 modulo 97. The arithmetic is python-stdnum's (`stdnum.iso7064.mod_97_10`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.iso7064 import mod_97_10

MAX_LENGTH = 46
"""Most characters a Leitweg-ID may have, hyphens included."""

_PATTERN = re.compile(r"(?P<coarse>[0-9]{2,12})(?:-(?P<fine>[0-9A-Za-z]{1,30}))?-(?P<check>[0-9]{2})")


class InvalidLeitwegId(ValueError):
    """A string that is not a Leitweg-ID; the message says which part is wrong."""


@dataclass(frozen=True)
class LeitwegId:
    """A Leitweg-ID split into its parts: coarse address, optional fine address, check digits."""

    coarse: str
    fine: str | None
    check: str

    def __str__(self) -> str:
        return "-".join(part for part in (self.coarse, self.fine, self.check) if part)

    @property
    def check_digits_correct(self) -> bool:
        """True when `check` is the MOD 97-10 check of coarse and fine address."""
        return self.check == check_digits(self.coarse, self.fine)


def check_digits(coarse: str, fine: str | None = None) -> str:
    """The check digits of a Leitweg-ID with coarse address `coarse` and fine address `fine`."""
    return mod_97_10.calc_check_digits(coarse + (fine or ""))


def make_leitweg_id(coarse: str, fine: str | None = None) -> str:
    """A complete Leitweg-ID for the given addresses, with its check digits appended.

    Raises `InvalidLeitwegId` when a part has the wrong length or characters.
    """
    fine = fine or None
    _check_shape(str(LeitwegId(coarse, fine, "00")))  # the parts' lengths and characters, before computing
    return str(LeitwegId(coarse, fine, check_digits(coarse, fine)))


def parse_leitweg_id(value: str) -> LeitwegId:
    """The parts of `value`, which must be a well-formed Leitweg-ID with correct check digits.

    Surrounding whitespace is ignored. Raises `InvalidLeitwegId` saying what is wrong.
    """
    parts = _check_shape(value.strip())
    if not parts.check_digits_correct:
        raise InvalidLeitwegId(
            f"The check digits of Leitweg-ID {value.strip()!r} are wrong: "
            f"expected {check_digits(parts.coarse, parts.fine)}, found {parts.check}.")
    return parts


def is_valid_leitweg_id(value: str) -> bool:
    """True when `value` is a well-formed Leitweg-ID with correct check digits (no surrounding spaces)."""
    if value != value.strip():
        return False
    try:
        parse_leitweg_id(value)
    except InvalidLeitwegId:
        return False
    return True


def _check_shape(value: str) -> LeitwegId:
    if len(value) > MAX_LENGTH:
        raise InvalidLeitwegId(f"A Leitweg-ID has at most {MAX_LENGTH} characters; {value!r} has {len(value)}.")
    match = _PATTERN.fullmatch(value)
    if match is None:
        raise InvalidLeitwegId(
            f"{value!r} is not a Leitweg-ID: expected 2–12 digits, optionally a hyphen and up to 30 letters "
            "or digits, then a hyphen and two check digits (e.g. 04011000-1234512345-06).")
    return LeitwegId(match["coarse"], match["fine"], match["check"])

