"""The pipeline's workers: broker set-up (`broker`, one module), thin idempotent actors (`actors`) and
the steps they run (`steps`), the event-log dispatcher with its outbox (`dispatcher`, `leadership`),
the periodic jobs its leader sends (`scheduler`: the escalation sweep), and the process runtime
behind `invoicing worker` (`runtime`, `main`).
"""
