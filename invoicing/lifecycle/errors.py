"""Why a command on an invoice was refused, in words a clerk (or a supplier system) can act on.

One small hierarchy: every refusal is a `LifecycleError` with a stable `code`, a `message` that
says what was wrong and a `hint` that says what to do; refusals of people's commands also carry
the reason in German (`message_de`), as the city works in German. `Conflict` marks refusals caused
by someone else acting first (HTTP 409 later); `ApprovalRefused` marks a person the approval policy
does not let act (HTTP 403 later), naming the rule (`rule`); everything else is a request that
cannot succeed as it stands (HTTP 4xx).
"""

from __future__ import annotations


class LifecycleError(Exception):
    """A command on an invoice that was refused; `code` is stable, `message` and `hint` are for people."""

    code = "refused"

    def __init__(self, message: str, hint: str, *, de: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.message_de = de

    def __reduce__(self):
        # refusals cross process boundaries (worker pools, tests with several writers): pickle by keywords
        return _rebuilt, (type(self), self.message, self.hint, self.message_de, self.__dict__)

    def as_dict(self) -> dict:
        """The refusal as JSON-ready data."""
        data = {"code": self.code, "message": self.message, "hint": self.hint}
        return data if self.message_de is None else {**data, "message_de": self.message_de}

    def __str__(self) -> str:
        return f"{self.message} {self.hint}"


class InvoiceNotFound(LifecycleError):
    """No invoice has this id."""

    code = "invoice-not-found"


class NotAllowedNow(LifecycleError):
    """The invoice is not in a state where this command makes sense (e.g. approving a rejected invoice)."""

    code = "not-allowed-now"


class ReasonRequired(LifecycleError):
    """A decision that must be justified was given without a reason."""

    code = "reason-required"


class Conflict(LifecycleError):
    """Someone else acted first; the command would now contradict the recorded history."""

    code = "conflict"


class StepAlreadyDecided(Conflict):
    """The approval step was already certified, approved or denied by someone."""

    code = "step-already-decided"


class AlreadyExported(Conflict):
    """The invoice was already handed to an accounting system."""

    code = "already-exported"


class ConcurrentChange(Conflict):
    """The invoice kept changing under the command; retrying did not get through."""

    code = "concurrent-change"


class ApprovalRefused(LifecycleError):
    """The approval policy does not let this person do this now; `rule` names the rule (e.g. "four_eyes")."""

    code = "approval-refused"

    def __init__(self, rule: str, *, de: str, en: str, hint: str):
        super().__init__(en, hint, de=de)
        self.rule = rule

    def as_dict(self) -> dict:
        return {**super().as_dict(), "rule": self.rule}


class IntegrityAlarm(LifecycleError):
    """The invoice's recorded history or original no longer matches what was recorded: a finding, not a crash.

    Raised when a stream's events do not match their hash-chain entries, versions are missing, or
    the original is missing or altered. Other invoices are not affected; auditors investigate
    with `invoicing audit verify`.
    """

    code = "integrity-alarm"


def _rebuilt(kind: type[LifecycleError], message: str, hint: str, de: str | None, state: dict) -> LifecycleError:
    error = kind.__new__(kind)
    LifecycleError.__init__(error, message, hint, de=de)
    error.__dict__.update(state)
    return error
