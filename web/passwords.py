"""Password hashing with Argon2id (argon2-cffi's defaults, the RFC 9106 "low memory" profile).

`Passwords` hashes and verifies; each hash carries its own parameters, so hashes made with other
settings still verify. Tests use `Passwords.for_tests()` (same algorithm, tiny cost) to stay fast.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
"""Shortest password accepted when an account is opened."""


class Passwords:
    """Argon2id hashing and verification."""

    def __init__(self, hasher: PasswordHasher | None = None):
        self.hasher = hasher or PasswordHasher()
        self._dummy = self.hasher.hash("no account has this password")

    @classmethod
    def for_tests(cls) -> Passwords:
        return cls(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))

    @classmethod
    def for_demo(cls) -> Passwords:
        """The cheapest Argon2id parameters the library allows (1 pass, 8 KiB): only for the demo's accounts, whose
        password is printed on the screen anyway; every other account is hashed with the defaults."""
        return cls(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))

    def hash(self, password: str) -> str:
        """The Argon2id hash of `password` (salted; the string carries algorithm and parameters)."""
        return self.hasher.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        """True when `password` matches `hashed`; never raises for a wrong password or a broken hash."""
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    def dummy_verify(self, password: str) -> None:
        """Spend the time of a verification, so an unknown login takes as long as a wrong password."""
        self.verify(self._dummy, password)
