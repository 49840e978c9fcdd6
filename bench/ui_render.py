"""Server-side render time of the search page beside the search core's own time for the same query.

Run from the project root::

    python -m bench.ui_render [--repeat N] [--json bench/results/ui_render.json] [--index DIR]

Over the shared benchmark archive (:mod:`bench.bench_index`, Kiwi analyzer) it replays the fixed
query set (:mod:`bench.queries`) three ways, interleaved, in one process on one warm
:class:`search.Archive`:

- **core**: ``Archive.search`` with exactly the request the page builds (its facets included);
- **floor**: the same URL's request through the WSGI app to a view that runs the same search and
  writes nothing (routing, request parsing, the search, response and headers: what any page
  costs in Flask, measured so the page's own share can be told apart);
- **page**: ``GET /search`` called on the WSGI app as gunicorn calls it (environ built outside
  the timing): routing, search, the Jinja templates, headers, the body.

The budget (issue 17) is the page's p95 within the core's p95 + 3 ms, both over every timed run
of every query: a few milliseconds are invisible to a reader, while templates are what operators
customise. The table also shows medians and the page's own work (page − floor). Skips (exit 0,
with a message) when ``../shared`` is absent.
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
from search.analysis import default_analyzer_name

BUDGET_MS = 3.0  # page p95 − core p95


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
_clock = time.perf_counter


def _ms(func) -> float:  # noqa: ANN001 - any zero-argument callable
    started = _clock()
    func()
    return (_clock() - started) * 1000


FLOOR = "/_bench/floor"


def measure(index: Path, repeat: int) -> dict:
    from werkzeug.test import EnvironBuilder

    from search import request_from_mapping
    from web import create_app, ui, view
    from web.context import archive
    from web.server import settle

    # Every side computed on every request: with the result cache on, the "core" side would be a
    # dictionary lookup (~0.06 ms) and the comparison would measure nothing.
    os.environ["NEWSARCHIVE_RESULT_CACHE"] = "0"
    app = create_app({"INDEX_DIR": str(index)})

    def floor() -> str:
        archive().search(ui._request())
        return ""

    app.add_url_rule(FLOOR, "bench_floor", floor)
    client = app.test_client()  # warms each page once and checks its status
    arch = app.extensions["archive"]
    # A server's steady state: the spelling vocabulary built (not on a thread beside the timed
    # runs), and the app's long-lived objects frozen as `newsarchive serve` freezes them.
    arch.prepare()
    settle()

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
        times: dict[str, list[float]] = {"core": [], "floor": [], "page": []}
        for _ in range(repeat):
            times["core"].append(_ms(lambda req=req: arch.search(req)))
            times["floor"].append(_ms(lambda env=floor_env: call(env)))
            times["page"].append(_ms(lambda env=page_env: call(env)))
        rows.append({"class": cls, "params": params, "status": page_status, "times": times,
                     **{side: summary(values) for side, values in times.items()}})
    return {"index": str(index), "repeat": repeat, "clock": _clock.__name__, "queries": rows}


def _pooled(rows: list[dict], side: str) -> dict[str, float]:
    """Median and p95 over every timed run of every query in ``rows``."""
    return summary([t for r in rows for t in r["times"][side]])


def report(result: dict) -> tuple[str, bool]:
    by_class: dict[str, list[dict]] = {}
    for row in result["queries"]:
        by_class.setdefault(row["class"], []).append(row)
    lines = []
    for cls, rows in [*by_class.items(), ("all", result["queries"])]:
        core, floor, page = (_pooled(rows, side) for side in ("core", "floor", "page"))
        lines.append([cls, len(rows), *(f"{s['median_ms']:.2f}" for s in (core, floor, page)),
                      f"{core['p95_ms']:.2f}", f"{page['p95_ms']:.2f}", f"{page['p95_ms'] - core['p95_ms']:+.2f}",
                      f"{page['median_ms'] - floor['median_ms']:.2f}"])
    rows = result["queries"]
    core, floor, page = (_pooled(rows, side) for side in ("core", "floor", "page"))
    result["core"], result["floor"], result["page"] = core, floor, page
    result["page_p95_minus_core_p95_ms"] = round(page["p95_ms"] - core["p95_ms"], 3)
    result["within_budget"] = result["page_p95_minus_core_p95_ms"] <= BUDGET_MS
    for row in rows:
        del row["times"]
    header = ["class", "queries", "core median ms", "floor median ms", "page median ms", "core p95 ms",
              "page p95 ms", "page p95 − core p95", "page − floor (median) ms"]
    return table(lines, header), result["within_budget"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per query and path")
    parser.add_argument("--json", dest="json_out", type=Path, default=ROOT / "bench" / "results" / "ui_render.json")
    parser.add_argument("--index", type=Path, help="an existing index instead of the shared benchmark archive")
    parser.add_argument("--clock", choices=CLOCKS, default="wall",
                        help="wall time, or this process's CPU time (steadier on a machine shared with other work)")
    args = parser.parse_args(argv)
    global _clock
    _clock = CLOCKS[args.clock]
    missing = None if args.index else shared_missing()
    if missing:
        print(missing)
        return 0
    result = measure(args.index or ensure_bench_index(default_analyzer_name()), args.repeat)
    if any(row["status"] != 200 for row in result["queries"]):
        print("a search page did not answer 200", file=sys.stderr)
        return 1
    text, ok = report(result)
    print(text)
    print(f"\npage p95 − core p95 = {result['page_p95_minus_core_p95_ms']:+.2f} ms "
          f"(budget ≤ {BUDGET_MS:.0f} ms): {'ok' if ok else 'OVER'}")
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
