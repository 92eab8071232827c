"""Exporting approved invoices: marked once, written as DATEV, amounts per VAT rate as the VAT view sums."""

from collections import defaultdict
from datetime import datetime, timezone

import pytest

from invoicing.lifecycle.case import Status
from projections.exports import FolderTarget, InMemoryTarget, TargetRefused
from projections.exports.accounts import sample_mapping
from projections.exports.batches import NotDelivered, batch_id, batch_time, export_approved, redeliver
from projections.exports.datev import read_extf
from projections.status import BOOKED
from tests.unit.projections.world import invoice

MAPPING = sample_mapping()


def _export(world, target=None, mapping=MAPPING):
    world.catch_up()
    return export_approved(world.invoices, world.views["register"], target or InMemoryTarget(),
                           mapping, by="kasse")


def _approved(world, *seeds):
    return [world.approved(world.routed(world.accepted(invoice(seed)))) for seed in seeds]


def test_approved_invoices_are_marked_exported_and_their_amounts_per_rate_equal_the_vat_views_sums(world):
    cases = _approved(world, 1, 2, 7, 13)
    world.accepted(invoice(8))  # not approved: not exported
    target = InMemoryTarget()
    report = _export(world, target)
    assert sorted(report.exported) == sorted(cases) and report.skipped == []
    assert {world.invoices.get_case(case).status for case in cases} == {Status.EXPORTED}
    assert {world.invoices.get_case(case).exports[0]["batch"] for case in cases} == {report.batch}
    sums = defaultdict(int)
    for item in target.delivered[report.batch]:
        parsed = read_extf(item.content)
        for row in parsed.rows:
            sums[parsed.rate(row)] += parsed.amount(row)
    world.catch_up()
    vat = defaultdict(int)
    for row in world.views["vat"].by_rate(BOOKED):
        vat[row["rate"]] += row["gross"]
    assert dict(sums) == {rate: amount for rate, amount in vat.items() if amount}
    assert {row["status"] for row in world.views["vat"].rows() if row["case_id"] in cases} == {Status.EXPORTED}


def test_an_invoice_is_never_exported_twice_even_when_the_register_still_shows_it_approved(world):
    _approved(world, 7)
    first = _export(world)
    second = export_approved(world.invoices, world.views["register"], InMemoryTarget(), MAPPING,
                             by="kasse")  # the register has not seen the export yet
    assert len(first.exported) == 1 and second.exported == [] and second.files == []
    assert "already exported" in second.skipped[0][1]
    world.catch_up()
    assert _export(world).skipped == []


def test_an_invoice_that_cannot_be_booked_is_left_out_with_the_reason_and_stays_approved(world):
    [case] = _approved(world, 7)
    report = _export(world, mapping=MAPPING.model_copy(update={"tax_keys": {}}))
    assert report.exported == [] and "[tax_keys]" in report.skipped[0][1]
    assert world.invoices.get_case(case).status == Status.APPROVED


def test_a_batch_is_written_again_byte_for_byte(world):
    _approved(world, 1, 7)
    target = InMemoryTarget()
    report = _export(world, target)
    world.catch_up()
    again = InMemoryTarget()
    redeliver(report.batch, world.invoices, world.views["register"], again, MAPPING)
    assert again.delivered[report.batch] == target.delivered[report.batch]


def test_when_the_target_refuses_the_batch_is_named_and_can_be_delivered_later(world, tmp_path):
    _approved(world, 7)
    world.catch_up()

    class Broken(InMemoryTarget):
        def deliver(self, batch, files):
            raise OSError("share not mounted")

    with pytest.raises(NotDelivered) as failed:
        export_approved(world.invoices, world.views["register"], Broken(), MAPPING, by="kasse")
    batch = str(failed.value).split()[1]
    world.catch_up()
    report = redeliver(batch, world.invoices, world.views["register"], FolderTarget(tmp_path), MAPPING)
    assert [path.name for path in tmp_path.iterdir()] == [report.files[0].name]
    with pytest.raises(TargetRefused):
        FolderTarget(tmp_path).deliver(batch, report.files)


def test_invoices_of_two_booking_months_go_into_one_file_each_never_across_fiscal_years(world):
    late, early = invoice(7), invoice(7, number="2025/00001", issue_date=invoice(7).issue_date.replace(year=2025))
    _approved_both = [world.approved(world.routed(world.accepted(item))) for item in (early, late)]
    report = _export(world)
    assert len(_approved_both) == 2
    months = sorted(item.name[-11:-4] for item in report.files)
    assert [month[:4] for month in months] == ["2025", "2026"]
    for item in report.files:
        header = read_extf(item.content).header
        year, month = item.name[-11:-7], item.name[-6:-4]
        assert header[12] == year + "0101" and header[14] == f"{year}{month}01"
        assert header[15][:6] == f"{year}{month}" and all(row["Belegdatum"][2:] == month
                                                         for row in read_extf(item.content).rows)


def test_batch_ids_carry_the_moment_of_the_export():
    at = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=timezone.utc)
    assert batch_id(at) == "20260302T093015250Z" and batch_time(batch_id(at)) == at
