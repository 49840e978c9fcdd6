"""Small statistics helpers for benchmark tables: medians and percentiles in milliseconds."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation), the convention load tools use."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary(values_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(values_ms),
        "median_ms": round(statistics.median(values_ms), 3) if values_ms else float("nan"),
        "p95_ms": round(percentile(values_ms, 95), 3),
    }


def table(rows: list[list[object]], header: list[str]) -> str:
    """A GitHub-flavoured Markdown table (also readable in a terminal)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells[1:]]
    return "\n".join(lines)


def write_json(path: Path, report: object) -> None:
    """Write a benchmark report (creating ``bench/results/``) and say where on stderr."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
