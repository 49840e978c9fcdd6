""""Did you mean" benchmark: accuracy and latency on a typo set, beside the previous implementation.

Run from the project root::

    python -m bench.suggestions [--analyzer mecab] [--index DIR] [--check] [--no-old] [--json PATH]

``bench/spelling/typos.tsv`` holds misspellings (English and Korean: deletions, insertions,
substitutions, transpositions, jamo slips), each absent from ``../shared/corpora`` while the word
meant is present; ``--check`` verifies that first. Timings are the suggestion alone: the query's
parse (which the search has already done) is not counted for ``new``. On the benchmark archive (see
:mod:`bench.bench_index`) every typo is asked alone, then in pairs (a two-word query must get both
words right), and a 2,000-character Korean query is timed. ``new`` is :class:`search.suggest.Suggester`
(its one-off vocabulary build timed apart), ``old`` is :mod:`bench.baseline_suggest`, in the same
run. A suggestion counts as right when it equals the intended word(s) exactly. ``--index`` runs on
another archive of the same corpora (``var/bench/scale-300000-mecab/index`` of ``bench.speed --scale``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import baseline_suggest
from bench.bench_index import CORPORA, ROOT, ensure_bench_index, shared_missing
from bench.stats import summary, table, write_json
from search import Archive
from search.analysis import ANALYZERS, default_analyzer_name
from search.query import parse_query, query_terms
from search.suggest import Suggester

TYPOS = ROOT / "bench" / "spelling" / "typos.tsv"
RESULTS = ROOT / "bench" / "results"


def load_typos(path: Path = TYPOS) -> list[tuple[str, str, str]]:
    """(typo, intended, kind) rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            typo, intended, kind = line.split("\t")
            rows.append((typo, intended, kind))
    return rows


def check_typos(rows: list[tuple[str, str, str]]) -> list[str]:
    """Rows breaking the set's rule: a Latin typo found as a word in the corpora, a Hangul typo found
    anywhere in their text, or an intended word missing (Hangul: present fewer than twice)."""
    words: set[str] = set()
    texts = []
    for path in sorted(CORPORA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = f"{record.get('title') or ''}\n{record.get('body') or ''}".lower()
                texts.append(text)
                words.update(re.findall(r"[a-z]+", text))
    everything = "\n".join(texts)
    bad = []
    for typo, intended, _kind in rows:
        if re.fullmatch(r"[a-z]+", typo):
            wrong = typo in words or intended not in words
        else:
            wrong = typo in everything or everything.count(intended) < 2
        if wrong:
            bad.append(f"{typo} -> {intended}")
    return bad


def measure(name: str, suggest: Callable[[str], str | None], cases: list[tuple[str, str]]) -> dict[str, object]:
    """Ask every case once; accuracy and latency summary."""
    times, right, wrong = [], 0, []
    for query, intended in cases:
        started = time.perf_counter()
        got = suggest(query)
        times.append((time.perf_counter() - started) * 1000)
        if got == intended:
            right += 1
        else:
            wrong.append(f"{query} -> {got} (meant {intended})")
    return {"name": name, "right": right, "total": len(cases), **summary(times), "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyzer", choices=ANALYZERS, default=default_analyzer_name())
    parser.add_argument("--index", type=Path, default=None, help="index root (default: the benchmark archive)")
    parser.add_argument("--check", action="store_true", help="verify the typo set against the corpora first")
    parser.add_argument("--no-old", action="store_true", help="skip the previous implementation (slow)")
    parser.add_argument("--json", type=Path, default=RESULTS / "suggestions.json")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    rows = load_typos()
    if args.check:
        bad = check_typos(rows)
        if bad:
            print("typo set breaks its rule:", *bad, sep="\n  ")
            return 1
        print(f"typo set ok: {len(rows)} typos absent from the corpora, intended words present")
    archive = Archive(args.index or ensure_bench_index(args.analyzer), refresh_interval=3600)
    searcher = archive.searcher()
    analyzer = archive.analyzer
    suggester = Suggester()
    started = time.perf_counter()
    vocabulary = suggester.index(searcher, wait=True)
    assert vocabulary is not None
    build_ms = (time.perf_counter() - started) * 1000
    print(f"{searcher.doc_count()} documents; vocabulary {len(vocabulary)} words built in {build_ms:.0f} ms")

    searched: dict[str, set[str]] = {}

    def new(query: str) -> str | None:
        return suggester.suggest(searcher, analyzer, query, searched[query])

    def old(query: str) -> str | None:
        return baseline_suggest.suggest(searcher, analyzer, query)

    single = [(typo, intended) for typo, intended, _ in rows]
    pairs = [(f"{a[0]} {b[0]}", f"{a[1]} {b[1]}") for a, b in zip(single[::2], single[1::2], strict=False)]
    long_query = _long_korean_query()
    for query, _ in [*single, *pairs, (long_query, ""), ("warm up", "")]:
        # The parse is the search's, done before suggestions are asked for: not timed here.
        searched[query] = query_terms(parse_query(query, analyzer).query)[0]
    new("warm up")  # loads Kiwi outside the timings
    baseline_suggest.suggest(searcher, analyzer, "warm")
    results = {
        "documents": searcher.doc_count(),
        "vocabulary": len(vocabulary),
        "build_ms": round(build_ms),
        "new": {"single": measure("new", new, single), "pairs": measure("new", new, pairs)},
    }
    started = time.perf_counter()
    new(long_query)
    results["new"]["long_query_ms"] = round((time.perf_counter() - started) * 1000, 1)
    if not args.no_old:
        results["old"] = {"single": measure("old", old, single), "pairs": measure("old", old, pairs)}
    table_rows = []
    for name in ("new", "old"):
        if name not in results:
            continue
        for kind in ("single", "pairs"):
            r = results[name][kind]
            pct = 100 * r["right"] / r["total"]
            table_rows.append([name, kind, f"{r['right']}/{r['total']} ({pct:.0f} %)", r["median_ms"], r["p95_ms"]])
    print(table(table_rows, ["implementation", "queries", "right", "median ms", "p95 ms"]))
    print(f"new, 2,000-character Korean query: {results['new']['long_query_ms']} ms")
    for name in ("new", "old"):
        for miss in results.get(name, {}).get("single", {}).get("wrong", []):
            print(f"  {name} wrong: {miss}")
    write_json(args.json, results)
    archive.close()
    return 0


def _long_korean_query(size: int = 2000) -> str:
    """The first 2,000 characters of petition text: many words, a few of them unknown."""
    with (CORPORA / "ko-petitions.jsonl").open(encoding="utf-8") as lines:
        text = " ".join(json.loads(line)["body"] for _, line in zip(range(5), lines, strict=False))
    return " ".join(text.split())[:size]


if __name__ == "__main__":
    sys.exit(main())
