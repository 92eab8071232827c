"""Reference data for invented German companies: places, streets, names, banks.

The places are real cities with a plausible post code, telephone area code, register court and
bank-code region; every company, person and account made from them is invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A German city as a company's seat: post code, area code, register court, BLZ region, Land."""

    post_code: str
    city: str
    area_code: str
    court: str
    blz_region: str
    land: str


PLACES: tuple[Place, ...] = tuple(Place(*row) for row in (
    ("70173", "Stuttgart", "711", "Stuttgart", "600", "BW"),
    ("70565", "Stuttgart", "711", "Stuttgart", "600", "BW"),
    ("76133", "Karlsruhe", "721", "Mannheim", "660", "BW"),
    ("76187", "Karlsruhe", "721", "Mannheim", "660", "BW"),
    ("68159", "Mannheim", "621", "Mannheim", "670", "BW"),
    ("69117", "Heidelberg", "6221", "Mannheim", "672", "BW"),
    ("75172", "Pforzheim", "7231", "Mannheim", "666", "BW"),
    ("74072", "Heilbronn", "7131", "Stuttgart", "620", "BW"),
    ("74076", "Heilbronn", "7131", "Stuttgart", "620", "BW"),
    ("79098", "Freiburg im Breisgau", "761", "Freiburg", "680", "BW"),
    ("89073", "Ulm", "731", "Ulm", "630", "BW"),
    ("72764", "Reutlingen", "7121", "Stuttgart", "640", "BW"),
    ("73728", "Esslingen am Neckar", "711", "Stuttgart", "611", "BW"),
    ("71634", "Ludwigsburg", "7141", "Stuttgart", "604", "BW"),
    ("78462", "Konstanz", "7531", "Freiburg", "690", "BW"),
    ("77652", "Offenburg", "781", "Freiburg", "664", "BW"),
    ("88212", "Ravensburg", "751", "Ulm", "650", "BW"),
    ("74523", "Schwäbisch Hall", "791", "Stuttgart", "622", "BW"),
    ("80331", "München", "89", "München", "700", "BY"),
    ("90402", "Nürnberg", "911", "Nürnberg", "760", "BY"),
    ("97070", "Würzburg", "931", "Würzburg", "790", "BY"),
    ("60311", "Frankfurt am Main", "69", "Frankfurt am Main", "500", "HE"),
    ("55116", "Mainz", "6131", "Mainz", "550", "RP"),
    ("67059", "Ludwigshafen am Rhein", "621", "Ludwigshafen am Rhein", "545", "RP"),
    ("66111", "Saarbrücken", "681", "Saarbrücken", "590", "SL"),
    ("50667", "Köln", "221", "Köln", "370", "NW"),
    ("44135", "Dortmund", "231", "Dortmund", "440", "NW"),
    ("10115", "Berlin", "30", "Charlottenburg", "100", "BE"),
    ("20095", "Hamburg", "40", "Hamburg", "200", "HH"),
    ("30159", "Hannover", "511", "Hannover", "250", "NI"),
    ("04109", "Leipzig", "341", "Leipzig", "860", "SN"),
    ("01067", "Dresden", "351", "Dresden", "850", "SN"),
))
"""Seats of the invented suppliers; Baden-Württemberg, where the buyer is, on purpose the most common."""

STREETS = (
    "Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gewerbestraße", "Im Gewerbepark", "Daimlerstraße",
    "Robert-Bosch-Straße", "Max-Eyth-Straße", "Carl-Benz-Straße", "Siemensstraße", "Lindenweg", "Am Mühlbach",
    "Kanalstraße", "Werkstraße", "Raiffeisenstraße", "Schillerstraße", "Goethestraße", "Friedrichstraße",
    "Heilbronner Straße", "Neckarstraße", "Königstraße", "Am Hafen", "Gutenbergstraße", "Benzstraße",
)

SURNAMES = (
    "Müller", "Schmid", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
    "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun",
    "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Maier", "Huber", "Kaiser",
    "Fuchs", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel", "Keller", "Günther", "Berger", "Winkler",
    "Roth", "Beck", "Lorenz", "Baumann", "Albrecht", "Ludwig", "Winter", "Haas", "Sommer", "Graf", "Seidel",
    "Brandt", "Dietrich", "Kühn", "Engel", "Pohl", "Yılmaz", "Kaya", "Nowak", "Kowalski", "Öztürk",
)

GIVEN_NAMES = (
    "Anna", "Julia", "Laura", "Sabine", "Petra", "Claudia", "Katrin", "Stefanie", "Miriam", "Elif", "Nadine",
    "Sandra", "Jana", "Thomas", "Michael", "Andreas", "Stefan", "Markus", "Jürgen", "Tobias", "Daniel",
    "Mehmet", "Jan", "Lukas", "Sven", "Frank", "Florian", "Matthias",
)


@dataclass(frozen=True)
class BankKind:
    """A kind of German bank: name pattern, group digit of the BLZ (4th digit) and how its BIC looks."""

    name: str
    group_digit: str
    bic: str


BANK_KINDS = (
    BankKind("Sparkasse {city}", "5", "SOLADES1{code}"),
    BankKind("Sparkasse {city}", "5", "SOLADES1{code}"),
    BankKind("Volksbank {city} eG", "6", "GENODE{cooperative}{code}"),
    BankKind("Commerzbank", "4", "COBADEFF{region}"),
    BankKind("Deutsche Bank", "7", "DEUTDEDB{region}"),
    BankKind("Postbank", "1", "PBNKDEFF{region}"),
)


def ascii_slug(text: str) -> str:
    """`text` as lower-case ASCII letters and digits, umlauts spelled out (Müller → mueller)."""
    spelled = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i"), ("é", "e")):
        spelled = spelled.replace(umlaut, plain)
    return "".join(char for char in spelled if char.isascii() and char.isalnum())
