"""The HTTP edge: the JSON API (OpenAPI at /api/docs) and the accessible, server-rendered pages.

* who is asking: `accounts` (event-sourced accounts and API tokens), `passwords` (Argon2id),
  `sessions` (signed cookie, CSRF token, language), `permissions` (roles → permissions, `Guard`);
* taking files in: `uploads` (size limit, type by content), `intake` (receipt, waiting for the verdict);
* reading: `cases` (one case for a principal, lists), `views` (the projections, caught up on read),
  `inbox`, `invoice_view` (the readable invoice), `audit` (timeline, state at, report then),
  `status` (plain-language status), `originals`;
* deciding: `actions` (what is offered, carried out through `invoicing.lifecycle.Invoices`);
* presenting: `i18n` (German and English), `formatting`, `rendering`, `templates/`, `static/`;
* `api/` — JSON routes; `pages/` — HTML routes; `app` — `create_app`; `wiring` — the edge's services;
  `serve` and `demo` — `invoicing serve [--demo]`.

Dependencies point inward: web → projections, workers, validators → invoicing. Nothing here decides
anything about an invoice: every change goes through `invoicing.lifecycle.Invoices`.
"""
