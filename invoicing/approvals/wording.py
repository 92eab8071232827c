"""How decisions speak: a `Message` in German and English, step names, people, amounts and dates.

German comes first because the city works in German; English is for suppliers and auditors from
abroad. Names follow the Dienstanweisung: *sachlich richtig*, *rechnerisch richtig*, *Anordnung*.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class Message(BaseModel):
    """A sentence for people, in German (`de`) and English (`en`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    de: str
    en: str

    def __str__(self) -> str:
        return self.de


STEP_NAMES = {
    "sachlich": ("sachlich richtig", "factually correct"),
    "rechnerisch": ("rechnerisch richtig", "arithmetically correct"),
    "sachlich_rechnerisch": ("sachlich und rechnerisch richtig", "factually and arithmetically correct"),
    "anordnung": ("Anordnung", "payment order"),
    "clearing": ("Zuordnung im zentralen Rechnungseingang", "assignment by the central invoice inbox"),
}
"""Step kind → (German, English) name."""

ROLE_NAMES = {
    "supplier": ("Lieferant", "supplier"), "clerk": ("Sachbearbeitung", "clerk"),
    "budget_holder": ("Budgetverantwortung", "budget holder"), "finance": ("Finanzverwaltung", "finance"),
    "auditor": ("Prüfung", "auditor"), "admin": ("Administration", "administrator"),
}
"""Role → (German, English) name."""


def may_not(kind: str) -> tuple[str, str]:
    """The German and English predicate "may not certify this step", e.g. "darf die Anordnung nicht erteilen"."""
    de, en = STEP_NAMES[kind]
    if kind == "anordnung":
        return "darf die Anordnung nicht erteilen", "may not give the payment order"
    if kind == "clearing":
        return "darf die Rechnung nicht zuordnen", "may not assign the invoice"
    return f"darf „{de}“ nicht bescheinigen", f"may not certify '{en}'"


def certified(kind: str) -> tuple[str, str]:
    """The German and English past participle phrase: "„sachlich richtig“ bescheinigt" / "certified '…'"."""
    de, en = STEP_NAMES[kind]
    if kind == "anordnung":
        return "die Anordnung erteilt", "given the payment order"
    return f"„{de}“ bescheinigt", f"certified '{en}'"


def euro(amount: Decimal) -> tuple[str, str]:
    """An amount as German ("25.000,00 EUR") and English ("EUR 25,000.00") text."""
    english = f"{amount:,.2f}"
    german = english.replace(",", "_").replace(".", ",").replace("_", ".")
    return f"{german} EUR", f"EUR {english}"


def day(value: date) -> tuple[str, str]:
    """A date as German (31.12.2026) and English (2026-12-31) text."""
    return f"{value:%d.%m.%Y}", value.isoformat()
