"""The search UI: server-rendered pages that work without JavaScript."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from search import ParamError, SearchRequest, request_from_params
from web import urls
from web.context import archive

bp = Blueprint("ui", __name__)


@bp.app_context_processor
def _helpers() -> dict[str, object]:
    return {"urls": urls}


@bp.get("/")
@bp.get("/search")
def search_page() -> tuple[str, int] | str:
    try:
        req = request_from_params(request.args.get, request.args.getlist)
    except ParamError as exc:
        return render_template("search.html", req=SearchRequest(), result=None, error=str(exc)), 400
    result = archive().search(req)
    return render_template("search.html", req=req, result=result, error=None)


@bp.get("/articles/<article_id>")
def article_page(article_id: str) -> str:
    article = archive().get(article_id)
    if article is None:
        abort(404, description="No article with this id.")
    return render_template("article.html", article=article)


@bp.get("/healthz")
def healthz() -> dict[str, object]:
    stats = archive().stats()
    return {"status": "ok", "documents": stats.documents, "generation": stats.generation}
