"""Read models built from the invoice event streams (see issue 5)."""
