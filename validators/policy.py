"""Product policy of this service, stated as findings with ids of our own (never official ids).

Since 1 January 2025 the ZUGFeRD / Factur-X profiles MINIMUM and BASIC WL are not e-invoices in
Germany (they lack the invoice lines and other required content), so they are rejected with
that reason, whatever the official rules say about them.
"""

from __future__ import annotations

from invoicing.formats.recognition import Recognition
from validators.report import Finding, RuleSet

RULE_SET = RuleSet("Receiving policy", "2025-01", "native")

NOT_AN_E_INVOICE_PROFILES = {"MINIMUM", "BASIC WL"}


def check(recognition: Recognition) -> list[Finding]:
    """Findings of the receiving policy for a recognised document (empty when it complies)."""
    if recognition.profile in NOT_AN_E_INVOICE_PROFILES:
        return [Finding(
            "POLICY-PROFILE", "error",
            f"The ZUGFeRD/Factur-X profile {recognition.profile} is not an e-invoice in Germany since 1 January 2025. "
            "Please send the invoice with profile EN 16931, EXTENDED or XRECHNUNG, or as XRechnung.",
            "policy",
            message_de=f"Das ZUGFeRD/Factur-X-Profil {recognition.profile} ist seit dem 1. Januar 2025 in Deutschland "
            "keine E-Rechnung. Bitte senden Sie die Rechnung im Profil EN 16931, EXTENDED oder XRECHNUNG oder als XRechnung.",
            terms=("BT-24",),
        )]
    return []
