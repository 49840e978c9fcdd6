"""Search a newsarchive server, page through the hits and print the facets: a JSON API v1 example.

    python tests/example_client.py http://127.0.0.1:8000 "파이썬" --tag Python --per-page 5 --pages 3

Standard library only. Follows ``links.next`` rather than counting pages itself, so it keeps
every filter, and prints the server's problem ``detail`` when a request is refused.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


def get_json(url: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return json.load(resp)
    except urllib.error.HTTPError as err:  # errors are application/problem+json
        problem = json.load(err)
        raise SystemExit(f"error {problem['status']}: {problem['detail']}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("server", help="base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("query", nargs="?", default="")
    parser.add_argument("--tag", action="append", default=[], help="tag filter (repeatable)")
    parser.add_argument("--per-page", type=int, default=10)
    parser.add_argument("--pages", type=int, default=3, help="stop after this many pages")
    args = parser.parse_args(argv)

    params = [("q", args.query), *(("tag", t) for t in args.tag), ("per_page", str(args.per_page))]
    url: str | None = f"{args.server.rstrip('/')}/api/v1/search?{urllib.parse.urlencode(params)}"
    first = None
    for _ in range(args.pages):
        if url is None:
            break
        page = get_json(url)
        first = first or page
        print(f"page {page['page']} ({page['total']} hits)")
        for hit in page["hits"]:
            print(f"  {hit['published'] or '':25.25}  {hit['title']}  <{hit['url']}>")
        # links are relative to the server: join them to its base URL
        url = urllib.parse.urljoin(args.server, page["links"]["next"]) if page["links"]["next"] else None

    if first is not None:
        if first["suggestion"]:
            print(f"did you mean: {first['suggestion']}")
        for name, values in first["facets"].items():
            shown = ", ".join(f"{v['value']} ({v['count']})" for v in values[:5])
            print(f"{name}: {shown or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
