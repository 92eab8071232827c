"""The flat, syntax-neutral view of an invoice that the EN 16931 rules read.

One cheap pass over the tree (`ubl.extract`, `cii.extract`) fills these records; the rules are
then plain Python over them and never touch XPath. Every value is the element's text exactly as
written (`None` when the element is absent, `""` when present but empty), because the official
rules distinguish "absent" from "empty" and sometimes compare untrimmed text. Each record keeps
its element (`el`) so a finding can name the XPath and line. Field names follow EN 16931; the
comment after a field gives the business term and, where they differ, the UBL / CII element.
"""

from __future__ import annotations

from lxml import etree


class Record:
    """Base of the view records: slots only; every field starts as None, or as [] if listed in `_lists`.

    Each subclass gets a generated `__init__` that sets its fields directly: the view is built
    for every invoice, so record creation must cost no more than a few attribute stores.
    """

    __slots__ = ("el",)
    _lists: tuple[str, ...] = ()

    def __init__(self, el: etree._Element | None = None):
        self.el = el

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        fields = [name for name in cls.__slots__ if name != "el"]
        dicts = getattr(cls, "_dicts", ())
        body = "".join(f"    self.{name} = {'[]' if name in cls._lists else '{}' if name in dicts else 'None'}\n"
                       for name in fields)
        namespace: dict = {}
        exec(f"def __init__(self, el=None):\n    self.el = el\n{body}", namespace)  # noqa: S102 (fixed field names)
        cls.__init__ = namespace["__init__"]


class TaxCategory(Record):
    """A VAT category: of a breakdown (BG-23), a document or line allowance/charge, or a line (BG-30).

    `code` BT-118/95/102/151, `percent` BT-119/96/103/152, `vat` whether the tax scheme / type is
    VAT, `reasons` BT-120 texts, `reason_code` BT-121.
    """

    __slots__ = ("code", "percent", "vat", "reasons", "reason_code", "type_code")
    _lists = ("reasons",)


class Allowance(Record):
    """An allowance or charge (BG-20/21 document level, BG-27/28 line level).

    `indicator` is the ChargeIndicator text, `charge` True/False/None as the rule files read it
    (None: neither), `amounts` BT-92/99/136/141, `base` BT-93/100/137/142, `reasons` BT-97/104,
    `reason_codes` BT-98/105, `categories` the VAT categories given for it.
    """

    __slots__ = ("indicator", "charge", "amounts", "base", "reasons", "reason_codes", "categories", "percents")
    _lists = ("amounts", "reasons", "reason_codes", "categories", "percents")


class Period(Record):
    """An invoicing period (BG-14 / BG-26): `start` BT-73/134, `end` BT-74/135, `code` BT-8."""

    __slots__ = ("start", "end", "code", "start_format", "end_format", "has_children")


class Party(Record):
    """A party: seller BG-4, buyer BG-7, payee BG-10 or seller tax representative BG-11.

    `name` BT-27/44/59/62 (UBL RegistrationName, PartyName for payee and representative),
    `trading_names` UBL PartyName/Name, `ids` (text, schemeID) BT-29/46/60, `global_ids` CII
    GlobalID, `legal_ids` BT-30/47/61, `vat_ids` BT-31/48/63, `tax_ids` all tax registrations as
    (text, scheme) pairs, `address` the postal address element, `country` its country code,
    `endpoint` the electronic address element and `endpoint_scheme` its scheme, `contact_*` the
    presence of person and department names (CII).
    """

    __slots__ = ("name", "names", "trading_names", "ids", "global_ids", "legal_ids", "vat_ids", "tax_ids",
                 "address", "country", "endpoints", "contacts", "legal_forms", "tax_schemes")
    _lists = ("names", "trading_names", "ids", "global_ids", "legal_ids", "vat_ids", "tax_ids", "endpoints",
              "contacts", "legal_forms", "tax_schemes")


class PaymentMeans(Record):
    """Payment instructions (BG-16): `code` BT-81, `accounts` credit transfer accounts (BG-17),
    `card_numbers` BT-87 elements."""

    __slots__ = ("code", "codes", "accounts", "card_numbers", "information", "creditor_institution",
                 "debtor_institution", "payment_ids", "due_dates", "cards", "mandates", "mandate_ids")
    _lists = ("codes", "accounts", "card_numbers", "information", "payment_ids", "due_dates", "cards", "mandates",
              "mandate_ids")


class Account(Record):
    """A payment account (BG-17): `ids` BT-84 texts (UBL cbc:ID; CII IBANID and ProprietaryID)."""

    __slots__ = ("ids", "iban", "proprietary")
    _lists = ("ids", "iban", "proprietary")


class DocumentReference(Record):
    """A referenced document: BG-24 supporting document, BG-3 preceding invoice, BT-18 object.

    `id` BT-122/25/18, `type_code` its UNTDID 1001 code, `scheme` the identifier's scheme,
    `has_id` whether an identifier element is there at all.
    """

    __slots__ = ("id", "type_code", "type_codes", "scheme", "has_id", "ids", "names", "attachments", "descriptions")
    _lists = ("type_codes", "ids", "names", "attachments", "descriptions")


class Breakdown(Record):
    """A VAT breakdown (BG-23): `taxable` BT-116, `tax` BT-117, `category` its category (BT-118…121);
    CII also carries `tax_point_date` BT-7 and `due_date_code` BT-8 here."""

    __slots__ = ("taxable", "tax", "category", "tax_point_date", "due_date_code")


class Line(Record):
    """An invoice line (BG-25).

    `id` BT-126, `quantity` BT-129 (`quantity_el`, `unit_code` BT-130), `net` BT-131, `name`
    BT-153, `price` BT-146, `gross` BT-148 (UBL: the price allowance's base amount), `categories`
    BG-30, `periods` BG-26, `allowances` BG-27/28, `attributes` BG-32 as (el, has name, has value),
    `classifications` BT-158 as (el, listID or None), `standard_ids` BT-157 as (el, schemeID or
    None), and for the syntax rules `object_refs` the BT-128 references.
    """

    __slots__ = ("id", "quantity", "quantity_el", "unit_code", "net", "name", "price", "price_el", "gross",
                 "categories", "periods", "allowances", "attributes", "classifications", "standard_ids",
                 "object_refs", "notes", "order_line_ids", "descriptions", "document_refs", "price_amounts",
                 "price_allowance_amounts")
    _lists = ("categories", "periods", "allowances", "attributes", "classifications", "standard_ids",
              "object_refs", "notes", "order_line_ids", "descriptions", "document_refs", "price_amounts",
              "price_allowance_amounts")


class Totals(Record):
    """Document totals (BG-22); each field lists the texts of that element (usually one).

    `line` BT-106, `allowances` BT-107, `charges` BT-108, `without_vat` BT-109, `vat` BT-110 as
    (text, currency) pairs (CII; UBL keeps them on `View.tax_totals`), `with_vat` BT-112,
    `prepaid` BT-113, `rounding` BT-114, `payable` BT-115.
    """

    __slots__ = ("line", "allowances", "charges", "without_vat", "vat", "with_vat", "prepaid", "rounding",
                 "payable", "logistics")
    _lists = ("line", "allowances", "charges", "without_vat", "vat", "with_vat", "prepaid", "rounding", "payable",
              "logistics")


class TaxTotal(Record):
    """A UBL cac:TaxTotal: `amounts` its TaxAmount (text, currency) pairs, `breakdowns` BG-23."""

    __slots__ = ("amounts", "breakdowns")
    _lists = ("amounts", "breakdowns")


class View(Record):
    """The whole invoice as the rules see it.

    `syntax` "UBL"/"CII" (`ubl` True for UBL); `credit_note` for a UBL CreditNote. Header: `specification` BT-24,
    `number` BT-1, `issue_date` BT-2, `type_code` BT-3, `currencies` BT-5 texts, `tax_currencies`
    BT-6 texts, `tax_point_dates` BT-7, `periods` BG-14, `notes` BG-1 (element, text),
    `subject_codes` BT-21 elements. Parties `seller`, `buyer`, `payee`, `tax_rep`. Delivery:
    `deliveries` (el, address el, country text, delivery date, number of deliver-to party names).
    `payment_means` BG-16,
    `billing_refs` BG-3, `documents` BG-24 and BT-17/18 references, `allowances` BG-20/21,
    `totals` BG-22, `tax_totals` (UBL), `breakdowns` BG-23, `lines` BG-25. `counts` holds occurrence
    counts the UBL syntax rules need, `cache` what rules compute once and share.
    """

    __slots__ = ("syntax", "ubl", "root", "credit_note", "specification", "number", "issue_date", "issue_date_format",
                 "type_code", "type_code_el", "currencies", "tax_currencies", "tax_point_dates", "periods", "notes",
                 "seller", "buyer", "payee", "tax_rep", "deliveries", "payment_means", "billing_refs", "documents",
                 "allowances", "totals", "tax_totals", "breakdowns", "lines", "payment_terms", "payment_references",
                 "header_settlement", "agreement", "project_refs", "contract_refs", "receipt_refs",
                 "despatch_refs", "originator_refs", "cache", "counts")
    _lists = ("currencies", "tax_currencies", "tax_point_dates", "periods", "notes", "deliveries", "payment_means",
              "billing_refs", "documents", "allowances", "tax_totals", "breakdowns", "lines", "payment_terms",
              "payment_references", "project_refs", "contract_refs", "receipt_refs", "despatch_refs",
              "originator_refs")
    _dicts = ("cache", "counts")

    def groups(self) -> set[str]:
        """Names of the optional groups the invoice contains ("payee", "allowances", …): rules about a
        group that is absent pass trivially and are not run (see `rule.GATES`)."""
        present = self.cache.get("groups")
        if present is not None:
            return present
        lines = self.lines
        present = {name for name, there in (
            ("payee", self.payee is not None), ("tax_rep", self.tax_rep is not None),
            ("allowances", bool(self.allowances)), ("documents", bool(self.documents)),
            ("billing_refs", bool(self.billing_refs)), ("periods", bool(self.periods)),
            ("payment_means", bool(self.payment_means)), ("deliveries", bool(self.deliveries)),
            ("tax_currency", bool(self.tax_currencies))) if there}
        for line in lines:
            if line.allowances:
                present.add("line_allowances")
            if line.periods:
                present.add("line_periods")
            if line.attributes:
                present.add("attributes")
            if line.standard_ids:
                present.add("standard_ids")
            if line.classifications:
                present.add("classifications")
        self.cache["groups"] = present
        return present

    def all_line_categories(self):
        """Every line VAT category (UBL //cac:ClassifiedTaxCategory, CII line ApplicableTradeTax)."""
        return [category for line in self.lines for category in line.categories]

    def allowance_categories(self, charge: bool | None = None, *, lines: bool = True):
        """VAT categories of allowances/charges (`charge` None: both), document level and, with
        `lines`, line level (UBL //cac:AllowanceCharge/cac:TaxCategory reaches both)."""
        found = [c for a in self.allowances if charge is None or a.charge is charge for c in a.categories]
        if lines:
            found += [c for line in self.lines for a in line.allowances if charge is None or a.charge is charge
                      for c in a.categories]
        return found
