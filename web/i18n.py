"""Interface language (Korean or English) and date display, through Flask-Babel.

The language comes from a ``lang`` cookie when the reader picked one with the switch, else from
``Accept-Language``; English is the fallback because it is the language every reader of an
international archive can be assumed to manage. Dates are always shown in the archive's display
time zone (``NEWSARCHIVE_TZ``, the zone the search core uses for date filters and the month
facet), so a date shown on a result and the month bar it falls in never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import DateTimePattern, get_timezone_gmt, parse_pattern
from babel.numbers import format_decimal
from babel.support import NullTranslations
from flask import Blueprint, Flask, Response, current_app, has_request_context, redirect, request
from flask_babel import Babel, get_locale, get_translations
from jinja2.runtime import Context
from jinja2.utils import pass_context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header, parse_cookie

from search.article import is_date_only
from web.context import archive

LANGUAGE_NAMES = {"ko": "한국어", "en": "English"}  # each interface language in its own words
LOCALES = tuple(LANGUAGE_NAMES)
DEFAULT_LOCALE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)
_TRANSLATIONS = "_newsarchive_translations"
_LOCALE = "_newsarchive_locale"
_LABELS = "_newsarchive_labels"


def select_locale() -> Locale:
    """The reader's language from the ``Cookie`` and ``Accept-Language`` headers alone, so the
    answer is kept per pair of header values: parsing both and ``Locale.parse`` (which Flask-Babel
    skips for a ``Locale``) took longer than rendering the page's header."""
    env = request.environ
    return _locale_for(env.get("HTTP_COOKIE", ""), env.get("HTTP_ACCEPT_LANGUAGE"))


@lru_cache(maxsize=256)
def _locale_for(cookie: str, accept_language: str | None) -> Locale:
    chosen = parse_cookie(cookie).get(COOKIE)
    if chosen not in LOCALES:
        chosen = parse_accept_header(accept_language, LanguageAccept).best_match(LOCALES) or DEFAULT_LOCALE
    return Locale.parse(chosen)


def select_timezone() -> str:
    return archive().tz.key


def current_locale() -> str:
    """The request's language code, worked out once per request (a page asks several times)."""
    if not has_request_context():
        return str(get_locale() or DEFAULT_LOCALE)
    cache = request._get_current_object().__dict__  # type: ignore[attr-defined]
    found = cache.get(_LOCALE)
    if found is None:
        found = cache[_LOCALE] = str(get_locale() or DEFAULT_LOCALE)
    return found


@cache
def _patterns(locale: str) -> tuple[Locale, DateTimePattern, DateTimePattern]:
    """Parsed once per locale: Flask-Babel's ``format_date`` re-resolves the locale, the zone
    and the pattern on every call, which was a measurable share of a results page."""
    loc = Locale.parse(locale)
    return loc, parse_pattern(loc.date_formats["medium"]), parse_pattern(loc.time_formats["short"])


def format_when(value: datetime | None, with_time: bool = False) -> str:
    """A timestamp in the archive's zone, written the way the reader's locale writes dates
    (``2024. 1. 15.`` or ``Jan 15, 2024``); ``with_time`` adds the time and its zone
    (``1:05 PM GMT+09:00``). A date-only record (:func:`search.article.is_date_only`) is its own
    calendar day, without an invented time."""
    if value is None:
        return ""
    return _formatted(value, with_time, current_locale(), archive().tz)


@lru_cache(maxsize=8192)
def _formatted(value: datetime, with_time: bool, locale: str, tz: tzinfo) -> str:
    """Kept: every page's footer writes the same last-update time, and hits of the same day
    recur (Babel's pattern takes some microseconds for each)."""
    loc, day, time = _patterns(locale)
    if is_date_only(value):
        return day.apply(value, loc)
    local = value.astimezone(tz)
    if not with_time:
        return day.apply(local, loc)
    return f"{day.apply(local, loc)} {time.apply(local, loc)} {get_timezone_gmt(local, locale=loc)}"


def language_name(code: str | None) -> str:
    """A language code (``ko``) as the reader's language names it (``한국어``, ``Korean``); the
    code itself when Babel does not know it."""
    return _language_name(code or "", current_locale())


@lru_cache(maxsize=1024)
def _language_name(code: str, locale: str) -> str:
    try:
        found = Locale.parse(locale).languages.get(Locale.parse(code.replace("-", "_")).language)
    except (ValueError, TypeError, UnknownLocaleError):
        found = None
    return found or code


def format_number(value: int) -> str:
    """An integer with the reader's locale's digit grouping (``27,483``)."""
    return _number(value, current_locale())


@lru_cache(maxsize=8192)
def _number(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def date_formatter() -> Callable[[datetime], str]:
    """:func:`format_when` (date only) with the locale and zone resolved once, for a list of hits."""
    locale, tz = current_locale(), archive().tz
    return lambda value: _formatted(value, False, locale, tz)


def _translations() -> NullTranslations:
    """Flask-Babel's translations for this request, looked up once per request: its own
    ``get_translations`` resolves the context, domain and locale again on every string, which
    was a fifth of a results page's render time (a page translates some forty strings)."""
    if not has_request_context():
        return get_translations()
    req = request._get_current_object()  # type: ignore[attr-defined]
    found = req.__dict__.get(_TRANSLATIONS)
    if found is None:
        # Flask-Babel keeps one catalog per locale for the app's life; finding it again costs
        # more than the rest of a label's lookup, so it is kept here per locale too.
        catalogs = current_app.extensions.setdefault(_TRANSLATIONS, {})
        locale = current_locale()
        found = catalogs.get(locale)
        if found is None:
            found = catalogs[locale] = get_translations()
        req.__dict__[_TRANSLATIONS] = found
    return found


class Labels:
    """One language's interface strings as ``Markup`` (translations are trusted HTML) with their
    variables escaped into them, as Jinja's newstyle gettext does with autoescape on. A string
    without variables is translated once for the app's life: the same labels are written on
    every page."""

    __slots__ = ("_translations", "_plain", "_formats")

    def __init__(self, translations: NullTranslations) -> None:
        self._translations = translations
        self._plain: dict[str, Markup] = {}
        self._formats: dict[str, Markup] = {}

    def __call__(self, string: str, **variables: Any) -> Markup:
        if not variables:
            label = self._plain.get(string)
            if label is None:
                label = self._plain[string] = Markup(self._translations.ugettext(string)) % {}
            return label
        found = self._formats.get(string)
        if found is None:
            found = self._formats[string] = Markup(self._translations.ugettext(string))
        return found % variables

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> Markup:
        """The singular or plural form for ``num`` (available to it as ``%(num)s``, digits grouped
        as the reader's locale groups them)."""
        variables.setdefault("num", format_number(num))
        return Markup(self._translations.ungettext(singular, plural, num)) % variables


def labels() -> Labels:
    """The reader's :class:`Labels`, kept with the catalog (one per language)."""
    translations = _translations()
    found = translations.__dict__.get(_LABELS)
    if found is None:
        found = translations.__dict__[_LABELS] = Labels(translations)
    return found


@pass_context
def template_gettext(context: Context, string: str, **variables: Any) -> str:
    """Jinja's newstyle ``gettext``, bound directly as ``_`` (rather than through Jinja's alias,
    the extension's wrapper and Flask-Babel's lookups on every call)."""
    if not context.eval_ctx.autoescape:
        return _translations().ugettext(string) % variables
    return labels()(string, **variables)


@pass_context
def template_ngettext(context: Context, singular: str, plural: str, num: int, **variables: Any) -> str:
    """Jinja's newstyle ``ngettext``: ``num`` is available to the string as ``%(num)s``."""
    if not context.eval_ctx.autoescape:
        variables.setdefault("num", format_number(num))
        return _translations().ungettext(singular, plural, num) % variables
    return labels().ngettext(singular, plural, num, **variables)


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after switching language (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):  # CR/LF would split the Location header
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


@bp.get("/lang/<code>")
def switch(code: str) -> Response:
    """Remember the reader's choice in a cookie and go back to the page they were on."""
    resp = redirect(safe_next(request.args.get("next")), code=303)
    if code in LOCALES:
        resp.set_cookie(
            COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True, secure=request.is_secure
        )
    return resp


def _vary_on_language(resp: Response) -> Response:
    """Pages are written in the language the cookie or ``Accept-Language`` picks: a shared cache
    must not hand one reader's language to another."""
    if resp.mimetype == "text/html":
        resp.vary.update(("Accept-Language", "Cookie"))
    return resp


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.register_blueprint(bp)
    app.after_request(_vary_on_language)
    # Same strings as Flask-Babel's own template callables (Jinja's newstyle gettext formats and
    # escapes the variables), with the catalog looked up once per request and labels memoised;
    # ``_`` is bound directly rather than through Jinja's alias that resolves ``gettext`` per call.
    app.jinja_env.newstyle_gettext = True  # type: ignore[attr-defined]
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext,
                                 format_when=format_when, language_name=language_name)
    app.jinja_env.filters["number"] = format_number
