"""Author and date signals of the open-web extractor (issue 20, second pass) on small pages
written for each test: weaker byline markup read only after the headline, credit labels standing
alone in their element, and the dateline checks.
"""

from __future__ import annotations

from datetime import time

from indexer.extract import extract_page
from indexer.extract.authors import clean_names
from indexer.extract.dateline import first_clock, labelled_publication
from indexer.extract.dom import parse

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


def test_name_written_twice_in_one_byline_element_is_kept_once() -> None:
    assert clean_names("Kristen Probe Kristen Probe", visible=True) == ["Kristen Probe"]


def test_first_name_initials_or_slug_completed_from_the_page() -> None:
    cases = {
        "Stefanus": "<p>Stefanus Beispiel - Maschinenbauer und Projektleiter.</p>",
        "DT": "<p><span>Ein Tagebuch</span> von <a>Donald Testmann</a> steht unter einer Lizenz</p>",
        "christian.probe": "<p>Ein Kommentar (Christian P. Probe) +++</p>",
    }
    for short, markup in cases.items():
        head = f'<meta name="author" content="{short}">'
        assert extract_page(page(head=head, tail=markup), URL).author == {
            "Stefanus": "Stefanus Beispiel", "DT": "Donald Testmann", "christian.probe": "Christian P. Probe"}[short]


def test_completion_skips_names_followed_by_more_words_and_caps_codes() -> None:
    head = '<meta name="author" content="AP">'
    assert extract_page(page(head=head, tail="<p>AP Photo</p>"), URL).author == "AP"
    head = '<meta name="author" content="Medellín">'
    assert extract_page(page(head=head, tail="<p>Juega Medellín Hoy en vivo</p>"), URL).author == "Medellín"


def test_dateline_with_a_time_before_the_metadata_wins_over_a_later_edit() -> None:
    head = '<meta property="article:published_time" content="2020-04-29T11:52:23+02:00">'
    byline = "<p>Stand: 28.04.2020 18:00 Uhr</p>"
    published = extract_page(page(head=head, byline=byline), URL).published
    assert published is not None and published.isoformat() == "2020-04-28T18:00:00+02:00"


def test_dateline_time_after_the_metadata_keeps_the_metadata() -> None:
    head = '<meta property="article:published_time" content="2020-04-28T09:00:00+02:00">'
    byline = "<p>Aktualisiert 29.04.2020 8:30 pm</p>"
    published = extract_page(page(head=head, byline=byline), URL).published
    assert published is not None and published.isoformat() == "2020-04-28T09:00:00+02:00"


def test_twelve_hour_clock_of_the_dateline_is_read() -> None:
    assert first_clock(["Nov 18, 2019 at 9:24 pm ET"]) == time(21, 24)
    assert first_clock(["May 3, 2021, 12:10 a.m."]) == time(0, 10)
    assert first_clock(["Kein Datum", "Stand: 28.04.2020 18:00 Uhr"]) == time(18, 0)


def test_labelled_publication_line_stands_in_for_a_missing_dateline() -> None:
    head = '<meta property="article:modified_time" content="2019-08-24T03:36:11+02:00">'
    tail = "<p>Veröffentlicht am 16.08.2019<br/>Dauer: 1 Stunde</p>"
    published = extract_page(page(head=head, tail=tail), URL).published
    assert published is not None and published.date().isoformat() == "2019-08-16"


def test_labelled_publication_lines_of_comments_or_two_days_name_nothing() -> None:
    comments = '<div id="comments"><p>Published on 03.02.2021 by a reader</p></div>'
    assert labelled_publication(parse(page(tail=comments))) == []
    two = "<p>Veröffentlicht am 16.08.2019</p><div>Veröffentlicht am 17.08.2019</div>"
    assert labelled_publication(parse(page(tail=two))) == []
    one = "<p>Veröffentlicht am 16.08.2019</p>"
    assert labelled_publication(parse(page(tail=one))) == ["Veröffentlicht am 16.08.2019"]


def test_verb_last_german_publication_line_is_labelled() -> None:
    line = "Dieser Beitrag wurde am Samstag, 3. Dezember 2011 um 10:12 Uhr veröffentlicht und unter"
    assert labelled_publication(parse(page(tail=f"<p><small>{line} <a href='/c'>News</a></small></p>"))) == [line]
    assert labelled_publication(parse(page(tail="<p>Am 3. Dezember 2011 regnete es.</p>"))) == []


def test_copyright_holder_is_the_author_of_last_resort() -> None:
    footer = "<footer><p>Copyright (c) 2012- Gregor Beispiel. All rights reserved. Design by X</p></footer>"
    assert extract_page(page(tail=footer), URL).author == "Gregor Beispiel"
    named = '<meta name="author" content="Jana Probe">'
    assert extract_page(page(head=named, tail=footer), URL).author == "Jana Probe"


def test_a_copyright_holder_is_never_cut_inside_a_legal_form_and_ends_at_another_slash() -> None:
    company = "<footer><p>© 2024 Bewertungen Beispiel A/S</p></footer>"
    assert extract_page(page(tail=company), URL).author is None  # not "Bewertungen Beispiel A"
    credit = "<footer><p>© 2021 Gregor Beispiel/Berlin</p></footer>"
    assert extract_page(page(tail=credit), URL).author == "Gregor Beispiel"


def test_image_credits_and_copyright_links_are_no_copyright_holder() -> None:
    figure = "<figure><img src='a.jpg'><figcaption>© Anna Bildner</figcaption></figure>"
    assert extract_page(page(tail=figure), URL).author is None
    stock = "<p>© Max Muster - stock.adobe.com</p><footer><a href='/c'>Copyright Policy</a></footer>"
    assert extract_page(page(tail=stock), URL).author is None
    assert extract_page(page(tail="<footer>© 2023 All rights reserved</footer>"), URL).author is None


def test_event_date_under_the_headline_is_no_dateline() -> None:
    head = '<meta property="article:published_time" content="2019-11-27T15:21:21+01:00">'
    byline = "<p>Termin: 21.02.2020, 19 Uhr</p>"
    published = extract_page(page(head=head, byline=byline), URL).published
    assert published is not None and published.date().isoformat() == "2019-11-27"


def test_release_date_in_a_fact_box_is_no_dateline_but_alone_it_is() -> None:
    head = '<meta property="article:published_time" content="2017-09-09T10:52:00+02:00">'
    box = ("<dl><dt>ISBN:</dt><dd>9783453580565</dd><dt>Seiten:</dt><dd>448</dd><dt>Verlag:</dt><dd>Heyne</dd>"
           "<dt>Erscheinungsdatum:</dt><dd>14.08.2017</dd></dl>")
    published = extract_page(page(head=head, byline=box), URL).published
    assert published is not None and published.date().isoformat() == "2017-09-09"
    alone = "<p>Erscheinungsdatum</p><p>25.01.2022</p>"
    published = extract_page(page(byline=alone), URL).published
    assert published is not None and published.date().isoformat() == "2022-01-25"
