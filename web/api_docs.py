"""The API documentation, served by this server alone: Swagger UI at `/api/docs`, ReDoc at `/api/redoc`.

Their scripts and styles come from the fastapi-offline package and are served under `ASSETS`, so
the pages work on an intranet without internet (FastAPI's own pages load them from a CDN). Swagger
UI starts with an inline script and ReDoc runs a worker from a blob, so these pages get a policy of
their own (`CSP`), which still lets nothing load from anywhere but this server.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

DOCS = ("/api/docs", "/api/redoc")
ASSETS = "/static/api-docs"
"""Under /static/ (mounted before the pages' own /static), so the assets are cached like the pages' styles."""

CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def documented_app(**settings) -> FastAPI:
    """A FastAPI application with the documentation pages above (`settings` as for `FastAPI`)."""
    return FastAPIOffline(docs_url=DOCS[0], redoc_url=DOCS[1], static_url=ASSETS,
                          swagger_ui_oauth2_redirect_url=f"{DOCS[0]}/oauth2-redirect", **settings)


def is_documentation(path: str) -> bool:
    """True for the documentation pages (they get `CSP`)."""
    return path.startswith(DOCS)
