"""Per-page choice between trafilatura's precision pass and its default (recall) pass.

``favor_precision`` leaks less boilerplate but, on open-web pages, drops real content more often
than it saves: recipe steps, FAQ questions, list items, sibling sections of page-builder
layouts, forum replies. One global setting is wrong for one kind of page or the other, so both
passes run (they read the same parsed tree; the default pass only where ``default_pass_may_add``
finds left-out prose around the precision text) and the evidence decides: the lines that only the
default pass keeps. When they are prose (sentence-long lines ending like a sentence, a question
or a heading with a colon) they are the article's; when they are short link texts, dates,
button labels or teaser headlines they are boilerplate.

Measured on ``web-eval`` (chunk F1, 493 pages): precision pass 0.924, default pass 0.932 (P 0.914),
this choice 0.935 (P 0.925).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from .body import BLOCK_TAGS

PROSE_MIN_CHARS = 40  # a line this long and ending like a sentence reads as running text
PROSE_ENDINGS = frozenset('.!?:;"“”»«)…')
PROSE_SHARE = 0.3  # of the extra characters, in prose lines, for the default pass to win
MAX_GROWTH = 0.5  # extra characters per precision character; more is another part of the page (teasers, a second story)
SHORT_PRECISION = 300  # characters; below this the precision pass probably lost the article
KEPT_MIN_CHARS = 20  # a block this long found in the precision text locates the article


def choose_pass(precise: str, full: str) -> str:
    """The precision pass, unless the default pass adds prose to it (or it kept almost nothing)."""
    if len(precise) < SHORT_PRECISION:
        return full if len(full) > len(precise) else precise
    kept = {line.strip() for line in precise.split("\n")}
    extra = [line.strip() for line in full.split("\n") if line.strip() and line.strip() not in kept]
    if not extra or sum(len(line) for line in extra) > MAX_GROWTH * len(precise):
        return precise
    prose = sum(len(line) for line in extra if is_prose(line))
    return full if prose >= PROSE_SHARE * sum(len(line) for line in extra) else precise


def is_prose(line: str) -> bool:
    """A line of running text: long enough and ending like a sentence, question or heading."""
    return len(line) >= PROSE_MIN_CHARS and line[-1] in PROSE_ENDINGS


def default_pass_may_add(root: HtmlElement, precise: str) -> bool:
    """Whether the default pass could change the choice: the precision text is short, or the
    part of the page that holds it (the nearest element around every block it kept, one level
    up for sibling sections) has prose blocks the precision pass left out.

    When neither holds, the default pass can only add lines that :func:`choose_pass` rejects
    (navigation, teasers elsewhere on the page), so it is not run: half of the passes' time.
    """
    if len(precise) < SHORT_PRECISION:
        return True
    flat = " ".join(precise.split())
    texts: dict[HtmlElement, str] = {}
    kept: list[HtmlElement] = []
    for block in _leaf_blocks(root):
        raw = block.text_content()
        if len(raw) < KEPT_MIN_CHARS:  # shorter still with blanks collapsed: neither kept nor prose
            continue
        text = " ".join(raw.split())
        texts[block] = text
        if len(text) >= KEPT_MIN_CHARS and text in flat:
            kept.append(block)
    if not kept:
        return True
    around = kept[0]
    for block in kept[1:]:
        while around is not None and not _contains(around, block):
            around = around.getparent()
        if around is None:
            return True
    if around.getparent() is not None:
        around = around.getparent()
    return any(is_prose(text) and text not in flat
               for element in around.iter(*BLOCK_TAGS) if (text := texts.get(element)))


def _contains(ancestor: HtmlElement, element: HtmlElement) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def _leaf_blocks(root: HtmlElement) -> list[HtmlElement]:
    """Block elements with no block element inside: the page's paragraphs, items and cells.

    In document order a block's first block inside comes right after it, so a block holds
    another exactly when the next block's nearest block ancestor is that block: one short walk
    up per block, where collecting every block's ancestors took half again as long.
    """
    blocks = list(root.iter(*BLOCK_TAGS))  # tags filtered in C: no proxy for inline elements
    leaves: list[HtmlElement] = []
    for block, following in zip(blocks, blocks[1:], strict=False):
        holder = following.getparent()
        while holder is not None and holder is not block and holder.tag not in BLOCK_TAGS:
            holder = holder.getparent()
        if holder is not block:
            leaves.append(block)
    return leaves + blocks[-1:]
