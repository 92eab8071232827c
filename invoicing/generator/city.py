"""The buyer: the Stadt Eichenbrück, an invented city of about 90,000 inhabitants in Baden-Württemberg.

Each organisational unit ("Amt") has its own Leitweg-ID: the coarse address is the city's
municipality key (Land 08), the fine address the unit's routing code. Invoices may also go to
the central invoice inbox, whose Leitweg-ID has no fine address.
"""

from __future__ import annotations

from dataclasses import dataclass

from invoicing.generator.checksums import german_iban
from invoicing.leitweg import make_leitweg_id

CITY_NAME = "Stadt Eichenbrück"
CITY = "Eichenbrück"
POST_CODE = "74999"
COARSE_ADDRESS = "08125999"
DOMAIN = "eichenbrueck.de"
TELEPHONE_PREFIX = "+49 7199 806-"
CENTRAL_LEITWEG_ID = make_leitweg_id(COARSE_ADDRESS)
"""The central invoice inbox (Zentraler Rechnungseingang, Kämmerei)."""

CITY_IBAN = german_iban("62051990", "0000407711")
CITY_BIC = "SOLADES1ECB"
CITY_ACCOUNT_NAME = "Stadtkasse Eichenbrück"


@dataclass(frozen=True)
class Site:
    """A building of the city where goods are delivered or services performed (BG-13 / BG-15)."""

    name: str
    street: str


@dataclass(frozen=True)
class Unit:
    """An organisational unit of the city that orders and receives invoices."""

    key: str
    name: str
    number: str
    fine_address: str
    street: str
    clerk: str
    extension: str
    sites: tuple[Site, ...] = ()
    building: str | None = None

    @property
    def leitweg_id(self) -> str:
        """The unit's Leitweg-ID (BT-10), check digits included."""
        return make_leitweg_id(COARSE_ADDRESS, self.fine_address)

    @property
    def email(self) -> str:
        """The unit's functional mailbox."""
        return f"{self.key}@{DOMAIN}"

    @property
    def telephone(self) -> str:
        """The clerk's direct line."""
        return TELEPHONE_PREFIX + self.extension


_SCHOOLS = (
    Site("Grundschule am Lindenplatz", "Lindenplatz 4"),
    Site("Friedrich-Schiller-Gymnasium", "Schillerstraße 30"),
    Site("Realschule Eichenbrück", "Seestraße 12"),
    Site("Gemeinschaftsschule Am Mühlbach", "Mühlbachweg 7"),
)
_BUILDINGS = (
    Site("Rathaus", "Marktplatz 1"),
    Site("Technisches Rathaus", "Bahnhofstraße 12"),
    Site("Sporthalle Nord", "Sportplatzweg 2"),
    Site("Kita Sonnenschein", "Rosenstraße 19"),
    Site("Stadthalle Eichenbrück", "Am Stadtpark 1"),
)

UNITS: dict[str, Unit] = {unit.key: unit for unit in (
    Unit("hauptamt", "Haupt- und Personalamt", "10", "1000", "Marktplatz 1", "Sabine Roth", "110",
         sites=(_BUILDINGS[0],), building="Rathaus"),
    Unit("feuerwehr", "Feuerwehr Eichenbrück", "37", "3700", "Florianstraße 8", "Markus Engel", "370",
         sites=(Site("Feuerwache Eichenbrück", "Florianstraße 8"),)),
    Unit("schulen", "Schulverwaltungsamt", "40", "4000", "Schillerstraße 5", "Katrin Vogel", "400", sites=_SCHOOLS),
    Unit("bibliothek", "Stadtbibliothek", "41", "4110", "Kirchgasse 3", "Jana Lorenz", "411",
         sites=(Site("Stadtbibliothek Eichenbrück", "Kirchgasse 3"),)),
    Unit("jugend", "Amt für Jugend und Familie", "51", "5100", "Marktplatz 1", "Tobias Hahn", "510",
         sites=(_BUILDINGS[3],), building="Rathaus"),
    Unit("gebaeude", "Gebäudemanagement", "65", "GM65", "Bahnhofstraße 12", "Florian Kaiser", "650",
         sites=_BUILDINGS, building="Technisches Rathaus"),
    Unit("tiefbau", "Tiefbauamt", "66", "6600", "Bahnhofstraße 12", "Claudia Winter", "660",
         building="Technisches Rathaus"),
    Unit("gruen", "Grünflächen- und Friedhofsamt", "67", "6700", "Friedhofstraße 20", "Stefan Graf", "670"),
)}
