"""Author names: from structured data first, then the visible byline, cleaned into a
comma-separated list of names.

Author fields also hold e-mails and profile URLs; such a candidate is skipped and the next
source is tried. The visible byline is read when no metadata names a person: it is layout, and
layouts put datelines, kickers and desk codes next to the names. When the metadata only names
an organisation (the site itself, a JSON-LD ``Organization``) a person in the visible byline is
who wrote the page; the organisation is kept when the byline names nobody. Last, a labelled
byline in the short strings under the headline (``headline_byline``, read with the dateline)
replaces an author that names none of its people and completes one it contains. A lone first
name, initials or user slug is completed from the page's text; a page that names nobody is
credited to its copyright holder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from lxml.html import HtmlElement

from .cleanup import clean_inline
from .dateline import headline_element
from .dom import compiled, css_to_xpath, text_of
from .metadata import PageMeta, ld_names, ld_text, ld_types
from .titles import site_key_matches

AUTHOR_KEYS = (
    "author", "article:author", "by", "og.article.author", "og:article:author", "dc.creator",
    "dcterms.creator", "parsely-author", "sailthru.author", "byl", "cxenseparse:author",
)
BYLINE_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]', '[itemprop="author"]', 'a[rel~="author"]', ".byline",
    '[class*="byline"]', '[class*="author"]',
)
# Weaker byline markup: class names in other languages and links to an author's archive page. Menus
# and teaser lists hold them too (a mega menu of the site's authors, "Pressemitteilung von …" under
# each related item), so only a match after the headline and outside lists and navigation counts.
ARTICLE_BYLINE_SELECTORS = (
    '[class*="auteur"]', '[class*="autor"]', 'a[href*="/author/"]', 'a[href*="/autor"]', 'a[href*="/auteur"]',
)
_LIST_OR_NAV_XPATH = "ancestor::li | ancestor::nav | ancestor::footer | ancestor::aside"
# Where a byline selector also matches what is not the page's byline: the comment area and its
# form (``comment-author``, ``comment-form-author`` with its "Name *" label).
BYLINE_EXCLUDED_XPATH = (
    "ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')"
    " or contains(@class, 'respond') or contains(@id, 'respond')] | ancestor::form"
)
_excluded = compiled(BYLINE_EXCLUDED_XPATH)
_in_list_or_nav = compiled(_LIST_OR_NAV_XPATH)
_body_texts = compiled("//body//text()[normalize-space()]")
_class_values = compiled("//@class")
# The class word a selector cannot match without: ``.byline``, ``[class*="author"]``.
_CLASS_WORD = re.compile(r"^(?:\*|[a-z]+)?(?:\.([\w-]+)|\[class[~*^$]?=\"([\w-]+)\"\])$")
_in_figure = compiled("ancestor-or-self::figure | ancestor-or-self::figcaption")
_ORGANISATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation", "website",
                                 "ngo", "governmentorganization", "educationalorganization"})
# A name with a legal form or an institution's word is an organisation's credit, not a person's.
_ORGANISATION_WORD = re.compile(
    r"(?:\be\.\s?V\.|\b(?:g?GmbH|AG|KG|Ltd|Inc|LLC|S\.A\.)\b|(?:stiftung|verband|landesanstalt|institut|"
    r"ministerium|bundesamt|landesamt|illustrierte|magazin)\b|\b(?:foundation|association|institute|ministry)\b)",
    re.I)
_URLISH = re.compile(r"https?:|www\.|\S+@\S+\.\w+|^@|\.(?:com|net|org)/", re.I)
_PREFIX = re.compile(
    r"^(?:.{0,30}?\s)?(?:by|von|por|par|door|av|af|author|autor|autorin|auteur|autore|text|"
    r"written by|geschrieben von|verfasst von|fotos?|photos?|bilder)\s*:?\s+", re.I)
# A line that is only a labelled credit ("Autorin: Uta Muster, Projektleiterin"), anywhere on the page.
_LABELLED_LINE = re.compile(r"^\s*(?:autor|autorin|autoren|author|authors|auteur|written by)\s*:\s*\S", re.I)
# A credit label standing alone, the names in the elements after it (``<b>Autor:</b> <a>Name</a>``).
_LABEL_ALONE = re.compile(r"^\s*(?:autor|autorin|autoren|author|authors|auteur|written by)\s*:\s*$", re.I)
_LINE_BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
                          "section", "article", "header", "footer", "hr"})
_SPLIT = re.compile(r"\s+(?:and|und|&)\s+|\s*[,;/|&·]\s*")
# A rendered byline is prose: its names are also joined by the Spanish and French "and"
# ("Isabel Caro, Rocío Latorre y José Miguel Wilson"). Metadata credits such as "Le Figaro et AFP"
# are one credit as the publisher wrote it, and stay whole.
_VISIBLE_SPLIT = re.compile(r"\s+(?:and|und|y|et|&)\s+|\s*[,;/|&·]\s*")
_PARENS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_DIGIT = re.compile(r"\d")
# What follows the names in a rendered byline: a date, a dash before one, or a word
# introducing one or a source.
_DATELINE = re.compile(
    r"\d|\s[-–—]\s|\b(?:Stand|Updated|Published|Posted|Veröffentlicht|Aktualisiert|Quelle|Source|Fuente|"
    r"Publié|Mis à jour|Publicado|Actualizado|Publiziert|Erstellt)\b", re.I)
# A commenter's line: "Anna says:", "Anna sagt:", "Anna a dit :".
_COMMENTER = re.compile(r"\b(?:says|said|sagt|schreibt|dit|dice|napisał)\s*:?\s*$", re.I)
# Words a byline puts after the names: "am"/"on"/"le" before a date, a month name, a handle.
_TRAILING = re.compile(
    r"(?:\s+(?:am|um|on|at|le|el|il|den|vom|jan|feb|mar|apr|sep|sept|oct|okt|nov|dec|dez|januar|februar|"
    r"märz|september|oktober|november|dezember|january|february|march|october|december|janvier|février|"
    r"mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|kontakt|contact|profil|profile|folgen|follow)"
    r"\.?|\s+@\w+)+\s*$", re.I)
# A job title written before the name: "FOCUS-Online-Experte Robin Tschöpe", "Redakteurin Anna Beck".
_JOB_TITLE = re.compile(
    r"^\S*(?:experte|expertin|redakteur|redakteurin|korrespondent|korrespondentin|reporter|reporterin|"
    r"editor|chefredakteur|chefredakteurin|volontär|volontärin|gastautor|gastautorin|rechtsanwalt|"
    r"rechtsanwältin)\s+(?=[^\W\d_])", re.I)
# Degrees written after a name ("Grant Tinsley, PhD"): not a second author.
_POST_NOMINALS = frozenset({"phd", "ph.d.", "md", "m.d.", "mba", "msc", "m.sc.", "bsc", "rd", "ma", "ba", "mph",
                            "rdn", "cpt", "llm", "dipl.-ing."})
_HANDLE = re.compile(r"^[^\W\d_][\w.-]{2,29}$")
_FUNCTION_WORDS = frozenset({"by", "von", "por", "par", "door", "av", "af", "am", "on", "the", "and"})
# Labels that byline markup holds around or instead of a name.
_LABELS = frozenset({"name", "autor", "author", "autorin", "auteur", "posted",
                     "kontakt", "contact", "alle beiträge", "all posts", "archiv", "mehr", "more", "profil",
                     "profile", "follow", "folgen", "no author"})
# A byline's label word: alone in its element (the names follow in the next) or before the names.
_BYLINE_LABEL = re.compile(
    r"^(?:[^\W\d_][\w-]*\s+){0,3}?(?:by|von|vom|por|par|door|av|af|di|autor|autorin|author|auteur|autore|text|texto|"
    r"written by|geschrieben von|verfasst von)(?:\s*:\s*|\s+|$)", re.I)
_BYLINE_STRINGS = 12  # strings after the headline that may hold its byline
_WRITTEN_BY = re.compile(r"^\s*(?:written by|verfasst von|geschrieben von|écrit par|escrito por|scritto da|"
                         r"autor|author|auteur)\b", re.I)
# Elements whose own text starts like a credit label (the label's first letter, either case).
_LABELLED_XPATH = ("//body//*[self::p or self::div or self::span or self::strong or self::em or self::li]"
                   "[starts-with(normalize-space(text()), 'Aut') or starts-with(normalize-space(text()), 'aut')"
                   " or starts-with(normalize-space(text()), 'Writ')]")
_labelled = compiled(_LABELLED_XPATH)
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "del", "della", "di", "du", "la", "le", "zu",
                             "y", "bin", "al", "el", "dos", "das", "ten", "ter"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")
_WORD_AFTER = re.compile(r"[^\S\n]*[\w'’]")
# A copyright line: the sign, or the word with a sign or a year after it.
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\s*(?=©|\(c\)|(?:19|20)\d{2}))\s*(?:©|\(c\))?\s*:?\s*(.{2,80})", re.I)
_RESERVED = re.compile(r"\b(?:all rights|alle rechte|tous droits|todos los derechos|weitere rechte)\b", re.I)
_STOCK = re.compile(r"stock|adobe|getty|pixabay|unsplash|picture|foto|photo|bild", re.I)
_NAME_CHARS = re.compile(r"^[\w .&'’()-]+$")
_HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "title"})
_MAX_WORDS = 5
_MAX_MATCHES = 3
_MAX_BYLINE = 150  # characters: a longer match is a container (``article.author-jane``), not a byline


def find_author(meta: PageMeta, ld: dict[str, Any], tree: HtmlElement | None, keys: set[str]) -> str | None:
    """A person named by metadata, else by the visible byline (never the site's own name
    there), else the organisation the metadata names.

    A visible byline outranks an organisation only when it names people by first and last
    name: on news pages (``extraction-gold``) the gold credits the site, not an agency code or
    a desk handle beside it.
    """
    organisation: list[str] = []
    for raw, is_organisation in _meta_candidates(meta, ld):
        names = clean_names(raw)
        if not names:
            continue
        if is_organisation or any(_is_site(n, keys) or _ORGANISATION_WORD.search(n) for n in names):
            organisation = organisation or names
            continue
        return complete_name(names[0], tree) if tree is not None and len(names) == 1 else ", ".join(names)
    if tree is not None:
        titles = (ld_text(ld.get("headline")), meta.first("og:title"), meta.html_title)
        for names in _visible_names(tree, keys, headline_element(tree, titles)):
            if not organisation or all(_full_name(n) for n in names):
                return complete_name(names[0], tree) if len(names) == 1 else ", ".join(names)
    return ", ".join(organisation) or None


def _visible_names(tree: HtmlElement, keys: set[str], headline: HtmlElement | None) -> Iterator[list[str]]:
    """Names of each visible byline candidate, strongest markup first.

    trafilatura's wider byline XPaths are not asked after ours: over ``web-eval`` and
    ``extraction-gold`` (844 pages) they named the right author on one page and a wrong one on
    eight (an image credit, a heading, a first name from a comment, ``Unbenannt``), and their
    deep copy and pruning of the page cost 6 % of the extraction time.
    """
    for raw in _byline_candidates(tree, headline):
        names = [n for n in clean_names(raw, visible=True) if not site_key_matches(n, keys)]
        if names:
            yield names


def _is_site(name: str, keys: set[str]) -> bool:
    """The site's own name or a part of it (``ORF.at`` at ``wien.orf.at``); ``Redaktion
    hessenschau.de`` or ``Guardian staff reporter`` are credits, kept as the metadata says."""
    key = re.sub(r"[\W_]+", "", name.casefold())
    return any(key == k or (len(key) >= 4 and key in k) for k in keys)


def _full_name(name: str) -> bool:
    """First and last name, each capitalised (or a name in an uncased script like Han)."""
    words = name.split()
    if not any(c.isupper() or c.islower() for c in name):
        return True
    return 2 <= len(words) <= 4 and all(w[0].isupper() for w in words)


def clean_names(raw: str, *, visible: bool = False) -> list[str]:
    """Split one author string into names; drop e-mails, URLs and what is not a name.

    ``visible`` text is a rendered byline: it is cut before the first digit (the dateline
    that follows the names), a leading ``By``/``Von:``/``Author`` with a kicker before it and
    trailing ``am``/month/handle words are removed, and a commenter's "X says:" gives nothing.
    """
    text = _PARENS.sub("", clean_inline(raw)).replace("©", " ")
    if _URLISH.search(text) or (visible and _COMMENTER.search(text)):
        return []
    if visible:
        text = _DATELINE.split(text, 1)[0]
        text = _PREFIX.sub("", text.strip(" -–—:·…"))
    text = _TRAILING.sub("", text)
    names: list[str] = []
    for part in (_VISIBLE_SPLIT if visible else _SPLIT).split(text):
        name = re.sub(r"^(?:by|von|vom|por|par)\s*:?\s+", "", part.strip(" -–—:·…*"), flags=re.I).strip()
        name = _undoubled(_TRAILING.sub("", _JOB_TITLE.sub("", name)))
        if (not name or len(name.split()) > _MAX_WORDS or len(name) > 60 or name.casefold() in _POST_NOMINALS
                or name.casefold() in _LABELS or not re.search(r"[^\W\d_]", name)
                or (_DIGIT.search(name) and not _HANDLE.match(name))
                or (visible and not _looks_like_name(name))
                or (visible and names and _is_description(name))):
            continue
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return names


def complete_name(name: str, tree: HtmlElement) -> str:
    """A first name alone, initials or a user slug completed to the full name the page prints.

    Author fields and bylines often hold only ``Stefanus``, ``DT`` or ``christian.stadtfeld``
    while the author box, a caption or the licence line names ``Stefanus Stahl``, ``Donald
    Townsend`` or ``Christian P. Stadtfeld``. The page's visible text (comments left out) is
    searched for two to four capitalised words that start with the first name, have the
    initials (each word then a capital and small letters: ``AP Photo`` is no name), or begin
    and end with the slug's parts, and that no further word follows in the same sentence
    (``Henry Probe`` at a line's end, ``Stefanus Probe - Maschinenbauer``, not ``Medellín EN
    VIVO``); the most frequent such name wins. Only a lone author is completed: in ``Brazil,
    Rachel`` (a citation's "last, first") each part is a piece of one name.
    """
    if " " in name or len(name) > 30:
        return name
    parts = [p for p in re.split(r"[._-]+", name.casefold()) if p]
    initials = name if name.isupper() and 2 <= len(name) <= 3 else ""
    first_name = len(parts) == 1 and not initials and name[0].isupper() and name[1:].islower()
    if not (len(parts) >= 2 or first_name or initials):
        return name
    counts: dict[str, int] = {}
    first_seen: dict[str, str] = {}
    # A text that cannot hold the name is skipped before the costlier comment-area test.
    needle = initials[0] if initials else parts[0]
    for node in _body_texts(tree):
        text = str(node)
        if needle not in (text if initials else text.casefold()):
            continue
        owner = node.getparent()
        if (not node.is_tail and str(owner.tag).lower() in _HIDDEN_TAGS) or _excluded(owner):
            continue
        words = list(_WORD.finditer(text))
        for size in (2, 3, 4):
            for i in range(len(words) - size + 1):
                window = [m.group() for m in words[i:i + size]]
                if (not all(w[0].isupper() for w in window) or window[-1].endswith(".")
                        or (initials and not all(w[1:].islower() for w in window))
                        or _WORD_AFTER.match(text, words[i + size - 1].end())):
                    continue
                folded = [w.casefold().rstrip(".") for w in window]
                if ((len(parts) >= 2 and folded[0] == parts[0] and folded[-1] == parts[-1])
                        or (first_name and size == 2 and folded[0] == parts[0])
                        or (initials and size == len(initials) and "".join(w[0] for w in window) == initials)):
                    key = " ".join(folded)
                    counts[key] = counts.get(key, 0) + 1
                    first_seen.setdefault(key, " ".join(window))
    if not counts:
        return name
    return first_seen[max(counts, key=lambda k: counts[k])]


# Where a copyright holder's name ends: a separator between spaces, a full stop, a bar or comma, or a
# slash that is not inside a legal form of single letters (``Firma A/S`` is not cut to ``Firma A``;
# a name with a slash is then no name, see _NAME_CHARS).
_HOLDER_END = re.compile(r"\s[|•·–—-]\s|\.\s|[|,]|(?<!\b\w)/(?!\w\b)")


def copyright_holder(tree: HtmlElement) -> str | None:
    """Who the page's copyright line names (``© 2020 Wolfgang Muster``, ``Copyright (c) 2012-
    Gregory Muster. All rights reserved.``): the author of last resort.

    A page that names no author anywhere else is its publisher's own: a personal blog's owner, or
    the company or public body whose page it is. The last such line is the site's footer; image
    credits (in figures, or naming a stock agency) and the bare word "Copyright" in a link
    ("Copyright Policy") are not read, nor what is not a name (lower-case words inside, symbols).
    """
    for node in reversed(_body_texts(tree)):
        match = _COPYRIGHT.search(node)
        if not match:
            continue
        owner = node.getparent()
        if (not node.is_tail and str(owner.tag).lower() in _HIDDEN_TAGS) or _in_figure(owner):
            continue
        if _STOCK.search(match.group(1)):
            return None
        holder = _RESERVED.split(match.group(1), 1)[0]
        holder = re.sub(r"\bcopyright\b|(?:19|20)\d{2}\s*(?:[-–]\s*(?:(?:19|20)\d{2})?)?", " ", holder, flags=re.I)
        holder = " ".join(_HOLDER_END.split(holder, maxsplit=1)[0].split()).strip(" .-–•·")
        if (len(holder) < 3 or not holder[0].isupper() or holder.casefold() in _FUNCTION_WORDS
                or not _NAME_CHARS.match(holder)
                or len(holder.split()) > _MAX_WORDS or _is_description(holder)):
            return None
        return holder
    return None


def _undoubled(name: str) -> str:
    """A name of two or more words written twice in one element (an author link holding the
    picture's caption and the name, ``Kristen Probe Kristen Probe``) once."""
    words = name.split()
    half = len(words) // 2
    return " ".join(words[:half]) if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:] else name


def _is_description(part: str) -> bool:
    """A byline part after the name that describes the person (``Projektleiterin der HSS in
    Tunesien``): it holds a lower-case word that is no name particle."""
    return any(w.islower() and w not in _NAME_PARTICLES for w in part.split()[1:])


def _looks_like_name(name: str) -> bool:
    """A visible name has a word starting with a capital (or is in an uncased script like
    Hangul), or is one user handle (``eseppelt``, ``happyface313``)."""
    words = name.split()
    if words[0].casefold() in _FUNCTION_WORDS:
        return False
    if len(words) == 1 and _HANDLE.match(name):
        return True
    return any(not w[0].isalpha() or not w[0].islower() for w in words)


def _meta_candidates(meta: PageMeta, ld: dict[str, Any]) -> list[tuple[str, bool]]:
    """Author strings of the metadata with whether each names an organisation.

    JSON-LD often points at a Person elsewhere in the page's graph (``{"@id": ".../#/schema/person/1"}``,
    Yoast and others): the pointer is followed.
    """
    value = ld.get("author") or ld.get("creator") or _page_author(meta)
    items = [_resolve(meta, item) for item in (value if isinstance(value, list) else [value])]
    items = [item for item in items if item]
    names = ld_names(items)
    out = []
    if names:
        typed = [item for item in items if isinstance(item, dict)]
        is_organisation = bool(typed) and all(ld_types(item) & _ORGANISATION_TYPES for item in typed)
        out.append((", ".join(names), is_organisation))
    labelled = [(value, False) for label, value in _labelled_data(meta) if _WRITTEN_BY.match(label)]
    return out + labelled + [(value, False) for key in AUTHOR_KEYS if (value := meta.first(key))]


def _page_author(meta: PageMeta) -> Any:
    """The author of the page's JSON-LD ``WebPage`` when no article object names one (Yoast
    graphs without an ``Article`` put the author's pointer there)."""
    return next((obj["author"] for obj in meta.jsonld if ld_types(obj) & {"webpage", "itempage"} and obj.get("author")),
                None)


def _labelled_data(meta: PageMeta) -> Iterator[tuple[str, str]]:
    """``twitter:labelN``/``twitter:dataN`` pairs: SEO plugins put "Written by: Name" there."""
    for number in range(1, 5):
        label, value = meta.first(f"twitter:label{number}"), meta.first(f"twitter:data{number}")
        if not label:
            return
        if value:
            yield label, value


def _resolve(meta: PageMeta, item: Any) -> Any:
    """A JSON-LD ``{"@id": ...}`` pointer replaced by the object of the graph it names."""
    if isinstance(item, dict) and "name" not in item and item.get("@id"):
        return next((obj for obj in meta.jsonld if obj.get("@id") == item["@id"] and obj is not item), item)
    return item


def _byline_candidates(tree: HtmlElement, headline: HtmlElement | None) -> Iterator[str]:
    """Texts of the byline markup, strongest selectors first, each in document order; lazily,
    so a page whose strong byline names its author is not scanned for the weaker ones."""
    classes = " ".join(_class_values(tree))
    for selector in BYLINE_SELECTORS:
        nodes = [node for node in _matches(tree, selector, classes) if not _excluded(node)]
        yield from _short_texts(nodes)
    if headline is not None:
        weaker = [_matches(tree, selector, classes) for selector in ARTICLE_BYLINE_SELECTORS]
        if any(weaker):  # the document order is built only for a page that has such markup
            order = {node: i for i, node in enumerate(tree.iter())}
            start = max(order.get(node, -1) for node in headline.iter())
            for found in weaker:
                yield from _short_texts([node for node in found if order.get(node, -1) > start
                                         and not _excluded(node) and not _in_list_or_nav(node)])
    lines = [text for node in _labelled(tree)
             if _LABELLED_LINE.match(text := text_of(node)) and len(text) <= _MAX_BYLINE
             and not _excluded(node)]
    yield from lines[:_MAX_MATCHES]
    yield from _label_alone_lines(tree)[:_MAX_MATCHES]


def _matches(tree: HtmlElement, selector: str, classes: str) -> list[HtmlElement]:
    """``selector``'s matches, none without a scan when the class word it needs is on no element
    of the page (``classes``: every class attribute, read in one scan where each selector's own
    scan tests every element)."""
    needed = _CLASS_WORD.search(selector)
    if needed and (needed.group(1) or needed.group(2)) not in classes:
        return []
    return compiled(css_to_xpath(selector))(tree)


def _short_texts(nodes: list[HtmlElement]) -> list[str]:
    """The texts of the first matches, those short enough to be a byline."""
    return [text for node in nodes[:_MAX_MATCHES] if len((text := text_of(node)).strip()) <= _MAX_BYLINE]


def _label_alone_lines(tree: HtmlElement) -> list[str]:
    """Credit lines whose label stands alone in its element or text run: ``<strong>Autor:</strong>
    <a>Name</a>`` or ``<br/>Autor: <a>Rechtsanwalt</a> Name``. The line is the label and what
    follows it up to the next line break or block."""
    out: list[str] = []
    for node in _body_texts(tree):
        if not _LABEL_ALONE.match(node):
            continue
        start = node.getparent()
        if not node.is_tail:
            if text_of(start).strip() != node.strip() or not isinstance(start.tag, str):
                continue
            parts = [node, start.tail or ""]
        else:
            parts = [node]
        if _excluded(start):
            continue
        for sibling in start.itersiblings():
            if not isinstance(sibling.tag, str) or sibling.tag.lower() in _LINE_BREAKS:
                break
            parts += [text_of(sibling), sibling.tail or ""]
            if "\n" in (sibling.tail or "").strip(" \t"):
                break
        line = " ".join(" ".join(parts).split())
        if len(line) <= _MAX_BYLINE:
            out.append(line)
    return out


def headline_byline(strings: Sequence[str], keys: set[str]) -> list[str]:
    """People named by a labelled byline among the short strings under the headline.

    ``Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR``, or the label and the
    names in separate elements (``By`` | ``Jill Serjeant``). Layout-independent: it needs no
    byline class, only the label word and at least one first-and-last name after it.
    """
    window = list(strings[:_BYLINE_STRINGS])
    for i, text in enumerate(window):
        label = _BYLINE_LABEL.match(text)
        if not label:
            continue
        rest = text[label.end():].strip()
        if not rest and i + 1 < len(window):
            rest = window[i + 1]
        if _COMMENTER.search(rest):
            continue
        names = [n for n in clean_names(rest, visible=True) if not site_key_matches(n, keys)]
        if any(_full_name(n) for n in names):
            return names
    return []


def settle_author(found: str | None, byline: list[str]) -> str | None:
    """``found`` (the metadata's or a byline element's author) or the headline's byline.

    The byline under the headline names who the reader is told wrote the page: it replaces
    an author that names none of its people (a site or desk credit, a first name alone, a
    handle) and one it completes (``Rudolf Fischer`` of ``Rudolf Fischer, Simon Kohler``).
    """
    if not byline:
        return found
    if not found:
        return ", ".join(byline)
    have = {n.casefold() for n in _SPLIT.split(found) if n.strip()}
    wanted = {n.casefold() for n in byline}
    if have <= wanted:
        return ", ".join(byline)
    if have & wanted:
        return found
    full = [n for n in _SPLIT.split(found) if n.strip() and _full_name(n.strip())]
    return found if full else ", ".join(byline)
