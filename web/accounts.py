"""Accounts of the people and supplier systems that use the web edge, event-sourced like everything else.

An `Account` stream per login (id uuid5 of the folded login) records who opened it, its roles,
the Argon2id hash of its password, and every API token issued or revoked; an `ApiToken` stream per
token (id uuid5 of the token's public part) points back to its account and keeps only the
SHA-256 of the secret part. A token reads `inv_<public>.<secret>`, so finding it needs no scan.
Stored topics are `web.accounts:Account.<Event>` and `web.accounts:ApiToken.<Event>`; they follow
the upcasting policy of `invoicing.lifecycle.case`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from uuid import UUID, uuid5

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.utils import Environment, EnvType

from invoicing.replay import Replaying
from web.passwords import MIN_LENGTH, Passwords

ACCOUNTS = UUID("3a0c1f52-8f3e-5d8a-b7a4-6c2d1e9f0a11")
"""Namespace of account stream ids (never change)."""

TOKENS = UUID("9e4b2d71-0c6a-5f3b-a8e2-4d7f1c3b5e22")
"""Namespace of API token stream ids (never change)."""

ROLES = ("supplier", "clerk", "budget_holder", "finance", "auditor", "admin")


class AccountError(ValueError):
    """An account command that cannot be carried out; the message says why."""


class Account(Aggregate):
    """A person or supplier system that may log in: login, name, roles, e-mail, password hash, tokens."""

    class Opened(Aggregate.Created):
        """The account was opened by `by`."""

        login: str
        name: str
        roles: list
        email: str
        organisation: str
        password_hash: str
        by: str

    class PasswordChanged(Aggregate.Event):
        """A new password was set (only its hash is kept)."""

        password_hash: str
        by: str

        def apply(self, account: Account) -> None:
            account.password_hash = self.password_hash

    class TokenIssued(Aggregate.Event):
        """An API token was issued for a supplier system (`public` names it; the secret is never kept)."""

        public: str
        label: str
        by: str

        def apply(self, account: Account) -> None:
            account.tokens[self.public] = self.label

    class TokenRevoked(Aggregate.Event):
        """An API token stopped working."""

        public: str
        by: str

        def apply(self, account: Account) -> None:
            account.tokens.pop(self.public, None)

    def __init__(self, login: str, name: str, roles: list, email: str, organisation: str, password_hash: str,
                 by: str):
        self.login = login
        self.name = name
        self.roles = list(roles)
        self.email = email
        self.organisation = organisation
        self.password_hash = password_hash
        self.tokens: dict[str, str] = {}


class ApiToken(Aggregate):
    """One API token: whose it is and the SHA-256 of its secret part."""

    class Issued(Aggregate.Created):
        """The token was issued to `login`."""

        login: str
        secret_sha256: str
        by: str

    def __init__(self, login: str, secret_sha256: str, by: str):
        self.login = login
        self.secret_sha256 = secret_sha256


@dataclass(frozen=True)
class Principal:
    """Who is asking: login, display name, roles, e-mail (a supplier's sender identity), how authenticated."""

    login: str
    name: str
    roles: tuple[str, ...]
    email: str = ""
    organisation: str = ""
    via: str = "session"

    def has(self, *roles: str) -> bool:
        return bool(set(roles) & set(self.roles))

    @property
    def sender(self) -> str:
        """The `sender` recorded on submissions by this principal (suppliers: their e-mail)."""
        return self.email or self.login


def account_id(login: str) -> UUID:
    return uuid5(ACCOUNTS, login.strip().casefold())


class Accounts(Replaying, Application[UUID]):
    """Opening accounts, checking passwords and tokens."""

    name = "Accounts"

    def __init__(self, env: EnvType | None = None, *, passwords: Passwords | None = None):
        super().__init__(env)
        self.passwords = passwords or Passwords()

    def construct_env(self, name: str, env: EnvType | None = None) -> Environment:
        """Use exactly the environment given (from `invoicing.config`), not the process's variables."""
        return Environment(name, dict(env or {}))

    def open_account(self, login: str, *, name: str, roles: list[str], password: str, email: str = "",
                     organisation: str = "", by: str) -> Account:
        """Open an account; refuses a taken login, an unknown role or a short password."""
        login = login.strip()
        if not login or any(char.isspace() for char in login):
            raise AccountError("A login must be one word.")
        unknown = set(roles) - set(ROLES)
        if unknown or not roles:
            raise AccountError(f"Roles must be some of {', '.join(ROLES)}.")
        if len(password) < MIN_LENGTH:
            raise AccountError(f"A password needs at least {MIN_LENGTH} characters.")
        if self.find(login) is not None:
            raise AccountError(f"The login {login} is taken.")
        account = Account._create(Account.Opened, id=account_id(login), login=login, name=name, roles=list(roles),
                                  email=email, organisation=organisation, password_hash=self.passwords.hash(password),
                                  by=by)
        self.save(account)
        return account

    def find(self, login: str) -> Account | None:
        try:
            return self.repository.get(account_id(login))
        except AggregateNotFoundError:
            return None

    def authenticate(self, login: str, password: str) -> Principal | None:
        """The principal for a correct login and password, else None (in the same time either way)."""
        account = self.find(login)
        if account is None:
            self.passwords.dummy_verify(password)
            return None
        if not self.passwords.verify(account.password_hash, password):
            return None
        return principal(account, "session")

    def change_password(self, login: str, *, current: str, new: str, by: str) -> None:
        """Set a new password for `login` when `current` is right; refuses a wrong or short one (`AccountError`)."""
        account = self.find(login)
        if account is None or not self.passwords.verify(account.password_hash, current):
            raise AccountError("The current password is wrong.")
        if len(new) < MIN_LENGTH:
            raise AccountError(f"A password needs at least {MIN_LENGTH} characters.")
        account.trigger_event(Account.PasswordChanged, password_hash=self.passwords.hash(new), by=by)
        self.save(account)

    def issue_token(self, login: str, *, label: str, by: str) -> str:
        """A new API token for `login`; the only time the whole token is seen."""
        account = self.find(login)
        if account is None:
            raise AccountError(f"There is no account {login}.")
        public, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
        token = ApiToken._create(ApiToken.Issued, id=uuid5(TOKENS, public), login=account.login,
                                 secret_sha256=_sha256(secret), by=by)
        account.trigger_event(Account.TokenIssued, public=public, label=label, by=by)
        self.save(token, account)
        return f"inv_{public}.{secret}"

    def revoke_token(self, login: str, public: str, *, by: str) -> None:
        account = self.find(login)
        if account is not None and public in account.tokens:
            account.trigger_event(Account.TokenRevoked, public=public, by=by)
            self.save(account)

    def for_token(self, token: str) -> Principal | None:
        """The principal a bearer token stands for, or None when it is unknown, revoked or wrong."""
        if not token.startswith("inv_") or "." not in token:
            return None
        public, secret = token[4:].split(".", 1)
        try:
            issued: ApiToken = self.repository.get(uuid5(TOKENS, public))
        except AggregateNotFoundError:
            return None
        if not hmac.compare_digest(issued.secret_sha256, _sha256(secret)):
            return None
        account = self.find(issued.login)
        if account is None or public not in account.tokens:
            return None
        return principal(account, "token")

    def principal(self, login: str, via: str = "session") -> Principal | None:
        account = self.find(login)
        return principal(account, via) if account else None


def principal(account: Account, via: str) -> Principal:
    return Principal(account.login, account.name, tuple(account.roles), account.email, account.organisation, via)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
