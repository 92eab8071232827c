"""The synthetic invoice generator: deterministic, arithmetically exact, and valid XRechnung 3.0."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import pytest
from stdnum import ean, iban
from stdnum.de import vat

from invoicing.generator import KINDS, PEPPOL_BILLING, XRECHNUNG_3_0, generate_batch, generate_invoice
from invoicing.leitweg import is_valid_leitweg_id

SEEDS = range(300)
ZERO = Decimal("0.00")


@cache
def batch():
    """300 invoices of every kind (the batch mix), generated once for the whole module."""
    return generate_batch(2026, len(SEEDS))


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def amounts(invoice):
    """Every monetary amount of the invoice (BT-92 … BT-117, BT-131, BT-136, BT-141)."""
    totals = invoice.totals
    yield from (v for v in totals.model_dump().values() if v is not None)
    for entry in invoice.vat_breakdown:
        yield from (entry.taxable_amount, entry.tax_amount)
    for item in (*invoice.allowances, *invoice.charges):
        yield item.amount
    for line in invoice.lines:
        yield line.net_amount
        yield from (item.amount for item in (*line.allowances, *line.charges))


# --- determinism -------------------------------------------------------------------------------

def test_the_same_seed_gives_the_same_invoice():
    for seed in (0, 1, 17, 2**40):
        assert generate_invoice(seed) == generate_invoice(seed)
        assert generate_invoice(seed, kind="credit_note") == generate_invoice(seed, kind="credit_note")


def test_different_seeds_give_different_invoices():
    invoices = [generate_invoice(seed) for seed in range(50)]
    assert len({invoice.model_dump_json() for invoice in invoices}) == 50


def test_a_batch_is_reproducible_and_its_invoices_differ():
    assert generate_batch(5, 20) == generate_batch(5, 20)
    assert generate_batch(5, 20) != generate_batch(6, 20)
    assert len({invoice.model_dump_json() for invoice in generate_batch(5, 20)}) == 20


def test_every_kind_has_its_type_code_and_unknown_kinds_are_refused():
    for kind, code in KINDS.items():
        assert generate_invoice(3, kind=kind).type_code == code
    with pytest.raises(ValueError, match="Unknown kind"):
        generate_invoice(3, kind="receipt")


def test_issue_dates_lie_in_2026():
    assert all(date(2026, 1, 1) <= invoice.issue_date <= date(2026, 12, 31) for invoice in batch())


# --- arithmetic (EN 16931 BR-CO-*, BR-S/Z/E-08) ------------------------------------------------

def test_all_amounts_have_two_decimals():
    for invoice in batch():
        assert all(amount.as_tuple().exponent == -2 for amount in amounts(invoice)), invoice.number


def test_line_net_amount_is_quantity_times_price_minus_allowances_plus_charges():
    for invoice in batch():
        for line in invoice.lines:
            gross = cents(line.quantity * line.price.net_price / (line.price.base_quantity or 1))
            expected = gross - sum((a.amount for a in line.allowances), ZERO) + sum((c.amount for c in line.charges), ZERO)
            assert line.net_amount == expected
            if line.price.gross_price is not None:
                assert line.price.net_price == line.price.gross_price - line.price.discount
            for allowance in line.allowances:
                assert allowance.amount == cents(allowance.base_amount * allowance.percentage / 100)


def test_br_co_10_sum_of_line_net_amounts():
    for invoice in batch():
        assert invoice.totals.line_net_total == sum(line.net_amount for line in invoice.lines)


def test_br_co_11_and_12_sums_of_document_allowances_and_charges():
    for invoice in batch():
        assert invoice.totals.allowance_total == (sum(a.amount for a in invoice.allowances) if invoice.allowances else None)
        assert invoice.totals.charge_total == (sum(c.amount for c in invoice.charges) if invoice.charges else None)


def test_br_co_13_total_without_vat():
    for invoice in batch():
        t = invoice.totals
        assert t.total_without_vat == t.line_net_total - (t.allowance_total or ZERO) + (t.charge_total or ZERO)


def test_br_co_14_total_vat_is_the_sum_of_category_tax_amounts():
    for invoice in batch():
        assert invoice.totals.vat_total == sum(entry.tax_amount for entry in invoice.vat_breakdown)


def test_br_co_15_total_with_vat():
    for invoice in batch():
        assert invoice.totals.total_with_vat == invoice.totals.total_without_vat + invoice.totals.vat_total


def test_br_co_16_amount_due():
    for invoice in batch():
        t = invoice.totals
        assert t.amount_due == t.total_with_vat - (t.paid_amount or ZERO) + (t.rounding_amount or ZERO)
        assert t.amount_due > 0


def test_br_co_17_and_br_08_taxable_and_tax_amount_per_category_and_rate():
    for invoice in batch():
        expected = defaultdict(lambda: ZERO)
        for line in invoice.lines:
            expected[line.vat.category_code, line.vat.rate] += line.net_amount
        for charge in invoice.charges:
            expected[charge.vat_category_code, charge.vat_rate] += charge.amount
        for allowance in invoice.allowances:
            expected[allowance.vat_category_code, allowance.vat_rate] -= allowance.amount
        actual = {(e.category_code, e.rate): e for e in invoice.vat_breakdown}
        assert actual.keys() == expected.keys()
        for key, entry in actual.items():
            assert entry.taxable_amount == expected[key]
            assert entry.tax_amount == cents(entry.taxable_amount * entry.rate / 100)
            assert (entry.exemption_reason is not None) == (entry.category_code == "E")  # BR-E-10, BR-S-10, BR-Z-10


# --- identifiers with check digits -------------------------------------------------------------

def test_leitweg_ids_are_valid():
    for invoice in batch():
        assert is_valid_leitweg_id(invoice.buyer_reference)
        address = invoice.buyer.electronic_address
        if address.scheme_id == "0204":
            assert is_valid_leitweg_id(address.value)


def test_ibans_are_valid():
    seen = 0
    for invoice in batch():
        for instructions in invoice.payment_instructions:
            for transfer in instructions.credit_transfers:
                assert iban.is_valid(transfer.account_identifier) and transfer.account_identifier.startswith("DE")
                assert len(transfer.account_identifier) == 22
                seen += 1
            if instructions.direct_debit:
                assert iban.is_valid(instructions.direct_debit.debited_account_identifier)
    assert seen > 200


def test_vat_identifiers_gtins_and_glns_have_correct_check_digits():
    for invoice in batch():
        if invoice.seller.vat_identifier:
            assert invoice.seller.vat_identifier.startswith("DE") and vat.is_valid(invoice.seller.vat_identifier)
        standards = [line.item.standard_identifier for line in invoice.lines if line.item.standard_identifier]
        glns = [i for i in invoice.seller.identifiers if i.scheme_id == "0088"]
        for identifier in standards + glns:
            assert ean.is_valid(identifier.value)


# --- XRechnung 3.0 rules the generator must satisfy by construction ----------------------------

SKONTO_LINE = re.compile(r"#SKONTO#TAGE=[0-9]+#PROZENT=[0-9]+\.[0-9]{2}(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#")


def br_de_18_holds(terms: str) -> bool:
    """BR-DE-18 as KoSIT words it: every line starting with # is a Skonto line, and a line break follows the last."""
    skonto = [line for line in re.split(r"\r?\n", terms) if line.strip().startswith("#")]
    if not skonto:
        return True
    after_last = re.split(r"#.+#", terms)[-1]
    return all(SKONTO_LINE.fullmatch(line.strip()) for line in skonto) and re.match(r"\s*\n", after_last) is not None


def test_br_de_18_skonto_lines_are_well_formed():
    with_skonto = [invoice for invoice in batch() if "#SKONTO#" in (invoice.payment_terms or "")]
    assert len(with_skonto) > 20
    assert all(br_de_18_holds(invoice.payment_terms) for invoice in batch())
    assert not br_de_18_holds("#SKONTO#TAGE=14#PROZENT=2#\n") and not br_de_18_holds("#SKONTO#TAGE=14#PROZENT=2.00#")


def test_process_identifiers_are_xrechnung_3_0():
    for invoice in batch():
        assert invoice.process_control.specification_identifier == XRECHNUNG_3_0  # BR-DE-21
        assert invoice.process_control.business_process_type == PEPPOL_BILLING


def test_mandatory_german_information_is_present():
    for invoice in batch():
        seller, buyer = invoice.seller, invoice.buyer
        assert invoice.payment_instructions  # BR-DE-1
        assert seller.contact.point and seller.contact.telephone and seller.contact.email  # BR-DE-2, 5, 6, 7
        assert len(re.findall(r"[0-9]", seller.contact.telephone)) >= 3  # BR-DE-27
        assert re.fullmatch(r"[^@\s]+@([^@.\s]+\.)+[^@.\s]+", seller.contact.email)  # BR-DE-28
        assert seller.postal_address.city and seller.postal_address.post_code  # BR-DE-3, 4
        assert buyer.postal_address.city and buyer.postal_address.post_code  # BR-DE-8, 9
        assert invoice.buyer_reference  # BR-DE-15
        assert seller.vat_identifier or seller.tax_registration_identifier  # BR-DE-16
        assert seller.identifiers or seller.legal_registration_identifier or seller.vat_identifier  # BR-CO-26
        assert seller.electronic_address and buyer.electronic_address  # PEPPOL-EN16931-R020, R010
        assert invoice.due_date or invoice.payment_terms  # BR-CO-25
        if invoice.type_code == "384":
            assert invoice.preceding_invoices  # BR-DE-26
        if invoice.delivery and invoice.delivery.address:
            assert invoice.delivery.address.city and invoice.delivery.address.post_code  # BR-DE-10, 11


def test_payment_means_come_with_their_account_details():
    for invoice in batch():
        for instructions in invoice.payment_instructions:
            if instructions.means_type_code in ("30", "58"):  # BR-DE-23-a/b
                assert instructions.credit_transfers and not instructions.direct_debit
            elif instructions.means_type_code == "59":  # BR-DE-25-a/b, BR-DE-30, BR-DE-31
                assert not instructions.credit_transfers
                assert instructions.direct_debit.creditor_identifier and instructions.direct_debit.debited_account_identifier
            else:
                pytest.fail(f"unexpected payment means {instructions.means_type_code}")


def test_line_periods_lie_within_the_invoicing_period():
    for invoice in batch():
        period = invoice.invoicing_period
        for line in invoice.lines:
            if line.period and period:  # PEPPOL-EN16931-R110, R111
                assert period.start_date <= line.period.start_date <= line.period.end_date <= period.end_date
        if period:
            assert period.start_date <= period.end_date  # BR-29


def test_the_batch_varies_what_matters():
    invoices = batch()
    categories = {(e.category_code, e.rate) for invoice in invoices for e in invoice.vat_breakdown}
    assert categories >= {("S", Decimal("19")), ("S", Decimal("7")), ("Z", Decimal("0")), ("E", Decimal("0"))}
    assert {invoice.type_code for invoice in invoices} >= {"380", "381", "384", "875", "877"}
    assert any(len(invoice.vat_breakdown) > 1 for invoice in invoices)
    assert any(invoice.allowances for invoice in invoices) and any(invoice.charges for invoice in invoices)
    assert any(line.allowances for invoice in invoices for line in invoice.lines)
    assert any(line.price.base_quantity for invoice in invoices for line in invoice.lines)
    assert any(invoice.totals.paid_amount for invoice in invoices)
    assert any(invoice.supporting_documents for invoice in invoices)
    assert {i.payment_instructions[0].means_type_code for i in invoices} == {"30", "58", "59"}
    assert max(len(invoice.lines) for invoice in invoices) >= 15 and min(len(i.lines) for i in invoices) == 1
    assert len({invoice.seller.name for invoice in invoices}) > 50


# --- written files: the official configuration's verdict, PDF hybrids -------------------------

def official_errors(invoice) -> dict[str, set[str]]:
    """What the UBL and CII of `invoice` violate as the official KoSIT configuration judges them (schema,
    EN 16931 and XRechnung rules): schema messages and error-level rule ids, per syntax."""
    from invoicing.formats.cii_writer import write_cii
    from invoicing.formats.ubl_writer import write_ubl
    from tests.official import runner

    found = {}
    for syntax, xml in (("UBL", write_ubl(invoice)), ("CII", write_cii(invoice))):
        result = runner().run(xml)
        problems = set(result.errors) | {f"XSD: {error.message}" for error in result.schema_errors}
        if not result.accepted and not problems:
            problems.add(f"not accepted ({result.acceptance})")
        found[syntax] = problems
    return found


def assert_clean(invoices):
    failures = {invoice.number: found for invoice in invoices
                if any((found := official_errors(invoice)).values())}
    assert not failures, failures


def test_written_invoices_of_every_kind_pass_the_official_configuration():
    assert_clean([generate_invoice(seed, kind=kind) for kind in KINDS for seed in range(4)])
    assert_clean(batch()[:30])


def test_the_official_check_notices_a_wrong_total_and_a_skonto_line_without_line_break():
    invoice = generate_invoice(1)
    wrong = invoice.model_copy(update={
        "totals": invoice.totals.model_copy(update={"line_net_total": invoice.totals.line_net_total + 1}),
        "payment_terms": "Zahlbar sofort.\n#SKONTO#TAGE=14#PROZENT=2.00#"})
    found = official_errors(wrong)
    assert "BR-CO-10" in found["UBL"] and "BR-CO-10" in found["CII"]
    assert "BR-DE-18" in found["UBL"] | found["CII"]


@pytest.mark.slow
def test_written_invoices_pass_the_official_configuration_over_300_seeds():
    assert_clean(generate_batch(31337, 300))


def test_generated_files_are_named_reproducible_and_pdfs_declare_their_profile():
    from invoicing.formats.reader import read_document
    from invoicing.generator.files import generated_files

    files = list(generated_files(8, 6))
    assert files == list(generated_files(8, 6))
    names = [name for name, _ in files]
    assert [name.split(".", 1)[1] for name in names[:2]] == ["ubl.xml", "cii.xml"]
    assert names[0].startswith("0001-") and names[-1].startswith("0006-")
    pdfs = [(name, data) for name, data in files if name.endswith(".pdf")]
    assert len(pdfs) == 6
    for name, data in pdfs:
        read = read_document(data)
        if name.endswith(".xrechnung.pdf"):
            assert read.embedded.attachment_name == "xrechnung.xml"
            assert read.invoice.specification_identifier == XRECHNUNG_3_0
        else:
            assert name.endswith(".en16931.pdf") and read.embedded.attachment_name == "factur-x.xml"
            assert read.invoice.specification_identifier == "urn:cen.eu:en16931:2017"
