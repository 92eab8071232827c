"""Imported by the document fork server only (`workers.budget.PRELOAD`): checks one generated invoice of
each syntax, so that compiled schemas and rule sets are in memory before any child is forked.

Without it every child would load them again (about 0.17 s of CPU per document instead of a few
milliseconds).
"""

from __future__ import annotations


def warm_up() -> None:
    """Read and validate a generated UBL, CII and PDF invoice once; failures only cost the warm-up."""
    from datetime import datetime, timezone

    from invoicing.generator.files import generated_files
    from workers.steps import check_file

    for _name, content in generated_files(1, 1, syntaxes=("UBL", "CII", "PDF")):
        try:
            check_file((content, datetime.now(timezone.utc), None))
        except Exception:  # a broken warm-up must not stop the fork server; children then load lazily
            pass


warm_up()

import gc  # noqa: E402

gc.freeze()  # what the fork server holds now is never collected in a child: its pages are not copied for that
