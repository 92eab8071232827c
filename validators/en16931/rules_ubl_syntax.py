"""The UBL syntax binding rules of the CEN artefacts: UBL-SR-* (how often an element may occur, and
consistency), UBL-DT-* (data types and attributes), and the two fatal UBL-CR rules (666, 673).

Most UBL-SR rules say "this term shall occur at most once"; they are one table (`_AT_MOST_ONCE`)
of counts the UBL view records while it is extracted. UBL-DT-01/06/07 and the attribute
warnings UBL-DT-08…28 look at every element, so they share one walk over the tree. The ~680
"element not used" warnings UBL-CR-* are in `rules_ubl_unused`.
"""

from __future__ import annotations

from validators.en16931.rule import NOTHING, Hit, hit, rule, show
from validators.en16931.rules_codes import FORBIDDEN_ATTRIBUTES, found
from validators.en16931.view import View

UBL = ("UBL",)


def _seller(view):
    return [view.seller] if view.seller else []


def _buyer(view):
    return [view.buyer] if view.buyer else []


def _root_count(key: str):
    def counts(view):
        return ((None, view.counts.get(key, 0)),)
    return counts


def _per(items, count):
    def counts(view):
        found = []
        for item in items(view):
            found.append((item.el, count(item)))
        return found
    return counts


_AT_MOST_ONCE = (
    ("UBL-SR-01", "BT-12", "contract reference", "Vertragsnummer", _root_count("ContractDocumentReference/ID")),
    ("UBL-SR-02", "BT-15", "receiving advice reference", "Wareneingangsmeldung", _root_count("ReceiptDocumentReference/ID")),
    ("UBL-SR-03", "BT-16", "despatch advice reference", "Versandanzeige", _root_count("DespatchDocumentReference/ID")),
    ("UBL-SR-04", "BT-18", "invoiced object identifier", "Objektkennung",
     lambda v: [(None, sum(len(d.ids) for d in v.documents if "130" in d.type_codes))]),
    ("UBL-SR-05", "BT-20", "payment terms note", "Zahlungsbedingungen", _root_count("PaymentTerms/Note")),
    ("UBL-SR-06", "BG-3", "preceding invoice reference (per billing reference)", "vorausgegangene Rechnung (je Verweis)",
     _per(lambda v: v.billing_refs, lambda r: len(r.names))),
    ("UBL-SR-08", "BG-14", "invoicing period", "Abrechnungszeitraum", lambda v: [(None, len(v.periods))]),
    ("UBL-SR-09", "BT-27", "seller name", "Name des Verkäufers", _per(_seller, lambda p: len(p.names))),
    ("UBL-SR-10", "BT-28", "seller trading name", "Handelsname des Verkäufers", _per(_seller, lambda p: len(p.trading_names))),
    ("UBL-SR-11", "BT-30", "seller legal registration identifier", "Registernummer des Verkäufers",
     _per(_seller, lambda p: len(p.legal_ids))),
    ("UBL-SR-12", "BT-31", "seller VAT identifier", "USt-IdNr. des Verkäufers", _per(_seller, lambda p: len(p.vat_ids))),
    ("UBL-SR-13", "BT-32", "seller tax registration identifier", "Steuernummer des Verkäufers",
     _per(_seller, lambda p: sum(1 for _, scheme in p.tax_ids if scheme is None))),
    ("UBL-SR-14", "BT-33", "seller additional legal information", "rechtliche Zusatzangabe des Verkäufers",
     _per(_seller, lambda p: len(p.legal_forms))),
    ("UBL-SR-15", "BT-44", "buyer name", "Name des Käufers", _per(_buyer, lambda p: len(p.names))),
    ("UBL-SR-16", "BT-46", "buyer identifier", "Kennung des Käufers", _per(_buyer, lambda p: len(p.ids))),
    ("UBL-SR-17", "BT-47", "buyer legal registration identifier", "Registernummer des Käufers",
     _per(_buyer, lambda p: len(p.legal_ids))),
    ("UBL-SR-18", "BT-48", "buyer VAT identifier", "USt-IdNr. des Käufers", _per(_buyer, lambda p: len(p.vat_ids))),
    ("UBL-SR-22", "BT-62", "seller tax representative name", "Name des Steuervertreters",
     _per(lambda v: [v.tax_rep] if v.tax_rep else [], lambda p: len(p.trading_names))),
    ("UBL-SR-23", "BT-63", "seller tax representative VAT identifier", "USt-IdNr. des Steuervertreters",
     _per(lambda v: [v.tax_rep] if v.tax_rep else [], lambda p: len(p.tax_ids))),
    ("UBL-SR-24", "BG-13", "delivery information", "Lieferinformation", lambda v: [(None, len(v.deliveries))]),
    ("UBL-SR-25", "BT-70", "deliver-to party name", "Name des Warenempfängers",
     lambda v: [(d[0], d[4]) for d in v.deliveries]),
    ("UBL-SR-26", "BT-83", "payment reference (per payment instruction)", "Verwendungszweck (je Zahlungsanweisung)",
     _per(lambda v: v.payment_means, lambda m: len(m.payment_ids))),
    ("UBL-SR-27", "BT-81", "payment means code (per payment instruction)", "Zahlungsart-Code (je Zahlungsanweisung)",
     _per(lambda v: v.payment_means, lambda m: len(m.codes))),
    ("UBL-SR-28", "BT-89", "mandate reference (per payment instruction)", "Mandatsreferenz (je Zahlungsanweisung)",
     _per(lambda v: v.payment_means, lambda m: len(m.mandate_ids))),
    ("UBL-SR-29", "BT-90", "bank assigned creditor identifier", "Gläubiger-Identifikationsnummer",
     lambda v: [(None, sum(1 for p in (v.seller, v.buyer, v.payee, v.tax_rep) if p for _, s in p.ids
                           if (s or "").upper() == "SEPA"))]),
    ("UBL-SR-32", "BT-120", "VAT exemption reason text (per VAT breakdown)", "Befreiungsgrund (je Aufschlüsselung)",
     _per(lambda v: v.breakdowns, lambda b: len(b.category.reasons) if b.category else 0)),
    ("UBL-SR-33", "BT-123", "supporting document description", "Beschreibung des Dokuments",
     _per(lambda v: v.documents, lambda d: len(d.descriptions))),
    ("UBL-SR-34", "BT-127", "invoice line note", "Bemerkung zur Position", _per(lambda v: v.lines, lambda ln: len(ln.notes))),
    ("UBL-SR-35", "BT-132", "referenced purchase order line", "referenzierte Bestellposition",
     _per(lambda v: v.lines, lambda ln: len(ln.order_line_ids))),
    ("UBL-SR-36", "BG-26", "invoice line period", "Positions-Leistungszeitraum",
     _per(lambda v: v.lines, lambda ln: len(ln.periods))),
    ("UBL-SR-37", "BT-147", "item price discount", "Preisnachlass",
     _per(lambda v: v.lines, lambda ln: len(ln.price_allowance_amounts))),
    ("UBL-SR-39", "BT-11", "project reference", "Projektreferenz", _root_count("ProjectReference/ID")),
    ("UBL-SR-40", "BT-45", "buyer trading name", "Handelsname des Käufers", _per(_buyer, lambda p: len(p.trading_names))),
    ("UBL-SR-45", "BT-9", "payment due date", "Fälligkeitsdatum",
     lambda v: [(None, sum(len(m.due_dates) for m in v.payment_means))]),
    ("UBL-SR-46", "BT-82", "payment means text", "Zahlungsart-Text",
     lambda v: [(None, sum(1 for m in v.payment_means for c in m.codes if c.get("name") is not None))]),
    ("UBL-SR-49", "BT-8", "value added tax point date code", "Code des Steuerfälligkeitsdatums",
     lambda v: [(None, sum(1 for p in v.periods if p.code is not None))]),
    ("UBL-SR-50", "BT-154", "item description", "Artikelbeschreibung", _per(lambda v: v.lines, lambda ln: len(ln.descriptions))),
    ("UBL-SR-52", "BT-128", "line document reference", "Dokumentverweis der Position",
     _per(lambda v: v.lines, lambda ln: len(ln.document_refs))),
    ("UBL-SR-54", "BG-18", "payment card account", "Zahlungskarte",
     lambda v: [(None, sum(len(m.cards) for m in v.payment_means))]),
    ("UBL-SR-55", "BG-19", "payment mandate", "Lastschriftmandat",
     lambda v: [(None, sum(len(m.mandates) for m in v.payment_means))]),
    ("UBL-SR-56", "BT-17", "tender or lot reference", "Vergabe- oder Losnummer",
     _root_count("OriginatorDocumentReference/ID")),
)


_NEEDS = {"UBL-SR-04": "documents", "UBL-SR-06": "billing_refs", "UBL-SR-08": "periods", "UBL-SR-22": "tax_rep",
          "UBL-SR-23": "tax_rep", "UBL-SR-24": "deliveries", "UBL-SR-25": "deliveries", "UBL-SR-26": "payment_means",
          "UBL-SR-27": "payment_means", "UBL-SR-28": "payment_means", "UBL-SR-33": "documents",
          "UBL-SR-36": "line_periods", "UBL-SR-45": "payment_means", "UBL-SR-46": "payment_means",
          "UBL-SR-49": "periods", "UBL-SR-54": "payment_means", "UBL-SR-55": "payment_means"}
"""What each count rule needs in the document to have anything to count (see `rule.GATES`)."""


_COUNTERS: list[tuple] = []
"""(rule id, counts, limit, needs) of every occurrence rule, evaluated together by `_too_many`."""


def _too_many(view: View) -> dict[str, list[Hit]]:
    """Every occurrence rule that fires, by id (one pass over the counts, once per view)."""
    found_ = view.cache.get("ubl-counts")
    if found_ is None:
        found_ = {}
        groups = view.groups()
        for rule_id, counts, limit, needs in _COUNTERS:
            if needs is not None and needs not in groups:
                continue
            for el, count in counts(view):
                if count > limit:
                    found_.setdefault(rule_id, []).append(Hit(el, {"found": count}))
        view.cache["ubl-counts"] = found_
    return found_


def _at_most(rule_id: str, terms: str, what_en: str, what_de: str, counts, limit: int = 1):
    _COUNTERS.append((rule_id, counts, limit, _NEEDS.get(rule_id)))

    @rule(rule_id, terms,
          f"The {what_en} ({terms}) occurs {{found}} times; it may occur at most {limit}.",
          f"{what_de[0].upper()}{what_de[1:]} ({terms}) kommt {{found}}-mal vor; erlaubt ist höchstens {limit}.",
          syntaxes=UBL, group=_too_many)
    def check(view: View):
        return _too_many(view).get(rule_id, NOTHING)
    return check


for _args in _AT_MOST_ONCE:
    _at_most(*_args)

_at_most("UBL-SR-42", "BT-31 BT-32", "seller party tax scheme", "Steuerregistrierung des Verkäufers",
         _per(_seller, lambda p: len(p.tax_schemes)), limit=2)


@rule("UBL-SR-07", "BT-25", "A preceding invoice reference (BG-3) has no invoice number (BT-25). Please give it.",
      "Ein Verweis auf eine vorausgegangene Rechnung (BG-3) enthält keine Rechnungsnummer (BT-25). Bitte geben Sie sie an.",
      syntaxes=UBL, needs="billing_refs")
def ubl_sr_07(view: View):
    return [h for r in view.billing_refs if not r.has_id for h in hit(r.el)] or NOTHING


def _payee_rule(rule_id: str, term: str, what_en: str, what_de: str, count):
    @rule(rule_id, f"{term} BT-59",
          f"The payee (BG-10) must have exactly one name different from the seller's name and at most one {what_en} "
          f"({term}); found name {{found}}.",
          f"Der Zahlungsempfänger (BG-10) muss genau einen, vom Verkäufer verschiedenen Namen und höchstens eine(n) "
          f"{what_de} ({term}) haben; gefunden: Name {{found}}.",
          syntaxes=UBL, needs="payee")
    def check(view: View):
        payee = view.payee
        if payee is None:
            return NOTHING
        seller_names = view.seller.names if view.seller else []
        differs = any(name != other for name in payee.trading_names for other in seller_names)
        if count(payee) <= 1 and differs:
            return NOTHING
        return hit(payee.el, found=show(payee.trading_names[0] if payee.trading_names else None))
    return check


_payee_rule("UBL-SR-19", "BT-59", "name", "Namen", lambda p: len(p.trading_names))
_payee_rule("UBL-SR-20", "BT-60", "identifier", "Kennung", lambda p: sum(1 for _, s in p.ids if (s or "").upper() != "SEPA"))
_payee_rule("UBL-SR-21", "BT-61", "legal registration identifier", "Registernummer", lambda p: len(p.legal_ids))


@rule("UBL-SR-30", "BT-97", "An allowance has {found} reason texts; at most one is allowed.",
      "Ein Nachlass hat {found} Begründungstexte; erlaubt ist höchstens einer.", syntaxes=UBL)
def ubl_sr_30(view: View):
    return _reasons(view, False)


@rule("UBL-SR-31", "BT-104", "A charge has {found} reason texts; at most one is allowed.",
      "Ein Zuschlag hat {found} Begründungstexte; erlaubt ist höchstens einer.", syntaxes=UBL)
def ubl_sr_31(view: View):
    return _reasons(view, True)


def _reasons(view: View, charge: bool):
    allowances = list(view.allowances) + [a for line in view.lines for a in line.allowances]
    return [h for a in allowances if a.charge is charge and len(a.reasons) > 1
            for h in hit(a.el, found=len(a.reasons))] or NOTHING


@rule("UBL-SR-43", "BT-18 BT-122",
      "A document reference with document type code {found} carries a scheme identifier; a scheme is only allowed for "
      "an invoiced object identifier (type code 130, or 50 in a credit note).",
      "Ein Dokumentverweis mit Dokumentart-Code {found} hat eine Schema-Kennung; ein Schema ist nur für eine "
      "Objektkennung erlaubt (Code 130, in einer Gutschrift auch 50).", syntaxes=UBL, needs="documents")
def ubl_sr_43(view: View):
    hits = []
    for d in view.documents:
        ok = "130" in d.type_codes or (view.credit_note and "50" in d.type_codes) or (
            not any(i.get("schemeID") is not None for i in d.ids) and not d.type_codes)
        if not ok:
            hits += hit(d.el, found=show(d.type_code))
    return hits or NOTHING


@rule("UBL-SR-44", "BT-83", "The invoice gives {found} different payment references (BT-83); only one is allowed "
      "(it may be repeated in several payment instructions).",
      "Die Rechnung enthält {found} verschiedene Verwendungszwecke (BT-83); erlaubt ist einer (der in mehreren "
      "Zahlungsanweisungen wiederholt werden darf).", syntaxes=UBL, needs="payment_means")
def ubl_sr_44(view: View):
    distinct = {text for m in view.payment_means for text in m.payment_ids}
    return hit(found=len(distinct)) if len(distinct) > 1 else NOTHING


@rule("UBL-SR-47", "BT-81", "The payment instructions use {found} different payment means codes (BT-81); they must "
      "all be the same.",
      "Die Zahlungsanweisungen verwenden {found} verschiedene Zahlungsart-Codes (BT-81); sie müssen gleich sein.",
      syntaxes=UBL, needs="payment_means")
def ubl_sr_47(view: View):
    distinct = {el.text or "" for m in view.payment_means for el in m.codes}
    return hit(found=len(distinct)) if len(distinct) > 1 else NOTHING


@rule("UBL-SR-48", "BG-30", "Invoice line {line} has {found} VAT category groups (BG-30); it must have exactly one.",
      "Rechnungsposition {line} hat {found} Umsatzsteuer-Angaben (BG-30); genau eine ist erforderlich.", syntaxes=UBL)
def ubl_sr_48(view: View):
    return [h for line in view.lines if len(line.categories) != 1
            for h in hit(line.el, line=show(line.id), found=len(line.categories))] or NOTHING


@rule("UBL-SR-51", "BT-162 BT-163 BT-164 BT-165",
      "An address has {found} third address lines (cac:AddressLine); at most one is allowed.",
      "Eine Anschrift hat {found} dritte Adresszeilen (cac:AddressLine); erlaubt ist höchstens eine.", syntaxes=UBL,
      group=found)
def ubl_sr_51(view: View):
    return found(view).get("UBL-SR-51", NOTHING)  # counted by the element walk of `rules_codes`


@rule("UBL-SR-53", "BT-31 BT-32 BT-63",
      "A party tax scheme (cac:PartyTaxScheme) lacks its tax identifier (cbc:CompanyID) or its tax scheme "
      "(cac:TaxScheme/cbc:ID). Please give both, or leave out the tax scheme.",
      "Eine Steuerregistrierung (cac:PartyTaxScheme) hat keine Steuernummer (cbc:CompanyID) oder kein Steuerschema "
      "(cac:TaxScheme/cbc:ID). Bitte geben Sie beides an oder lassen Sie die Angabe weg.", syntaxes=UBL)
def ubl_sr_53(view: View):
    return [h for p in (view.seller, view.buyer, view.payee, view.tax_rep) if p
            for el, scheme_id, companies in p.tax_schemes if not (scheme_id and companies)
            for h in hit(el)] or NOTHING


def _object_reference_rule(rule_id: str, child: str, what_en: str, what_de: str):
    @rule(rule_id, "BT-18 BT-122",
          f"A document reference for an invoiced object (type code 130) also carries {what_en}; an object "
          "identifier reference must not.",
          f"Ein Verweis auf eine Objektkennung (Code 130) enthält zusätzlich {what_de}; das ist nicht erlaubt.",
          syntaxes=UBL, needs="documents")
    def check(view: View):
        return [h for d in view.documents if "130" in d.type_codes and getattr(d, child) for h in hit(d.el)] or NOTHING
    return check


_object_reference_rule("UBL-CR-666", "attachments", "an attachment", "einen Anhang")
_object_reference_rule("UBL-CR-673", "descriptions", "a document description", "eine Dokumentbeschreibung")


# --- UBL-DT: collected by the element walk of `rules_codes` -----------------------------------------

@rule("UBL-DT-01", "BT-92 BT-99 BT-106 BT-131", "The amount {found} has more than two decimals; amounts allow at most two.",
      "Der Betrag {found} hat mehr als zwei Nachkommastellen; erlaubt sind höchstens zwei.", syntaxes=UBL, group=found)
def ubl_dt_01(view: View):
    return found(view).get("UBL-DT-01", NOTHING)


def _binary_rule(rule_id: str, attribute: str, what_en: str, what_de: str):
    @rule(rule_id, "BT-125", f"An attached document (binary object) has no {what_en} (@{attribute}). Please add it.",
          f"Ein angehängtes Dokument (Binärobjekt) hat keinen {what_de} (@{attribute}). Bitte ergänzen Sie ihn.",
          syntaxes=UBL, group=found)
    def check(view: View):
        return found(view).get(rule_id, NOTHING)
    return check


_binary_rule("UBL-DT-06", "mimeCode", "MIME type", "MIME-Typ")
_binary_rule("UBL-DT-07", "filename", "file name", "Dateinamen")


def _attribute_rule(rule_id: str, attribute: str):
    @rule(rule_id, "BT-0", f"The attribute @{attribute} is used (e.g. on {{found}}); EN 16931 does not use it, so it "
          "should be left out.",
          f"Das Attribut @{attribute} wird verwendet (z. B. bei {{found}}); EN 16931 sieht es nicht vor, es sollte "
          "entfallen.", level="warning", syntaxes=UBL, group=found)
    def check(view: View):
        return found(view).get(rule_id, NOTHING)
    return check


for _attribute, _rule_id in FORBIDDEN_ATTRIBUTES.items():
    _attribute_rule(_rule_id, _attribute)
