"""``/api/docs``: Swagger UI over ``/api/v1/openapi.json``, every asset served by this app.

Our page and start-up script live in ``web/static/api-docs/``. Swagger UI's own two files come
from the ``flask-swagger-ui`` wheel on PyPI (a Swagger UI 5 distribution, which reads OpenAPI 3.1),
so pip installs them with everything else and the repository vendors no minified JavaScript. Only
its ``dist`` folder is used, not its blueprint (whose page loads more than we need).
"""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Response, abort, send_from_directory

bp = Blueprint("api_docs", __name__)

OWN = Path(__file__).parent / "static" / "api-docs"
SWAGGER_DIST = Path(flask_swagger_ui.__file__).parent / "dist"
OWN_FILES = {"init.js"}
SWAGGER_FILES = {"swagger-ui-bundle.js", "swagger-ui.css"}
MAX_AGE = 86_400
# The app's policy, plus inline styles: Swagger UI sets style attributes on what it renders.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)


@bp.get("")
def page() -> Response:
    resp = send_from_directory(OWN, "index.html", max_age=300)
    resp.headers["Content-Security-Policy"] = CSP
    return resp


@bp.get("/<name>")
def asset(name: str) -> Response:
    if name in OWN_FILES:
        return send_from_directory(OWN, name, max_age=300)
    if name in SWAGGER_FILES:
        return send_from_directory(SWAGGER_DIST, name, max_age=MAX_AGE)
    abort(404)
