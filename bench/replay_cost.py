"""What making an archived copy safe costs (:func:`indexer.replay.safe_document`), on ordinary
posts and on pages built to be expensive, up to the page cap.

    python -m bench.replay_cost [--repeat N]

Pages: the sample Tistory post, the WordPress fixture post (tests/replay_site.py), and three
hostile ones at the cap (:data:`indexer.replay.MAX_PAGE_BYTES`): 3 MB of paragraphs with event
handlers and remote images, 3 MB of nesting 100k tags deep, and a 3 MB stylesheet of ``url()``
rules. Every stylesheet and image is "archived" here, so the rewrite does its most work. CPU
time is reported beside wall time: on a shared machine the wall time is mostly waiting.
"""

from __future__ import annotations

import argparse
import time

from bench.stats import summary, table
from indexer.replay import MAX_PAGE_BYTES, safe_document
from tests.replay_site import SAMPLE_POST, WORDPRESS_CSS, wordpress_html

BASE = "http://blog.example"


class _Everything:
    """Links that hold every page, image and stylesheet: the most rewriting a page can cause."""

    def page(self, url: str) -> str | None:
        return "/articles/0123456789abcdef/archived"

    def image(self, url: str) -> str | None:
        return "/archived/images/1"

    def stylesheet(self, url: str) -> tuple[str, str] | None:
        return url, WORDPRESS_CSS


def pages() -> dict[str, bytes]:
    handlers = ('<p onclick="x()" style="background:url(/a.png)">text <a href="/x">l</a>'
                '<img src="//e.example/i.png"></p>')
    rules = ".r{background:url(/bg.png);color:red}\n"
    return {
        "Tistory post (sample 101)": SAMPLE_POST.read_bytes(),
        "WordPress post (fixture)": wordpress_html(BASE).encode(),
        "3 MB of handlers and images": ("<html><body>" + handlers * (MAX_PAGE_BYTES // len(handlers))).encode(),
        "3 MB nested 100k deep": ("<html><body>" + "<div><span>" * 100_000 + "x").encode().ljust(MAX_PAGE_BYTES, b" "),
        "3 MB stylesheet": ("<html><head><style>" + rules * (MAX_PAGE_BYTES // len(rules)) + "</style>").encode(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    rows = []
    for name, content in pages().items():
        times, out, cpu = [], 0, time.process_time()
        for _ in range(args.repeat):
            start = time.perf_counter()
            out = len(safe_document(content, BASE + "/post", _Everything(), charset="utf-8").html)
            times.append((time.perf_counter() - start) * 1000)
        cpu = (time.process_time() - cpu) / args.repeat
        stats = summary(times)
        size = f"{len(content) / 1024:.0f} KB"
        rows.append([name, size, f"{out / 1024:.0f} KB", stats["median_ms"], stats["p95_ms"], round(cpu * 1000)])
    print(table(rows, ["page", "in", "out", "median ms", "p95 ms", "CPU ms (mean)"]))


if __name__ == "__main__":
    main()
