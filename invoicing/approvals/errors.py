"""The named failures of approval routing: one small hierarchy under `ApprovalError`.

Decisions do not raise for a person who may not act: they return a `Refusal` value (see
`authority`), which the application may raise as `CertificationRefused`. Exceptions are for a
policy file that cannot be used (`PolicyError`) and for callers that prefer raising.
"""

from __future__ import annotations


class ApprovalError(Exception):
    """Base of every approval-routing failure."""


class PolicyError(ApprovalError):
    """A policy file that cannot be used; `problems` lists every problem found, one sentence each."""

    def __init__(self, source: str, problems: list[str] | tuple[str, ...]):
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"The approval policy {source} cannot be used ({count} problem{'s' if count != 1 else ''}); "
                         f"please correct the file:\n{listing}")


class CertificationRefused(ApprovalError):
    """A command refused by the approval rules; `refusal` carries the code and the German/English reason."""

    def __init__(self, refusal):
        self.refusal = refusal
        super().__init__(f"{refusal.message.de} / {refusal.message.en}")
