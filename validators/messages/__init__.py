"""Plain-language explanations of the official validation rules, in English and German.

The official rule files speak to implementers ("[BR-CO-15]-Invoice total amount with VAT (BT-112)
= …", mostly German for the BR-DE rules). `explain(rule_id, official, element=, value=)` gives
every fired rule a message a supplier's bookkeeper can act on: what is wrong, what to do, and the
business terms by number and name, once in English and once in German.

The catalogue (`catalogue.CATALOGUE`, rule id → English and German template) is data: hand-written
texts per rule family (`core`, `consistency`, `vat`, `codes`, `ubl_syntax`, `cii_syntax`,
`cii_datatypes`, `xrechnung`, `extension`), and, for the about 1,100 "element not used in EN 16931"
warnings, a fixed sentence per language (`unused`) around element descriptions generated from each
rule's test (`unused_paths`, written by `python -m validators.messages.generate`). An id the
catalogue does not know (a later rule release) gets a neutral sentence quoting the official text;
`explain` never raises.
"""

from validators.messages.catalogue import CATALOGUE, Explanation, explain, fill

__all__ = ["CATALOGUE", "Explanation", "explain", "fill"]
