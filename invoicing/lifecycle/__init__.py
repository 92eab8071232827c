"""The invoice lifecycle, event-sourced: one `InvoiceCase` stream per submitted file.

* `case` — the aggregate and its events (stored topics, upcasting policy);
* `numbers` — the invoice-number register behind duplicate detection;
* `keys` — content hash and deterministic ids;
* `facts` — what the pipeline found out about a file, as plain values;
* `accounting` — the facts of an accepted invoice the views need, as recorded in its events;
* `decisions` — pure functions deciding which events a command leads to (`intake` for the
  pipeline and routing by the approval policy, `approval` for people, `escalation` for the job);
* `work` — which automatic work each event opens or closes (the outbox rules);
* `errors` — why a command was refused;
* `application` — `Invoices`, the application service (load, decide, save).
"""
