"""Browser tests: a real gunicorn server on a fresh database loaded with the demo, and a headless
chromium (Debian's, at /usr/bin/chromium; Playwright's own download is not used).

The server and the browser are made once per session (once per xdist worker); every test gets
its own browser context, so cookies and languages never leak from one test to the next."""

from __future__ import annotations

import functools
import gettext
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BIN = Path(sys.executable).parent
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
PASSWORDS = {
    role: f"demo-{role}-2026"
    for role in ("admin", "organiser", "manager", "buyer", "buyer2", "supplier")
}
TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip the browser tests, saying why, on a machine without chromium."""
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"no chromium at {CHROMIUM}: apt-get install chromium "
        "(or set CHROMIUM=/path/to/chromium) to run the browser tests"
    )
    for item in items:
        if "tests/e2e" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/help", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within 60 s:\n{log.read_text()[-3000:]}")


def _throwaway_postgres(url: str) -> str:
    """Create (anew) a database named after TEST_DATABASE_URL's, with an _e2e suffix."""
    import psycopg

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    base, name = url.rsplit("/", 1)
    name = re.sub(r"\W", "", f"{name}_e2e" + (f"_{worker}" if worker else ""))
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh database: SQLite in a temporary folder, or a throwaway PostgreSQL database
    (dropped at the end)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path_factory.mktemp("e2e-db") / "e2e.sqlite3")
        return
    import psycopg

    fresh = _throwaway_postgres(url)
    yield fresh
    base, name = fresh.rsplit("/", 1)
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def server(e2e_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`matchmaker demo`, then `matchmaker serve` (gunicorn, 2 workers); yields the base URL."""
    tmp = tmp_path_factory.mktemp("e2e-server")
    env = {
        **os.environ,
        "DATABASE_URL": e2e_database_url,
        "MATCHMAKER_ENV": "development",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "MAIL_OUTBOX": str(tmp / "outbox"),
    }
    env.pop("REDIS_URL", None)  # long jobs run in-process, as on a machine without Redis
    demo = subprocess.run(
        [str(BIN / "matchmaker"), "demo"], env=env, cwd=tmp, capture_output=True, text=True
    )
    if demo.returncode != 0:
        raise RuntimeError(f"matchmaker demo failed:\n{demo.stdout[-2000:]}{demo.stderr[-3000:]}")
    port = _free_port()
    log = Path(os.environ.get("E2E_SERVER_LOG") or tmp / "server.log")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "matchmaker"), "serve", "--port", str(port), "--workers", "2"],
            env=env,
            cwd=tmp,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless chromium, with the flags that keep it from reaching for the network."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Site:
    """The server and the browser, with the few steps that every journey repeats."""

    url: str
    browser: Any
    contexts: list[Any]

    def page(self, device: str = "desktop", lang: str = "es") -> Any:
        """A new page in a context of its own (own cookies), at the device's size."""
        options = PHONE if device == "phone" else DESKTOP
        context = self.browser.new_context(
            base_url=self.url, locale=f"{lang}-MX", accept_downloads=True, **options
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.lang = lang  # the language this journey runs in
        return page

    def login(
        self, page: Any, who: str, password: str | None = None, lang: str | None = None
    ) -> None:
        """Log in through the form; then switch the interface to the journey's language."""
        email = who if "@" in who else f"{who}@demo.mx"
        page.goto("/auth/login")
        page.locator("#f-email").fill(email)
        page.locator("#f-password").fill(password or PASSWORDS[email.split("@")[0]])
        page.locator("main").get_by_role("button").click()
        expect(page.locator("main h1")).not_to_have_text(re.compile("^(Log in|Iniciar)"))
        self.set_language(page, lang or page.lang)

    def set_language(self, page: Any, lang: str) -> None:
        """Choose the interface language with the switch in the header."""
        if page.locator("html").get_attribute("lang") == lang:
            return
        page.locator("#lang-select").select_option(lang)
        page.locator("form.lang button").click()
        expect(page.locator("html")).to_have_attribute("lang", lang)


def expect(target: Any, message: str | None = None) -> Any:
    """Playwright's expect, imported late so that collection works without Playwright."""
    from playwright.sync_api import expect as pw_expect

    return pw_expect(target, message)


@pytest.fixture()
def site(server: str, browser: Any) -> Iterator[Site]:
    """The running site; every page it opens is closed after the test."""
    found = Site(server, browser, [])
    yield found
    for context in found.contexts:
        context.close()


@pytest.fixture()
def desktop_page(site: Site) -> Any:
    """A 1280×800 page, in Spanish."""
    return site.page("desktop", "es")


@pytest.fixture()
def phone_page(site: Site) -> Any:
    """A 390×844 touch page, in Spanish."""
    return site.page("phone", "es")


@functools.cache
def _catalogue(lang: str) -> gettext.GNUTranslations:
    folder = Path(__file__).resolve().parents[2] / "matchmaker" / "translations"
    return gettext.translation("messages", folder, languages=[lang])


def tr(page: Any, msgid: str, **values: Any) -> str:
    """What the user reads for `msgid` in the page's language (from the app's own catalogue,
    so that rewording a translation does not break a test)."""
    text = _catalogue(page.lang).gettext(msgid)
    return text % values if values else text


def field(page: Any, msgid: str, scope: Any = None, **values: Any) -> Any:
    """The form field labelled `msgid` (in the page's language; a required field's label ends
    in "*"), on the page or within `scope`."""
    name = re.compile(r"^\s*" + re.escape(tr(page, msgid, **values)) + r"(\s*\*)?\s*$")
    return (scope or page).get_by_label(name)


def unique(prefix: str) -> str:
    """A name no other test uses (tests share one database)."""
    return f"{prefix} {time.time_ns() % 10**9}"
