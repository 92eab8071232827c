"""The JSON API: `invoices` (submit, read, decide), `views` (inbox, register, export), `accounts` (admin)."""
