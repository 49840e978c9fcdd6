"""The README's screenshots of the big archive: ``newsarchive serve`` over the ~27,500-document
benchmark index (:mod:`bench.bench_index`), photographed in Debian's chromium by Playwright.

Desktop (1366×900), phone (390×844) and 300 % zoom (1366×900 at 300 % is a 455×300 CSS px
viewport drawn at three device pixels per CSS pixel), in Korean and English (the browser's
``Accept-Language``, as a reader's browser sends it), plus the trends view. Each shot is also a
check: the page must answer 200 and must not scroll sideways.

Run ``python -m bench.screenshots [--index DIR] [--out tests/screenshots]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.bench_index import ROOT, WORK, shared_missing

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
ZOOM_300 = {"width": 455, "height": 300}

# (file name, path, viewport, device scale, language, full page)
SHOTS: tuple[tuple[str, str, dict[str, int], int, str, bool], ...] = (
    ("archive-home-en.png", "/", DESKTOP, 1, "en-US", False),
    ("archive-search-en.png", "/search?q=coffee+prices", DESKTOP, 1, "en-US", False),
    ("archive-search-ko.png", "/search?q=대통령+탄핵", DESKTOP, 1, "ko-KR", False),
    ("archive-phone-ko.png", "/search?q=청년+일자리", PHONE, 2, "ko-KR", False),
    ("archive-phone-en.png", "/search?q=oil&tag=crude", PHONE, 2, "en-US", False),
    ("archive-zoom300-ko.png", "/search?q=미세먼지", ZOOM_300, 3, "ko-KR", False),
    ("archive-zoom300-en.png", "/search?q=gold", ZOOM_300, 3, "en-US", False),
    ("archive-trends-en.png", "/trends?q=oil&q=coffee&q=gold&q=wheat", DESKTOP, 1, "en-US", True),
    ("archive-trends-ko.png", "/trends?q=미세먼지&q=일자리&q=최저임금", DESKTOP, 1, "ko-KR", True),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(index: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-P", "-m", "indexer.cli", "serve", "--index", str(index), "--port", str(port),
           "--workers", "1"]
    with open(log, "wb") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    proc.kill()
    raise SystemExit(f"newsarchive serve did not start; see {log}")


def take(base: str, out: Path) -> list[str]:
    """Every shot of :data:`SHOTS` into ``out``; one line per shot (size, page height)."""
    from playwright.sync_api import sync_playwright

    lines = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for name, path, viewport, scale, locale, full in SHOTS:
            context = browser.new_context(viewport=viewport, device_scale_factor=scale, locale=locale,
                                          extra_http_headers={"Accept-Language": locale})
            page = context.new_page()
            answer = page.goto(base + path, wait_until="networkidle", timeout=60_000)
            assert answer is not None and answer.status == 200, (path, answer and answer.status)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {viewport}"
            height = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(out / name), full_page=full)
            lines.append(f"{name:28} {viewport['width']}×{viewport['height']} @{scale}x {locale}  page {height} px")
            context.close()
        browser.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=WORK / "index-kiwi")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "screenshots")
    args = parser.parse_args()
    missing = shared_missing()
    if missing and not args.index.exists():
        print(missing)
        return
    if not (args.index / "CURRENT").exists():
        raise SystemExit(f"{args.index} holds no index: run python -m bench.bench_index first")
    args.out.mkdir(parents=True, exist_ok=True)
    log = Path(tempfile.gettempdir()) / "newsarchive-screenshots-serve.log"
    proc, base = _serve(args.index, log)
    try:
        for line in take(base, args.out):
            print(line)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
