"""The chart's view model (web/timeline_view.py): x labels that cannot overlap at any width their
level shows at, a count scale from zero, and the search page's chart whose bars lead to searches
with exactly the bar's count."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from flask import Flask, render_template

from search import Archive, SearchRequest
from web import create_app, urls, view
from web.timeline_view import LABEL_PX, LEVELS, PLOT_HEIGHT, nice_step, search_chart, x_ticks, y_ticks

MONTH_NAMES = {i: f"M{i}" for i in range(1, 13)}


@pytest.mark.parametrize("interval", ["year", "month"])
@pytest.mark.parametrize("count", [1, 2, 7, 12, 25, 40, 60, 61, 130, 400, 600])
def test_labels_shown_at_a_level_are_a_label_width_apart_at_its_narrowest(interval: str, count: int) -> None:
    first = 1987 if interval == "year" else 1987 * 12 + 4
    ticks = x_ticks(interval, list(range(first, first + count)), MONTH_NAMES)
    assert any(t.level == 0 for t in ticks), "the narrowest chart still has a label"
    for level, width in enumerate(LEVELS):
        shown = [float(t.position.rstrip("%")) / 100 * width for t in ticks if t.level <= level]
        assert all(b - a >= LABEL_PX - 0.01 for a, b in pairwise(shown)), (level, shown)


def test_month_labels_name_the_year_at_january_and_the_month_elsewhere() -> None:
    ticks = x_ticks("month", list(range(2024 * 12, 2024 * 12 + 12)), MONTH_NAMES)
    texts = [t.text for t in ticks if t.level <= 2]
    assert texts[0] == "2024" and "M4" in texts and "M1" not in texts


@pytest.mark.parametrize("peak", [0, 1, 3, 7, 10, 57, 138, 999, 27_483])
def test_count_scale_starts_at_zero_and_covers_the_peak_in_round_steps(peak: int) -> None:
    top, ticks = y_ticks(peak, lambda v: f"{v:,.0f}")
    assert top >= peak and ticks[0].text == "0" and float(ticks[0].position) == PLOT_HEIGHT
    assert float(ticks[-1].position) == 0 and 2 <= len(ticks) <= 7
    step = nice_step(peak)
    assert step == int(step) and str(int(step)).strip("0") in ("1", "2", "25", "5")


@pytest.fixture
def app(index_root: Path) -> Flask:
    return create_app({"INDEX_DIR": str(index_root), "TESTING": True, "PRELOAD_ANALYZER": False})


def test_search_chart_bars_lead_to_searches_with_the_bar_count(app: Flask, archive: Archive) -> None:
    with app.test_request_context("/search?q=coffee+OR+python"):
        request = SearchRequest(q="coffee OR python", facets=view.UI_FACETS)
        result = archive.search(request)
        hist = view.histogram(result.facets["month"], request, result.facets["year"])
        chart = search_chart(hist, urls.Links(request), result.total)
        bars = [b for m in chart.marks for b in m.bars]
        assert len(bars) == len(hist.bars) and chart.id == "chart-results"
        client = app.test_client()
        for bar, source in zip(bars, hist.bars, strict=True):
            if not source.count:
                assert bar.href is None
                continue
            assert bar.href.startswith("?q=coffee+OR+python&from=")
            found = client.get("/api/v1/search" + bar.href + "&facets=").get_json()
            assert found["total"] == source.count
        html = render_template("_timeline_chart.html", chart=chart)
        assert html.count("<a ") == sum(1 for b in hist.bars if b.count)  # the bars; the table has none
        assert 'tabindex="-1"' in html and "<table>" in html and "<details" not in html
