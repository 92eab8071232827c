"""The view store contract, run against SQLite and PostgreSQL (a real server): rows, types, tracking, search."""

import random
from contextlib import contextmanager
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
def open_view(request, tmp_path):
    """Opens a view of some tables on the backend of the test (closed at its end)."""
    closing = []

    def open_(tables: tuple[Table, ...], name: str):
        if request.param == "sqlite":
            from projections.sqlite import SQLiteView

            store = SQLiteView.open(tmp_path / f"{name}.sqlite", tables=tables, application_name=APP)
            closing.append(store)
            return store
        from eventsourcing.postgres import PostgresDatastore

        from projections.postgres import PostgresView

        env = request.getfixturevalue("postgres_env")
        datastore = PostgresDatastore(env["POSTGRES_DBNAME"], env["POSTGRES_HOST"], env["POSTGRES_PORT"],
                                      env["POSTGRES_USER"], env["POSTGRES_PASSWORD"])
        store = PostgresView(datastore, tables=tables, application_name=APP, prefix=f"view_{name}")
        store.create_table()
        closing.append(datastore)
        return store

    yield open_
    for opened in closing:
        opened.close()


@pytest.fixture
def view(open_view):
    return open_view((THINGS,), "things")


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


# --- what a save writes: unchanged rows left alone, a per-case row updated in place --------------------------

ONES = Table("ones", columns(
    ("case_id", "uuid"), ("status", "text"), ("amount", "money"), ("at", "timestamp"), ("name", "text"),
    ("search_text", "text"),
), indexes=(("status", "case_id"),), search="search_text",
    summaries=(Summary("ones_by_status", ("status",), ("amount",)),))


@pytest.fixture
def both(open_view):
    return open_view((THINGS, ONES), "both")


class Recording:
    """A cursor that notes every statement it is given (the SQL text, upper-cased, spaces collapsed)."""

    def __init__(self, cursor, issued: list[str]):
        self._cursor, self._issued = cursor, issued

    def execute(self, *args, **kwargs):
        self._note(args[0] if args else kwargs["query"])
        return self._cursor.execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):
        self._note(args[0] if args else kwargs["query"])
        return self._cursor.executemany(*args, **kwargs)

    def _note(self, statement) -> None:
        text = statement if isinstance(statement, str) else getattr(statement, "as_string", lambda _: str(statement))(
            self._cursor)
        self._issued.append(" ".join(text.split()).upper())

    def __getattr__(self, name):
        return getattr(self._cursor, name)


def recorded(view) -> list[str]:
    """The statements the view issues from now on that write a table of its own (not its position)."""
    issued: list[str] = []
    original = view._transaction

    @contextmanager
    def transaction(*, commit: bool):
        with original(commit=commit) as cursor:
            yield Recording(cursor, issued)

    view._transaction = transaction
    return issued


def writes(issued: list[str], view) -> list[str]:
    tables = [view._qualified(name).upper() for name in ("things", "ones", "ones_by_status", "things_by_day")]
    return [statement for statement in issued if statement.startswith(("INSERT", "UPDATE", "DELETE"))
            and any(f" {table} " in f"{statement} " for table in tables)]


def one(status="routed", name="Müller Bau GmbH", amount="10.00") -> dict:
    return {"status": status, "amount": Decimal(amount), "at": datetime(2026, 3, 2, 9, 15, tzinfo=timezone.utc),
            "name": name, "search_text": search_text(name)}


def both_case(*things: dict, ones: tuple[dict, ...] = (), case_id=None) -> CaseRows:
    rows_of = CaseRows(case_id or uuid4(), {"things": [], "ones": []})
    rows_of.replace("things", things)
    rows_of.replace("ones", ones)
    return rows_of


def test_rows_that_did_not_change_are_not_written_again(both):
    saved = both_case(thing(1), thing(2), ones=(one(),))
    both.save([saved], Tracking(APP, 1), expected=0)
    issued = recorded(both)
    both.save([saved], Tracking(APP, 2), expected=1)  # as saved: the store's record says so
    loaded = both.load([saved.case_id])[saved.case_id]
    both.save([loaded], Tracking(APP, 3), expected=2)  # as loaded
    assert writes(issued, both) == []
    assert both.position() == 3
    assert both.snapshot()[1]["ones"] == [{**one(), "case_id": saved.case_id}]


def test_a_changed_row_of_a_per_case_table_is_updated_in_place_and_search_and_summaries_follow(both):
    saved = both_case(thing(1), ones=(one(),))
    other = both_case(ones=(one(name="Schulz"),))
    both.save([saved, other], Tracking(APP, 1), expected=0)
    issued = recorded(both)
    saved.one("ones")["status"] = "approved"
    both.save([saved, other], Tracking(APP, 2), expected=1)
    ones = both._qualified("ones").upper()
    assert [statement for statement in writes(issued, both) if f" {ones} " in f"{statement} "] == [
        f"UPDATE {ones} SET STATUS = {both.placeholder.upper()} WHERE CASE_ID = {both.placeholder.upper()}"]
    assert [row["status"] for row in both.load([saved.case_id])[saved.case_id].all("ones")] == ["approved"]
    assert {row["status"]: (row["rows"], row["amount"]) for row in both.summary("ones_by_status")} == {
        "approved": (1, Decimal("10.00")), "routed": (1, Decimal("10.00"))}
    assert [row["name"] for row in both.search("ones", "müll")] == ["Müller Bau GmbH"]
    saved.put("ones", one(status="approved", name="Keller"))  # the searched column changes too
    both.save([saved], Tracking(APP, 3), expected=2)
    assert both.search("ones", "müll") == []
    assert [row["name"] for row in both.search("ones", "kell")] == ["Keller"]


def recount(view) -> tuple[dict, dict]:
    """Both summaries as counted afresh from the rows: (ones by status, things by day and flag)."""
    by_status: dict = {}
    for row in view.rows("ones"):
        rows, amount = by_status.get(row["status"], (0, Decimal(0)))
        by_status[row["status"]] = (rows + 1, amount + row["amount"])
    by_day: dict = {}
    for row in view.rows("things"):
        rows, amount, n = by_day.get((row["day"], row["flag"]), (0, Decimal(0), 0))
        by_day[(row["day"], row["flag"])] = (rows + 1, amount + row["amount"], n + row["n"])
    return by_status, by_day


def test_summaries_stay_equal_to_the_rows_through_saves_of_every_kind(both):
    """Cases saved as last saved, as loaded, and without a record (new `CaseRows`); rows changed, added, removed;
    a save that fails in between: the summaries always equal a fresh count."""
    chance = random.Random(7)
    cases = [both_case(case_id=uuid4()) for _ in range(8)]
    position = 0
    for round_ in range(60):
        touched = chance.sample(range(len(cases)), 3)
        for index in touched:
            kind = chance.random()
            if kind < 0.2:
                cases[index] = both.load([cases[index].case_id])[cases[index].case_id]
            elif kind < 0.3:
                cases[index].written = {}  # no record: what is stored is read back
            rows_of = cases[index]
            change = chance.random()
            if change < 0.4:
                rows_of.put("ones", one(status=chance.choice(("routed", "approved", "paid")),
                                        amount=str(chance.randint(0, 500)), name=chance.choice(("A GmbH", "B AG"))))
            elif change < 0.5:
                rows_of.drop("ones")
            elif change < 0.8:
                rows_of.replace("things", [thing(n, flag=chance.random() < 0.5, amount=Decimal(chance.randint(1, 9)),
                                                 day=chance.choice((None, date(2026, 3, 1), date(2026, 3, 2))))
                                           for n in range(chance.randint(0, 3))])
        if round_ % 10 == 5:
            with pytest.raises(PersistenceError):  # the same key twice: nothing of this save may stay
                broken = both_case(thing(1), thing(1), case_id=cases[touched[0]].case_id)
                both.save([cases[touched[1]], broken], Tracking(APP, position + 1), expected=position)
            cases[touched[1]] = both.load([cases[touched[1]].case_id])[cases[touched[1]].case_id]
            cases[touched[0]] = both.load([cases[touched[0]].case_id])[cases[touched[0]].case_id]
            continue
        both.save([cases[index] for index in touched], Tracking(APP, position + 1), expected=position)
        position += 1
        by_status, by_day = recount(both)
        assert {row["status"]: (row["rows"], row["amount"]) for row in both.summary("ones_by_status")} == by_status
        assert {(row["day"], row["flag"]): (row["rows"], row["amount"], row["n"])
                for row in both.summary("things_by_day")} == by_day
