"""What the city buys: trades of invented suppliers, each with its catalogue of invoice line items.

Prices and quantities are ranges; their decimals set the precision (a price range "0.2150"–"0.3290"
gives per-kWh prices with four decimals). VAT keys: S19 and S7 are standard-rated (category S),
Z is zero-rated (category Z, e.g. photovoltaics under § 12 (3) UStG), E is exempt (category E,
with the trade's exemption reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

VAT_RATES = {"S19": ("S", Decimal("19")), "S7": ("S", Decimal("7")), "Z": ("Z", Decimal("0")), "E": ("E", Decimal("0"))}
"""VAT key → (BT-151 category code, BT-152 rate)."""


@dataclass(frozen=True)
class Item:
    """A catalogue item: BT-153 name, BT-130 unit code, price and quantity ranges, VAT key."""

    name: str
    unit: str
    price: tuple[str, str]
    quantity: tuple[str, str, str] = ("1", "1", "1")
    vat: str = "S19"
    per: int = 1
    """BT-149 price base quantity: the price is per this many units."""
    periodic: bool = False
    """Billed for a period (month, year): the line gets an invoice line period (BG-26)."""
    book: bool = False
    """A book: gets a GTIN from the ISBN range (978…) and an ISBN classification."""


@dataclass(frozen=True)
class Trade:
    """A kind of supplier: name patterns, the city units it serves, its items and its habits."""

    key: str
    names: tuple[str, ...]
    legal_forms: tuple[str, ...]
    units: tuple[str, ...]
    items: tuple[Item, ...]
    exemption: tuple[str, str | None] | None = None
    """BT-120 and BT-121 for the trade's exempt (E) lines."""
    construction: bool = False
    """Builds under VOB/B: may send partial (875), partial final (876) and final (877) construction invoices."""
    services: bool = False
    """Bills services for a period (BG-14) rather than deliveries on a date (BT-72)."""
    direct_debit: bool = False
    """Usually collects by SEPA direct debit."""
    small_business: bool = False
    """Kleinunternehmer under § 19 UStG: no VAT on any line, no USt-IdNr."""
    cpv: str | None = None
    """A CPV code (public procurement vocabulary) for the trade's items, written as classification "STI"."""


_SMALL_BUSINESS = ("Gemäß § 19 UStG wird keine Umsatzsteuer berechnet (Kleinunternehmer).", None)

TRADES: tuple[Trade, ...] = (
    Trade("tiefbau", ("{surname} Straßen- und Tiefbau", "{surname} & {surname2} Bauunternehmung", "Tiefbau {surname}"),
          ("GmbH", "GmbH & Co. KG", "KG"), ("tiefbau",), (
        Item("Baustelleneinrichtung vorhalten und räumen", "LS", ("1500.00", "8500.00")),
        Item("Verkehrssicherung nach RSA 21, Arbeitsstelle kürzerer Dauer", "DAY", ("85.00", "240.00"), ("3", "40", "1")),
        Item("Asphaltdeckschicht AC 11 D S, 4 cm, einbauen", "MTK", ("14.20", "31.80"), ("50.0", "1800.0", "0.5")),
        Item("Asphalttragschicht AC 22 T S, 10 cm, einbauen", "MTK", ("18.40", "37.90"), ("50.0", "1200.0", "0.5")),
        Item("Frostschutzschicht 0/32, 30 cm, liefern und einbauen", "MTK", ("9.10", "18.80"), ("40.0", "900.0", "0.1")),
        Item("Hochbord 15/30 aus Beton setzen, inkl. Rückenstütze", "MTR", ("38.50", "71.90"), ("10.0", "400.0", "0.5")),
        Item("Boden Homogenbereich 2 lösen, laden und entsorgen", "MTQ", ("22.00", "48.00"), ("5.0", "600.0", "0.5")),
        Item("Straßenablauf 500/500 mit Aufsatz D 400 herstellen", "H87", ("480.00", "950.00"), ("1", "12", "1")),
        Item("Fahrbahnmarkierung Breitstrich 25 cm, Kaltplastik", "MTR", ("6.10", "13.90"), ("20", "800", "1")),
        Item("Stundenlohnarbeiten Facharbeiter", "HUR", ("52.00", "68.00"), ("2.0", "60.0", "0.5")),
        Item("Minibagger 3,5 t mit Fahrer", "HUR", ("75.00", "110.00"), ("1.0", "40.0", "0.5")),
    ), construction=True, cpv="45233220"),
    Trade("elektro", ("Elektro {surname}", "{surname} Elektrotechnik", "Elektro-{surname} & Söhne"),
          ("GmbH", "e.K.", "GmbH & Co. KG"), ("gebaeude", "schulen"), (
        Item("Elektroinstallation, Stunden Geselle", "HUR", ("58.00", "72.00"), ("1.0", "80.0", "0.5")),
        Item("Elektroinstallation, Stunden Meister", "HUR", ("72.00", "89.00"), ("1.0", "20.0", "0.5")),
        Item("Mantelleitung NYM-J 3x1,5 mm²", "MTR", ("89.00", "165.00"), ("25", "1500", "25"), per=100),
        Item("LED-Panel 62 x 62 cm, 36 W, 4000 K", "H87", ("48.00", "95.00"), ("2", "120", "1")),
        Item("Fehlerstromschutzschalter 40 A / 30 mA, 4-polig", "H87", ("38.00", "79.00"), ("1", "24", "1")),
        Item("Prüfung ortsveränderlicher Geräte nach DGUV V3", "H87", ("3.20", "6.50"), ("40", "600", "1")),
        Item("Kleinmaterial (Klemmen, Dübel, Schrauben)", "LS", ("12.00", "85.00")),
    ), construction=True, cpv="45310000"),
    Trade("photovoltaik", ("{place} Solar", "SolarTechnik {surname}", "Sonnenstrom {surname}"),
          ("GmbH", "GmbH & Co. KG"), ("gebaeude",), (
        Item("PV-Modul 430 Wp, monokristallin", "H87", ("110.00", "190.00"), ("10", "70", "1"), vat="Z"),
        Item("Wechselrichter 10 kW, dreiphasig", "H87", ("1200.00", "2400.00"), ("1", "3", "1"), vat="Z"),
        Item("Batteriespeicher 10 kWh", "H87", ("4200.00", "7800.00"), ("1", "2", "1"), vat="Z"),
        Item("Montagesystem Flachdach, je Modul", "H87", ("35.00", "65.00"), ("10", "70", "1"), vat="Z"),
        Item("Montage und Inbetriebnahme der PV-Anlage", "LS", ("1800.00", "6500.00"), vat="Z"),
        Item("Wartungsvertrag PV-Anlage, erstes Jahr", "ANN", ("280.00", "650.00"), periodic=True),
    ), cpv="09331200"),
    Trade("reinigung", ("{surname} Gebäudedienste", "Glanz & Sauber {place}", "{surname} Facility Services"),
          ("GmbH", "GmbH & Co. KG", "AG"), ("gebaeude", "schulen"), (
        Item("Unterhaltsreinigung gemäß Leistungsverzeichnis, monatliche Pauschale", "MON", ("1800.00", "9800.00"), periodic=True),
        Item("Glasreinigung beidseitig", "MTK", ("0.85", "2.40"), ("200", "1500", "1")),
        Item("Grundreinigung Sporthalle", "LS", ("650.00", "2400.00")),
        Item("Sonderreinigung nach Veranstaltung", "HUR", ("28.00", "38.00"), ("2.0", "40.0", "0.5")),
    ), services=True, cpv="90911200"),
    Trade("energie", ("{surname} Energiehandel", "Neckarstrom {surname}", "Regionalenergie {surname}"), ("GmbH", "AG"), ("gebaeude",), (
        Item("Arbeitspreis Strom", "KWH", ("0.2150", "0.3290"), ("2000", "95000", "1"), periodic=True),
        Item("Grundpreis Strom", "MON", ("9.50", "45.00"), ("1", "3", "1"), periodic=True),
        Item("Arbeitspreis Erdgas", "KWH", ("0.0890", "0.1390"), ("5000", "180000", "1"), periodic=True),
        Item("Messstellenbetrieb", "MON", ("8.30", "25.00"), ("1", "3", "1"), periodic=True),
    ), services=True, direct_debit=True, cpv="09310000"),
    Trade("buero", ("Bürobedarf {surname}", "Papierhaus {place}", "Office Partner {surname}"),
          ("GmbH", "e.K.", "KG"), ("hauptamt", "schulen", "jugend"), (
        Item("Kopierpapier DIN A4, 80 g/m², weiß, 500 Blatt", "XPK", ("3.20", "5.90"), ("10", "400", "5")),
        Item("Ordner DIN A4, 8 cm Rückenbreite, blau", "H87", ("1.80", "3.90"), ("10", "200", "10")),
        Item("Kugelschreiber blau, Packung à 50 Stück", "XPK", ("12.00", "25.00"), ("1", "20", "1")),
        Item("Tonerkartusche schwarz, 8.000 Seiten", "H87", ("45.00", "130.00"), ("1", "30", "1")),
        Item("Haftnotizen 76 x 76 mm, 12 Blöcke", "XPK", ("6.50", "14.00"), ("1", "40", "1")),
        Item("Briefumschläge DIN lang mit Fenster, 1.000 Stück", "XBX", ("14.00", "29.00"), ("1", "25", "1")),
        Item("Bleistift HB", "H87", ("18.00", "39.00"), ("50", "1000", "50"), per=100),
    ), cpv="30192000"),
    Trade("schulbuch", ("Schulbuchhandlung {surname}", "Buchhandlung am Markt {surname}", "Lehrmittel {surname}"),
          ("GmbH", "e.K.", "OHG"), ("schulen", "bibliothek"), (
        Item("Mathematik 5, Schülerbuch", "H87", ("18.50", "32.95"), ("10", "120", "1"), vat="S7", book=True),
        Item("Deutsch 7, Arbeitsheft", "H87", ("7.50", "14.95"), ("10", "120", "1"), vat="S7", book=True),
        Item("Englisch 6, Lehrerband", "H87", ("29.00", "54.00"), ("1", "8", "1"), vat="S7", book=True),
        Item("Schulatlas, Ausgabe Baden-Württemberg", "H87", ("24.95", "39.95"), ("5", "60", "1"), vat="S7", book=True),
        Item("Digitale Schulbuchlizenz, ein Schuljahr", "H87", ("3.50", "12.00"), ("10", "300", "1")),
    ), cpv="22112000"),
    Trade("catering", ("{surname} Catering", "Schulverpflegung {place}", "Mensa-Service {surname}"),
          ("GmbH", "GmbH & Co. KG", "e.K."), ("schulen", "jugend"), (
        Item("Mittagessen Menü 1, Anlieferung", "H87", ("3.40", "5.20"), ("200", "2500", "1"), vat="S7"),
        Item("Mittagessen vegetarisch, Anlieferung", "H87", ("3.20", "4.90"), ("50", "1200", "1"), vat="S7"),
        Item("Obst- und Gemüsekorb", "H87", ("12.00", "28.00"), ("4", "40", "1"), vat="S7"),
        Item("Ausgabepersonal", "HUR", ("24.00", "34.00"), ("10.0", "160.0", "0.5")),
        Item("Geschirrmiete", "MON", ("45.00", "120.00"), periodic=True),
    ), services=True, cpv="55523100"),
    Trade("weiterbildung", ("Akademie für Verwaltungspraxis {surname}", "Bildungswerk {place}", "Seminarhaus {surname}"),
          ("GmbH", "e.K."), ("hauptamt", "jugend"), (
        Item("Seminar „Vergaberecht kompakt“, Teilnahmegebühr", "H87", ("290.00", "690.00"), ("1", "12", "1"), vat="E"),
        Item("Inhouse-Schulung „E-Rechnung in der Verwaltung“, Tagessatz", "DAY", ("1200.00", "2400.00"), ("1", "3", "1"), vat="E"),
        Item("Webinar Datenschutz für Beschäftigte", "H87", ("95.00", "190.00"), ("1", "30", "1"), vat="E"),
        Item("Tagungsverpflegung", "H87", ("18.00", "39.00"), ("5", "60", "1")),
    ), exemption=("Steuerfreie Leistung gemäß § 4 Nr. 21 a) bb) UStG", "VATEX-EU-132-1I"), cpv="80511000"),
    Trade("arbeitsmedizin", ("Arbeitsmedizinisches Zentrum {place}", "Betriebsärztlicher Dienst {surname}"),
          ("GmbH",), ("hauptamt", "feuerwehr"), (
        Item("Arbeitsmedizinische Vorsorge Bildschirmarbeit", "H87", ("45.00", "95.00"), ("1", "40", "1"), vat="E"),
        Item("Eignungsuntersuchung Atemschutz (G 26.3)", "H87", ("85.00", "160.00"), ("1", "30", "1"), vat="E"),
        Item("Grippeschutzimpfung", "H87", ("18.00", "32.00"), ("5", "120", "1"), vat="E"),
        Item("Sicherheitstechnische Betreuung nach ASiG", "HUR", ("85.00", "125.00"), ("1.0", "24.0", "0.5")),
    ), exemption=("Steuerfreie Heilbehandlung gemäß § 4 Nr. 14 a) UStG", "VATEX-EU-132-1C"), cpv="85147000"),
    Trade("gruen", ("Garten- und Landschaftsbau {surname}", "{surname} GaLaBau", "Baumpflege {surname}"),
          ("GmbH", "GmbH & Co. KG", "e.K."), ("gruen",), (
        Item("Baumpflegearbeiten mit Hubarbeitsbühne", "HUR", ("89.00", "145.00"), ("2.0", "40.0", "0.5")),
        Item("Rasenmähen Grünanlage inkl. Schnittgutaufnahme", "MTK", ("0.0600", "0.1900"), ("2000", "30000", "10")),
        Item("Heckenschnitt beidseitig", "MTR", ("2.80", "6.90"), ("20", "600", "1")),
        Item("Grüngut aufnehmen und verwerten", "TNE", ("45.00", "95.00"), ("0.500", "12.000", "0.010")),
        Item("Baum Hochstamm, 18-20 cm StU, liefern und pflanzen", "H87", ("380.00", "900.00"), ("1", "15", "1")),
    ), services=True, cpv="77310000"),
    Trade("feuerwehrbedarf", ("Feuerschutz {surname}", "{surname} Brandschutztechnik"),
          ("GmbH", "KG"), ("feuerwehr",), (
        Item("Druckschlauch C 42, 15 m", "H87", ("95.00", "160.00"), ("2", "40", "1")),
        Item("Atemschutz-Vollmaske", "H87", ("180.00", "320.00"), ("1", "20", "1")),
        Item("Feuerwehrhelm nach EN 443", "H87", ("230.00", "420.00"), ("1", "30", "1")),
        Item("Einsatzjacke nach EN 469", "H87", ("390.00", "690.00"), ("1", "30", "1")),
        Item("Prüfung Atemschutzgerät nach Herstellervorgabe", "H87", ("38.00", "75.00"), ("5", "60", "1")),
    ), cpv="35110000"),
    Trade("it", ("{surname} IT-Systemhaus", "{place} Digital Solutions", "Netzwerk & Service {surname}"),
          ("GmbH", "AG", "GmbH & Co. KG"), ("hauptamt", "schulen", "bibliothek"), (
        Item("Notebook 14 Zoll, 16 GB RAM, 512 GB SSD", "H87", ("780.00", "1450.00"), ("1", "40", "1")),
        Item("Monitor 27 Zoll, höhenverstellbar", "H87", ("190.00", "390.00"), ("1", "40", "1")),
        Item("Dockingstation USB-C", "H87", ("120.00", "240.00"), ("1", "40", "1")),
        Item("IT-Dienstleistung Systemadministration", "HUR", ("85.00", "135.00"), ("0.25", "40.00", "0.25")),
        Item("Softwarepflege Fachverfahren, Jahresgebühr", "ANN", ("1200.00", "14000.00"), periodic=True),
        Item("Bürosoftware, Abonnement 12 Monate", "H87", ("89.00", "260.00"), ("5", "250", "5")),
    ), direct_debit=True, cpv="30213100"),
    Trade("medien", ("Buch und Medien {surname}", "Bibliotheksservice {place}"), ("GmbH", "e.K."), ("bibliothek",), (
        Item("Roman, gebundene Ausgabe (Neuerscheinung)", "H87", ("18.00", "28.00"), ("1", "30", "1"), vat="S7", book=True),
        Item("Kinderbuch, gebunden", "H87", ("9.95", "16.95"), ("1", "40", "1"), vat="S7", book=True),
        Item("Hörbuch auf CD", "H87", ("12.95", "24.95"), ("1", "20", "1"), vat="S7"),
        Item("Zeitschriften-Abonnement, Jahresbezug", "ANN", ("49.00", "189.00"), ("1", "12", "1"), vat="S7", periodic=True),
        Item("Spielfilm auf DVD", "H87", ("9.99", "19.99"), ("1", "25", "1")),
        Item("Buchfolierung, je Medium", "H87", ("0.80", "1.80"), ("10", "200", "1")),
    ), cpv="22113000"),
    Trade("klavier", ("{given} {surname} Klavierstimmung", "Klavierwerkstatt {given} {surname}"),
          ("",), ("schulen", "bibliothek"), (
        Item("Stimmen eines Klaviers inkl. Anfahrt", "H87", ("95.00", "160.00"), ("1", "6", "1"), vat="E"),
        Item("Kleinreparatur an der Mechanik", "HUR", ("45.00", "65.00"), ("0.5", "4.0", "0.5"), vat="E"),
    ), exemption=_SMALL_BUSINESS, small_business=True),
    Trade("uebersetzung", ("{given} {surname} Übersetzungen", "Übersetzungsbüro {given} {surname}"),
          ("",), ("hauptamt", "jugend"), (
        Item("Übersetzung Deutsch-Englisch, je Normzeile", "H87", ("1.10", "1.90"), ("40", "900", "1"), vat="E"),
        Item("Übersetzung Deutsch-Türkisch, je Normzeile", "H87", ("1.20", "2.10"), ("40", "900", "1"), vat="E"),
        Item("Dolmetschen bei Elterngespräch, je angefangene Stunde", "HUR", ("55.00", "85.00"), ("1", "4", "1"), vat="E"),
    ), exemption=_SMALL_BUSINESS, small_business=True),
)

CONSTRUCTION_TRADES = tuple(trade for trade in TRADES if trade.construction)
