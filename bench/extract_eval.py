"""Extraction benchmark: our extractor beside trafilatura on the shared gold sets.

Run from the project root::

    python -m bench.extract_eval [--sets extraction-gold,date-gold,tistory,web-eval] [--json out.json] [--limit N]

For each set it extracts every page with :func:`indexer.extract.extract_page` (one JSON line
per page in the import shape plus ``id``), runs trafilatura on the same pages in the same run,
scores both and prints one table (body P/R/F1, title, date, author, pages/second) with a row
per set and system. ``extraction-gold``, ``date-gold`` and ``tistory`` use
``../shared/pages/baseline_trafilatura.py`` and ``score.py``; ``web-eval`` (open-web pages
with passages the body must and must not contain) uses ``bench.web_eval_baseline`` (the
set's published trafilatura setup) and ``score_chunks.py``, whose body numbers are chunk
counts summed over pages. For the Tistory set it also counts pages passing the gold's full
rule (every field plus body include/exclude phrases).

Speed (``pages/s``) is CPU time per page with both systems in this process, page by page
(ours, then trafilatura called as its baseline calls it), after both have read the first
``WARM_PAGES`` pages and dateparser has loaded its languages untimed: so both meet the same
machine load, and neither pays the other's one-time start-up. (The baseline's own subprocess
gives the quality columns; timing it apart, minutes after ours, measured the machine's load
more than either extractor on a shared machine.)

Skips (exit 0, with a message) when ``../shared`` is absent.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.stats import write_json
from indexer.extract import ExtractionError, extract_page

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAGES = SHARED / "pages"
SETS = ("extraction-gold", "date-gold", "tistory", "web-eval")
CHUNK_SETS = frozenset({"web-eval"})  # scored by score_chunks.py, pages listed by their "page" path
COLUMNS = ("body P", "body R", "body F1", "title", "date", "author")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    parser.add_argument("--json", dest="json_out", type=Path, help="write all results here")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--no-baseline", action="store_true", help="skip the trafilatura row")
    parser.add_argument("--keep", type=Path, help="keep prediction files in this folder")
    args = parser.parse_args(argv)
    if not (PAGES / "score.py").is_file():
        print(f"skipped: shared pages not found at {PAGES}")
        return 0
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = [n for n in names if not (PAGES / n / "gold.jsonl").is_file()]
    if unknown:
        parser.error(f"unknown set(s): {', '.join(unknown)}")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in names:
            results[name] = run_set(name, work, args.limit, baseline=not args.no_baseline)
    print(render(results))
    if args.json_out:
        write_json(args.json_out, results)
    return 0


def run_set(name: str, work: Path, limit: int | None, *, baseline: bool) -> dict[str, Any]:
    """Extract, baseline and score one set; returns ``{"ours": row, "trafilatura": row}``."""
    gold_pages = load_jsonl(PAGES / name / "gold.jsonl")[:limit] if limit else load_jsonl(PAGES / name / "gold.jsonl")
    if name in CHUNK_SETS:  # the URL to give the extractor is fetch_url ("url" may be a file key)
        gold_pages = [{**page, "url": page["fetch_url"]} for page in gold_pages]
    set_dir = stage_set(name, gold_pages, work)
    ours_pred = work / f"{name}.ours.jsonl"
    timed = timed_baseline(name in CHUNK_SETS) if baseline else None
    seconds, base_seconds, failures = extract_set(set_dir, gold_pages, ours_pred, timed)
    out: dict[str, Any] = {"pages": len(gold_pages)}
    scorer = "score_chunks.py" if name in CHUNK_SETS else "score.py"
    out["ours"] = score(set_dir / "gold.jsonl", ours_pred, seconds, len(gold_pages), scorer)
    out["ours"]["failures"] = failures
    if name == "tistory":
        out["ours"]["tistory_pass"] = tistory_pass(gold_pages, ours_pred)
    if baseline:
        base_pred = work / f"{name}.trafilatura.jsonl"
        wall = run_baseline(set_dir, base_pred, chunks=name in CHUNK_SETS)
        out["trafilatura"] = score(set_dir / "gold.jsonl", base_pred, base_seconds or wall, len(gold_pages), scorer)
        out["trafilatura"]["subprocess_wall_seconds"] = round(wall, 2)
    return out


def stage_set(name: str, gold_pages: list[dict[str, Any]], work: Path) -> Path:
    """A set folder the baseline script can read: the (limited) gold and gzipped pages."""
    set_dir = work / name
    set_dir.mkdir(parents=True, exist_ok=True)
    with open(set_dir / "gold.jsonl", "w", encoding="utf-8") as f:
        for page in gold_pages:
            f.write(json.dumps(page, ensure_ascii=False) + "\n")
    for page in gold_pages:
        target = set_dir / f"{page['id']}.html.gz"
        if target.exists():
            continue
        source = PAGES / page["page"] if "page" in page else PAGES / name / f"{page['id']}.html.gz"
        if source.is_file():
            target.symlink_to(source)
        else:
            target.write_bytes(gzip.compress((PAGES / name / f"{page['id']}.html").read_bytes()))
    return set_dir


WARM_PAGES = 10  # pages both systems read untimed first (imports, caches, lazy set-up)


def extract_set(set_dir: Path, gold_pages: list[dict[str, Any]], pred: Path,
                baseline: Callable[[bytes, str], object] | None = None) -> tuple[float, float | None, int]:
    """Run our extractor over the pages, each followed by ``baseline`` (timing only); returns
    (our CPU seconds, the baseline's CPU seconds or None, our failures)."""
    ours, theirs, failures = 0.0, 0.0, 0
    pages = [(page, gzip.decompress((set_dir / f"{page['id']}.html.gz").read_bytes())) for page in gold_pages]
    _warm(pages[:WARM_PAGES], baseline)
    with open(pred, "w", encoding="utf-8") as f:
        for page, html in pages:
            url = page.get("url") or ""
            start = time.process_time()
            try:
                record = extract_page(html, url).to_json()
            except ExtractionError:
                failures += 1
                record = {"title": None, "author": None, "published": None, "body": None}
            ours += time.process_time() - start
            if baseline is not None:
                start = time.process_time()
                _quietly(baseline, html, url)
                theirs += time.process_time() - start
            f.write(json.dumps({"id": page["id"], **record}, ensure_ascii=False) + "\n")
    return ours, (theirs if baseline is not None else None), failures


def _warm(pages: list[tuple[dict[str, Any], bytes]], baseline: Callable[[bytes, str], object] | None) -> None:
    """Both systems' one-time costs paid before timing: dateparser (which both reach through
    htmldate) compiles each language's patterns the first time it tries that language, and a
    string no language reads tries all of them (3 s of CPU here, else paid by whichever system
    first meets such a string: 3 ms a page of date-gold)."""
    from htmldate.extractors import get_external_parser

    get_external_parser().get_date_data("qxz 7 zzv")
    for page, html in pages:
        for system in (lambda h, u: extract_page(h, u), baseline):
            if system is not None:
                _quietly(system, html, page.get("url") or "")


def _quietly(system: Callable[[bytes, str], object], html: bytes, url: str) -> None:
    """Timing only: a page that crashes either system is scored by the real runs."""
    with contextlib.suppress(Exception):
        system(html, url)


def timed_baseline(chunks: bool) -> Callable[[bytes, str], object] | None:
    """trafilatura called as the set's baseline calls it, for timing beside ours (None when
    trafilatura is absent)."""
    try:
        import trafilatura
    except ImportError:
        return None
    if chunks:
        from bench.web_eval_baseline import predict
        return predict
    return lambda html, url: trafilatura.bare_extraction(html, url=url or None, with_metadata=True)


def run_baseline(set_dir: Path, pred: Path, *, chunks: bool = False) -> float:
    """trafilatura via the shared baseline script (``chunks``: the web-eval setup of
    ``bench.web_eval_baseline``); seconds as it reports them (wall time else)."""
    start = time.perf_counter()
    command = ([sys.executable, "-m", "bench.web_eval_baseline", str(set_dir)] if chunks
               else [sys.executable, str(PAGES / "baseline_trafilatura.py"), str(set_dir)])
    with open(pred, "w", encoding="utf-8") as out:
        proc = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, check=True, cwd=ROOT)
    match = re.search(r"([\d.]+) s \(", proc.stderr)
    return float(match.group(1)) if match else time.perf_counter() - start


def score(gold: Path, pred: Path, seconds: float, pages: int, scorer: str = "score.py") -> dict[str, Any]:
    """Scores from the shared scorer, flattened to one row, plus speed."""
    proc = subprocess.run(
        [sys.executable, str(PAGES / scorer), str(gold), str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(proc.stdout)
    metrics = result.get("metrics", result)  # score_chunks.py prints its metrics at the top level
    row: dict[str, Any] = {"cpu_seconds": round(seconds, 2), "pages_per_second": round(pages / max(seconds, 1e-9), 1)}
    if "body" in metrics:
        row.update({"body P": metrics["body"]["precision"], "body R": metrics["body"]["recall"],
                    "body F1": metrics["body"]["f1"]})
    for field, column in (("title", "title"), ("published", "date"), ("date", "date"), ("author", "author")):
        if field in metrics:
            row[column] = metrics[field]["accuracy"]
            row[f"{column} n"] = metrics[field]["n"]
    return row


def tistory_pass(gold_pages: list[dict[str, Any]], pred: Path) -> dict[str, Any]:
    """Pages passing the Tistory gold rule (see ``../shared/README.md``), and which fail."""
    preds = {rec["id"]: rec for rec in load_jsonl(pred)}
    failed = [g["id"] for g in gold_pages if not _tistory_ok(g, preds.get(g["id"]) or {})]
    return {"passed": len(gold_pages) - len(failed), "pages": len(gold_pages), "failed": failed}


def _norm(value: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _tistory_ok(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    body = _norm(pred.get("body"))
    if not pred.get("published"):
        return False
    minute = datetime.fromisoformat(pred["published"]).replace(second=0, microsecond=0)
    return (
        all(_norm(pred.get(k)) == _norm(gold[k]) for k in ("url", "title", "author", "category"))
        and minute == datetime.fromisoformat(gold["published"]).replace(second=0, microsecond=0)
        and [t.casefold() for t in pred.get("tags") or []] == [_norm(t).casefold() for t in gold["tags"]]
        and all(_norm(p) in body for p in gold["body_must_include"])
        and not any(_norm(p) in body for p in gold["body_must_exclude"])
    )


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def render(results: dict[str, Any]) -> str:
    """A plain-text table, one row per (set, system)."""
    header = f"{'set':<16} {'system':<12} {'pages':>5} " + " ".join(f"{c:>8}" for c in COLUMNS) + f" {'pages/s':>8}"
    lines = [header, "-" * len(header)]
    for name, res in results.items():
        for system in ("ours", "trafilatura"):
            row = res.get(system)
            if row is None:
                continue
            cells = " ".join(f"{row[c]:>8.3f}" if c in row else f"{'':>8}" for c in COLUMNS)
            lines.append(f"{name:<16} {system:<12} {res['pages']:>5} {cells} {row['pages_per_second']:>8.1f}")
        passed = res.get("ours", {}).get("tistory_pass")
        if passed:
            failed = ", ".join(passed["failed"]) or "none"
            lines.append(f"{'':<16} tistory gold rule: {passed['passed']}/{passed['pages']} pages pass "
                         f"(failed: {failed})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
