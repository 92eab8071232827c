"""The view store contract, run against SQLite and PostgreSQL (a real server): rows, types, tracking, search."""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import uuid4

import pytest
from eventsourcing.persistence import IntegrityError, PersistenceError, Tracking

from projections.schema import Summary, Table, columns
from projections.store import CaseRows, search_text

THINGS = Table("things", columns(
    ("case_id", "uuid"), ("n", "int"), ("amount", "money"), ("day", "date"), ("at", "timestamp"), ("flag", "bool"),
    ("data", "json"), ("name", "text"), ("search_text", "text"),
), key=("case_id", "n"), indexes=(("day",), ("day", "case_id", "n")), search="search_text",
    summaries=(Summary("things_by_day", ("day", "flag"), ("amount", "n")),))
APP = "Invoices"


@pytest.fixture(params=("sqlite", "postgres"))
def view(request, tmp_path):
    if request.param == "sqlite":
        from projections.sqlite import SQLiteView

        store = SQLiteView.open(tmp_path / "things.sqlite", tables=(THINGS,), application_name=APP)
        yield store
        store.close()
    else:
        from eventsourcing.postgres import PostgresDatastore

        from projections.postgres import PostgresView

        env = request.getfixturevalue("postgres_env")
        datastore = PostgresDatastore(env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"],
                                      env["POSTGRES_USER"], env["POSTGRES_PASSWORD"])
        store = PostgresView(datastore, tables=(THINGS,), application_name=APP, prefix="view_things")
        store.create_table()
        yield store
        datastore.close()


def thing(n: int = 1, **values) -> dict:
    name = values.pop("name", "Müller Bau GmbH")
    return {"n": n, "amount": Decimal("1234.56"), "day": date(2026, 3, 2),
            "at": datetime(2026, 3, 2, 9, 15, 30, 123456, tzinfo=timezone.utc), "flag": True,
            "data": {"steps": [1, 2]}, "name": name, "search_text": search_text(name, "RE-2026-0042"), **values}


def case(*rows: dict, case_id=None) -> CaseRows:
    rows_of = CaseRows(case_id or uuid4(), {"things": []})
    rows_of.replace("things", rows)
    return rows_of


def test_rows_come_back_with_their_types_amounts_exact_and_times_in_utc(view):
    berlin = timezone(timedelta(hours=1))
    saved = case(thing(1, amount=Decimal("0.10"), at=datetime(2026, 3, 2, 10, 15, tzinfo=berlin)),
                 thing(2, amount=Decimal("-99999999.99"), flag=False, data=None))
    view.save([saved], Tracking(APP, 1))
    loaded = view.load([saved.case_id])[saved.case_id].all("things")
    assert [row["amount"] for row in loaded] == [Decimal("0.10"), Decimal("-99999999.99")]
    assert loaded[0]["at"] == datetime(2026, 3, 2, 9, 15, tzinfo=timezone.utc)
    assert loaded[0]["at"].utcoffset() == timedelta(0)
    assert (loaded[0]["day"], loaded[0]["flag"], loaded[0]["data"]) == (date(2026, 3, 2), True, {"steps": [1, 2]})
    assert (loaded[1]["flag"], loaded[1]["data"], loaded[1]["case_id"]) == (False, None, saved.case_id)


def test_saving_replaces_the_cases_rows_and_moves_the_position_together(view):
    first = case(thing(1), thing(2))
    view.save([first], Tracking(APP, 5), expected=0)
    view.save([case(thing(3), case_id=first.case_id)], Tracking(APP, 9), expected=5)
    assert [row["n"] for row in view.rows("things")] == [3]
    assert view.position() == 9


def test_a_save_from_a_stale_position_writes_nothing(view):
    view.save([case(thing(1))], Tracking(APP, 5), expected=0)
    before = view.snapshot()
    with pytest.raises(IntegrityError):
        view.save([case(thing(7))], Tracking(APP, 6), expected=3)
    with pytest.raises(IntegrityError):
        view.save([case(thing(7))], Tracking(APP, 5), expected=5)  # a position must move forward
    assert view.snapshot() == before


def test_a_save_that_fails_halfway_leaves_rows_and_position_as_they_were(view):
    view.save([case(thing(1))], Tracking(APP, 5))
    before = view.snapshot()
    with pytest.raises(PersistenceError):
        view.save([case(thing(1), thing(1))], Tracking(APP, 6))  # the same key twice
    assert view.snapshot() == before


def test_select_by_values_lists_and_nulls_in_order_and_limited(view):
    view.save([case(thing(n, day=date(2026, 3, n), name=None if n == 3 else f"n{n}")) for n in (1, 2, 3, 4)],
              Tracking(APP, 1))
    assert [row["n"] for row in view.select("things", where={"day": [date(2026, 3, 2), date(2026, 3, 4)]},
                                            order_by=("n",))] == [2, 4]
    assert [row["n"] for row in view.select("things", where={"name": None})] == [3]
    assert [row["n"] for row in view.select("things", order_by=("n DESC",), limit=2)] == [4, 3]
    assert view.select("things", where={"n": []}) == []


def test_sql_sums_of_amounts_are_exact(view):
    view.save([case(thing(n, amount=Decimal("0.10"))) for n in range(10)], Tracking(APP, 1))
    [row] = view.fetch("SELECT SUM(amount) AS total, COUNT(*) AS things FROM {things} WHERE day >= ?",
                       [date(2026, 1, 1)], types={"total": "money"})
    assert (row["total"], row["things"]) == (Decimal("1.00"), 10)


@pytest.mark.parametrize("text, found", [
    ("müller", {"müller"}), ("MÜLLER", {"müller"}), ("üll", {"müller"}), ("bau 0042", {"müller"}),
    ("re-2026", {"müller", "schulz"}), ("42", {"müller"}), ("z", {"schulz"}), ("schulz müller", set()),
    ("50% off", set()), ("", {"müller", "schulz"}),
])
def test_search_finds_every_word_as_a_case_insensitive_fragment(view, text, found):
    view.save([case(thing(1, name="Müller Bau GmbH")),
               case(thing(1, name="Schulz", search_text=search_text("Schulz", "RE-2026-0077")))], Tracking(APP, 1))
    assert {row["name"].split()[0].lower() for row in view.search("things", text)} == found


def test_search_keeps_up_with_replaced_rows_and_honours_filters(view):
    saved = case(thing(1, name="Müller Bau GmbH"))
    view.save([saved], Tracking(APP, 1))
    view.save([case(thing(1, name="Keller", search_text=search_text("Keller")), case_id=saved.case_id)],
              Tracking(APP, 2))
    assert view.search("things", "müller") == []
    assert [row["name"] for row in view.search("things", "kel", where={"flag": True})] == ["Keller"]
    assert view.search("things", "kel", where={"flag": False}) == []


def test_reset_drops_rows_and_position(view):
    view.save([case(thing(1))], Tracking(APP, 7))
    view.reset()
    assert view.snapshot() == (0, {"things": [], "things_by_day": []})
    assert view.search("things", "müller") == []
    view.save([case(thing(1))], Tracking(APP, 1), expected=0)
    assert view.position() == 1


def by_day(view) -> dict:
    return {(row["day"], row["flag"]): (row["rows"], row["amount"], row["n"]) for row in view.summary("things_by_day")}


def test_summaries_add_what_a_save_writes_and_take_away_what_it_replaces(view):
    first, second = uuid4(), uuid4()
    view.save([case(thing(1), thing(2, amount=Decimal("0.01")), case_id=first),
               case(thing(3, day=None), case_id=second)], Tracking(APP, 1))
    assert by_day(view) == {(date(2026, 3, 2), True): (2, Decimal("1234.57"), 3), (None, True): (1, Decimal("1234.56"), 3)}
    view.save([case(thing(1, flag=False), case_id=first)], Tracking(APP, 2))  # replaced: one row, another group
    assert by_day(view) == {(date(2026, 3, 2), False): (1, Decimal("1234.56"), 1), (None, True): (1, Decimal("1234.56"), 3)}
    view.save([case(case_id=second)], Tracking(APP, 3))  # all rows of a case removed: its group goes
    assert by_day(view) == {(date(2026, 3, 2), False): (1, Decimal("1234.56"), 1)}
    assert [row["rows"] for row in view.summary("things_by_day", where={"flag": True})] == []
    assert view.count("things") == (1, True) and view.count("things", where={"day": None}) == (0, True)


def test_a_failed_save_changes_no_summary(view):
    view.save([case(thing(1))], Tracking(APP, 1))
    with pytest.raises(PersistenceError):
        view.save([case(thing(1), thing(1))], Tracking(APP, 2))
    assert by_day(view) == {(date(2026, 3, 2), True): (1, Decimal("1234.56"), 1)}


def walk(view, *, descending=False, size=3, **filters):
    """Every row, page by page forward, then back again from the end: (forward n's, backward n's)."""
    forward, after, pages = [], None, []
    while True:
        rows, more = view.page("things", sort="day", descending=descending, after=after, size=size, **filters)
        pages.append(rows)
        forward += [row["n"] for row in rows]
        if not more:
            break
        after = [rows[-1][c] for c in ("day", "case_id", "n")]
    backward, before = [], [pages[-1][0][c] for c in ("day", "case_id", "n")] if pages[-1] else None
    while before is not None:
        rows, more = view.page("things", sort="day", descending=descending, before=before, size=size, **filters)
        assert rows == pages[len(pages) - 2 - len(backward) // size][-len(rows):] or not more
        backward = [row["n"] for row in rows] + backward
        before = [rows[0][c] for c in ("day", "case_id", "n")] if more else None
    return forward, backward + [row["n"] for row in pages[-1]]


def test_pages_walk_every_row_once_in_order_with_empty_values_last_both_ways(view):
    days = {1: date(2026, 3, 5), 2: None, 3: date(2026, 3, 1), 4: date(2026, 3, 5), 5: None, 6: date(2026, 3, 9),
            7: date(2026, 3, 1)}
    saved = [case(thing(n, day=day, flag=n % 2 == 1)) for n, day in days.items()]
    view.save(saved, Tracking(APP, 1))
    ids = {case_rows.tables["things"][0]["n"]: case_rows.case_id for case_rows in saved}
    valued = sorted((n for n in days if days[n]), key=lambda n: (days[n], ids[n]))
    empty = sorted((n for n in days if not days[n]), key=lambda n: ids[n])
    assert walk(view) == (valued + empty, valued + empty)
    descending = sorted((n for n in days if days[n]), key=lambda n: (days[n], ids[n]), reverse=True)
    assert walk(view, descending=True, size=2) == (descending + empty[::-1], descending + empty[::-1])
    odd = [n for n in valued + empty if n % 2 == 1]
    assert walk(view, where={"flag": True}, size=2)[0] == odd
    assert walk(view, ranges=[("day", ">=", date(2026, 3, 5))])[0] == [n for n in valued if days[n] >= date(2026, 3, 5)]
    assert walk(view, search="müller", size=10)[0] == valued + empty
    assert walk(view, search="nobody")[0] == []


def test_counts_come_exact_from_a_summary_and_otherwise_up_to_a_cap(view):
    view.save([case(thing(n, flag=n < 3, day=date(2026, 3, n))) for n in range(1, 8)], Tracking(APP, 1))
    assert view.count("things") == (7, True)
    assert view.count("things", where={"flag": True}) == (2, True)
    assert view.count("things", ranges=[("day", "<", date(2026, 3, 4))]) == (3, True)
    assert view.count("things", where={"name": "Müller Bau GmbH"}, cap=5) == (5, False)  # no summary: capped
    assert view.count("things", search="müller", cap=10) == (7, True)


def test_a_view_stored_in_another_shape_is_not_current(view):
    assert view.schema_current()
    view.save([case(thing(1))], Tracking(APP, 1))
    assert view.schema_current()
    with view.datastore.transaction(commit=True) as cursor:
        cursor.execute(f"ALTER TABLE {view._qualified('things')} ADD COLUMN extra TEXT")
    assert not view.schema_current()
