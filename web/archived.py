"""The archived copy of an article: the captured page replayed from our WARC files.

Three routes. ``/articles/<id>/archived[?at=]`` is an app page (the site's frame, our policy)
with the banner (when and from where the page was captured, the article page, the other
captures) above an ``<iframe sandbox>`` holding the page. ``.../archived/page`` is that page:
the safe document :mod:`search.captures` makes from the capture (this module never parses
HTML), served with ``Content-Security-Policy: sandbox`` so that even a sanitiser miss could run
no script, reach no cookie (an opaque origin) and load nothing from anywhere but our images
route. ``/archived/images/<capture>`` serves the archived images the page shows.

The banner lives outside the page on purpose: the page's own CSS cannot cover or imitate it
(README "Archived copy").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, request, url_for

from search.captures import CaptureInfo, Captures, ReplayHrefs, choose, parse_at
from web import frame, i18n
from web.context import archive

bp = Blueprint("archived", __name__)

PAGE_POLICY = (
    "sandbox allow-top-navigation-by-user-activation; default-src 'none'; img-src 'self' data:; "
    "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
IMAGE_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'"
FRAME_SANDBOX = "allow-top-navigation-by-user-activation"
MAX_LISTED = 200  # captures listed in the banner (newest last)


def captures() -> Captures:
    """The app's reader of the page archive (one per app: it keeps which articles have copies)."""
    found = current_app.extensions.get("captures")
    if found is None:
        found = current_app.extensions["captures"] = Captures(archive().root)
    return found


_ID_SLOT = "0000000000000000"


def archived_hrefs() -> Callable[[str, str], str | None]:
    """``href(article_id, url)``: our archived copy of the article at ``url``, or None when we hold
    no capture. For the hits of a page: the URL is built once, ids (hex) go into its slot."""
    held, template = captures(), url_for("archived.archived_page", article_id=_ID_SLOT)

    def href(article_id: str, url: str) -> str | None:
        if not held.has_copy(url):
            return None
        return template.replace(_ID_SLOT, article_id, 1) if article_id.isalnum() else \
            url_for("archived.archived_page", article_id=article_id)

    return href


def _hrefs() -> ReplayHrefs:
    return ReplayHrefs(
        article=lambda target: url_for("archived.archived_page", article_id=target),
        resource=lambda capture_id: url_for("archived.image", capture_id=capture_id),
        key=request.script_root,
    )


def _chosen(article_id: str) -> tuple[list[CaptureInfo], CaptureInfo]:
    listed = captures().of_article(article_id[:64])
    if not listed:
        abort(404, description="We hold no archived copy of this article.")
    at_text = request.args.get("at")
    try:
        at: datetime | None = parse_at(at_text) if at_text else None
    except ValueError:
        abort(400, description="'at' must be a capture time: ISO 8601 with an offset, or YYYYMMDDhhmmss (UTC).")
    return listed, choose(listed, at)


@bp.get("/articles/<article_id>/archived")
def archived_page(article_id: str) -> str:
    """The banner and the sandboxed frame around the chosen capture."""
    listed, chosen = _chosen(article_id)
    article = archive().get(article_id)
    _ = i18n.labels()
    title = article.title if article else (captures().replay(chosen, _hrefs()).title or chosen.url)
    return frame.render(
        "archived.html",
        _("Archived copy: %(title)s", title=title) + " - newsarchive",
        article=article,
        article_id=article_id,
        title=title,
        chosen=chosen,
        captures=listed[-MAX_LISTED:],
        page_src=url_for("archived.page", article_id=article_id, at=chosen.at),
        sandbox=FRAME_SANDBOX,
    )


@bp.get("/articles/<article_id>/archived/page")
def page(article_id: str) -> Response:
    """The captured page itself, made safe, under the sandbox policy."""
    _listed, chosen = _chosen(article_id)
    document = captures().replay(chosen, _hrefs())
    resp = Response(document.html, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = PAGE_POLICY
    resp.headers["Referrer-Policy"] = "no-referrer"
    resp.headers["Cache-Control"] = "public, max-age=300"
    return resp


@bp.get("/archived/images/<int:capture_id>")
def image(capture_id: int) -> Response:
    """An archived image a replayed page shows (pages share images, so not per article)."""
    found = captures().resource(capture_id)
    if found is None:
        abort(404, description="We hold no archived image with this number.")
    resp = Response(found.content, mimetype=found.content_type)
    resp.headers["Content-Security-Policy"] = IMAGE_POLICY
    resp.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return resp
