"""The read models, and where their views live for given settings (the projections' composition root).

| name          | read model            | tables                    |
|---------------|-----------------------|---------------------------|
| `register`    | `InvoiceRegister`     | invoices (+ search index) |
| `inbox`       | `ApprovalInbox`       | inbox                     |
| `open-items`  | `OpenItems`           | open_items                |
| `discounts`   | `DiscountCalendar`    | discounts                 |
| `vat`         | `VatReport`           | vat_lines                 |
| `suppliers`   | `SupplierLedger`      | ledger                    |
| `rejections`  | `RejectionStatistics` | submissions, rejections   |
| `cycle-times` | `CycleTimes`          | cycles                    |

SQLite: `<data dir>/views/<name>.sqlite` (a scratch copy: `<name>.<prefix>.sqlite`) and
`views/facts.sqlite`; PostgreSQL: tables `<prefix>_<name>_<table>` (prefix `view`, or `check`
for the scratch copies of the consistency check) and `view_facts`, in the application's database;
in memory: SQLite in-memory databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from invoicing.config import Settings
from projections.base import ReadModel
from projections.cycle_times import CycleTimes
from projections.discounts import DiscountCalendar
from projections.facts import FactsCache, FactsSource
from projections.inbox import ApprovalInbox
from projections.open_items import OpenItems
from projections.register import InvoiceRegister
from projections.rejections import RejectionStatistics
from projections.suppliers import SupplierLedger
from projections.vat import VatReport

READ_MODELS: tuple[type[ReadModel], ...] = (InvoiceRegister, ApprovalInbox, OpenItems, DiscountCalendar, VatReport,
                                            SupplierLedger, RejectionStatistics, CycleTimes)
NAMES = tuple(model.name for model in READ_MODELS)


class UnknownView(LookupError):
    """A view name that is not in the catalogue."""


@dataclass
class Views:
    """Read models with their views, the facts cache and its source, for one application."""

    models: dict[str, ReadModel]
    facts: FactsCache
    source: FactsSource
    _closers: list = field(default_factory=list)

    def __getitem__(self, name: str) -> ReadModel:
        return self.models[name]

    def __iter__(self) -> Iterator[ReadModel]:
        return iter(self.models.values())

    def create_tables(self) -> None:
        """Create every missing table (safe to repeat)."""
        self.facts.create_table()
        for model in self:
            model.view.create_table()

    def close(self) -> None:
        for close in self._closers:
            close()


def chosen(names: Iterable[str] | None) -> tuple[str, ...]:
    """The view names asked for (all when none), in catalogue order; raises `UnknownView`."""
    names = tuple(names or ())
    unknown = [name for name in names if name not in NAMES]
    if unknown:
        raise UnknownView(f"There is no view {', '.join(map(repr, unknown))}; the views are {', '.join(NAMES)}.")
    return tuple(name for name in NAMES if not names or name in names)


def open_views(settings: Settings, invoices, *, names: Iterable[str] | None = None, prefix: str = "view",
               create: bool = True, facts: FactsCache | None = None) -> Views:
    """The views of `invoices` (an `Invoices` application) where `settings` keep the data."""
    models = [model for model in READ_MODELS if model.name in chosen(names)]
    application_name = invoices.name
    closers = []
    if settings.persistence == "postgres":
        from eventsourcing.postgres import PostgresDatastore

        from projections.postgres import PostgresFactsCache, PostgresView

        pg = settings.postgres
        datastore = PostgresDatastore(pg.dbname, pg.host, pg.port, pg.user, pg.password, schema=pg.schema,
                                      pool_size=2, max_overflow=6, connect_timeout=10)
        closers.append(datastore.close)
        facts = facts or PostgresFactsCache(datastore)
        views = {model.name: PostgresView(datastore, tables=model.tables, application_name=application_name,
                                          prefix=f"{prefix}_{model.name.replace('-', '_')}") for model in models}
    else:
        from projections.sqlite import SQLiteFactsCache, SQLiteView

        folder = settings.data_dir / "views" if settings.persistence == "sqlite" else None
        suffix = "" if prefix == "view" else f".{prefix}"
        if facts is None:
            facts = SQLiteFactsCache(folder / "facts.sqlite" if folder else None)
            closers.append(facts.close)
        views = {model.name: SQLiteView.open(folder / f"{model.name}{suffix}.sqlite" if folder else None,
                                             tables=model.tables, application_name=application_name, create=False)
                 for model in models}
        closers += [view.close for view in views.values()]
    source = FactsSource(invoices, facts)
    result = Views({model.name: model(views[model.name], source) for model in models}, facts, source, closers)
    if create:
        result.create_tables()
    return result
