"""The HTML report opens in Chromium (Playwright) from a file, charts drawn, no request leaving the page.

Skipped, with the reason, where Chromium or Playwright is missing (as tests/web/test_browser.py)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from utilkit import hh, line, prof, visit, write  # noqa: E402


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None


CHROMIUM = _chromium()
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = [
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed (pip install -e '.[test]')"),
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine (apt-get install chromium)"),
]


def test_the_html_report_opens_offline_with_its_charts_drawn(tmp_path, tmp_store, capsys):
    from teleclaim.cli.main import main

    claims = [
        prof(
            f"C{i}",
            i,
            [
                line(1, "99213", pos="10" if i % 2 else "02", date=f"2026-0{1 + i % 3}-02"),
                line(2, "99441", date=f"2026-0{1 + i % 3}-03"),
            ],
            rendering=f"12345678{i % 3}3",
        )
        for i in range(1, 9)
    ]
    claims += [
        hh("H1", 20, "329", "2026-02-01", [visit(), visit("G0320", "0580")]),
        hh("H2", 21, "329", "2026-03-01", [visit()]),
    ]
    html = tmp_path / "report.html"
    assert main(["report", "utilization", str(write(tmp_path, claims)), "--format", "html", "-o", str(html)]) == 0
    capsys.readouterr()
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html.as_uri())
            page.wait_for_load_state("networkidle")
            figures = page.locator("figure.svg svg")
            assert figures.count() >= 5  # revenue needs the fee data; national needs an import
            for i in range(figures.count()):
                box = figures.nth(i).bounding_box()
                assert box and box["width"] > 100 and box["height"] > 100, i
                assert figures.nth(i).locator("path").count() > 10, i  # axes, bars and glyphs drawn
            assert page.locator("section.chart-section table").count() == page.locator("section.chart-section").count()
            cells = json.loads(
                page.evaluate(
                    "JSON.stringify([...document.querySelectorAll('#telehealth-share tbody tr')]"
                    ".map(r => [...r.cells].map(c => c.textContent)))"
                )
            )
            assert cells[0][:3] == ["2026-01", "4", "2"]  # 2 claims x (telehealth line + phone code at POS 11)
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [html.as_uri()], requests  # nothing but the page itself
