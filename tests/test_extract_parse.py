"""The shared tree (``indexer.extract.dom.parse``) is trafilatura's tree, built faster."""

from __future__ import annotations

from copy import deepcopy

import pytest
from lxml import etree
from trafilatura.utils import load_html, repair_faulty_html

from indexer.extract.dom import parse, repair_html

PAGE = (
    "<!DOCTYPE html>\n<html lang='de'><head><title>T</title><meta name='description' content='d'></head>"
    "<body><!-- a comment --><h1>Head</h1><p>One <b>two</b></p>"
    "<form action='/s'><label for='q'>Q</label><input name='q'><select name='s'><option>1</option></select>"
    "<textarea>copy</textarea></form><?php echo 1; ?></body></html>"
)


def test_parse_builds_trafilaturas_tree_with_the_same_element_classes() -> None:
    ours, theirs = parse(PAGE), load_html(PAGE)
    assert etree.tostring(ours) == etree.tostring(theirs)
    assert [type(e).__name__ for e in ours.iter()] == [type(e).__name__ for e in theirs.iter()]
    assert {type(e).__name__ for e in ours.iter("form", "input", "select", "textarea", "label")} == {
        "FormElement", "InputElement", "SelectElement", "TextareaElement", "LabelElement"}


def test_parse_keeps_copies_on_the_fast_lookup() -> None:
    copied = deepcopy(parse(PAGE))
    assert type(copied.find(".//form")).__name__ == "FormElement"
    assert copied.find(".//p").text_content() == "One two"


@pytest.mark.parametrize("html", [
    PAGE,
    "<html><body><p>plain</p></body></html>",
    "<html><body><p>bell\x07 and \x0b tab \ufffe</p></body></html>",
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"/>\n<html><p>x</p></html>',
    "<!doctype html>\n<html lang='en'/>\n<body><p>self-closed root</p></body>",
    "<p>a fragment</p>",
])
def test_repair_html_returns_what_trafilatura_repairs(html: str) -> None:
    beginning = html[:50].lower()
    assert repair_html(html, beginning) == repair_faulty_html(html, beginning)
