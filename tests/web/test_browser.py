"""Browser tests (Playwright on the system Chromium): search -> code page, the suggest form,
sign-in -> upload -> findings, and refusal without a key. Skipped, with the reason, where Chromium
or Playwright is missing (`.ci/run` installs Debian's chromium, so CI runs them)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


CHROMIUM = _chromium()
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium; .ci/run does it in CI)"
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    tmp = tmp_path_factory.mktemp("browser")
    env = {
        "TELECLAIM_STORE": str(tmp / "store.sqlite3"),
        "TELECLAIM_CONFIG_DIR": str(tmp / "cfg"),
        # plain http on 127.0.0.1 in this test: the Secure flag itself is asserted in test_pages.py
        "TELECLAIM_SECURE_COOKIES": "false",
    }
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    from teleclaim.api import create_app
    from teleclaim.store import open_store
    from teleclaim.store.keys import KeyStore

    key = KeyStore(open_store()).create("browser")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", key
    srv.should_exit = True
    th.join(timeout=10)
    for k, v in old.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    yield pg
    ctx.close()


def test_search_as_you_type_then_code_page(server, page):
    base, _ = server
    page.goto(base + "/")
    page.get_by_label("Search codes").fill("nurse phone call")  # no submit: results come as you type
    link = page.locator("#live-results a", has_text="G0321")
    expect(link).to_be_visible(timeout=10_000)
    link.click()
    expect(page.locator("h1")).to_contain_text("G0321")
    expect(page.get_by_text("nurse phone call from the agency")).to_be_visible()
    page.get_by_label("Check another date of service").fill("2022-06-01")
    page.get_by_role("button", name="Check date").click()
    expect(page.get_by_text("Not valid on 2022-06-01")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_suggest_form(server, page):
    base, _ = server
    page.goto(base + "/suggest")
    page.get_by_role("link", name="Home-health visit").click()
    page.get_by_label("Date of the visit").fill("2026-03-02")
    page.get_by_label("Discipline").select_option("RN")
    page.get_by_label("Purpose").select_option("direct_care")
    page.get_by_label("Minutes in the home").fill("23")
    page.keyboard.press("Enter")
    expect(page.locator(".card").first).to_contain_text("G0299")
    expect(page.locator(".card").first).to_contain_text("units 2")
    expect(page.get_by_text("Rejected alternatives")).to_be_visible()


def test_check_refused_without_key(server, page):
    base, _ = server
    page.goto(base + "/check")
    expect(page).to_have_url(base + "/signin")
    page.get_by_label("API key").fill("tck_wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("refused")
    page.goto(base + "/check")
    expect(page).to_have_url(base + "/signin")


def test_sign_in_upload_and_findings(server, page):
    base, key = server
    page.goto(base + "/signin")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/check")
    page.get_by_label("837I/837P files").set_input_files(
        [str(EXAMPLES / "home_health_errors_837i.837"), str(EXAMPLES / "telehealth_errors_837p.837")]
    )
    page.get_by_label("Check as of").fill("2026-10-15")
    page.get_by_role("button", name="Check", exact=True).click()
    expect(page.locator("#sum")).to_contain_text("11 claims: 11 findings")
    expect(page.get_by_role("heading", name="claim HHERR-01")).to_be_visible()
    page.get_by_role("link", name="TH020").click()
    expect(page.locator("h1")).to_contain_text("TH020 e-visit-more-than-once-per-7-days")
