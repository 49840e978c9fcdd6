"""Templates compiled once per interface language, with their fixed labels already translated.

A results page writes some forty labels (``{{ _('Filters') }}``). Looked up at render time, each is
a call through Jinja's context, the catalog and a ``Markup`` round trip, on every page, although
the answer only depends on the language. Here every ``_('literal')`` and ``gettext('literal')``
without variables is replaced, while the template is compiled, by its translation as a constant,
which Jinja then merges into the surrounding markup: each language gets its own compiled copy of
every template (an overlay environment with its own cache). Labels with variables
(``_('Page %(n)s', n=...)``) and ``ngettext`` stay calls. The templates themselves are unchanged,
so ``pybabel extract`` still finds every string. The search page's render time is budgeted
against the search itself (bench/ui_render.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from babel.support import NullTranslations
from flask import Flask, current_app, render_template
from jinja2 import Environment
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

_ENVIRONMENTS = "newsarchive_localized_environments"
_GETTEXT = {"_", "gettext"}
CACHE_SIZE = 400  # Jinja's default: templates kept per language


class StaticLabels(Extension):
    """Folds ``_('literal')`` into the translated literal (``'…'|safe``, as the newstyle gettext
    returns ``Markup``), using the catalog stored on the environment as ``label_translations``."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translations: NullTranslations | None = getattr(self.environment, "label_translations", None)
        if translations is None:
            yield from stream
            return
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            window = tokens[i : i + 4]
            if (
                tok.type == "name"
                and tok.value in _GETTEXT
                and len(window) == 4
                and [t.type for t in window[1:]] == ["lparen", "string", "rparen"]
                and (i == 0 or not _defines_or_names(tokens[i - 1]))
            ):
                # The newstyle gettext formats even without variables ("100%%" -> "100%").
                text = str(Markup(translations.ugettext(window[2].value)) % {})
                yield Token(tok.lineno, "string", text)
                yield Token(tok.lineno, "pipe", "|")
                yield Token(tok.lineno, "name", "safe")
                i += 4
                continue
            yield tok
            i += 1


def _defines_or_names(previous: Token) -> bool:
    """Whether ``_`` after this token is not a gettext call: an attribute (``x._``), a filter,
    a test, or a macro or import of that name."""
    return previous.type in ("dot", "pipe") or (previous.type == "name" and previous.value in ("macro", "is", "import"))


def init_app(app: Flask, catalogs: dict[str, NullTranslations]) -> None:
    """One overlay of ``app.jinja_env`` per language in ``catalogs``; globals, filters and the
    loader stay shared with the app's environment, only compiled templates are per language."""
    environments: dict[str, Environment] = {}
    for code, translations in catalogs.items():
        env = app.jinja_env.overlay(extensions=[StaticLabels], cache_size=CACHE_SIZE)
        env.extend(label_translations=translations)
        environments[code] = env
    app.extensions[_ENVIRONMENTS] = environments


def render(name: str, locale: str, **context: Any) -> str:
    """``render_template(name, **context)`` with ``name`` compiled for ``locale``."""
    env = current_app.extensions[_ENVIRONMENTS].get(locale)
    template = env.get_template(name) if env is not None else name
    return render_template(template, **context)
