"""The two trafilatura passes run on one shared prepared tree (``indexer.extract.sequence``)
give exactly the texts ``trafilatura.extract`` gives for the same settings."""

from __future__ import annotations

import pytest
import trafilatura

from indexer.extract.dom import parse
from indexer.extract.generic import _options
from indexer.extract.sequence import pass_text, prepared_trees

_PROSE = ("The council voted on Tuesday to extend the harbour by two hundred metres, "
          "a plan residents had opposed for a decade. ")
_ARTICLE = (f"<html><head><title>Harbour</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Harbour plan</h1><p>{_PROSE * 4}</p><p>{_PROSE * 3}</p>"
            f"<div id='comments' class='comments'><p>Reader: {_PROSE}</p></div></article>"
            f"<div class='infinite-scroll'><h2>Next story</h2><p>{_PROSE * 2}</p></div></body></html>")
_FORUM = ("<html><head><script type='application/ld+json'>{\"@type\": \"DiscussionForumPosting\"}</script>"
          f"</head><body><h1>Thread</h1><p>{_PROSE}</p><ul class='comment-list'><li>{_PROSE * 2}</li>"
          f"<li>{_PROSE}</li></ul><div class='comments'><p>{_PROSE * 2}</p></div></body></html>")
_SHORT = ("<html><body><div><span>Menu</span><span>Login</span></div><div class='x'>"
          + "".join(f"<div><a href='/{i}'>Link {i}</a> <span>{_PROSE[:60]}</span></div>" for i in range(30))
          + "<div><b>Short text here.</b></div></div></body></html>")
_EMPTY = "<html><body><div></div></body></html>"
# A short article among much sidebar text: the default pass retries in recall mode.
_SIDEBARS = (f"<html><body><article><h1>Harbour</h1><p>{_PROSE * 3}</p></article>"
             + "".join(f"<div class='sidebar-widget'><p>{_PROSE}</p></div>" for _ in range(20)) + "</body></html>")


@pytest.mark.parametrize("html", [_ARTICLE, _FORUM, _SHORT, _EMPTY, _SIDEBARS])
@pytest.mark.parametrize(("precision", "fast"), [(True, False), (False, True), (False, False)])
def test_pass_text_is_extracts_text(html: str, precision: bool, fast: bool) -> None:
    tree = parse(html)
    options = _options("https://x.example/a", favor_precision=precision, fast=fast)
    precise_tree, full_tree, forum = prepared_trees(tree)
    shared = pass_text(precise_tree if precision else full_tree, options, forum)
    assert shared == (trafilatura.extract(parse(html), options=options) or "")


def test_prepared_trees_leave_the_page_untouched_and_are_shared_unless_forum() -> None:
    tree = parse(_ARTICLE)
    before = len(list(tree.iter()))
    precise_tree, full_tree, forum = prepared_trees(tree)
    assert len(list(tree.iter())) == before
    assert not forum and precise_tree is full_tree
    precise_tree, full_tree, forum = prepared_trees(parse(_FORUM))
    assert forum and precise_tree is not full_tree
    assert len(precise_tree.xpath("//ul")) < len(full_tree.xpath("//ul"))
