"""Size limits every channel keeps (a module of its own, so that checking a size imports nothing else)."""

MAX_SUBMISSION_BYTES = 100 * 1024 * 1024
"""Largest submission accepted by any channel (XML or PDF)."""
