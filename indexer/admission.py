"""What every extracted page's article goes through before the index, in ``update``, ``rebuild``
and WARC import alike: its URL confined to the origins its source may claim
(:func:`indexer.ownership.confine`) and its text cleaned (:mod:`search.textclean`). One function,
so the three ways in cannot drift apart."""

from __future__ import annotations

from collections.abc import Iterable

from indexer.extract.metadata import clean_url
from indexer.ownership import Origin, confine, origin
from search.article import Article
from search.textclean import clean_article, cleaning_note


def admit(article: Article, fetched_url: str, origins: Iterable[Origin] | None) -> tuple[Article, list[str]]:
    """The article ready for the index, and what was changed, one line each for the run log.

    ``origins`` None (a source that never recorded its origins, an imported WARC) means the
    fetched URL's own origin only.
    """
    fetched = clean_url(fetched_url)
    if origins is None:
        own = origin(fetched)
        origins = (own,) if own else ()
    article, refused = confine(article, fetched, origins)
    article, cleaned = clean_article(article)
    notes = [refused] if refused else []
    if cleaned:
        notes.append(cleaning_note(cleaned))
    return article, notes
