"""The tantivy baseline: the same records and the same full search request in tantivy (Rust).

tantivy is the peer to beat (issue 19): an inverted index with BM25, fast fields (columns) for
filters and aggregations, and snippets, all compiled. The request matches ours as far as tantivy
can express it:

* **match**: English through tantivy's own ``en_stem`` analyzer (lowercase + Snowball English
  stemmer; ours is Porter) and its query parser, words ANDed as ours are, title boosted 2.5 as
  ours. Korean text is indexed **pre-tokenised with our own analyzer** (the one our index was
  built with: MeCab or Kiwi; tantivy's ``PreTokenizedString``) and Korean queries are turned into
  term queries from our analyzer's query terms, so both engines search the same Korean morphemes;
* **filters**: the date range on an integer fast field, the tag as a term on a raw fast field;
* **counts**: the total, and terms aggregations over the matches for tags, category (every prefix
  of the path, as ours), author, site, lang, year and month (ours counts a single-choice facet
  with its own filter left out, so a selected date range does not narrow the date facets; here
  every facet is counted over the filtered matches);
* **ten hits** with a highlighted title and a body snippet from tantivy's ``SnippetGenerator``
  (for Korean hits it re-tokenises stored text with ``en_stem``, so it finds fewer highlights).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

import tantivy

from search.analysis import analysed_ahead, analyze, make_tokenizer
from search.kiwi import set_threads

TITLE_BOOST = 2.5
FACET_FIELDS = ("tags", "category", "author", "site", "lang", "year", "month")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_BATCH = 256
ANALYZER_FILE = "analyzer"  # which of our analyzers tokenised the Korean text


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    for name in ("tags", "category", "author", "site", "lang"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("ts", fast=True, indexed=True)
    builder.add_integer_field("year", fast=True)
    builder.add_integer_field("month", fast=True)
    return builder.build()


def _pre_tokenized(text: str, analyzer: str) -> tantivy.PreTokenizedString:
    """``text`` with our analyzer's index terms as its tokens (positions and offsets kept)."""
    tokens = [
        tantivy.Token(token.text, token.pos, token.startchar, token.endchar)
        for token in make_tokenizer(analyzer)(text, positions=True, chars=True, mode="index")
    ]
    return tantivy.PreTokenizedString(text, tokens)


def _document(rec: dict, tz: ZoneInfo, analyzer: str) -> tantivy.Document:
    doc = tantivy.Document()
    for field in ("title", "body"):
        text = rec.get(field) or ""
        if _HANGUL.search(text):
            doc.add_pre_tokenized_text(field, _pre_tokenized(text, analyzer))
        else:
            doc.add_text(field, text)
    doc.add_text("url", rec["url"])
    for tag in rec.get("tags") or []:
        doc.add_text("tags", tag.casefold())
    parts = (rec.get("category") or "").strip("/").split("/")
    for i in range(len(parts) if parts[0] else 0):
        doc.add_text("category", "/".join(parts[: i + 1]).casefold())
    for field in ("author", "site", "lang"):
        if rec.get(field):
            doc.add_text(field, rec[field].casefold())
    if rec.get("published"):
        stamp = datetime.fromisoformat(rec["published"])
        local = stamp.astimezone(tz)
        doc.add_integer("ts", int(stamp.timestamp()))
        doc.add_integer("year", local.year)
        doc.add_integer("month", local.year * 12 + local.month - 1)
    return doc


def build(path: Path, records: Iterable[dict], tz: ZoneInfo, analyzer: str) -> int:
    """Create the index at ``path`` (replacing one there); returns the document count. With Kiwi,
    Korean texts are analysed in batches on its own threads (:func:`search.analysis.analysed_ahead`)."""
    set_threads(2 if analyzer == "kiwi" else 1)  # Kiwi's batch analysis on two threads, as ``import --jobs 2``
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    (path / ANALYZER_FILE).write_text(analyzer + "\n", encoding="utf-8")
    index = tantivy.Index(_schema(), str(path))
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    count = 0
    batch: list[dict] = []

    def flush() -> None:
        for i in analysed_ahead([(r.get("title") or "", r.get("body") or "") for r in batch]):
            writer.add_document(_document(batch[i], tz, analyzer))
        batch.clear()

    for rec in records:
        batch.append(rec)
        count += 1
        if len(batch) >= _BATCH:
            flush()
    flush()
    writer.commit()
    writer.wait_merging_threads()
    return count


class TantivySearch:
    """One open searcher answering full requests."""

    def __init__(self, path: Path, tz: ZoneInfo) -> None:
        self.index = tantivy.Index.open(str(path))
        self.index.reload()
        self.searcher = self.index.searcher()
        self.schema = self.index.schema
        self.tz = tz
        self.analyzer = (path / ANALYZER_FILE).read_text(encoding="utf-8").strip()
        self.aggs = {name: {"terms": {"field": name, "size": 100 if name in ("year", "month") else 10}}
                     for name in FACET_FIELDS}

    def _term(self, text: str) -> tantivy.Query:
        """One of our analyzer's terms in the title (boosted) or the body."""
        title = tantivy.Query.boost_query(tantivy.Query.term_query(self.schema, "title", text), TITLE_BOOST)
        body = tantivy.Query.term_query(self.schema, "body", text)
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, title), (tantivy.Occur.Should, body)])

    def match(self, text: str) -> tantivy.Query:
        """Korean: every word's terms from our analyzer required (ours: ``multitoken_query="and"``, words ANDed);
        otherwise tantivy's parser over title and body, words ANDed."""
        if _HANGUL.search(text):
            musts = [(tantivy.Occur.Must, self._term(term)) for word in text.split()
                     for term, _, _ in analyze(word, self.analyzer, mode="query")]
            return tantivy.Query.boolean_query(musts) if musts else tantivy.Query.empty_query()
        return self.index.parse_query(text, ["title", "body"], field_boosts={"title": TITLE_BOOST},
                                      conjunction_by_default=True)

    def _day(self, day: str, add: int = 0) -> int:
        return int(datetime.combine(date.fromisoformat(day) + timedelta(days=add), dtime.min, self.tz).timestamp())

    def search(self, params: dict[str, str]) -> dict:
        query = self.match(params["q"])
        parts = [(tantivy.Occur.Must, query)]
        if "from" in params or "to" in params:
            low = self._day(params["from"]) if "from" in params else None
            high = self._day(params["to"], 1) - 1 if "to" in params else None
            parts.append((tantivy.Occur.Must, tantivy.Query.range_query(
                self.schema, "ts", tantivy.FieldType.Integer, low, high)))
        if "tag" in params:
            parts.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "tags", params["tag"].casefold())))
        full = tantivy.Query.boolean_query(parts) if len(parts) > 1 else query
        found = self.searcher.search(full, limit=10, count=True)
        facets = self.searcher.aggregate(full, self.aggs)
        titles = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "title")
        bodies = tantivy.SnippetGenerator.create(self.searcher, query, self.schema, "body")
        hits = []
        for score, address in found.hits:
            doc = self.searcher.doc(address)
            hits.append((doc["url"][0], score, titles.snippet_from_doc(doc).to_html(),
                         bodies.snippet_from_doc(doc).to_html()))
        return {"total": found.count, "facets": facets, "hits": hits}


def ensure_index(path: Path, records: Iterator[dict], tz: ZoneInfo, fingerprint: str, analyzer: str) -> dict:
    """Build the index at ``path`` unless one for ``fingerprint`` and ``analyzer`` is there; what was done."""
    stamp = path / "bench-fingerprint"
    fingerprint = json.dumps([fingerprint, analyzer])
    if stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return {"reused": True}
    started = time.perf_counter()
    count = build(path, records, tz, analyzer)
    stamp.write_text(fingerprint + "\n", encoding="utf-8")
    return {"reused": False, "documents": count, "seconds": round(time.perf_counter() - started, 1)}


def fingerprint_of(files: Iterable[Path]) -> str:
    """Changes with the input files (name, size, mtime) and this module's index layout."""
    parts = [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files]
    return json.dumps(["tantivy-1", *parts])
