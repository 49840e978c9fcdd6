"""Replay the pathological query set (what a hostile client sends) and print the worst case per class.

Every class once cost seconds to minutes on the petitions alone (issue 16): short prefixes and
leading wildcards expanded into thousands of words, many prefixes at once, a 2,000-character
query, a 64-word phrase, 200 ORs, a document repeating the searched word 10,000 times. The goal
is every request within 250 ms in-process on the 27k shared archive; the baseline column is an
ordinary query set timed in the same run, so a loaded machine shows as such.

    python -m bench.pathological [--index var/bench/index-kiwi] [--repeat 3] [--json out.json]

The query set itself (:func:`pathological_queries`) is shared with ``tests/test_hardening_queries.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Common first syllables of Korean words and common English letters: each prefix expands widely.
SYLLABLES = "국청대정사한민의시인공행자도기경제문수주부보전통일선학교회"
LATIN = "abcdefghijklmnopqrstuvwxyz"
ORDINARY = ("oil prices", "coffee", "대통령", "청원 교육", "interest rates", "부동산 정책", "gold", "국민")


def pathological_queries() -> list[tuple[str, str]]:
    """(class, query) pairs; deterministic so runs compare."""
    n = len(SYLLABLES)
    prefixes64 = " ".join(f"{SYLLABLES[i % n]}{SYLLABLES[i // n % n] if i >= n else ''}*" for i in range(64))
    latin_prefixes = " ".join(f"{a}{b}*" for a, b in zip(LATIN * 3, LATIN[3:] + LATIN * 2, strict=False))[:2000]
    korean_2000 = ("대통령의 부동산 정책과 국민 청원에 대한 답변을 요구합니다 " * 80)[:2000]
    typo_2000 = ("갱제 졍책 부동샨 쳥원 교육 " * 200)[:2000]
    phrase64 = '"' + " ".join(["국민", "청원", "대통령", "정부", "정책", "교육", "아이", "부모"] * 8) + '"'
    ors = " OR ".join(["oil", "국민", "price", "청원", "gold", "정부", "trade", "교육"] * 25)
    return [
        ("leading wildcard", "*국*"),
        ("leading wildcard", "*a*"),
        ("leading wildcard", "?*?*?"),
        ("short prefix", "국*"),
        ("short prefix", "a*"),
        ("short prefix", "co*"),
        ("short prefix", "title:국*"),
        ("wildcard inside", "국*민"),
        ("wildcard inside", "c?ff*"),
        ("many prefixes", prefixes64),
        ("many prefixes", latin_prefixes),
        ("long query", korean_2000),
        ("long query", typo_2000),
        ("long phrase", phrase64),
        ("many ORs", ors),
        ("repeated word", "zyzzyva"),
        ("repeated word", "뷁뷁"),
    ]


def hostile_documents() -> list[dict[str, object]]:
    """Records that make highlighting expensive: a word repeated 10,000 times (15,000 in Korean,
    with and without spaces), for the ``repeated word`` class."""
    return [
        {"url": "https://hostile.example/repeat-en", "title": "zyzzyva", "body": "zyzzyva " * 10_000,
         "lang": "en", "site": "hostile.example", "published": None, "author": None, "category": "", "tags": []},
        {"url": "https://hostile.example/repeat-ko", "title": "뷁뷁", "body": "뷁뷁 " * 15_000,
         "lang": "ko", "site": "hostile.example", "published": None, "author": None, "category": "", "tags": []},
        {"url": "https://hostile.example/repeat-ko-joined", "title": "뷁뷁 연속", "body": "뷁뷁" * 15_000,
         "lang": "ko", "site": "hostile.example", "published": None, "author": None, "category": "", "tags": []},
    ]


def _time(archive: object, request: object) -> tuple[float, bool]:
    started = time.perf_counter()
    result = archive.search(request)  # type: ignore[attr-defined]
    return (time.perf_counter() - started) * 1000, result.partial


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, default=ROOT / "var" / "bench" / "index-kiwi")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=None, help="seconds per request (default: the archive's)")
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "pathological.json")
    args = parser.parse_args(argv)
    if not (args.index / "CURRENT").is_file():
        print(f"skipped: no index at {args.index} (python -m bench.bench_index builds it)")
        return 0
    sys.path.insert(0, str(ROOT))
    from bench.stats import table, write_json
    from search import Archive, SearchRequest

    archive = Archive(args.index, result_cache=0, budget=args.budget)
    archive.search(SearchRequest(q="국민 oil"))  # open the index, build columns, load Kiwi: not the queries' cost
    archive.prepare()  # the spelling vocabulary a server builds once, on a thread, after start
    rows: dict[str, list[tuple[float, bool]]] = {}
    for _ in range(args.repeat):
        for text in ORDINARY:
            rows.setdefault("ordinary (baseline)", []).append(_time(archive, SearchRequest(q=text)))
        for kind, text in pathological_queries():
            rows.setdefault(kind, []).append(_time(archive, SearchRequest(q=text)))
    entries = []
    for kind, values in rows.items():
        times = [t for t, _ in values]
        entries.append({"class": kind, "n": len(values), "median_ms": round(statistics.median(times), 1),
                        "worst_ms": round(max(times), 1), "partial": sum(p for _, p in values)})
    header = ["class", "n", "median_ms", "worst_ms", "partial"]
    print(table([[entry[key] for key in header] for entry in entries], header))
    worst = max(e["worst_ms"] for e in entries if e["class"] != "ordinary (baseline)")
    print(f"worst pathological request: {worst} ms (goal <= 250 ms); documents: {archive.stats().documents}")
    write_json(args.json, {"index": str(args.index), "rows": entries, "worst_ms": worst})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
