"""What request handlers share: the per-process :class:`search.Archive` and the search a URL asks for."""

from __future__ import annotations

from flask import current_app, request

from search import Archive, SearchRequest, request_from_params


def archive() -> Archive:
    return current_app.extensions["archive"]


def search_request() -> SearchRequest:
    """The search in this request's query string (raises :class:`search.ParamError`).

    Read from a plain dict of its values: Werkzeug's ``MultiDict.get`` raises and catches an
    HTTP exception (``BadRequestKeyError``) for each parameter that is absent, a dozen a search.
    """
    args = request.args.to_dict(flat=False)
    return request_from_params(lambda name: args[name][0] if name in args else None, lambda name: args.get(name, ()))
