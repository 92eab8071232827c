"""Sentence patterns several rule families share (each returns an (English, German) pair)."""

from __future__ import annotations


def once(en: str, de: str) -> tuple[str, str]:
    """A term (`en`, `de`: with article, nominative, capitalised) that is given more than once."""
    return (f"{en} is given more than once. Please give it only once.",
            f"{de} ist mehrfach angegeben. Bitte geben Sie die Angabe nur einmal an.")


def exactly_once(en: str, de: str) -> tuple[str, str]:
    """A term (`en`, `de`: with article, nominative, capitalised) that must occur exactly once."""
    return (f"{en} is missing or given more than once. Please give it exactly once.",
            f"{de} fehlt oder ist mehrfach angegeben. Bitte geben Sie die Angabe genau einmal an.")
