"""Removing what is on the page but not part of the post, and tidying text.

Two levels: markup that is boilerplate whatever the text (ad units, share/admin buttons,
related-post boxes, comment areas, pasted ``<head>``/``<style>``/``<script>``) is dropped from
the tree by selector; lines that are ad labels (``728x90``, ``반응형``) are dropped from the text.
"""

from __future__ import annotations

import re
import unicodedata

from lxml.html import HtmlElement

from .dom import select

# Never text: scripts, styles, a pasted document's head, form controls, embedded media.
# (<textarea> stays: posts use it for visible copy-boxes of prompts and code.)
NON_TEXT_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe",
    "object", "embed", "canvas", "input", "base",
})
# Boilerplate inside a post container on blog platforms (Tistory first, common themes next).
BOILERPLATE_SELECTORS = (
    # ads
    ".revenue_unit_wrap", "ins.adsbygoogle", ".adsbygoogle", "ins.kakao_ad_area", ".adsense",
    "[data-tistory-react-app]",
    # reaction/share/admin buttons, subscribe boxes
    ".container_postbtn", ".postbtn_like", ".tt-plugin", "a.btn_mark", ".btn_less", ".txt_fold",
    ".sharedaddy", ".jp-relatedposts", ".wpcnt", ".share-buttons", ".social-share",
    # related posts of the category / skin lists
    ".another_category", ".area_related", ".related-posts", ".yarpp-related",
    # comments (server-rendered on old skins)
    ".area_reply", "#comments", ".comments-area", "[id^=entry][id$=Comment]",
)
AD_LABEL = re.compile(r"^(?:\d{3,4}\s*[x×X]\s*\d{2,4}|반응형|광고|Advertisement|ADVERTISEMENT)$")
_CF = dict.fromkeys(
    cp for cp in (0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)
)


def clean_inline(text: str) -> str:
    """NFC, invisible characters and nbsp removed, blanks collapsed: for titles, names, tags."""
    text = unicodedata.normalize("NFC", text).translate(_CF).replace("\u00a0", " ")
    return " ".join(text.split())


def split_tags(text: str) -> list[str]:
    """Split a tag list written as one string: commas, non-breaking spaces or ``#`` hashtags.

    Plain spaces stay inside a tag (``분할 정복`` is one tag); tag boxes that separate tags
    with ``&nbsp;`` or ``, `` are split.
    """
    text = unicodedata.normalize("NFC", text)
    parts = re.split(r"[,\u00a0\u3000;|]+|\s+(?=#)", text)
    return [tag for tag in (clean_inline(p).lstrip("#").strip() for p in parts) if tag]


def drop_boilerplate(root: HtmlElement) -> None:
    """Remove non-text and boilerplate elements below ``root`` in place (their tail text stays)."""
    for node in [n for n in root.iterdescendants(*NON_TEXT_TAGS)]:
        node.drop_tree()
    for selector in BOILERPLATE_SELECTORS:
        for node in select(root, selector):
            if node is not root and node.getparent() is not None:
                node.drop_tree()


def clean_paragraphs(paragraphs: list[str]) -> str:
    """Join paragraphs with a blank line, collapsing blanks per line and dropping ad labels."""
    out: list[str] = []
    for para in paragraphs:
        lines = [clean_inline(line) for line in para.split("\n")]
        lines = [line for line in lines if line and not AD_LABEL.match(line)]
        if lines:
            out.append("\n".join(lines))
    return "\n\n".join(out)


def clean_text(text: str) -> str:
    """Normalise text from another extractor: paragraphs on blank lines (or single newlines)."""
    return clean_paragraphs(re.split(r"\n", text))
