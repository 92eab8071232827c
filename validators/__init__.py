"""Validation of e-invoices: safe XML, XSD, EN 16931 and XRechnung rules, official cross-check."""
