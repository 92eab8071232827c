"""The words of paged lists (position, neighbours, page size, sorting) and of the new list columns, in German
and English; merged into `web.i18n` (kept apart so that the catalogue changes in one place)."""

from __future__ import annotations

LIST_TEXT: dict[str, tuple[str, str]] = {
    "list_position": ("{noun} {first}–{last} von {total}", "{noun} {first}–{last} of {total}"),
    "list_empty": ("Keine Einträge auf dieser Seite (insgesamt {total}).", "No entries on this page ({total} in all)."),
    "more_than": ("mehr als {count}", "more than {count}"),
    "entries": ("Einträge", "Entries"),
    "invoices_noun": ("Rechnungen", "Invoices"),
    "pages_of": ("Seiten: {name}", "Pages: {name}"),
    "first_page": ("Erste Seite", "First page"),
    "previous_page": ("Vorige Seite", "Previous page"),
    "next_page": ("Nächste Seite", "Next page"),
    "page_size": ("Einträge je Seite", "Entries per page"),
    "sort_by": ("sortieren", "sort"),
    "list_choice": ("Liste", "List"),
    "list_download": ("Diese Liste als CSV herunterladen (alle Einträge mit diesen Filtern)",
                      "Download this list as CSV (every entry with these filters)"),
    "register_download": ("Rechnungsbuch als CSV herunterladen (alle Einträge mit diesen Filtern)",
                          "Download the register as CSV (every entry with these filters)"),
    "filter_any": ("alle", "all"),
    "filter_free": ("{name} (genau)", "{name} (exact)"),
    "reports": ("Übersichten", "Summaries"),
    "view_certifications": ("Bescheinigungen", "Certifications"),
    "inbox_all_lists": ("Alle Listen des Posteingangs", "All lists of the inbox"),
    "own_submissions_count": ("Ihre Einreichungen", "Your submissions"),
    "skonto_hint": ("Zuerst die Fristen, die noch genutzt werden können, die nächste oben. Ersparnis = Skonto; "
                    "zu zahlen = Zahlbetrag abzüglich Skonto.",
                    "Deadlines that can still be taken come first, the nearest at the top. Saving = discount; "
                    "payable = amount due less the discount."),
}

LIST_COLUMNS: dict[str, tuple[str, str]] = {
    "payable": ("Zu zahlen mit Skonto", "Payable with discount"),
    "summary-by-month": ("Übersicht nach Monat (letzte 24 Monate)", "Summary by month (last 24 months)"),
    "period": ("Zeitraum", "Period"),
    "expired": ("Abgelaufen", "Expired"),
    "rows": ("Anzahl", "Count"),
    "open_gross": ("Offen (brutto)", "Open (gross)"),
    "approved_gross": ("Angeordnet (brutto)", "Approved (gross)"),
    "exported_gross": ("Exportiert (brutto)", "Exported (gross)"),
    "rejected_count": ("Abgelehnt", "Rejected"),
    "lights": ("Ampel der offenen Fristen", "Lights of the open deadlines"),
    "tiers": ("Skontostufen", "Discount tiers"),
    "trail": ("Bescheinigungen", "Certifications"),
    "by": ("Von", "By"),
    "on_behalf_of": ("In Vertretung für", "On behalf of"),
    "outcome": ("Ergebnis", "Outcome"),
    "step": ("Schritt", "Step"),
    "comment": ("Bemerkung", "Comment"),
    "at": ("Zeitpunkt", "Time"),
    "filename": ("Datei", "File"),
    "channel": ("Eingangsweg", "Channel"),
    "sender": ("Absender", "Sender"),
    "export_batch": ("Exportstapel", "Export batch"),
    "lines": ("Umsatzsteuerzeilen", "VAT lines"),
    "not due": ("nicht fällig", "not due"),
    "unknown": ("unbekannt", "unknown"),
    "red": ("rot", "red"),
    "amber": ("gelb", "amber"),
    "green": ("grün", "green"),
}
