"""Counting a list's matches: a first page that holds them all is its own count; a count stops at the cap."""

from decimal import Decimal
from uuid import uuid4

import pytest
from eventsourcing.persistence import Tracking

from projections import paging
from projections.paging import Listing, every_row, read_page
from projections.schema import Table, columns
from projections.sqlite import SQLiteView
from projections.store import CaseRows, search_text

THINGS = Table("things", columns(("case_id", "uuid"), ("amount", "money"), ("search_text", "text")),
               key=("case_id",), search="search_text")
LIST = Listing("things", "things", ("amount", "case_id"), searchable=True)


class Counted(SQLiteView):
    """A SQLite view that remembers how often it was asked to count."""

    counts = 0

    def count(self, *args, **kwargs):
        type(self).counts += 1
        return super().count(*args, **kwargs)


@pytest.fixture
def view(tmp_path):
    store = Counted.open(tmp_path / "things.sqlite", tables=(THINGS,), application_name="Invoices")
    saved = []
    for n in range(12):
        rows = CaseRows(uuid4(), {"things": []})
        rows.replace("things", [{"amount": Decimal(n), "search_text": search_text("Müller" if n < 9 else "Schmidt")}])
        saved.append(rows)
    store.save(saved, Tracking("Invoices", 1))
    Counted.counts = 0
    yield store
    store.close()


def test_a_first_page_holding_every_match_is_counted_without_asking_the_store(view):
    page = read_page(view, LIST, search="schmidt", size=5)
    assert (len(page.rows), page.total, page.exact, Counted.counts) == (3, 3, True, 0)
    page = read_page(view, LIST, search="müller", size=5)  # more than a page: counted
    assert (len(page.rows), page.total, page.exact, Counted.counts) == (5, 9, True, 1)


def test_a_count_beyond_the_cap_says_more_than(view, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_CAP", 4)
    page = read_page(view, LIST, search="müller", size=2)
    assert (page.total, page.exact) == (4, False)


def test_reading_every_row_counts_nothing(view):
    assert len(list(every_row(view, LIST, search="müller"))) == 9 and Counted.counts == 0


def test_sqlite_counts_a_common_word_through_its_index_and_pages_it_in_list_order(view, monkeypatch):
    from projections import sqlite

    monkeypatch.setattr(sqlite, "DENSE", 5)  # "müller" is in 9 rows: a common word here
    spec = view.table("things")
    paged, _ = view._conditions(spec, None, (), "müller")
    counted, _ = view._conditions(spec, None, (), "müller", ordered=False)
    assert "LIKE" in paged[0] and "MATCH" in counted[0]
    assert view.count("things", search="müller", cap=100) == (9, True)
    assert read_page(view, LIST, search="müller", size=4).total == 9
