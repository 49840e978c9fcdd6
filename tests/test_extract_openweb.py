"""Open-web signals of the extractor (issue 20) on small pages written for each test: the
per-page choice of trafilatura pass, author candidates (JSON-LD graph pointers, comment areas,
byline leftovers, organisation against a visible person, handles) and headline choice
(visible ``<h1>`` inside a wrapping title, generic section names).
"""

from __future__ import annotations

import json

from indexer.extract import extract_page
from indexer.extract.authors import clean_names
from indexer.extract.passes import choose_pass
from indexer.extract.titles import prefer_visible_headline

PROSE = "Dieser Absatz erzählt in ganzen Sätzen, was auf der Seite wirklich geschrieben steht."


def page(*, head: str = "", body: str = "", title: str = "Ein Beitrag") -> str:
    """A minimal article page: head signals, then the given body markup."""
    paragraphs = "".join(f"<p>{PROSE} Nummer {i}.</p>" for i in range(4))
    return (f"<html><head><title>{title}</title>{head}</head><body>"
            f"<article><h1>{title}</h1>{paragraphs}</article>{body}</body></html>")


def test_default_pass_wins_when_it_adds_prose() -> None:
    precise = "\n".join([PROSE] * 5)
    full = precise + "\n" + "Und ein weiterer Absatz, den nur der Standardlauf gefunden hat."
    assert choose_pass(precise, full) == full


def test_precision_pass_kept_when_default_adds_link_lines() -> None:
    precise = "\n".join([PROSE] * 5)
    full = "Startseite\nAktuelles\n" + precise + "\nMehr lesen\n12.03.2024"
    assert choose_pass(precise, full) == precise


def test_short_precision_pass_replaced_by_longer_default() -> None:
    assert choose_pass("kurz", PROSE) == PROSE


def test_jsonld_author_pointer_is_followed_to_the_person_in_the_graph() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "headline": "Ein Beitrag", "author": {"@id": "https://x.example/#/person/1"}},
        {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "Jana Beispiel"},
    ]}
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert extract_page(page(head=head), "https://x.example/a").author == "Jana Beispiel"


def test_comment_form_label_and_commenters_are_not_the_author() -> None:
    comments = ('<div id="comments"><div class="comment-author vcard">Anna sagt:</div></div>'
                '<form><p class="comment-form-author"><label>Name *</label><input></p></form>')
    assert extract_page(page(body=comments), "https://x.example/a").author is None


def test_visible_byline_leftovers_are_cleaned() -> None:
    assert clean_names("VON MORITZ MUSTER am 21. April 2020", visible=True) == ["MORITZ MUSTER"]
    assert clean_names("Author Andrea Probe", visible=True) == ["Andrea Probe"]
    assert clean_names("By John Walk - January 10, 2020", visible=True) == ["John Walk"]
    assert clean_names("By Poppy Test Feb", visible=True) == ["Poppy Test"]
    assert clean_names("Grant Sample, PhD") == ["Grant Sample"]
    assert clean_names("Williams Ejemplo @wejemplo") == ["Williams Ejemplo"]


def test_lower_case_handle_is_a_visible_name() -> None:
    assert clean_names("eseppelt", visible=True) == ["eseppelt"]
    assert clean_names("posted", visible=True) == []


def test_visible_person_outranks_an_organisation_in_jsonld() -> None:
    ld = {"@type": "NewsArticle", "headline": "Ein Beitrag", "author": {"@type": "Organization", "name": "Blatt"}}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    byline = '<div class="author">von Juliane Muster</div>'
    assert extract_page(page(head=head, body=byline), "https://x.example/a").author == "Juliane Muster"
    handle = '<div class="author">amw</div>'
    assert extract_page(page(head=head, body=handle), "https://x.example/a").author == "Blatt"


def test_visible_h1_replaces_a_title_that_wraps_it() -> None:
    assert prefer_visible_headline("Tomaten schneiden - Tipp mit Bild", ["Tomaten schneiden"]) == "Tomaten schneiden"
    assert prefer_visible_headline("08.11.2021 | Fachtag", ["Fachtag"]) == "Fachtag"


def test_leading_kicker_of_the_title_is_kept() -> None:
    assert prefer_visible_headline("Kenia: Nairobi von unten", ["Nairobi von unten"]) == "Kenia: Nairobi von unten"


def test_generic_section_name_gives_way_to_the_h1() -> None:
    assert prefer_visible_headline("Aktuelles", ["Aktuelles", "Neue Brücke eröffnet"]) == "Neue Brücke eröffnet"
