"""Korean analyzer options side by side: analysis speed, import throughput and Korean relevance.

    python -m bench.korean_analyzers [--records N] [--texts 100] [--jobs 2] [--json PATH]

In one run:

* **analysis alone**: characters per CPU second of each morphological analyser option on the first
  ``--texts`` petitions, one thread: Kiwi as the index uses it and with each of its speed options
  (``z_coda=False``, without the typo and multi-word dictionaries, ``integrate_allomorph=False``),
  and MeCab-ko with mecab-ko-dic. Each row also says how many of the index terms our tokenizer
  makes from that option differ from Kiwi's default.
* **import and relevance** per analyzer (``kiwi``, ``mecab``, ``bigram``): ``newsarchive import``
  of the petitions (the first ``--records``; all by default) and the sample blog into a fresh
  index with ``--jobs``, wall seconds, CPU seconds (user + system of the import process,
  less sensitive to a shared machine's load) and documents per second; then the Korean set of
  :mod:`bench.relevance`, judged over exactly the imported records, on that index.

Skips (exit 0, with a message) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_index import KOREAN, ROOT, sample_records, shared_missing
from bench.relevance import RESULTS, evaluate, korean_set
from bench.stats import table, write_json
from search import Archive
from search.mecab import mecab_available

# Kiwi options that trade something for speed (kiwipiepy 0.24 ships only the ``cong`` model, so
# ``model_type`` has no faster choice): constructor options, then tokenize options.
KIWI_OPTIONS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "kiwi (as indexed)": ({}, {}),
    "kiwi z_coda=False": ({}, {"z_coda": False}),
    "kiwi no typo/multi dicts": ({"load_typo_dict": False, "load_multi_dict": False}, {}),
    "kiwi integrate_allomorph=False": ({"integrate_allomorph": False}, {}),
    "kiwi all three": ({"load_typo_dict": False, "load_multi_dict": False, "integrate_allomorph": False},
                       {"z_coda": False}),
}


def _texts(count: int) -> list[str]:
    with open(KOREAN, encoding="utf-8") as fh:
        return [f"{r['title']}\n{r['body']}" for r in (json.loads(line) for line in itertools.islice(fh, count))]


def _cpu_rate(texts: list[str], analyse: Callable[[str], object]) -> float:
    """Characters per CPU second of ``analyse`` over ``texts`` (one warm-up call first)."""
    analyse("한국어 형태소 분석")
    started = time.process_time()
    for text in texts:
        analyse(text)
    return sum(map(len, texts)) / (time.process_time() - started)


def _terms_differing(reference: list[Counter[str]], terms: list[Counter[str]]) -> float:
    """Share of index terms (with multiplicity) of ``reference`` missing from ``terms``, over all texts."""
    total = sum(sum(c.values()) for c in reference)
    missing = sum(sum((ref - got).values()) for ref, got in zip(reference, terms, strict=True))
    return missing / total if total else 0.0


def analysis_rows(texts: list[str]) -> list[dict[str, object]]:
    """Characters per CPU second of each analyser option, and how many index terms change."""
    from kiwipiepy import Kiwi

    import search.analysis as analysis
    from search.kiwi import match_options

    rows: list[dict[str, object]] = []
    reference: list[Counter[str]] = []
    for label, (init, call) in KIWI_OPTIONS.items():
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            kiwi = Kiwi(num_workers=0, **init)

        def tokens(text: str, kiwi: Kiwi = kiwi, call: dict[str, Any] = call) -> Any:
            return kiwi.tokenize(text, match_options=match_options(), split_complex=False, **call)

        rate = _cpu_rate(texts, tokens)
        terms = [Counter(t for t, *_ in _index_terms(text, lambda v: analysis._to_morphemes(v, tokens(v))))
                 for text in texts]
        reference = reference or terms
        differing = _terms_differing(reference, terms)
        rows.append({"option": label, "chars_per_cpu_s": round(rate), "terms_differing": differing})
        print(json.dumps(rows[-1]), flush=True)
        del kiwi
    if mecab_available():
        from search.mecab import parse

        rate = _cpu_rate(texts, parse)
        terms = [Counter(t for t, *_ in _index_terms(text, analysis.mecab_morphemes)) for text in texts]
        rows.append({"option": "mecab (mecab-ko-dic)", "chars_per_cpu_s": round(rate),
                     "terms_differing": _terms_differing(reference, terms)})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def _index_terms(text: str, morphemes: Callable[[str], list[Any]]) -> list[tuple[str, int, int, int]]:
    """The index terms our tokenizer makes of ``text`` from the given morphemes."""
    from search.analysis import KoreanEnglishTokenizer

    class _With(KoreanEnglishTokenizer):
        def morphemes(self, value: str) -> list[Any]:
            return morphemes(value)

    return list(_With().terms(text, "index"))


def import_row(analyzer: str, source: Path, records: int, jobs: int, work: Path) -> dict[str, object]:
    """Import ``source`` into a fresh index with ``analyzer`` and ``jobs``; then Korean relevance."""
    index = work / f"index-{analyzer}"
    env = dict(os.environ, NEWSARCHIVE_ANALYZER=analyzer)
    command = [sys.executable, "-m", "indexer.cli", "import", str(source), "--index", str(index), "--jobs", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    docs = records + len(sample_records())
    archive = Archive(index)
    try:
        relevance = evaluate(archive, korean_set(records))
    finally:
        archive.close()
    return {
        "analyzer": analyzer, "docs": docs, "jobs": jobs, "import_s": round(seconds, 1), "import_cpu_s": round(cpu, 1),
        "import_docs_per_s": round(docs / seconds, 1), "ko_precision": round(float(relevance["precision"]), 3),  # type: ignore[arg-type]
        "ko_recall": round(float(relevance["recall"]), 3), "ko_p_at_10": round(float(relevance["p@10"]), 3),  # type: ignore[arg-type]
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, help="petitions imported (default: all)")
    parser.add_argument("--texts", type=int, default=100, help="petitions analysed for the analysis-alone rows")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--analyzer", action="append", help="analyzers to import with (default: kiwi, mecab, bigram)")
    parser.add_argument("--json", type=Path, default=RESULTS / "korean_analyzers.json")
    args = parser.parse_args(argv)
    missing = shared_missing()
    if missing:
        print(missing)
        return 0
    load = os.getloadavg()
    analysis = analysis_rows(_texts(args.texts))
    analyzers = args.analyzer or ["kiwi", *(["mecab"] if mecab_available() else []), "bigram"]
    imports = []
    with tempfile.TemporaryDirectory(prefix="newsarchive-korean-") as tmp:
        work = Path(tmp)
        source = work / "korean.jsonl"
        with open(KOREAN, encoding="utf-8") as src, open(source, "w", encoding="utf-8") as out:
            lines = list(itertools.islice(src, args.records))
            out.writelines(lines)
            out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in sample_records())
        for analyzer in analyzers:
            imports.append(import_row(analyzer, source, len(lines), args.jobs, work))
            print(json.dumps(imports[-1]), flush=True)
    print(table([[r["option"], f"{r['chars_per_cpu_s']:,}", f"{100 * float(r['terms_differing']):.2f} %"]  # type: ignore[arg-type]
                 for r in analysis], ["analysis option (1 thread)", "chars per CPU s", "index terms differing"]))
    print()
    print(table([[r["analyzer"], r["docs"], r["jobs"], r["import_s"], r["import_cpu_s"], r["import_docs_per_s"],
                  r["ko_precision"], r["ko_recall"], r["ko_p_at_10"]] for r in imports],
                ["analyzer", "docs", "jobs", "import s", "import CPU s", "docs/s", "ko precision", "ko recall",
                 "ko P@10"]))
    end_load = os.getloadavg()
    print(f"load average at start {load[0]:.2f}, at end {end_load[0]:.2f}")
    write_json(args.json, {"load_start": load, "load_end": end_load, "analysis": analysis, "imports": imports})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
