"""Who acts on the clerk's command line: a person proven by credentials, or an operator on a person's behalf.

A clerk's command (certify, approve, deny, reject, return, clarify, answer, reassign, assign) runs
only with one of:

* a password — prompted for on the terminal (`--as LOGIN`), or read from standard input with
  `--password-stdin` (for scripts); checked with the web log-in's throttling (`web.signin`: the
  address is "cli:<system user>"), so a shell is no way around the backoff and the locks;
* a personal token (an API token issued for the person) in the file `--token-file` or in
  `INVOICING_TOKEN`; `--as` may then be left out, and must name the token's login if given;
* `--operator`: no credentials of the person. The policy is applied to the person named by `--as`,
  and the decision is recorded *by* "operator:<system user>" *on behalf of* that person — never as
  the person's own. Only certifications and the Anordnung carry "on behalf of", so the operator mode
  records those and refuses the rest.

The person must hold a role that may decide (as on the web: clerk, budget holder, finance).
Decisions are then recorded as the web records them: `by` the person's login.
"""

from __future__ import annotations

import getpass
import sys
from dataclasses import dataclass
from pathlib import Path

OPERATOR_ACTIONS = ("certify", "approve")


class NoCredentials(Exception):
    """The command may not act: no or wrong credentials; the message says what to do."""


@dataclass(frozen=True)
class Acting:
    """Who acts: the person's login and, in operator mode, the operator (a system user)."""

    login: str
    operator: str | None = None


def add_options(parser) -> None:
    """The credential options of an acting command."""
    parser.add_argument("--as", dest="login", metavar="LOGIN", help="who acts (policy login); prompts for the password")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    parser.add_argument("--token-file", metavar="FILE", help="a file holding the person's API token (inv_…)")
    parser.add_argument("--operator", action="store_true",
                        help="no credentials: recorded by the operator (system user) on behalf of --as")


def acting(arguments, action: str, settings) -> Acting:
    """Who acts for `arguments` (see the module docstring); raises `NoCredentials`."""
    from cli import root
    from web.permissions import may

    user = getpass.getuser()
    if arguments.operator:
        if not arguments.login:
            raise NoCredentials("The operator mode needs --as LOGIN: the person the decision is recorded for.")
        if action not in OPERATOR_ACTIONS:
            raise NoCredentials(f"The operator mode records only certifications and approvals, not '{action}'; "
                                f"{arguments.login} acts with their own password or token.")
        return Acting(arguments.login, operator=user)
    accounts = root.accounts(settings)
    try:
        principal = _principal(arguments, settings, accounts, user)
    finally:
        accounts.close()
    if not may(principal, "decide"):
        raise NoCredentials(f"{principal.login} has no role that may decide on invoices.")
    return Acting(principal.login)


def _principal(arguments, settings, accounts, user: str):
    from invoicing.lifecycle.application import utc_now
    from invoicing.throttles import throttles_for
    from web.signin import Refused, SignIn

    token = Path(arguments.token_file).read_text().strip() if arguments.token_file else settings.cli_token
    if token:
        principal = accounts.for_token(token)
        if principal is None:
            raise NoCredentials("The token is unknown, revoked or wrong. Ask an administrator for a new one.")
        if arguments.login and arguments.login.strip().casefold() != principal.login.casefold():
            raise NoCredentials(f"The token belongs to {principal.login}, not to {arguments.login}.")
        return principal
    if not arguments.login:
        raise NoCredentials("Say who acts: --as LOGIN (with a password), or give a personal token.")
    if arguments.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Passwort für {arguments.login} / password: ")
    else:
        raise NoCredentials("No credentials: give the password on a terminal or with --password-stdin, "
                            "or a personal token (--token-file, INVOICING_TOKEN).")
    outcome = SignIn(accounts, throttles_for(accounts.factory), utc_now).check(arguments.login, password,
                                                                             f"cli:{user}")
    if isinstance(outcome, Refused):
        raise NoCredentials(_why(outcome))
    return outcome


def _why(refusal) -> str:
    if refusal.reason == "wait":
        return f"Too many failed log-ins: wait {refusal.seconds} seconds, then try again."
    if refusal.reason == "locked":
        return (f"After too many failed log-ins, logging in is locked until {refusal.until:%H:%M} UTC; "
                "an administrator can lift the lock.")
    return "The login or password is wrong."
