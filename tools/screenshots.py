"""Full-page screenshots of a running dashboard in headless Chromium, at 1280 px and 390 px.

Usage: python tools/screenshots.py URL OUT_DIR [PATH ...]   (PATH like '/?from=1930&to=1939')
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

WIDTHS = (1280, 390)


def driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shoot(base: str, out: Path, paths: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    browser = driver()
    try:
        for width in WIDTHS:
            for index, path in enumerate(paths):
                browser.set_window_size(width, 900)
                browser.get(base + path)
                time.sleep(4)
                height = browser.execute_script("return document.body.scrollHeight")
                browser.set_window_size(width, min(height + 100, 24000))
                time.sleep(1)
                name = out / f"w{width}-{index}.png"
                browser.save_screenshot(str(name))
                print(name, path, height)
    finally:
        browser.quit()


if __name__ == "__main__":
    shoot(sys.argv[1], Path(sys.argv[2]), sys.argv[3:] or ["/"])
