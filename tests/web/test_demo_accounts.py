"""The demo's accounts are hashed with the cheapest Argon2 parameters; every other account with the defaults."""

from __future__ import annotations

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from web.demo import DEMO_PASSWORD, SUPPLIER, seed
from web.passwords import Passwords
from web.wiring import build_edge


def test_only_the_demos_accounts_are_hashed_cheaply_and_all_still_log_in(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data")
    edge = build_edge(settings, bootstrap(settings), passwords=Passwords())
    try:
        assert seed(edge, count=1) is not None
        demo = edge.accounts.find(SUPPLIER["login"])
        assert "$m=8,t=1,p=1$" in demo.password_hash
        assert edge.accounts.authenticate(SUPPLIER["login"], DEMO_PASSWORD) is not None
        edge.accounts.open_account("neu", name="Neu", roles=["clerk"], password="ein-langes-passwort", by="admin")
        assert "$m=8," not in edge.accounts.find("neu").password_hash
        assert "$m=65536,t=3,p=4$" in edge.accounts.find("neu").password_hash  # argon2-cffi's defaults (RFC 9106 low)
    finally:
        edge.close()
