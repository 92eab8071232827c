"""`python -m invoicing`: the command line, as the `invoicing` console script runs it.

The one import from the core to the outer layer (`cli`), declared as the single exception in the import
contracts (`pyproject.toml`, `[tool.importlinter]`): `python -m` can only name this package, and nothing
imports this module, so no part of the core depends on the command line through it.
"""

import sys

from cli.main import main

sys.exit(main())
