"""Server-side render time of the search page beside the search core's own time for the same query.

Run from the project root::

    python -m bench.ui_render [--repeat N] [--json bench/results/ui_render.json] [--index DIR]

Over the shared benchmark archive (:mod:`bench.bench_index`, Kiwi analyzer) it replays the fixed
query set (:mod:`bench.queries`) four ways, interleaved, in one process on one warm
:class:`search.Archive`:

- **core**: ``Archive.search`` with exactly the request the page builds (its facets included);
- **floor**: the same URL's request through the WSGI app to a view that runs the same search and
  writes nothing (routing, request parsing, the search, response and headers: what any page
  costs in Flask, measured so the page's own share can be told apart);
- **page**: ``GET /search`` called on the WSGI app as gunicorn calls it (environ built outside
  the timing): routing, search, the content, the templates, headers, the body;
- **client**: the same through Flask's test client (which also builds the environ from the URL
  and wraps the response), as earlier versions of this benchmark measured.

The target is a page within 20 % of the core's time (sum of per-query medians): page / core
≤ 1.20. The table also shows the page's own work, page − floor, as a share of the core. Skips
(exit 0, with a message) when ``../shared`` is absent.
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


FLOOR = "/_bench/floor"


def measure(index: Path, repeat: int) -> dict:
    from werkzeug.test import EnvironBuilder

    from search import request_from_mapping
    from web import create_app, ui, view
    from web.context import archive

    # Every side computed on every request: with the result cache on, the "core" side would be a
    # dictionary lookup (~0.06 ms) and the ratio would measure nothing.
    os.environ["NEWSARCHIVE_RESULT_CACHE"] = "0"
    app = create_app({"INDEX_DIR": str(index)})

    def floor() -> str:
        archive().search(ui._request())
        return ""

    app.add_url_rule(FLOOR, "bench_floor", floor)
    client = app.test_client()
    arch = app.extensions["archive"]

    def call(environ: dict) -> None:
        b"".join(app(dict(environ), lambda status, headers, exc_info=None: None))

    rows = []
    for cls, params in all_requests():
        req = replace(request_from_mapping(params), facets=view.UI_FACETS)
        query = "?" + urlencode(params)
        page_env = EnvironBuilder("/search" + query).get_environ()
        floor_env = EnvironBuilder(FLOOR + query).get_environ()
        page_status = client.get("/search" + query).status_code  # warm every path (analyzer caches, columns)
        call(floor_env)
        arch.search(req)
        times: dict[str, list[float]] = {"core": [], "floor": [], "page": [], "client": []}
        for _ in range(repeat):
            times["core"].append(_ms(lambda req=req: arch.search(req)))
            times["floor"].append(_ms(lambda env=floor_env: call(env)))
            times["page"].append(_ms(lambda env=page_env: call(env)))
            times["client"].append(_ms(lambda url="/search" + query: client.get(url).get_data()))
        rows.append({"class": cls, "params": params, "status": page_status,
                     **{side: summary(values) for side, values in times.items()}})
    return {"index": str(index), "repeat": repeat, "queries": rows}


def _total(rows: list[dict], side: str) -> float:
    return sum(r[side]["median_ms"] for r in rows)


def report(result: dict) -> tuple[str, bool]:
    by_class: dict[str, list[dict]] = {}
    for row in result["queries"]:
        by_class.setdefault(row["class"], []).append(row)
    lines = []
    for cls, rows in [*by_class.items(), ("all", result["queries"])]:
        core, floor, page, client = (_total(rows, side) for side in ("core", "floor", "page", "client"))
        lines.append([cls, len(rows), *(f"{t / len(rows):.2f}" for t in (core, floor, page)),
                      f"{page / core:.3f}", f"{(page - floor) / core * 100:.1f} %", f"{client / core:.3f}"])
    rows = result["queries"]
    core = _total(rows, "core")
    result["page_over_core"] = round(_total(rows, "page") / core, 4)
    result["floor_over_core"] = round(_total(rows, "floor") / core, 4)
    result["page_work_over_core"] = round((_total(rows, "page") - _total(rows, "floor")) / core, 4)
    result["client_over_core"] = round(_total(rows, "client") / core, 4)
    result["within_target"] = result["page_over_core"] <= TARGET
    header = ["class", "queries", "core ms", "floor ms", "page ms", "page / core", "(page − floor) / core",
              "test client / core"]
    return table(lines, header), result["within_target"]


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
    print(f"\npage / core = {result['page_over_core']:.3f} (target ≤ {TARGET:.2f}): {'ok' if ok else 'OVER'}; "
          f"Flask with the search alone (floor) / core = {result['floor_over_core']:.3f}, the page's own work "
          f"(page − floor) = {result['page_work_over_core'] * 100:.1f} % of the core")
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
