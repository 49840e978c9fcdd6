"""A dependency-free SVG line chart: search cost against archive size, for the README.

    python -m bench.chart [bench/results/speed.json] [--out bench/results/scale.svg]

Plots median and p95 (ms, whole query set) of ours (result cache off) and of SQLite FTS5 at
every archive size in the speed report (the base run plus each ``--scale`` run). Hand-written
SVG keeps matplotlib out of the project's dependencies.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench.bench_index import ROOT

SERIES = (("ours", "median_ms", "#1f77b4", ""), ("ours", "p95_ms", "#1f77b4", "6 4"),
          ("fts5", "median_ms", "#d62728", ""), ("fts5", "p95_ms", "#d62728", "6 4"))
W, H, PAD = 560, 320, 56


def points(report: dict) -> list[tuple[int, dict]]:
    """(documents, per-system summary of the whole query set), smallest archive first."""
    out = []
    if "in_process" in report:
        out.append((int(report["documents"]), report["in_process"]["all"]))
    out += [(int(size), run["in_process"]["all"]) for size, run in report.get("scale", {}).items()]
    return sorted(out)


def svg(data: list[tuple[int, dict]]) -> str:
    max_x = max(size for size, _ in data)
    max_y = max(row[system][stat] for _, row in data for system, stat, _, _ in SERIES) * 1.1 or 1

    def xy(size: int, value: float) -> str:
        x = PAD + (W - 2 * PAD) * size / max_x
        y = H - PAD - (H - 2 * PAD) * value / max_y
        return f"{x:.1f},{y:.1f}"

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" '
             'font-size="11"><rect width="100%" height="100%" fill="white"/>',
             f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="black"/>',
             f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}" stroke="black"/>',
             f'<text x="{W / 2}" y="{H - 16}" text-anchor="middle">documents</text>',
             f'<text x="14" y="{H / 2}" transform="rotate(-90 14 {H / 2})" text-anchor="middle">ms per request</text>']
    for size, _ in data:
        x = xy(size, 0).split(",")[0]
        parts.append(f'<text x="{x}" y="{H - PAD + 14}" text-anchor="middle">{size:,}</text>')
    for i in range(5):
        value = max_y * i / 4
        y = xy(0, value).split(",")[1]
        parts.append(f'<text x="{PAD - 6}" y="{y}" text-anchor="end">{value:.0f}</text>')
    for n, (system, stat, colour, dash) in enumerate(SERIES):
        line = " ".join(xy(size, row[system][stat]) for size, row in data)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2" '
                     f'stroke-dasharray="{dash}"/>')
        label = f"{'ours (cold)' if system == 'ours' else 'FTS5'} {stat.removesuffix('_ms')}"
        parts.append(f'<text x="{W - PAD - 100}" y="{PAD + 14 * n}" fill="{colour}">{label}'
                     f'{" (dashed)" if dash else ""}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, nargs="*", default=[ROOT / "bench" / "results" / "speed.json"])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "scale.svg")
    args = parser.parse_args(argv)
    data: list[tuple[int, dict]] = []
    for path in args.report:
        data += points(json.loads(path.read_text(encoding="utf-8")))
    args.out.write_text(svg(sorted(data)), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
