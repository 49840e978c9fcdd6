"""Parts of a page rendered once and kept: the same markup for every request with the same key.

The header (brand, search form labels, site navigation, the syntax help) writes about fifteen
translated strings and several URLs on every page, and the footer the same archive summary; the
search page's render time is budgeted against the search itself (bench/ui_render.py). A template
wraps such a part in ``{% call once('name', key...) %}…{% endcall %}``: its body is rendered on
first use for each key (and script root), then reused. The key must name everything the body
depends on (the language, the summary's values); with template auto-reload (debug) nothing is
kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from flask import Flask, request
from jinja2.runtime import Context
from jinja2.utils import pass_context
from markupsafe import Markup

MAX_KEPT = 256  # languages × index versions seen by one process; past this the store starts over


def register(app: Flask) -> None:
    """Install ``once`` as a template global with its own store for this app."""
    kept: dict[tuple[Hashable, ...], Markup] = {}

    @pass_context
    def once(context: Context, name: str, *key: Hashable, caller: Callable[[], str]) -> Markup:
        if context.environment.auto_reload:
            return Markup(caller())
        full = (name, request.script_root, *key)
        found = kept.get(full)
        if found is None:
            if len(kept) >= MAX_KEPT:
                kept.clear()
            found = kept[full] = Markup(caller())
        return found

    app.jinja_env.globals["once"] = once
