"""Regenerate the README screenshots of the web UI (synthetic data only).

    python docs/screenshots.py            # needs playwright and a Chromium (apt-get install chromium)

Starts `teleclaim serve`'s app on a temporary store, signs in with a fresh key, and saves
docs/screenshots/{search,code,suggest,check}.png at 1280x800.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLES = HERE.parent / "examples"
OUT = HERE / "screenshots"


def main() -> int:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed: pip install -e '.[test]'", file=sys.stderr)
        return 2
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="teleclaim-shots-")
    os.environ.update({"TELECLAIM_STORE": f"{tmp}/store.sqlite3", "TELECLAIM_CONFIG_DIR": f"{tmp}/cfg",
                       "TELECLAIM_SECURE_COOKIES": "false"})
    import uvicorn

    from teleclaim.api import create_app
    from teleclaim.store import open_store
    from teleclaim.store.keys import KeyStore

    key = KeyStore(open_store()).create("screenshots")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    while not srv.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = b.new_page(viewport={"width": 1280, "height": 800})
        page.goto(base + "/")
        page.get_by_label("Search codes").fill("nurse phone call")
        page.locator("#live-results a").first.wait_for()
        page.screenshot(path=str(OUT / "search.png"))
        page.goto(base + "/codes/G0321?on=2026-01-05")
        page.screenshot(path=str(OUT / "code.png"), full_page=True)
        page.goto(base + "/suggest/telehealth_em")
        page.get_by_label("Date of service").fill("2026-03-02")
        page.get_by_label("Patient was").select_option("home")
        page.get_by_label("Total practitioner minutes on the date").fill("95")
        page.locator("#f-patient").select_option("new")
        page.get_by_role("button", name="Suggest codes").click()
        page.screenshot(path=str(OUT / "suggest.png"), full_page=True)
        page.goto(base + "/signin")
        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_label("837I/837P files").set_input_files([str(EXAMPLES / "home_health_errors_837i.837"),
                                                              str(EXAMPLES / "telehealth_errors_837p.837")])
        page.get_by_label("Check as of").fill("2026-10-15")
        page.get_by_role("button", name="Check", exact=True).click()
        page.locator("#sum").wait_for()
        page.screenshot(path=str(OUT / "check.png"), full_page=True)
        b.close()
    srv.should_exit = True
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {', '.join(sorted(x.name for x in OUT.glob('*.png')))} to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
