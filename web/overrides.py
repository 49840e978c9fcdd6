"""An operator's own templates and static files, looked up before the built-in ones.

``newsarchive serve --templates DIR --static DIR`` (or ``NEWSARCHIVE_TEMPLATES`` and
``NEWSARCHIVE_STATIC``, or ``--set TEMPLATES=DIR``) brands a site without forking it, as Datasette
allows: a file in the operator's folder with the name of a built-in one replaces it
(``base.html``, ``partials/hit.html``, ``style.css``), any other is added beside them (a logo
linked from an overridden ``base.html``). Templates go through a Jinja ``ChoiceLoader`` with the
operator's folder first; a static name is served from the operator's folder when the file is
there, else from the built-in one, and its content-hashed URL (:func:`web.headers.asset_url`)
follows the file actually served.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, abort, current_app, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader
from werkzeug.security import safe_join

from search.settings import SettingError
from web.settings import CHECKS, env_name

_FOLDERS = "newsarchive_static_folders"


def _folder(app: Flask, key: str) -> Path | None:
    """The configured folder for ``key`` (``TEMPLATES`` or ``STATIC``), checked to exist."""
    value = app.config.get(key)
    if value is None:
        return None
    if reason := CHECKS[key](value):
        raise SettingError(f"{env_name(key)} {reason}")
    return Path(value).expanduser().resolve()


def static_folders() -> tuple[Path, ...]:
    """The folders a static name is looked up in, the operator's first."""
    return current_app.extensions[_FOLDERS]


def static_path(filename: str) -> Path | None:
    """The file a static name resolves to (``None`` when no folder has it or the name tries to
    leave its folder)."""
    for folder in static_folders():
        found = safe_join(str(folder), filename)
        if found is not None and Path(found).is_file():
            return Path(found)
    return None


def _send_static(filename: str) -> Response:
    """Flask's static view over the operator's folder, then the built-in one."""
    path = static_path(filename)
    if path is None:
        abort(404)
    for folder in static_folders():
        if path.is_relative_to(folder):
            return send_from_directory(folder, path.relative_to(folder).as_posix(),
                                       max_age=current_app.get_send_file_max_age(filename))
    abort(404)


def init_app(app: Flask) -> None:
    """Put the operator's folders (settings ``TEMPLATES`` and ``STATIC``) before the built-in
    ones; raises :class:`SettingError` when one is not a folder. Call before the static view is
    wrapped (:func:`web.headers.register`)."""
    templates, static = _folder(app, "TEMPLATES"), _folder(app, "STATIC")
    if templates is not None:
        built_in = app.jinja_loader
        app.jinja_loader = ChoiceLoader([FileSystemLoader(str(templates)), *([built_in] if built_in else [])])
    built_in_static = Path(app.static_folder or "").resolve()
    app.extensions[_FOLDERS] = (static, built_in_static) if static is not None else (built_in_static,)
    app.view_functions["static"] = _send_static
