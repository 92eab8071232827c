"""Receiving e-invoices: the EN 16931 model, format readers and writers, and the write side."""
