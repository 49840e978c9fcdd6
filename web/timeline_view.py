"""Charts of counts per period as plain data for the ``_timeline_chart.html`` partial.

The chart is server-rendered SVG that works without JavaScript and keeps its text at its real size
on any screen: the plot has no ``viewBox`` and places bars and lines in percentages of its width,
so bars stretch and labels do not shrink. The server cannot know that width, so each x label
carries the narrowest chart width it fits at (:data:`LEVELS`), and CSS container queries show the
labels of the widest level the chart has room for: at every level labels are a whole number of
"nice" steps apart (1, 5, 10, 50 years; 1, 3, 6, 12 months), which keeps them from overlapping.
Bars link to their period for pointer users; keyboard and screen reader users get the same links
in the data table below the chart, so the chart is one tab stop, not sixty.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from babel.dates import get_month_names

from web import i18n
from web.urls import Links
from web.view import Histogram

PLOT_HEIGHT = 180  # px, the bars' full height
AXIS_HEIGHT = 22  # px below the plot for the period labels
# The chart's plot width (px) from which each level of x labels shows (CSS container queries in
# style.css use the same numbers): a 320 px screen leaves ~210 px beside the count axis.
LEVELS = (200, 440, 700)
LABEL_PX = 44  # a label's width with its gap: four digits or a short month name at 12 px
YEAR_STEPS = (1, 5, 10, 50, 100, 500, 1000)
MONTH_STEPS = (1, 3, 6, 12, 60, 120, 600, 1200)
SERIES_STYLES = 5  # style.css draws series s0 to s4 apart by colour and dash pattern
Y_TICKS = 4


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """One period of one series: the value drawn, the text the table shows, and its link."""

    value: float
    text: str
    href: str | None


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """A named series of values, one per period of the chart."""

    name: str
    values: tuple[PeriodValue, ...]


@dataclass(slots=True)
class Bar:
    x: str  # percent of the plot width
    width: str
    y: float
    height: float
    title: str
    href: str | None
    selected: bool


@dataclass(slots=True)
class Segment:
    x1: str
    y1: float
    x2: str
    y2: float


@dataclass(slots=True)
class Mark:
    """One drawn series: bars (a single series) or line segments (a comparison)."""

    name: str
    style: int
    bars: list[Bar] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    points: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tick:
    position: str  # percent of the plot width (x) or px from the top (y)
    text: str
    level: int = 0  # x labels: shown from LEVELS[level] px of plot width up


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text, and its link when it has one of its own (not the row's period link)."""

    text: str
    href: str | None


@dataclass(frozen=True, slots=True)
class Row:
    """A period's row of the data table: its label, its link (None when the table has none), whether
    the search's date filter covers it, and one cell per series."""

    label: str
    href: str | None
    selected: bool
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything the partial draws: ``caption`` titles the figure and its table."""

    id: str
    caption: str
    period_heading: str
    periods: tuple[str, ...]  # each period's full label, for the table
    period_links: tuple[str | None, ...]
    marks: tuple[Mark, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    series: tuple[ChartSeries, ...]
    summary: str  # a sentence for readers who cannot see the chart
    table_label: str
    height: int = PLOT_HEIGHT
    axis_height: int = AXIS_HEIGHT
    legend: bool = False
    selected: tuple[bool, ...] = ()
    table_hidden: bool = False  # the table for screen readers only, without links (no Tab stops)
    rows: tuple[Row, ...] = ()  # the data table, one row per period


def nice_step(peak: float, ticks: int = Y_TICKS, integer: bool = True) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` steps to ``peak``."""
    if peak <= 0:
        return 1.0
    raw = peak / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and (not integer or step >= 1 and float(step).is_integer()):
            return step
    return 10 * power


def x_ticks(interval: str, indexes: Sequence[int], month_names: Mapping[int, str]) -> tuple[Tick, ...]:
    """Labels under the periods ``indexes`` (years, or month indexes ``year * 12 + month - 1``):
    at each level the labelled periods are a nice step apart, wide enough at that level's
    narrowest width; a label's level is the first level whose step it falls on."""
    count = len(indexes)
    if not count:
        return ()
    steps = YEAR_STEPS if interval == "year" else MONTH_STEPS
    chosen = []
    for width in LEVELS:
        per_period = width / count
        chosen.append(next((s for s in steps if s * per_period >= LABEL_PX), steps[-1]))
    out = []
    for i, index in enumerate(indexes):
        level = next((lv for lv, step in enumerate(chosen) if index % step == 0), None)
        if level is None:
            continue
        if interval == "year":
            text = f"{index:04d}"
        else:
            year, month = divmod(index, 12)
            text = f"{year:04d}" if month == 0 else month_names[month + 1]  # Babel counts months from 1
        out.append(Tick(_pct((i + 0.5) / count), text, level))
    return tuple(out)


def y_ticks(peak: float, formatter: Callable[[float], str], integer: bool = True) -> tuple[float, tuple[Tick, ...]]:
    """The axis top (a whole number of steps at or above ``peak``) and its labelled gridlines."""
    step = nice_step(peak, integer=integer)
    top = max(step, math.ceil(peak / step - 1e-9) * step)
    n = round(top / step)
    return top, tuple(Tick(str(round(PLOT_HEIGHT - PLOT_HEIGHT * k / n, 1)), formatter(k * step)) for k in range(n + 1))


def count_text(value: float) -> str:
    """A count as the axis and the tables write it: digits grouped as the reader's locale groups
    them (``27,483``)."""
    return i18n.format_number(round(value))


def _pct(fraction: float) -> str:
    return f"{fraction * 100:.3f}%".replace(".000%", "%")


def _y(value: float, top: float) -> float:
    return round(PLOT_HEIGHT - (value / top * PLOT_HEIGHT if top else 0), 1)


def build_chart(
    chart_id: str,
    caption: str,
    period_heading: str,
    interval: str,
    indexes: Sequence[int],
    labels: Sequence[str],
    series: Sequence[ChartSeries],
    *,
    formatter: Callable[[float], str],
    locale: str,
    summary: str,
    table_label: str,
    integer: bool = True,
    period_links: Sequence[str | None] | None = None,
    selected: Sequence[bool] | None = None,
    table_hidden: bool = False,
) -> Chart:
    """A chart of ``series`` over the periods ``indexes`` (labelled ``labels``): bars for one
    series, lines for several, a count (``integer``) or share scale from zero."""
    count = len(indexes)
    peak = max((v.value for s in series for v in s.values), default=0.0)
    top, yt = y_ticks(peak, formatter, integer)
    months = get_month_names("abbreviated", locale=locale)
    marks = []
    chosen = tuple(selected or (False,) * count)
    for style, one in enumerate(series):
        mark = Mark(one.name, style % SERIES_STYLES)
        if len(series) == 1:
            width = _pct(max(1 / count * 0.8, 0.001)) if count else "0%"
            for i, point in enumerate(one.values):
                y = _y(point.value, top)
                height = round(PLOT_HEIGHT - y, 1)
                if point.value and height < 1:
                    y, height = PLOT_HEIGHT - 1, 1.0  # a count too small to see still shows
                mark.bars.append(Bar(_pct((i + 0.1) / count), width, y, height, f"{labels[i]}: {point.text}",
                                     point.href, chosen[i]))
        else:
            xs = [_pct((i + 0.5) / count) for i in range(count)]
            ys = [_y(v.value, top) for v in one.values]
            mark.segments = _segments(xs, ys)
            if count <= 24:
                mark.points = list(zip(xs, ys, strict=True))
        marks.append(mark)
    span = f"{labels[0]} – {labels[-1]}" if count > 1 else (labels[0] if count else "")
    links = tuple(period_links or (None,) * count)
    return Chart(
        id=chart_id,
        caption=f"{caption}, {span}" if span else caption,
        period_heading=period_heading,
        periods=tuple(labels),
        period_links=links,
        marks=tuple(marks),
        x_ticks=x_ticks(interval, indexes, months),
        y_ticks=yt,
        series=tuple(series),
        summary=summary,
        table_label=table_label,
        legend=len(series) > 1,
        selected=chosen,
        table_hidden=table_hidden,
        rows=_rows(labels, links, chosen, series, table_hidden),
    )


def _rows(labels: Sequence[str], links: Sequence[str | None], selected: Sequence[bool],
          series: Sequence[ChartSeries], hidden: bool) -> tuple[Row, ...]:
    """The data table's rows, links settled here so the template only writes them: none in a
    hidden table, and a cell links only where its link differs from its row's."""
    out = []
    for i, label in enumerate(labels):
        link = None if hidden else links[i]
        cells = tuple(Cell(one.values[i].text, None if hidden or one.values[i].href in (None, link)
                           else one.values[i].href) for one in series)
        out.append(Row(label, link, selected[i], cells))
    return tuple(out)


def _segments(xs: Sequence[str], ys: Sequence[float]) -> list[Segment]:
    """The line through the points, a run of equal values drawn as one segment (long stretches
    of zeros would otherwise cost a line element per period)."""
    out: list[Segment] = []
    for i in range(len(xs) - 1):
        last = out[-1] if out else None
        if last is not None and last.y1 == last.y2 == ys[i] == ys[i + 1]:
            last.x2 = xs[i + 1]
        else:
            out.append(Segment(xs[i], ys[i], xs[i + 1], ys[i + 1]))
    return out


def period_index(interval: str, start: date) -> int:
    """The year, or the month index ``year * 12 + month - 1``, a period starting on ``start`` has."""
    return start.year if interval == "year" else start.year * 12 + start.month - 1


def search_chart(hist: Histogram, links: Links, total: int) -> Chart:
    """The chart above a search's results (``hist`` has at least one bar): results per month or
    year (the date facet, so each bar counts what choosing its period gives), each bar linking to
    the search with that period as its date filter; periods inside the date filter are selected.
    Its table is for screen readers only and holds no links: the page keeps its Tab presses to
    the first result, and keyboard readers choose periods with the date section's shortcuts and
    fields."""
    _ = i18n.labels()
    undated = links.dated_base()
    prefix = "?" + undated + "&" if undated else "?"
    months = hist.unit == "month"
    series = ChartSeries(str(_("Results")), tuple(
        PeriodValue(bar.count, count_text(bar.count),
                    f"{prefix}from={bar.start.isoformat()}&to={bar.end.isoformat()}" if bar.count else None)
        for bar in hist.bars))
    peak = max(range(len(hist.bars)), key=lambda i: hist.bars[i].count)
    summary = _.ngettext("%(num)s result, most in %(period)s (%(count)s).",
                         "%(num)s results, most in %(period)s (%(count)s).", total,
                         period=hist.bars[peak].label, count=count_text(hist.bars[peak].count))
    return build_chart(
        "chart-results", _("Results per month") if months else _("Results per year"),
        _("Month") if months else _("Year"), hist.unit, [period_index(hist.unit, bar.start) for bar in hist.bars],
        [bar.label for bar in hist.bars], [series], formatter=count_text, locale=i18n.current_locale(),
        summary=summary, table_label=_("Data table"), period_links=[v.href for v in series.values],
        selected=[bar.selected for bar in hist.bars], table_hidden=True)
