"""trafilatura's two passes over one page, sharing the raw-page preparation they both make.

``trafilatura.extract`` copies the page it is given and prunes the copy of appended follow-up
articles (``RAW_TREE_PRUNE_XPATH``) and comment sections (``REMOVE_COMMENTS_AND_LISTS_XPATH``)
before its own sequence; the precision and the default pass make the same copy and the same
two sweeps of the whole page. Here they are made once (:func:`prepared_trees`) and each pass
runs trafilatura's sequence on the result (:func:`pass_text`), as ``extract`` would with
``comments=False`` and ``output_format="txt"``: a millisecond a page where both passes run.

The steps are trafilatura 2.3.1's ``trafilatura_sequence``, ``bare_extraction`` and
``determine_returnstring`` for these settings; ``tests/test_extract_sequence.py`` checks the
texts against ``trafilatura.extract``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy

from lxml.html import HtmlElement
from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_JUSTEXT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _extract_and_compare,
    _forum_thread_page,
    _prepare_tree,
    _recall_retry,
)
from trafilatura.external import justext_rescue
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.settings import Extractor
from trafilatura.utils import normalize_unicode
from trafilatura.xml import xmltotxt
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH, REMOVE_COMMENTS_XPATH


def prepared_trees(tree: HtmlElement) -> tuple[HtmlElement, HtmlElement, bool]:
    """The trees the precision and the default pass start from, and whether the page is a
    thread forum (its comment sections are its posts).

    One copy of ``tree`` (left untouched) serves both passes: the sequence copies what it
    changes. Only on a forum do they differ: the default pass keeps the comment sections there.
    """
    forum = _forum_thread_page(tree)
    raw = prune_unwanted_nodes(copy(tree), RAW_TREE_PRUNE_XPATH)
    precise = prune_unwanted_nodes(copy(raw) if forum else raw, REMOVE_COMMENTS_AND_LISTS_XPATH)
    return precise, raw if forum else precise, forum


def pass_text(tree: HtmlElement, options: Extractor, forum: bool) -> str:
    """The text ``trafilatura.extract`` returns for ``options`` (no comments, plain text), from
    ``tree`` as :func:`prepared_trees` gave it; "" where ``extract`` gives None."""
    try:
        body, text = _sequence(tree, options, forum)
    except (TypeError, ValueError):
        return ""
    if len(text) < options.min_output_size:
        return ""
    return normalize_unicode(xmltotxt(body, options.formatting).strip())


def _sequence(tree: HtmlElement, options: Extractor, forum: bool) -> tuple[HtmlElement, str]:
    """``trafilatura_sequence`` after its raw-tree prunes, without comments: the main extractor
    (and the external comparison unless fast), the baseline rescue and the recall retry."""
    cleaned, backup = _prepare_tree(tree, options, options.url)
    if options.focus == "precision" and not forum:
        cleaned = prune_unwanted_nodes(cleaned, REMOVE_COMMENTS_XPATH)
    body, text = _extract_and_compare(cleaned, backup, tree, options)
    if len(text) < options.min_extracted_size and options.focus != "precision":
        b_body, b_text, b_len = baseline(tree)
        if b_len > len(text):
            body, text = b_body, b_text
    if (options.focus == "balanced" and 0 < len(text) < ESCALATION_MAX_LENGTH
            and len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))):
        body, text = _escalate(tree, options, body, text)
    return body, text


def _escalate(tree: HtmlElement, options: Extractor, body: HtmlElement, text: str) -> tuple[HtmlElement, str]:
    """The recall retry of a short text covering little of the page (and, unless fast, the
    justext candidate): kept when clearly longer."""
    r_options = copy(options)
    r_options.focus = "recall"
    r_body, r_text = _attempt(lambda: _recall_retry(tree, r_options, options.url), body)
    j_body, j_text = _attempt(lambda: justext_rescue(copy(tree), options), body) if not options.fast else (body, "")
    if len(j_text) > len(r_text) and len(j_text) > ESCALATION_JUSTEXT_RATIO * len(text):
        return j_body, j_text
    if len(r_text) >= options.min_extracted_size and len(r_text) > ESCALATION_ACCEPT_RATIO * len(text):
        return r_body, r_text
    return body, text


def _attempt(candidate: Callable[[], tuple[HtmlElement, str]], body: HtmlElement) -> tuple[HtmlElement, str]:
    """An escalation candidate, or no text when it fails (as trafilatura's sequence, which logs it)."""
    try:
        return candidate()
    except Exception:  # noqa: BLE001 - trafilatura ignores any failure of a candidate
        return body, ""
