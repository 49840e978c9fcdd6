"""``/trends``: up to five queries compared over time, by count and by share of all articles.

The page is a plain GET form (the queries, the period length, the search filters), answered with
two charts from :func:`search.timeline` and links to the same numbers as CSV and JSON
(``/api/v1/timeline``). Without a query it charts all articles of the archive.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, request
from markupsafe import Markup

from search import ParamError, Timeline, TimelineRequest, timeline, timeline_request_from_params
from search.timeline import MAX_QUERIES
from web import frame, i18n, paths, urls
from web.context import archive
from web.timeline_view import Chart, ChartSeries, PeriodValue, build_chart, count_text, period_index

bp = Blueprint("trends", __name__)


def _search_href(req: TimelineRequest, q: str, start: object, end: object) -> str:
    pairs = urls.request_params(replace(req.filters, q=q, date_from=start, date_to=end, per_page=10))
    return paths.page_url("ui.search_page") + "?" + urls.encode(pairs)


def _percent(value: float) -> str:
    return f"{value * 100:.2f}%".replace(".00%", "%") if value < 0.1 else f"{value * 100:.1f}%"


def charts(found: Timeline) -> list[Chart]:
    """The counts chart (each value linking to that query's search of the period) and, when
    queries were given, the share chart."""
    _ = i18n.labels()
    req, months = found.request, found.interval == "month"
    indexes = [period_index(found.interval, p.start) for p in found.periods]
    labels = [p.label for p in found.periods]
    heading = _("Month") if months else _("Year")
    locale = i18n.current_locale()
    count = count_text
    if not found.series:
        values = tuple(PeriodValue(n, count(n), _search_href(req, "", p.start, p.end) if n else None)
                       for p, n in zip(found.periods, found.everything.counts, strict=True))
        caption = _("All articles per month") if months else _("All articles per year")
        return [build_chart("chart-all", caption, heading, found.interval, indexes, labels,
                            [ChartSeries(_("All articles"), values)], formatter=count, locale=locale,
                            summary=_summary(found), table_label=_("Data table"))]
    counts = [
        ChartSeries(s.query, tuple(PeriodValue(n, count(n), _search_href(req, s.query, p.start, p.end) if n else None)
                                   for p, n in zip(found.periods, s.counts, strict=True)))
        for s in found.series
    ]
    shares = [
        ChartSeries(s.query, tuple(PeriodValue(share or 0.0, "–" if share is None else _percent(share), None)
                                   for share in (found.share(s, i) for i in range(len(found.periods)))))
        for s in found.series
    ]
    shares.append(ChartSeries(_("All articles"), tuple(
        PeriodValue(0.0, count(n), None) for n in found.everything.counts)))
    share_chart = build_chart(
        "chart-share", _("Share of all articles per month") if months else _("Share of all articles per year"),
        heading, found.interval, indexes, labels, shares[:-1], formatter=_percent, locale=locale, integer=False,
        summary=_("The share of all articles in each period that each query finds."), table_label=_("Data table"))
    # The share table also lists all articles per period: the denominator of every share.
    share_chart = replace(share_chart, series=tuple(shares))
    return [
        build_chart("chart-counts", _("Results per month") if months else _("Results per year"), heading,
                    found.interval, indexes, labels, counts, formatter=count, locale=locale,
                    summary=_summary(found), table_label=_("Data table")),
        share_chart,
    ]


def _summary(found: Timeline) -> str:
    """One sentence per series: its total and its busiest period, for readers who skip the chart."""
    _ = i18n.labels()
    parts = []
    for series in found.series or (replace(found.everything, query=str(_("All articles"))),):
        if not any(series.counts):
            parts.append(_("%(query)s: no dated results.", query=series.query))
            continue
        peak = max(range(len(series.counts)), key=lambda i: series.counts[i])
        parts.append(_.ngettext("%(query)s: %(num)s result, most in %(period)s (%(count)s).",
                                "%(query)s: %(num)s results, most in %(period)s (%(count)s).", series.total,
                                query=series.query, period=found.periods[peak].label,
                                count=count_text(series.counts[peak])))
    return Markup(" ").join(parts)


@bp.get("/trends")
def trends_page() -> tuple[str, int] | str:
    _ = i18n.labels()
    try:
        req = timeline_request_from_params(request.args.get, request.args.getlist)
    except ParamError as exc:
        bad = Markup('\n<h1>%s</h1><p class="error" role="alert">%s</p>\n') % (_("Bad request"), str(exc))
        return frame.page(_("Trends") + " - newsarchive", bad), 400
    found = timeline(archive(), req)
    # The filters the form carries along unseen (dates and the period length are fields of its own).
    filters = [(k, v) for k, v in urls.request_params(req.filters) if k not in ("q", "from", "to", "sort", "per_page")]
    api_pairs = [("q", q) for q in req.queries] + urls.request_params(replace(req.filters, q=""))
    api_pairs = [(k, v) for k, v in api_pairs if k not in ("sort", "per_page", "page")]
    if req.interval:
        api_pairs.append(("interval", req.interval))
    api = paths.page_url("api.timeline")
    title = " · ".join(req.queries) + " - " + _("Trends") if req.queries else _("Trends")
    return frame.render(
        "trends.html",
        f"{title} - newsarchive",
        queries=list(req.queries) + [""] * (MAX_QUERIES - len(req.queries)),
        req=req,
        found=found,
        charts=charts(found) if found.periods else [],
        hidden=filters,
        json_href=api + ("?" + urls.encode(api_pairs) if api_pairs else ""),
        csv_href=api + "?" + urls.encode([*api_pairs, ("format", "csv")]),
        search_hrefs=[_search_href(req, q, req.filters.date_from, req.filters.date_to) for q in req.queries],
    )
