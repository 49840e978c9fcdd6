"""Author and date signals of the open-web extractor (issue 20, second pass) on small pages
written for each test: weaker byline markup read only after the headline, credit labels standing
alone in their element, and the dateline checks.
"""

from __future__ import annotations

from indexer.extract import extract_page
from indexer.extract.authors import clean_names

PROSE = "Dieser Absatz erzählt in ganzen Sätzen, was auf der Seite wirklich geschrieben steht."
URL = "https://x.example/beitrag"


def page(*, header: str = "", byline: str = "", tail: str = "", head: str = "", title: str = "Ein Beitrag") -> str:
    """A minimal article page: ``header`` before the headline, ``byline`` right after it,
    ``tail`` after the article."""
    paragraphs = "".join(f"<p>{PROSE} Nummer {i}.</p>" for i in range(4))
    return (f"<html><head><title>{title}</title>{head}</head><body>{header}"
            f"<article><h1>{title}</h1>{byline}{paragraphs}</article>{tail}</body></html>")


def test_foreign_author_class_after_the_headline_names_the_author() -> None:
    byline = '<div class="lesauteurs"><p class="nom">Lucie Exemple</p></div>'
    assert extract_page(page(tail=byline), URL).author == "Lucie Exemple"


def test_author_archive_link_after_the_headline_names_the_author() -> None:
    byline = '<a href="/autoren/jana-probe-123"><span class="bild">© Jana Probe</span></a>'
    assert extract_page(page(byline=byline), URL).author == "Jana Probe"


def test_weak_byline_markup_before_the_headline_or_in_lists_is_ignored() -> None:
    menu = '<div class="menu"><a href="/author/tom-muster/">Tom Muster</a></div>'
    teasers = ('<ul><li><a href="/b">Anderer Beitrag</a>'
               '<div class="liste-autor">Pressemitteilung von Eva Test</div></li></ul>')
    assert extract_page(page(header=menu, tail=teasers), URL).author is None


def test_credit_label_alone_in_its_element_takes_the_name_after_it() -> None:
    strong = '<p><strong>Autor:</strong> <a href="/profil/7">Klaus Beispiel</a><br/><strong>Tags:</strong> Technik</p>'
    assert extract_page(page(tail=strong), URL).author == "Klaus Beispiel"
    run = '<div>Quelle: Agentur<br/>Autor: <a href="/anwalt/">Rechtsanwalt</a> Sebastian Probe</div>'
    assert extract_page(page(tail=run), URL).author == "Sebastian Probe"


def test_visible_byline_names_joined_by_y_or_et_are_split() -> None:
    assert clean_names("Ana Ejemplo ,  Rocío Prueba  y  José Miguel Test", visible=True) == [
        "Ana Ejemplo", "Rocío Prueba", "José Miguel Test"]
    assert clean_names("Le Quotidien et AFP") == ["Le Quotidien et AFP"]


def test_contact_label_after_a_name_is_dropped_before_a_separator() -> None:
    bio = "Martin Probe   Alles von Martin Probe  Kontakt  |  +49 030 1234 5678"
    assert clean_names(bio, visible=True) == ["Martin Probe"]
