"""The account mapping of the DATEV export: header values, accounts and tax keys, from a TOML file.

See `sample_accounts.toml` for every key. Which accounts an invoice is booked on:
* Konto (creditor): `accounts.creditors` by seller VAT id (BT-31) or seller name (BT-27), else
  `accounts.creditor`;
* Gegenkonto (expense): `accounts.by_cost_centre` (first matching pattern of any cost centre of
  the invoice), else `accounts.by_leitweg_id` (BT-10), else `accounts.expense`;
* BU-Schlüssel: `tax_keys["<BT-118>:<BT-119>"]` (rate without trailing zeros, e.g. "S:19", "S:7",
  "S:10.5"); an invoice with a VAT line not listed is refused, never booked with a guess. Only the
  keys listed in `rate_keys` (keys without a fixed rate) get the "Steuersatz" column.
* A supplier with no creditor of its own goes to the collective creditor `accounts.creditor`
  (`accounts.unmapped_suppliers = "collective"`, the default) or is not exported until one is
  mapped (`"refuse"`, the export says which supplier).

Every value is checked against its DATEV format when the file is loaded (`MappingError` names the
key): Sachkonten have `datev.account_length` digits, creditor accounts (Personenkonten) one more,
tax keys 1–4 digits (or empty), "exportiert von" at most 25 characters.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from fnmatch import fnmatchcase
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from invoicing.approvals.facts import InvoiceFacts

SAMPLE = "sample_accounts.toml"


class MappingError(ValueError):
    """The account mapping file cannot be used; the message names every problem."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DatevHeader(_Frozen):
    """The values of the Buchungsstapel header line that come from the city's DATEV setup."""

    consultant: int = Field(ge=1001, le=9999999)          # Beraternummer
    client: int = Field(ge=1, le=99999)                   # Mandantennummer
    fiscal_year_start: str = "01-01"                      # month-day
    account_length: int = Field(default=4, ge=4, le=8)    # Sachkontenlänge
    chart: str = "03"                                     # Kontenrahmen (SKR)
    origin: str = Field(default="RE", pattern=r"^[A-Z]{2}$")
    exported_by: str = Field(default="", max_length=25)
    label: str = Field(default="Eingangsrechnungen", max_length=30)
    initials: str = Field(default="", pattern=r"^([A-Z]{2})?$")
    lock: bool = False
    period: Literal["month", "year"] = "month"            # one file per booking month (or fiscal year)
    document_link: str = Field(default="", max_length=200)  # Beleglink, "{case_id}" replaced; "" for none

    @field_validator("fiscal_year_start")
    @classmethod
    def _month_day(cls, value: str) -> str:
        month, _, day = value.partition("-")
        if not (month.isdigit() and day.isdigit() and 1 <= int(month) <= 12 and 1 <= int(day) <= 28):
            raise ValueError("write the fiscal year start as month-day, e.g. \"01-01\" (day at most 28)")
        return value


class Accounts(_Frozen):
    """Default accounts and the lookups by supplier, cost centre and Leitweg-ID."""

    expense: str
    creditor: str
    by_leitweg_id: dict[str, str] = {}
    by_cost_centre: dict[str, str] = {}
    creditors: dict[str, str] = {}
    unmapped_suppliers: Literal["collective", "refuse"] = "collective"


class AccountMapping(_Frozen):
    """The whole mapping file."""

    datev: DatevHeader
    accounts: Accounts
    tax_keys: dict[str, str]
    rate_keys: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _datev_formats(self):
        problems = []
        length = self.datev.account_length
        ledger = re.compile(rf"^\d{{{length}}}$")
        person = re.compile(rf"^\d{{{length + 1}}}$")
        accounts = self.accounts
        for key, value in [("accounts.expense", accounts.expense),
                           *((f"accounts.by_leitweg_id.{name}", value) for name, value in accounts.by_leitweg_id.items()),
                           *((f"accounts.by_cost_centre.{name}", value) for name, value in accounts.by_cost_centre.items())]:
            if not ledger.match(value):
                problems.append(f"{key}: {value!r} is not a Sachkonto of {length} digits (datev.account_length)")
        for key, value in [("accounts.creditor", accounts.creditor),
                           *((f"accounts.creditors.{name}", value) for name, value in accounts.creditors.items())]:
            if not person.match(value):
                problems.append(f"{key}: {value!r} is not a creditor account (Personenkonto) of {length + 1} digits")
        for name, value in self.tax_keys.items():
            if not re.match(r"^(\d{1,4})?$", value):
                problems.append(f"tax_keys.{name}: {value!r} is not a BU-Schlüssel (1 to 4 digits, or empty)")
        for value in self.rate_keys:
            if not re.match(r"^\d{1,4}$", value):
                problems.append(f"rate_keys: {value!r} is not a BU-Schlüssel (1 to 4 digits)")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def creditor(self, facts: InvoiceFacts) -> str:
        """Konto: the supplier's creditor account, else the collective creditor (see `own_creditor`)."""
        return self.own_creditor(facts) or self.accounts.creditor

    def own_creditor(self, facts: InvoiceFacts) -> str | None:
        """The supplier's own creditor account by VAT id (BT-31) or name (BT-27), or None."""
        vat = (facts.seller_vat_id or "").replace(" ", "").upper()
        return self.accounts.creditors.get(vat) or self.accounts.creditors.get(facts.seller_name or "")

    def expense(self, facts: InvoiceFacts) -> str:
        """Gegenkonto: the expense account by cost centre, else Leitweg-ID, else the default."""
        for pattern, account in self.accounts.by_cost_centre.items():
            if any(fnmatchcase(centre, pattern) for centre in facts.cost_centres):
                return account
        for pattern, account in self.accounts.by_leitweg_id.items():
            if facts.buyer_reference and fnmatchcase(facts.buyer_reference.upper(), pattern.upper()):
                return account
        return self.accounts.expense

    def account_ok(self, account: str) -> bool:
        """True when `account` is a Sachkonto of the configured length (e.g. one given in a Kontierung)."""
        return bool(re.match(rf"^\d{{{self.datev.account_length}}}$", account or ""))

    def tax_key(self, category: str, rate: Decimal) -> str | None:
        """BU-Schlüssel of a VAT category and rate ("" for none), or None when the mapping does not say."""
        return self.tax_keys.get(f"{category}:{rate_text(rate)}")


def rate_text(rate: Decimal) -> str:
    """A rate as the mapping writes it: "19", "7", "10.5" (no trailing zeros)."""
    text = format(rate, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_mapping(text: str, *, source: str = "mapping") -> AccountMapping:
    """The mapping in TOML `text`; raises `MappingError` naming every problem."""
    try:
        return AccountMapping.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"{source} is not valid TOML: {error}") from None
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, item['loc']))}: {item['msg']}" for item in error.errors())
        raise MappingError(f"{source} cannot be used: {problems}") from None


def load_mapping(path: str | Path) -> AccountMapping:
    """The mapping in the TOML file at `path`."""
    path = Path(path)
    return parse_mapping(path.read_text(encoding="utf-8"), source=str(path))


def sample_mapping() -> AccountMapping:
    """The shipped sample mapping (SKR 03 examples)."""
    return parse_mapping(resources.files("projections.exports").joinpath(SAMPLE).read_text(encoding="utf-8"),
                         source=SAMPLE)
