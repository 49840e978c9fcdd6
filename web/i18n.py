"""Interface language (Korean or English) and date display, through Flask-Babel.

The language comes from a ``lang`` cookie when the reader picked one with the switch, else from
``Accept-Language``; English is the fallback because it is the language every reader of an
international archive can be assumed to manage. Dates are always shown in the archive's display
time zone (``NEWSARCHIVE_TZ``, the zone the search core uses for date filters and the month
facet), so a date shown on a result and the month bar it falls in never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

from babel import Locale
from babel.dates import DateTimePattern, parse_pattern
from babel.support import NullTranslations
from flask import Blueprint, Flask, Response, has_request_context, redirect, request
from flask_babel import Babel, get_locale, get_translations

from web.context import archive

LOCALES = ("ko", "en")
DEFAULT_LOCALE = "en"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)
_TRANSLATIONS = "_newsarchive_translations"


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LOCALES:
        return chosen
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def select_timezone() -> str:
    return archive().tz.key


def current_locale() -> str:
    return str(get_locale() or DEFAULT_LOCALE)


@cache
def _patterns(locale: str) -> tuple[Locale, DateTimePattern, DateTimePattern]:
    """Parsed once per locale: Flask-Babel's ``format_date`` re-resolves the locale, the zone
    and the pattern on every call, which was a measurable share of a results page."""
    loc = Locale.parse(locale)
    return loc, parse_pattern(loc.date_formats["medium"]), parse_pattern(loc.time_formats["short"])


def format_when(value: datetime | None, with_time: bool = False) -> str:
    """A timestamp in the archive's zone, written the way the reader's locale writes dates
    (``2024. 1. 15.`` or ``Jan 15, 2024``)."""
    if value is None:
        return ""
    loc, day, time = _patterns(current_locale())
    local = value.astimezone(archive().tz)
    return f"{day.apply(local, loc)} {time.apply(local, loc)}" if with_time else day.apply(local, loc)


def date_formatter() -> Callable[[datetime], str]:
    """:func:`format_when` (date only) with the locale and zone resolved once, for a list of hits."""
    loc, day, _time = _patterns(current_locale())
    tz = archive().tz
    return lambda value: day.apply(value.astimezone(tz), loc)


def _translations() -> NullTranslations:
    """Flask-Babel's translations for this request, looked up once per request: its own
    ``get_translations`` resolves the context, domain and locale again on every string, which
    was a fifth of a results page's render time (a page translates some forty strings)."""
    if not has_request_context():
        return get_translations()
    req = request._get_current_object()  # type: ignore[attr-defined]
    found = req.__dict__.get(_TRANSLATIONS)
    if found is None:
        found = req.__dict__[_TRANSLATIONS] = get_translations()
    return found


def _gettext(string: str) -> str:
    return _translations().ugettext(string)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return _translations().ungettext(singular, plural, num)


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after switching language (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


@bp.get("/lang/<code>")
def switch(code: str) -> Response:
    """Remember the reader's choice in a cookie and go back to the page they were on."""
    resp = redirect(safe_next(request.args.get("next")), code=303)
    if code in LOCALES:
        resp.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, samesite="Lax", httponly=True)
    return resp


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    Babel(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.register_blueprint(bp)
    # Same strings as Flask-Babel's own template callables (Jinja's newstyle gettext formats and
    # escapes the variables), only with the translations looked up once per request.
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext, newstyle=True)
    app.jinja_env.globals.update(current_locale=current_locale, format_when=format_when, locales=LOCALES)
