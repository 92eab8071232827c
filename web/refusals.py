"""A refusal in one language: the lifecycle's errors carry German messages; the hints are worded here.

`LifecycleError` gives `message` (English), `message_de` (German, for people's commands) and an English
`hint`. Pages and the API answer in the reader's language: German text from `message_de` and the German
hint below (by the policy rule, else by the error code); never an English hint on a German page. Rule
names are given in the same style as the error codes ("four-eyes", like "approval-refused").
"""

from __future__ import annotations

from invoicing.lifecycle.errors import ApprovalRefused, LifecycleError

HINTS_DE = {
    "unknown_person": "Bitte handeln Sie unter Ihrer eigenen Anmeldung, wie die Richtlinie sie führt.",
    "role": "Bitte jemanden fragen, dem der Schritt zugewiesen ist, oder den Schritt weitergeben lassen.",
    "not_assigned": "Bitte jemanden fragen, dem der Schritt zugewiesen ist, oder den Schritt weitergeben lassen.",
    "deputy_out_of_period": "Außerhalb der Vertretungszeit handelt die vertretene Person; oder den Schritt weitergeben.",
    "own_matter": "Bitte eine Kollegin oder einen Kollegen bescheinigen lassen.",
    "four_eyes": "Eine zweite Person muss diesen Schritt zeichnen (Vier-Augen-Prinzip).",
    "no_limit": "Jemand mit ausreichender Freigabegrenze muss zeichnen; den Schritt gegebenenfalls weitergeben.",
    "limit": "Jemand mit ausreichender Freigabegrenze muss zeichnen; den Schritt gegebenenfalls weitergeben.",
    "amount_unknown": "Bitte die Rechnung an den Lieferanten zurückgeben: der Gesamtbetrag (BT-112) fehlt.",
    "awaiting_clarification": "Bitte zuerst die Antwort auf die offene Rückfrage erfassen.",
    "not_a_certification": "Bitte die Rechnung stattdessen einem Amt zuordnen.",
    "not_clearing": "Bitte den zentralen Rechnungseingang fragen.",
    "unknown_assignee": "Bitte eine Anmeldung oder einen Gruppenschlüssel aus der Richtlinie nennen.",
    "unknown_unit": "Bitte ein Amt aus der Liste wählen.",
    "reason_missing": "Bitte in einem Satz begründen: die Begründung gehört zum Prüfpfad.",
    "closed": "Es ist nichts mehr zu tun.",
    "nothing_open": "Es ist nichts zu beantworten.",
    "reason-required": "Bitte in einem Satz begründen: die Begründung gehört zum Prüfpfad.",
    "step-already-decided": "Für diesen Schritt ist nichts mehr zu tun; bitte die Seite neu laden.",
    "conflict": "Bitte die Seite neu laden, um den aufgezeichneten Stand zu sehen.",
    "concurrent-change": "Bitte die Seite neu laden und es noch einmal versuchen.",
    "already-exported": "Bitte nicht erneut buchen; aus diesem Stapel entfernen.",
    "not-allowed-now": "Bitte die Seite neu laden, um den aktuellen Stand zu sehen.",
    "invoice-not-found": "Bitte die Vorgangsnummer in der Eingangsbestätigung prüfen.",
    "integrity-alarm": "Es wurde nichts geändert. Bitte das Rechnungsprüfungsamt informieren.",
}
"""German hints by policy rule (`ApprovalRefused.rule`) or error code."""


def rule_code(rule: str) -> str:
    """A policy rule name in the style of the error codes: "four_eyes" → "four-eyes"."""
    return rule.replace("_", "-")


def in_language(error: LifecycleError, lang: str) -> tuple[str, str]:
    """(message, hint) of `error` in `lang`; German falls back to no hint rather than an English one."""
    if lang != "de":
        return error.message, error.hint
    rule = error.rule if isinstance(error, ApprovalRefused) else None
    hint = HINTS_DE.get(rule or "") or HINTS_DE.get(error.code, "")
    return error.message_de or error.message, hint


def as_dict(error: LifecycleError, lang: str) -> dict:
    """The refusal as the API answers it: code, message and hint in `lang`, both messages kept."""
    message, hint = in_language(error, lang)
    data = {"code": error.code, "message": message, "hint": hint, "message_en": error.message}
    if error.message_de:
        data["message_de"] = error.message_de
    if isinstance(error, ApprovalRefused):
        data["rule"] = rule_code(error.rule)
    return data


READ_ERRORS_DE = {
    "unreadable": ("Die Datei konnte nicht als Rechnung gelesen werden.",
                   "Bitte senden Sie eine XRechnung (XML) oder ein ZUGFeRD-/Factur-X-PDF."),
    "empty-file": ("Die Datei ist leer.", "Bitte senden Sie die Rechnungsdatei selbst (XML oder PDF)."),
    "too-large": ("Die Datei ist zu groß.", "Bitte senden Sie die Rechnung ohne große Anlagen oder nur die XML-Datei."),
    "not-xml": ("Die Datei ist weder XML noch PDF.",
                "Bitte senden Sie eine XRechnung (XML) oder ein ZUGFeRD-/Factur-X-PDF mit eingebetteter XML."),
    "forbidden-xml": ("Die XML-Datei enthält eine Dokumenttyp-Definition (DTD) oder Entitäten; das ist aus "
                      "Sicherheitsgründen nicht erlaubt.",
                      "Bitte senden Sie die XML-Datei ohne DOCTYPE, so wie Ihre Rechnungssoftware sie erzeugt."),
    "not-an-invoice": ("Die Datei ist keine Rechnung nach EN 16931 (z. B. eine Bestellung, ZUGFeRD 1.0 oder ein "
                       "anderes XML-Dokument).",
                       "Bitte senden Sie eine XRechnung 3.0 (UBL oder CII) oder ein ZUGFeRD-/Factur-X-PDF ab "
                       "Version 2."),
    "unsupported-syntax": ("Das Format der Datei wird nicht angenommen.",
                           "Bitte senden Sie eine XRechnung 3.0 (UBL oder CII) oder ein ZUGFeRD-/Factur-X-PDF."),
    "no-embedded-invoice": ("Das PDF enthält keine eingebettete Rechnungs-XML; ein reines PDF ist keine "
                            "E-Rechnung.",
                            "Bitte senden Sie die XRechnung (XML) oder ein ZUGFeRD-/Factur-X-PDF mit eingebetteter "
                            "XML."),
    "encrypted-pdf": ("Das PDF ist verschlüsselt oder mit einem Passwort geschützt.",
                      "Bitte senden Sie das PDF ohne Passwortschutz oder die XRechnung (XML) direkt."),
    "broken-pdf": ("Das PDF ist beschädigt oder unvollständig.",
                   "Bitte exportieren Sie die Rechnung erneut aus Ihrer Rechnungssoftware und senden Sie sie noch "
                   "einmal, oder senden Sie die XRechnung (XML) direkt."),
    "bad-value": ("Ein Wert in der Rechnung hat ein ungültiges Format (z. B. ein Datum oder Betrag).",
                  "Bitte prüfen Sie Datumsangaben und Beträge und senden Sie die Rechnung erneut."),
    "over-budget": ("Die Prüfung der Datei überschritt die Grenze für ein Dokument und wurde abgebrochen.",
                    "Bitte senden Sie die Rechnung so, wie Ihre Rechnungssoftware sie erzeugt, ohne ungewöhnliche "
                    "Verschachtelung oder sehr große eingebettete Dokumente."),
}
"""German words for the reader's refusals (`invoicing.formats.errors`, by code): what was found and what to do."""


OTHER_FILES_DE = {
    "a PNG image": "ein PNG-Bild", "a JPEG image": "ein JPEG-Bild", "a GIF image": "ein GIF-Bild",
    "a TIFF image": "ein TIFF-Bild", "a Microsoft Office document": "ein Microsoft-Office-Dokument",
    "a ZIP archive or Office document (e.g. Word, Excel)": "ein ZIP-Archiv oder Office-Dokument (z. B. Word, Excel)",
    "an RTF document": "ein RTF-Dokument",
}
"""The kinds of file the reader recognises as not an e-invoice, in German."""


def read_error(code: str, message: str, hint: str, lang: str) -> tuple[str, str]:
    """(message, hint) of a file that could not be read, in `lang` (German by its code; the English detail is
    not shown on a German page, except the kind of file found, which is translated)."""
    if lang != "de":
        return message, hint
    for english, german in OTHER_FILES_DE.items():
        if message.startswith(f"The file is {english},"):
            return (f"Die Datei ist {german}, keine E-Rechnung.",
                    "Eine gescannte oder getippte Rechnung ist keine E-Rechnung. Bitte senden Sie eine XRechnung "
                    "(XML) oder ein ZUGFeRD-/Factur-X-PDF.")
    return READ_ERRORS_DE.get(code, READ_ERRORS_DE["unreadable"])


def accepted_language(header: str | None, default: str = "de") -> str:
    """"de" or "en" from an Accept-Language header (highest quality first), else `default`."""
    choices = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in ("de", "en") and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else default
