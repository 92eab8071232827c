"""Role × endpoint: every route declares its permission, and every combination it forbids is refused.

The matrix is read from the application itself (each route's `Guard`), so a new route without a
guard fails here, and every forbidden (role, route) pair is tried: anonymous callers get 401 on the
API and are sent to the log-in page otherwise; logged-in callers without the permission get 403.
Nothing a refused request tried is recorded.
"""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from invoicing.config import Settings
from tests.web import support
from web.app import create_app
from web.permissions import PERMISSIONS, Guard

PUBLIC = {("GET", "/login"), ("POST", "/login"), ("POST", "/language")}
OPERATIONS = {("GET", "/healthz"), ("GET", "/readyz"), ("GET", "/metrics"),  # for monitoring, without logging in
              ("GET", "/api/docs"), ("GET", "/api/docs/oauth2-redirect"), ("GET", "/api/redoc")}
ROLES = ("anonymous", *support.ROLE_LOGINS)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    edge = support.make_edge(Settings(persistence="memory"))
    app = create_app(edge)
    token = edge.accounts.issue_token(support.SUPPLIER_A, label="ERP", by="test")
    api = support.client(edge, app)
    case_id = api.post("/api/invoices", content=support.valid_xml(), headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    yield edge, app, case_id
    edge.close()


def api_routes(routes):
    """Every `APIRoute`, also inside included routers (routers carry their own prefixes here)."""
    for route in routes:
        if hasattr(route, "original_router"):
            yield from api_routes(route.original_router.routes)
        elif isinstance(route, APIRoute):
            yield route


def guarded_routes(app):
    for route in api_routes(app.routes):
        if not isinstance(route, APIRoute):
            continue
        guards = [dependency.call for dependency in route.dependant.dependencies if isinstance(dependency.call, Guard)]
        for method in sorted(route.methods - {"HEAD"}):
            yield method, route.path, guards[0].permission if guards else None


def test_every_route_declares_a_permission_except_log_in_language_and_operations(world):
    _, app, _ = world
    unguarded = {(method, path) for method, path, permission in guarded_routes(app) if permission is None}
    assert unguarded == PUBLIC | OPERATIONS


def concrete(path: str, case_id: str) -> str:
    return (path.replace("{case_id}", case_id).replace("{login}", support.SUPPLIER_A)
            .replace("{action}", "certify").replace("{kind}", "embedded").replace("{index}", "0"))


def forbidden_pairs(app):
    for method, path, permission in guarded_routes(app):
        if permission is None:
            continue
        for role in ROLES:
            if role == "anonymous" or role not in PERMISSIONS[permission]:
                yield role, method, path, permission


def test_every_forbidden_role_and_route_combination_is_refused(world):
    edge, app, case_id = world
    from uuid import UUID

    before = len(edge.invoices.history(UUID(case_id)))
    tried = 0
    clients = {}
    for role, method, path, permission in forbidden_pairs(app):
        if role not in clients:
            clients[role] = support.client(edge, app)
            clients[role].csrf = support.log_in(clients[role], support.ROLE_LOGINS[role]) if role != "anonymous" \
                else support.csrf_of(clients[role].get("/login").text)
        http = clients[role]
        url = concrete(path, case_id)
        if method == "GET":
            response = http.get(url, follow_redirects=False)
        elif path.startswith("/api/"):
            response = http.post(url, json={"reason": "x", "comment": "x", "step": "sachlich"},
                                 headers={"X-CSRF-Token": http.csrf}, follow_redirects=False)
        else:
            response = http.post(url, data={"csrf_token": http.csrf, "text": "x"}, follow_redirects=False)
        where = f"{role} {method} {path} (needs {permission})"
        if role == "anonymous":
            if path.startswith("/api/"):
                assert response.status_code == 401, where
            else:
                assert response.status_code == 303 and response.headers["location"].startswith("/login"), where
        else:
            assert response.status_code == 403, f"{where}: {response.status_code} {response.text[:200]}"
        tried += 1
    assert tried > 100
    assert len(edge.invoices.history(UUID(case_id))) == before


def test_a_supplier_token_is_refused_wherever_a_supplier_is(world):
    edge, app, case_id = world
    token = edge.accounts.issue_token(support.SUPPLIER_A, label="second", by="test")
    http = support.client(edge, app)
    for method, path, permission in guarded_routes(app):
        if permission is None or "supplier" in PERMISSIONS[permission] or not path.startswith("/api/"):
            continue
        response = http.request(method, concrete(path, case_id), headers={"Authorization": f"Bearer {token}"},
                                json={} if method == "POST" else None)
        assert response.status_code == 403, f"token {method} {path}"


def test_another_supplier_finds_none_of_the_first_ones_invoice(world):
    edge, app, case_id = world
    http = support.client(edge, app)
    support.log_in(http, support.SUPPLIER_B)
    for method, path, permission in guarded_routes(app):
        if method == "GET" and "{case_id}" in path and "supplier" in PERMISSIONS[permission]:
            assert http.get(concrete(path, case_id)).status_code == 404, path
    assert case_id not in http.get("/supplier").text


def test_the_auditor_reads_everything_and_changes_nothing(world):
    edge, app, case_id = world
    http = support.client(edge, app)
    support.log_in(http, "ilang")
    for path in (f"/invoices/{case_id}", f"/invoices/{case_id}/audit", f"/invoices/{case_id}/original",
                 f"/api/invoices/{case_id}/history", "/register", "/api/views/register"):
        assert http.get(path).status_code == 200, path
    page = http.get(f"/invoices/{case_id}").text
    assert not re.search(r'action="/invoices/[^"]+/actions/', page)
