"""The frame of every HTML page: head, the header (search form, navigation, language switch, syntax
help) and the footer (the archive's size and last update) around a page's own ``<main>``.

Written in Python rather than as a base template: everything in the frame but four values (the
title, the query in the search box, the language links back to this page, the footer's numbers)
depends only on the language and the script root, so those parts are built once and kept, and a
page is a join of a dozen strings. The search page's render time is budgeted against the search
itself (bench/ui_render.py), and the same frame through Jinja cost three times as much right after
a search (cold CPU caches) as on its own. Pages give their ``<main>`` content as ``Markup``
(templates for the article, tag and error pages; :mod:`web.search_html` for results).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from search import IndexUnavailable
from search.runs import RUNS_FILE, last_run
from web import i18n, paths
from web.context import archive
from web.headers import asset_url

_PARTS = "newsarchive_frame_parts"
_FOOTERS = "newsarchive_frame_footers"
MAX_KEPT = 256  # footers kept: languages × archive versions seen by one process
_CURRENT = ' aria-current="true"'


@dataclass(frozen=True, slots=True)
class _Parts:
    """The frame's fixed markup for one language and script root, split where values go in."""

    before_title: str
    before_assets: str
    header_start: str  # from the end of <head> to the search box's value
    header_nav: str  # from the search box to the language links
    header_end: str  # from the language links to the page's <main> content
    switch: dict[str, str]  # the language switch URL of each language, without ?next=
    page_end: str  # from the end of <main> to the footer


def _build(lang: str) -> _Parts:
    _ = i18n.labels()
    search, tags = paths.page_url("ui.search_page"), paths.page_url("ui.tags_page")
    skip, search_label, search_button = _("Skip to content"), _("Search the archive"), _("Search")
    site_label, tags_label, syntax = _("Site"), _("Tags"), _("Search syntax")
    examples = [
        ("<code>트럼프 회담</code>", _("both words")),
        ("<code>coffee OR tea</code>", _("either word")),
        ("<code>-word</code>, <code>NOT word</code>", _("without the word")),
        ('<code>"a phrase"</code>', _("the exact phrase")),
        ("<code>pyth*</code>", _("words starting with…")),
        ("<code>title: tag: category: author: site: lang:</code>", _("search one field, e.g. tag:python")),
    ]
    rows = "".join(f'\n      <tr><th scope="row">{code}</th><td>{label}</td></tr>' for code, label in examples)
    return _Parts(
        before_title=f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>',
        before_assets='</title>\n<link rel="icon" href="data:,">\n',
        header_start=f'\n</head>\n<body>\n<a class="skip" href="#main">{skip}</a>\n<header class="site-header">\n'
        f'  <a class="brand" href="{escape(search)}">newsarchive</a>\n'
        f'  <form class="search-form" role="search" action="{escape(search)}" method="get">\n'
        f'    <label for="q" class="visually-hidden">{search_label}</label>\n'
        '    <input id="q" name="q" type="search" value="',
        header_nav=f'"\n           placeholder="{search_label}" autocomplete="off" aria-describedby="q-hint">\n'
        f'    <button type="submit">{search_button}</button>\n  </form>\n'
        f'  <nav class="site-nav" aria-label="{site_label}">\n    <a href="{escape(tags)}">{tags_label}</a>\n'
        '    <span class="lang-switch">',
        header_end='\n    </span>\n  </nav>\n  <details class="syntax">\n'
        f'    <summary id="q-hint">{syntax} <kbd>/</kbd></summary>\n    <table>\n'
        f'      <caption class="visually-hidden">{syntax}</caption>{rows}\n    </table>\n  </details>\n'
        '</header>\n<main id="main" tabindex="-1">\n',
        switch={code: paths.page_url("i18n.switch", code=code) for code in i18n.LOCALES},
        page_end='\n</main>\n<footer class="site-footer">',
    )


def page(title: str, main: Markup | str, *, q: str = "", head: Markup | str = "") -> str:
    """A whole HTML page: ``title`` is text (escaped here), ``main`` and ``head`` are markup."""
    lang = i18n.current_locale()
    key = (lang, request.script_root)
    kept: dict[tuple[str, str], _Parts] = current_app.extensions.setdefault(_PARTS, {})
    parts = kept.get(key)
    if parts is None:
        parts = kept[key] = _build(lang)
    here = paths.with_query("", next=request.full_path.rstrip("?"))
    switch = "".join([
        f'\n      <a href="{escape(parts.switch[code] + here)}" lang="{code}" hreflang="{code}"'
        f'{_CURRENT if code == lang else ""}>{name}</a>'
        for code, name in i18n.LANGUAGE_NAMES.items()
    ])
    assets = (f'<link rel="stylesheet" href="{escape(asset_url("style.css"))}">\n'
              f'<script src="{escape(asset_url("app.js"))}" defer></script>')
    return "".join([
        parts.before_title, escape(title), parts.before_assets, assets, "\n", head, parts.header_start,
        escape(q), parts.header_nav, switch, parts.header_end, main, parts.page_end, footer(lang),
        "\n</footer>\n</body>\n</html>",
    ])


def render(template: str, title: str, /, *, q: str = "", **context: object) -> str:
    """A page whose ``<main>`` is the template ``template`` rendered with ``context`` (and ``q``,
    the query shown in the search box)."""
    return page(title, Markup(render_template(template, q=q, **context)), q=q)


def footer(lang: str) -> str:
    """The archive's size and last update, kept per language, index version and run log version
    (the count walks the index directory, the last run is a file read); empty when no index is
    open, so error pages still render."""
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
    kept: dict[tuple[object, ...], str] = current_app.extensions.setdefault(_FOOTERS, {})
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
            text += " · " + _("last updated %(when)s", when=i18n.format_when(updated, with_time=True))
        found = kept[key] = f"\n  <p>{text}</p>"
    return found
