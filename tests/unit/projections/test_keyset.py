"""Keyset statements: the order an index serves, empty sort values last, forwards and backwards from a cursor."""

from datetime import date

from projections.keyset import segments


def test_the_first_page_reads_the_valued_rows_then_the_empty_ones():
    valued, empty = segments("due", ("case_id",), descending=False, cursor=None)
    assert (valued.clauses, valued.order_by) == (("due IS NOT NULL",), "due ASC, case_id ASC")
    assert (empty.clauses, empty.order_by) == (("due IS NULL",), "case_id ASC")


def test_a_cursor_among_the_valued_rows_continues_with_a_row_value_comparison():
    valued, empty = segments("due", ("case_id",), descending=True, cursor=[date(2026, 3, 2), "c"])
    assert valued.clauses == ("due IS NOT NULL", "(due, case_id) < (?, ?)") and valued.params == (date(2026, 3, 2), "c")
    assert empty.params == () and empty.order_by == "case_id DESC"


def test_a_cursor_among_the_empty_rows_reads_only_those():
    [empty] = segments("due", ("case_id",), descending=False, cursor=[None, "c"])
    assert empty.clauses == ("due IS NULL", "(case_id) > (?)") and empty.params == ("c",)


def test_reading_backwards_turns_the_order_round_and_reaches_the_valued_rows_last():
    empty, valued = segments("due", ("case_id",), descending=False, cursor=[None, "c"], backwards=True)
    assert empty.clauses == ("due IS NULL", "(case_id) < (?)") and empty.order_by == "case_id DESC"
    assert valued.clauses == ("due IS NOT NULL",) and valued.order_by == "due DESC, case_id DESC"


def test_a_key_column_is_never_empty_so_it_needs_one_statement():
    [only] = segments("case_id", ("case_id", "tier"), descending=False, cursor=["c", 2])
    assert only.clauses == ("(case_id, tier) > (?, ?)",) and only.order_by == "case_id ASC, tier ASC"
