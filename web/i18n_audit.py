"""The words of the auditor's integrity pages and of the integrity alarm (German, English); merged into `web.i18n`."""

AUDIT_TEXT: dict[str, tuple[str, str]] = {
    "view_certifications": ("Bescheinigungen (Prüfpfad)", "Certifications (audit trail)"),
    "integrity_alarm": ("Integritätsalarm", "Integrity alarm"),
    "integrity_alarm_text": (
        "Die aufgezeichnete Historie oder das Original dieser Rechnung stimmt nicht mehr mit dem überein, was "
        "aufgezeichnet wurde. Es wurde nichts verändert; andere Rechnungen sind nicht betroffen. Bitte "
        "informieren Sie das Rechnungsprüfungsamt.",
        "The recorded history or the original of this invoice no longer matches what was recorded. Nothing was "
        "changed; other invoices are not affected. Please tell the audit office."),
    "integrity_detail": ("Befund", "Finding"),
    "integrity_title": ("Integrität der Historie", "Integrity of the history"),
    "integrity_case": ("Prüfung dieser Rechnung", "Check of this invoice"),
    "integrity_case_ok": ("Alle {events} Ereignisse stimmen mit ihren Einträgen in der Hash-Kette überein; das "
                          "Original hat seinen SHA-256.",
                          "All {events} events match their entries in the hash chain; the original has its "
                          "SHA-256."),
    "integrity_not_kept": ("Dieser Speicher führt keine Hash-Kette (nur im Arbeitsspeicher).",
                           "This store keeps no hash chain (memory only)."),
    "integrity_log_link": ("Integrität der gesamten Historie", "Integrity of the whole history"),
    "chain_head": ("Kopf der Hash-Kette", "Head of the hash chain"),
    "chain_empty": ("Noch keine Ereignisse.", "No events yet."),
    "anchors": ("Verankerungen", "Anchors"),
    "anchor_position": ("Position", "Position"),
    "anchor_hash": ("Hash", "Hash"),
    "anchor_time": ("Zeit", "Time"),
    "anchor_state": ("Stand", "State"),
    "anchor_matches": ("stimmt", "matches"),
    "anchor_differs": ("ABWEICHUNG", "DIFFERS"),
    "no_anchors": ("Noch keine Verankerung.", "No anchor yet."),
    "how_to_check": ("Unabhängig prüfen", "Check it independently"),
    "how_to_check_text": (
        "Jedes Ereignis hat einen Eintrag in der Hash-Kette: SHA-256 über den Text „vorheriger Hash, Zeilenumbruch, "
        "Stream-ID, Zeilenumbruch, Version, Zeilenumbruch, Topic, Zeilenumbruch, SHA-256 des gespeicherten "
        "Zustands“ (alle Hashes als 64 Hexadezimalzeichen; der erste vorherige Hash besteht aus 64 Nullen). Wer die "
        "Tabellen liest, kann jeden Hash mit einem eigenen Werkzeug nachrechnen. Eine Verankerung (Position, Hash, "
        "Zeit) hält den Kopf der Kette fest; bewahren Sie die Verankerungen außerhalb des Systems auf (Datei auf "
        "nur einmal beschreibbarem Speicher, E-Mail an das Rechnungsprüfungsamt, Ausdruck). Prüfen mit: "
        "invoicing audit verify --anchors DATEI. Stimmt der Hash an einer verankerten Position nicht mehr, "
        "wurde die Historie bis dahin verändert.",
        "Every event has an entry in the hash chain: SHA-256 of the text \"previous hash, newline, stream id, "
        "newline, version, newline, topic, newline, SHA-256 of the stored state\" (all hashes as 64 hex digits; "
        "the first previous hash is 64 zeros). Anyone who can read the tables can recompute every hash with a "
        "tool of their own. An anchor (position, hash, time) fixes the head of the chain; keep the anchors outside "
        "the system (a file on write-once storage, a mail to the audit office, a printout). Check with: "
        "invoicing audit verify --anchors FILE. If the hash at an anchored position no longer matches, the "
        "history up to it was changed."),
}

AUDIT_EVENTS: dict[str, tuple[str, str]] = {
    "InvoiceFactsRecorded": ("Rechnungsdaten nachgetragen (Migration)", "Invoice facts recorded (migration)"),
    "LegalHoldPlaced": ("Aufbewahrungssperre gesetzt", "Legal hold placed"),
    "LegalHoldLifted": ("Aufbewahrungssperre aufgehoben", "Legal hold lifted"),
}

AUDIT_COLUMNS: dict[str, tuple[str, str]] = {
    "certifications": ("Bescheinigungen", "Certifications"), "subjects": ("Rechnungen", "Invoices"),
    "trail": ("Prüfpfad", "Audit trail"), "step": ("Schritt", "Step"), "step_index": ("Schritt-Nr.", "Step no."),
    "outcome": ("Ergebnis", "Outcome"), "by": ("Von", "By"), "on_behalf_of": ("In Vertretung für", "On behalf of"),
    "at": ("Zeitpunkt", "At"), "comment": ("Vermerk", "Comment"), "version": ("Ereignis-Nr.", "Event no."),
}
