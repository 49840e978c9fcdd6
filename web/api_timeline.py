"""``GET /api/v1/timeline``: results per period of up to five queries, as JSON or CSV.

The format is ``format=`` when given, else what ``Accept`` prefers (JSON when it allows both).
CSV is long-form, one row per query and period, the shape spreadsheets and plotting tools pivot.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from flask import Response, jsonify, request, url_for

from search import Timeline, timeline
from search.params import timeline_request_from_params
from search.serialize import timeline_to_json
from web.api_export import defused
from web.context import archive
from web.errors import problem

MEDIA_TYPES = {"json": "application/json", "csv": "text/csv"}
CSV_FIELDS = ("query", "period", "from", "to", "count", "all", "share")


def timeline_response(fmt: str | None) -> Response:
    """The timeline of the request's query string in ``fmt`` (None: as ``Accept`` prefers)."""
    accept = request.accept_mimetypes
    if fmt is None:
        best = accept.best_match(list(MEDIA_TYPES.values())) if accept else "application/json"
        if best is None:
            return problem(406, "Not Acceptable", "this endpoint answers application/json or text/csv")
        fmt = "csv" if best == "text/csv" else "json"
    elif accept and not accept.best_match([MEDIA_TYPES[fmt]]):
        return problem(406, "Not Acceptable", f"format={fmt} answers {MEDIA_TYPES[fmt]}, which Accept does not allow")
    found = timeline(archive(), timeline_request_from_params(request.args.get, request.args.getlist))
    if fmt == "csv":
        resp = Response(timeline_csv(found), mimetype="text/csv")
        resp.headers["Content-Disposition"] = 'attachment; filename="newsarchive-timeline.csv"'
    else:
        body = timeline_to_json(found)
        body["links"] = {"self": _link(None), "csv": _link("csv")}
        resp = jsonify(body)
    resp.vary.add("Accept")
    return resp


def _link(fmt: str | None) -> str:
    pairs = [(k, v) for k, v in request.args.items(multi=True) if k != "format"]
    if fmt:
        pairs.append(("format", fmt))
    base = url_for("api.timeline")
    return f"{base}?{urlencode(pairs)}" if pairs else base


def timeline_csv(found: Timeline) -> str:
    """One row per query and period: its count, all articles of the period, and the share."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for series in found.series:
        for i, period in enumerate(found.periods):
            share = found.share(series, i)
            writer.writerow(defused({
                "query": series.query, "period": period.label, "from": period.start.isoformat(),
                "to": period.end.isoformat(), "count": series.counts[i], "all": found.everything.counts[i],
                "share": "" if share is None else f"{share:.6f}",
            }))
    return buffer.getvalue()
