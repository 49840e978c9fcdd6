"""Server-side render time of the search page beside the search core's own time for the same query.

Run from the project root::

    python -m bench.ui_render [--repeat N] [--json bench/results/ui_render.json] [--index DIR]

Over the shared benchmark archive (:mod:`bench.bench_index`, Kiwi analyzer) it replays the fixed
query set (:mod:`bench.queries`) two ways, interleaved, in one process and on one warm
:class:`search.Archive`: ``Archive.search`` with exactly the request the page builds (its facet
sizes included), and a full ``GET /search`` through the WSGI app (routing, search, every
template, headers). The target is a page within 20 % of the core's time (sum of per-query
medians). Skips (exit 0, with a message) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

from bench.bench_index import ROOT, ensure_bench_index, shared_missing
from bench.queries import all_requests
from bench.stats import summary, table

TARGET = 1.20


def _ms(func) -> float:  # noqa: ANN001 - any zero-argument callable
    started = time.perf_counter()
    func()
    return (time.perf_counter() - started) * 1000


def measure(index: Path, repeat: int) -> dict:
    from search import request_from_mapping
    from web import create_app, view

    # Both sides computed on every request: with the result cache on, the "core" side would be a
    # dictionary lookup (~0.06 ms) and the ratio would measure nothing.
    os.environ["NEWSARCHIVE_RESULT_CACHE"] = "0"
    app = create_app({"INDEX_DIR": str(index)})
    client = app.test_client()
    archive = app.extensions["archive"]
    rows = []
    for cls, params in all_requests():
        req = replace(request_from_mapping(params), facets=view.UI_FACETS)
        url = "/search?" + urlencode(params)
        page_status = client.get(url).status_code  # warm both paths (analyzer caches, columns)
        archive.search(req)
        core, page = [], []
        for _ in range(repeat):
            core.append(_ms(lambda req=req: archive.search(req)))
            page.append(_ms(lambda url=url: client.get(url).get_data()))
        rows.append({"class": cls, "params": params, "status": page_status,
                     "core": summary(core), "page": summary(page)})
    return {"index": str(index), "repeat": repeat, "queries": rows}


def report(result: dict) -> tuple[str, bool]:
    by_class: dict[str, list[dict]] = {}
    for row in result["queries"]:
        by_class.setdefault(row["class"], []).append(row)
    lines = []
    for cls, rows in [*by_class.items(), ("all", result["queries"])]:
        core = sum(r["core"]["median_ms"] for r in rows)
        page = sum(r["page"]["median_ms"] for r in rows)
        lines.append([cls, len(rows), f"{core / len(rows):.2f}", f"{page / len(rows):.2f}",
                      f"{(page - core) / len(rows):+.2f}", f"{(page / core - 1) * 100:+.1f} %"])
    overall = sum(r["page"]["median_ms"] for r in result["queries"]) / sum(
        r["core"]["median_ms"] for r in result["queries"])
    result["page_over_core"] = round(overall, 4)
    result["within_target"] = overall <= TARGET
    header = ["class", "queries", "core ms (mean of medians)", "page ms", "page − core", "overhead"]
    return table(lines, header), overall <= TARGET


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query and path")
    parser.add_argument("--json", dest="json_out", type=Path, default=ROOT / "bench" / "results" / "ui_render.json")
    parser.add_argument("--index", type=Path, help="an existing index instead of the shared benchmark archive")
    args = parser.parse_args(argv)
    missing = None if args.index else shared_missing()
    if missing:
        print(missing)
        return 0
    result = measure(args.index or ensure_bench_index("kiwi"), args.repeat)
    if any(row["status"] != 200 for row in result["queries"]):
        print("a search page did not answer 200", file=sys.stderr)
        return 1
    text, ok = report(result)
    print(text)
    print(f"\npage / core = {result['page_over_core']:.3f} (target ≤ {TARGET:.2f}): {'ok' if ok else 'OVER'}")
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
