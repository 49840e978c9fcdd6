"""The JSON API, version 1 (``/api/v1``)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request, url_for

from search import ParamError, request_from_params
from search.serialize import article_to_json, result_to_json
from web import urls
from web.context import archive
from web.errors import problem

bp = Blueprint("api", __name__)


@bp.get("/search")
def search() -> Response:
    try:
        req = request_from_params(request.args.get, request.args.getlist)
    except ParamError as exc:
        return problem(400, "Bad parameter", str(exc), param=exc.param)
    result = archive().search(req)
    body = result_to_json(result)
    base = url_for("api.search")
    links: dict[str, str | None] = {"self": f"{base}?{urlencode(urls.request_params(req))}"}
    links["next"] = f"{base}?{urls.page_link(req, req.page + 1)}" if req.page < result.pages else None
    links["prev"] = f"{base}?{urls.page_link(req, req.page - 1)}" if req.page > 1 else None
    body["links"] = links
    return jsonify(body)


@bp.get("/articles/<article_id>")
def article(article_id: str) -> Response:
    found = archive().get(article_id)
    if found is None:
        return problem(404, "Not Found", f"no article with id {article_id[:64]!r}")
    return jsonify(article_to_json(found))
