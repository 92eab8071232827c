"""Native rule sets: each rule is data (official id, level, messages, business terms) plus a small check."""
