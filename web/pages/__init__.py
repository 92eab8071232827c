"""The HTML pages: `auth` (log-in/out, language, start), `supplier`, `clerk` (inbox, invoice, register,
exports), `auditor` (timeline, state at an event or time, report as recorded), `admin` (API tokens).
Every form carries the session's CSRF token; every route declares its `Guard`.
"""
