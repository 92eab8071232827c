"""Sessions for people: a signed cookie (HttpOnly, SameSite=Lax, Secure) holding the CSRF token, the
interface language and, once logged in, the token of a server-side session (`web.session_store`);
nothing else is kept in it. Who is logged in is read from the server-side session on every
request (`resolve`), never from the cookie: log-out, a password change or an administrator ends
the session, and a copied cookie stops working at that moment.

Every visitor gets a session with a CSRF token before the first form (the log-in form too); the
token is renewed at log-in, and every form and every cookie-authenticated change must send it back.
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "invoicing_session"
LANGUAGES = ("de", "en")


class SessionCodec:
    """Turns a session dict into a signed cookie value and back (expired or forged: a fresh session)."""

    def __init__(self, secret_key: str, *, max_age_seconds: int):
        self.serializer = URLSafeTimedSerializer(secret_key, salt="invoicing-session")
        self.max_age = max_age_seconds

    def load(self, value: str | None) -> dict:
        if value:
            try:
                data = self.serializer.loads(value, max_age=self.max_age)
                if isinstance(data, dict) and isinstance(data.get("csrf"), str):
                    return data
            except BadSignature:
                pass
        return fresh()

    def dump(self, session: dict) -> str:
        return self.serializer.dumps(session)


def fresh(lang: str = "de") -> dict:
    """A session for a visitor who has not logged in."""
    return {"csrf": secrets.token_urlsafe(32), "lang": lang if lang in LANGUAGES else "de"}


PERSISTED = ("csrf", "lang", "sid")
"""What the cookie holds; `login` is derived on each request and never written into the cookie."""


def logged_in(session: dict, login: str, token: str) -> dict:
    """The session after a successful log-in: same language, new CSRF token, the server-side session's token."""
    return {"csrf": secrets.token_urlsafe(32), "lang": session.get("lang", "de"), "sid": token, "login": login}


def persisted(session: dict) -> dict:
    return {key: session[key] for key in PERSISTED if key in session}


def resolve(session: dict, store, now) -> dict:
    """`session` with `login` set from its server-side session if that still counts; else without `sid`."""
    session = persisted(session)
    record = store.current(session["sid"], now) if session.get("sid") else None
    if record is None:
        session.pop("sid", None)
        return session
    return {**session, "login": record.login}


def csrf_matches(session: dict, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.get("csrf", ""), sent)
