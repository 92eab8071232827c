"""Tests of the web edge: the API through the ASGI app (SQLite and PostgreSQL), the authorisation matrix,
and (in `tests/e2e/test_browser_*`) the pages in a real browser with an accessibility audit."""
