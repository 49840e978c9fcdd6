"""Fallbacks for pages no platform rule knows: trafilatura for the main text, htmldate for
the date. Both are well-tested on thousands of sites, which beats any rule we could write
for an unknown layout.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement

from .cleanup import clean_text
from .dates import parse_date


def generic_body(tree: HtmlElement | str, url: str | None) -> str | None:
    """Main text by trafilatura (comments and tables as configured), cleaned into paragraphs."""
    text = trafilatura.extract(
        tree, url=url, include_comments=False, include_tables=True, include_images=False,
        with_metadata=False, output_format="txt", deduplicate=False,
    )
    return clean_text(text) if text else None


def generic_date(tree: HtmlElement | str, url: str | None, tz: tzinfo) -> datetime | None:
    """Publication date by htmldate (original date, not the last update)."""
    try:
        found = find_date(tree, url=url, original_date=True, outputformat="%Y-%m-%dT%H:%M:%S%z",
                          extensive_search=True)
    except (ValueError, TypeError):
        return None
    return parse_date(found, tz) if found else None
