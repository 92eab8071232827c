"""The read models, and where their views live for given settings (`open_views`, a factory the composition root calls).

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
| `certifications` | `CertificationTrail` | certifications, subjects |

SQLite: `<data dir>/views/<name>.sqlite` (a scratch copy: `<name>.<prefix>.sqlite`); PostgreSQL:
tables `<prefix>_<name>_<table>` (prefix `view`, or `check` for the scratch copies of the
consistency check), in the application's database; in memory: SQLite in-memory databases.
Every view is built from the events alone (the invoice facts are recorded in them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from invoicing.config import Settings
from projections.base import ReadModel
from projections.certifications import CertificationTrail
from projections.cycle_times import CycleTimes
from projections.discounts import DiscountCalendar
from projections.inbox import ApprovalInbox
from projections.open_items import OpenItems
from projections.register import InvoiceRegister
from projections.rejections import RejectionStatistics
from projections.store import View
from projections.suppliers import SupplierLedger
from projections.vat import VatReport

READ_MODELS: tuple[type[ReadModel], ...] = (InvoiceRegister, ApprovalInbox, OpenItems, DiscountCalendar, VatReport,
                                            SupplierLedger, RejectionStatistics, CycleTimes, CertificationTrail)
NAMES = tuple(model.name for model in READ_MODELS)


class UnknownView(LookupError):
    """A view name that is not in the catalogue."""


@dataclass
class Views:
    """Read models with their views, for one application."""

    models: dict[str, ReadModel]
    _closers: list = field(default_factory=list)

    def __getitem__(self, name: str) -> ReadModel:
        return self.models[name]

    def __iter__(self) -> Iterator[ReadModel]:
        return iter(self.models.values())

    def create_tables(self) -> None:
        """Create every missing table (safe to repeat); a view stored in an older shape, or left with rows but no
        position by a rebuild that stopped half-way, is dropped, to be rebuilt from the log."""
        for model in self:
            if not model.view.schema_current():
                model.view.reset()
                model.forget()
            model.view.create_table()
            if model.view.is_stale():
                model.view.reset()
                model.forget()

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
               create: bool = True) -> Views:
    """The views of `invoices` (an `Invoices` application) where `settings` keep the data."""
    models = [model for model in READ_MODELS if model.name in chosen(names)]
    application_name = invoices.name
    closers = []
    views: dict[str, View]
    if settings.persistence == "postgres":
        from eventsourcing.postgres import PostgresDatastore

        from projections.postgres import PostgresView

        pg = settings.postgres
        datastore = PostgresDatastore(pg.dbname, pg.host, pg.port, pg.user, pg.password, schema=pg.schema,
                                      pool_size=2, max_overflow=6, connect_timeout=10)
        closers.append(datastore.close)
        views = {model.name: PostgresView(datastore, tables=model.tables, application_name=application_name,
                                          prefix=f"{prefix}_{model.name.replace('-', '_')}") for model in models}
    else:
        from projections.sqlite import SQLiteView

        folder = settings.data_dir / "views" if settings.persistence == "sqlite" else None
        suffix = "" if prefix == "view" else f".{prefix}"
        files = {model.name: SQLiteView.open(folder / f"{model.name}{suffix}.sqlite" if folder else None,
                                             tables=model.tables, application_name=application_name, create=False)
                 for model in models}
        closers += [view.close for view in files.values()]
        views = dict(files)
    result = Views({model.name: model(views[model.name]) for model in models}, closers)
    if create:
        result.create_tables()
    return result
