"""Browser-test support: Debian's chromium driven by Playwright, axe-core injected into each page, and the
embedded service (web server, workers, dispatcher) running in this process on SQLite.

Nothing is downloaded here: chromium comes from the Debian package (`/usr/bin/chromium`), axe-core
from the npm registry into a folder outside the repository (`AXE_CORE_JS` names its `axe.min.js`;
`.ci/run` installs both). Missing pieces skip the tests locally and fail them under `CI`.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.availability import unavailable

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_DEFAULT = Path("/var/cache/einvoice-tests/axe/node_modules/axe-core/axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"


def axe_script() -> Path | None:
    for candidate in (os.environ.get("AXE_CORE_JS"), str(AXE_DEFAULT)):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright; never `playwright install`)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return "Debian chromium is not installed (apt-get install chromium)"
    if axe_script() is None:
        return f"axe-core is not installed (npm install axe-core; set AXE_CORE_JS or use {AXE_DEFAULT})"
    return None


def need_browser() -> None:
    reason = missing()
    if reason is None:
        return
    unavailable(reason)


@dataclass
class Audits:
    """Every axe run of the session: page name → violations (written to test-output/axe-results.json)."""

    results: dict = field(default_factory=dict)

    def write(self) -> None:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        (OUTPUT / "axe-results.json").write_text(json.dumps(self.results, indent=2, ensure_ascii=False))


def run_axe(page, name: str, audits: Audits) -> list[dict]:
    """Inject axe-core and audit the page at WCAG 2.1 AA; returns the violations (also recorded)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    violations = [{"id": item["id"], "impact": item["impact"], "help": item["help"],
                   "nodes": [node["target"] for node in item["nodes"]][:5]} for item in result["violations"]]
    audits.results[name] = {"url": page.url, "violations": violations, "passes": len(result["passes"])}
    return violations


def new_tab(chromium):
    """A fresh browser context (German, 1280×900, 20 s timeouts) and its page: (context, page)."""
    context = chromium.new_context(bypass_csp=True, locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    return context, context.new_page()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@dataclass
class Site:
    """The running service: its base URL and the edge behind it (to look up ids and who may act)."""

    url: str
    edge: object

    def wait_for(self, case_id, predicate, timeout: float = 60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            case = self.edge.invoices.get_case(case_id)
            if predicate(case):
                return case
            time.sleep(0.1)
        raise AssertionError(f"case {case_id} did not get there: {case.status}")


def start_site(data_dir: Path, smtp_port: int | None = None):
    """Seed the demo into `data_dir`, start workers and the web server; returns (site, stop).

    With `smtp_port`, mails (notifications) go to the SMTP sink on that port."""
    from invoicing.bootstrap import bootstrap
    from invoicing.config import Settings, Smtp
    from web.demo import seed
    from web.passwords import Passwords
    from web.wiring import build_edge
    from workers import actors
    from workers.runtime import WorkerRuntime

    smtp = Smtp(host="127.0.0.1", port=smtp_port, security="none",
                mail_from="Rechnungseingang <rechnungseingang@eichenbrueck.example>") if smtp_port else None
    settings = Settings(persistence="sqlite", data_dir=data_dir, secret_key="browser-tests", redeliver_after=60,
                        smtp=smtp)
    services = bootstrap(settings)
    edge = build_edge(settings, services, passwords=Passwords.for_tests())
    seed(edge, count=12)
    actors.broker.flush_all()
    runtime = WorkerRuntime(services, threads=2, sweep_every=0.5).start()
    url, stop_server = serve(edge)

    def stop() -> None:
        stop_server()
        runtime.stop()
        actors.broker.flush_all()
        edge.close()

    return Site(url, edge), stop


def serve(edge):
    """The web application over `edge` on a free port, in a thread: (base URL, stop)."""
    import uvicorn

    from tests.servers import free_port
    from web.app import create_app

    app = create_app(edge)
    for attempt in range(5):  # another test run on the machine may take the port between probe and bind
        port = free_port(58100 + random.randrange(0, 150))
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and thread.is_alive():
            assert time.monotonic() < deadline, "the web server did not start"
            time.sleep(0.05)
        if server.started:
            break
    else:
        raise AssertionError("the web server did not start: no free port could be bound")

    def stop() -> None:
        server.should_exit = True
        thread.join(15)

    return f"http://localhost:{port}", stop
