"""Every HTML page is a Jinja template rendered in the site's frame (``web/templates/base.html``:
head, the header with the search form, navigation, language switch and syntax help, the footer
with the archive's size and last update).

Templates, not HTML written in Python, because the markup is what an operator customises: a
folder given with ``serve --templates DIR`` (``NEWSARCHIVE_TEMPLATES``) is searched before the
built-in templates (:mod:`web.overrides`), so a site is branded by overriding ``base.html`` or a
partial, without forking. Rendering through Jinja costs a millisecond or two per search page,
which readers cannot see; the budget is the core's p95 + 3 ms (``python -m bench.ui_render``).

A page template either extends ``base.html`` (the built-in pages do) or writes only its
``<main>`` content, and is then wrapped in ``base.html`` here; both get the frame's variables
(``page_title``, ``q``, ``lang``, ``language_links``, ``archive_summary``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template, request
from markupsafe import Markup

from search import IndexUnavailable
from search.runs import RUNS_FILE, last_run
from web import i18n, paths
from web.context import archive

_SUMMARIES = "newsarchive_frame_summaries"
MAX_KEPT = 256  # footers kept: languages × archive versions seen by one process
BASE = "base.html"


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """A link of the language switch: back to this very page in language ``code``."""

    code: str
    name: str
    href: str
    current: bool


def frame_context(title: str, q: str) -> dict[str, object]:
    """The variables ``base.html`` reads: ``title`` is text (escaped by the template)."""
    lang = i18n.current_locale()
    here = paths.with_query("", next=request.full_path.rstrip("?"))
    links = [LanguageLink(code, name, paths.page_url("i18n.switch", code=code) + here, code == lang)
             for code, name in i18n.LANGUAGE_NAMES.items()]
    return {"page_title": title, "q": q, "lang": lang, "language_links": links,
            "archive_summary": archive_summary(lang)}


def is_whole_page(html: str) -> bool:
    """Whether a rendered template is a whole document (it extended ``base.html``) rather than
    the content of ``<main>`` only."""
    return html.lstrip()[:9].lower() == "<!doctype"


def render(template: str, title: str, /, *, q: str = "", **context: object) -> str:
    """The page ``template`` rendered with ``context`` in the site's frame; ``title`` is the
    document's title and ``q`` the query shown in the search box. A template that does not
    extend ``base.html`` gives the ``<main>`` content, which ``base.html`` wraps."""
    variables = {**context, **frame_context(title, q)}
    html = render_template(template, **variables)
    if is_whole_page(html):
        return html
    return render_template(BASE, content=Markup(html), **variables)


def archive_summary(lang: str) -> Markup | str:
    """The footer's text: the archive's size and last update, kept per language, index version
    and run log version (the count walks the index directory, the last run is a file read);
    empty when no index is open, so error pages still render."""
    arch = archive()
    try:
        tag = arch.version_tag()
    except IndexUnavailable:
        return ""
    root = current_app.config["INDEX_DIR"]
    try:
        runs = os.stat(os.path.join(root, RUNS_FILE))
        key: tuple[object, ...] = (lang, tag, runs.st_mtime_ns, runs.st_size)
    except FileNotFoundError:
        key = (lang, tag)
    kept: dict[tuple[object, ...], Markup] = current_app.extensions.setdefault(_SUMMARIES, {})
    found = kept.get(key)
    if found is None:
        if len(kept) >= MAX_KEPT:
            kept.clear()
        _ = i18n.labels()
        stats = arch.stats()
        run = last_run(Path(root))
        finished = run.get("finished") if run else None
        updated = datetime.fromisoformat(finished) if isinstance(finished, str) else stats.last_modified
        text = _.ngettext("%(num)s document in the archive", "%(num)s documents in the archive", stats.documents)
        if updated:
            text += Markup(" · ") + _("last updated %(when)s", when=i18n.format_when(updated, with_time=True))
        found = kept[key] = text
    return found
