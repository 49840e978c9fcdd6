"""The query language, parsed leniently: every input yields a query and a list of what was ignored.

Words combine with AND; ``OR``, ``NOT``/``-word``, ``"phrases"``, ``word*`` and the fields
``title:``, ``body:``, ``tag:``, ``category:``, ``author:``, ``site:``, ``lang:`` are understood,
and ``edited:true`` (``edited:false``) keeps the articles edited (never edited) after publication.
A malformed query (unbalanced quotes or brackets, dangling operators, junk) is repaired, never
raised, and the repair is reported so the UI can say what it did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import qparser
from whoosh import query as wq
from whoosh.fields import Schema

from search.analysis import make_tokenizer
from search.expansion import Expansion
from search.schema import build_schema

SEARCH_FIELDS = ("title", "body")
QUERY_FIELDS = ("title", "body", "tags", "category", "author", "site", "lang", "edited")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_MAX_TERMS = 64


@dataclass(frozen=True)
class ParsedQuery:
    """A parse result, shared between the searches that ask the same text (see :func:`parse_query`):
    frozen, and its Whoosh query is only ever rewritten into copies."""

    query: wq.Query
    ignored: tuple[str, ...] = ()
    empty: bool = False


@lru_cache(maxsize=4)
def _parser(analyzer: str) -> qparser.QueryParser:
    full = build_schema(analyzer)
    # Only these fields are addressable: `gone:` or `url:` in a query stay plain words.
    schema = Schema(**{name: full[name] for name in QUERY_FIELDS})
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, group=qparser.AndGroup)
    parser.remove_plugin_class(qparser.BoostPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    parser.add_plugin(qparser.PlusMinusPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin({"tags": ["tag"]}))
    return parser


def _repair(text: str) -> tuple[str, list[str]]:
    """Fix what the parser would trip over, saying what was dropped."""
    ignored: list[str] = []
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
        ignored.append('unbalanced "')
    depth = 0
    chars = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                ignored.append("unmatched )")
                continue
            depth -= 1
        chars.append(ch)
    if depth:
        ignored.append("unmatched (")
        chars = [" " if ch == "(" else ch for ch in chars]
        depth = 0
    text = "".join(chars)
    words = text.split()
    while words and words[0] in _OPERATORS - {"NOT"}:
        ignored.append(f"operator {words.pop(0)} without a left side")
    while words and words[-1] in _OPERATORS:
        ignored.append(f"operator {words.pop()} without a right side")
    bare = [w for w in words if set(w) <= set("*?:-+")]
    for word in bare:
        ignored.append(f"{word!r} on its own")
    words = [w for w in words if w not in bare]
    if len(words) > _MAX_TERMS:
        ignored.append(f"{len(words) - _MAX_TERMS} words beyond the first {_MAX_TERMS}")
        words = words[:_MAX_TERMS]
    return " ".join(words), ignored


_FIELD = re.compile(r"^[-+]?(\w+):(.*)$")
_KNOWN_FIELDS = set(QUERY_FIELDS) | {"tag"}


def _fields_and_stops(text: str, analyzer: str) -> tuple[str, list[str]]:
    """Drop empty ``field:`` prefixes and report unknown fields and words too common to search."""
    ignored: list[str] = []
    tokenizer = make_tokenizer(analyzer)
    kept = []
    in_phrase = False
    for word in text.split():
        quotes = word.count('"')
        if in_phrase or quotes:
            in_phrase = in_phrase != bool(quotes % 2)
            kept.append(word)
            continue
        field = _FIELD.match(word)
        if field and field.group(1) not in _KNOWN_FIELDS:
            ignored.append(f"unknown field {field.group(1)}: (searched as words)")
        elif field and not field.group(2):
            ignored.append(f"{word!r} without a value")
            continue
        elif not field and word not in _OPERATORS:
            core = word.strip("()-+*?")
            if core and not re.search(r"\w", core):
                ignored.append(f"{core!r} (no letters or digits)")
            elif core and not any(True for _ in tokenizer(core, mode="query")):
                ignored.append(f"{core!r} (too common to search)")
        kept.append(word)
    return " ".join(kept), ignored


@lru_cache(maxsize=1024)
def parse_query(text: str, analyzer: str) -> ParsedQuery:
    """Parse ``text``; an empty or all-ignored query matches every document (``empty=True``).

    Cached per text and analyzer: Whoosh's parser costs ~0.4 ms a query (a tenth of a search),
    and the same queries come back (the next page, another facet, a popular word).
    """
    cleaned, ignored = _repair(text)
    cleaned, more = _fields_and_stops(cleaned, analyzer)
    ignored.extend(more)
    if not cleaned:
        return ParsedQuery(wq.Every(), tuple(ignored), empty=True)
    try:
        query = _parser(analyzer).parse(cleaned)
    except Exception:  # noqa: BLE001 - the parser must never fail a search; fall back to words
        words = re.findall(r"\w+", cleaned)
        ignored.append("query syntax (searched the words only)")
        query = _parser(analyzer).parse(" ".join(words)) if words else wq.NullQuery
    if query is wq.NullQuery or isinstance(query, type(wq.NullQuery)):
        if not ignored:
            ignored.append("no searchable words")
        return ParsedQuery(wq.NullQuery, tuple(ignored))
    return ParsedQuery(query, tuple(ignored))


def query_terms(query: wq.Query) -> tuple[set[str], set[str]]:
    """(terms, prefixes) the query looks for in title or body: what highlighting marks."""
    terms: set[str] = set()
    prefixes: set[str] = set()
    for node in _walk(query):
        if isinstance(node, Expansion):
            if node.prefix and any(t.fieldname in SEARCH_FIELDS for t in node.subqueries):
                prefixes.add(node.prefix)
        elif isinstance(node, wq.Prefix) and node.fieldname in SEARCH_FIELDS:
            prefixes.add(str(node.text))
        elif isinstance(node, wq.Term) and node.fieldname in SEARCH_FIELDS:
            terms.add(node.text if isinstance(node.text, str) else node.text.decode("utf-8"))
        elif isinstance(node, wq.Phrase) and node.fieldname in SEARCH_FIELDS:
            terms.update(str(w) for w in node.words)
    return terms, prefixes


def _walk(query: wq.Query):  # noqa: ANN202 - a generator of query nodes
    if isinstance(query, wq.Not):
        return
    yield query
    if isinstance(query, Expansion):  # its words are marked by their common prefix
        return
    if isinstance(query, wq.AndNot):
        yield from _walk(query.a)
        return
    for child in query.children():
        yield from _walk(child)
