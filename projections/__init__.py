"""Read models built from the invoice event streams: the finance department's views, and exports.

One module per read model (`register`, `inbox`, `open_items`, `discounts`, `vat`, `suppliers`,
`rejections`, `cycle_times`, `certifications`; the list is `catalogue`). Each is an eventsourcing `Projection`
(`base.ReadModel`): tables, a fold from `InvoiceCase` events to rows, and queries. Its view is a
`store.View`, an eventsourcing `TrackingRecorder` kept on SQLite (`sqlite`) or PostgreSQL
(`postgres`): every update of a view is committed in one transaction with the tracking position
of the events it applied, so any view can be dropped and rebuilt from the log (`runner`), and a
rebuilt view can be compared with the live one (`check`).

How the views read events is in three small modules: `status` (the case's status, as the
aggregate applies it), `approval` (the approval events' attributes) and `recorded` (the invoice
facts recorded in the events: VAT breakdown BG-23, totals, dates, terms, parties). The views
never read the originals, so a rebuild gives the same rows whatever the reader of the day.
`certifications` is the audit trail of certifications. Exports (DATEV Buchungsstapel, CSV of
every view, the GoBD Z3 data carrier) are in `projections.exports`.

The domain (`invoicing`, `validators`) never imports this package; the workers, the CLI modules
(`cli.projections`, `cli.export`) and the web edge do.
"""
