"""The command line `invoicing` and the composition root (`cli.root`): the outermost layer.

Nothing imports this package (checked by the import contracts in `pyproject.toml`,
`tests/unit/test_import_contracts.py`) except `invoicing/__main__.py`, the one declared exception that makes
`python -m invoicing` work.
"""
