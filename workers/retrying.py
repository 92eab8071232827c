"""Which failures are worth retrying, and how a dead letter's reason is put into words.

Transient: database or broker unavailable, a time limit hit, a conflict that outlived the
application's own retries. Permanent (dead-lettered at once): the command cannot succeed as it
stands — a named refusal of the lifecycle, an original that is missing or altered, or a mail the
mail server refused for good (`Undeliverable`).
"""

from __future__ import annotations

from collections.abc import Callable

from invoicing.documents import DocumentCorrupted, DocumentNotFound
from invoicing.lifecycle.errors import ConcurrentChange, LifecycleError
from invoicing.mailbox.ports import Undeliverable


def is_permanent(error: BaseException) -> bool:
    """True for failures that retrying cannot fix."""
    if isinstance(error, ConcurrentChange):
        return False
    return isinstance(error, (LifecycleError, DocumentNotFound, DocumentCorrupted, Undeliverable))


def retry_when(max_retries: int) -> Callable[[int, BaseException], bool]:
    """Dramatiq's `retry_when` predicate: retry transient failures up to `max_retries` times."""
    def should_retry(retries: int, error: BaseException) -> bool:
        return retries < max_retries and not is_permanent(error)

    return should_retry


def reason_of(message: dict) -> str:
    """The last line of a failed message's traceback (the exception and its text), or a plain fallback."""
    trace = (message.get("options") or {}).get("traceback") or ""
    lines = [line.strip() for line in trace.strip().splitlines() if line.strip()]
    return lines[-1][:2000] if lines else "The work failed without an error message."
