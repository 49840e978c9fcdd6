"""Open-web signals of the extractor (issue 20) on small pages written for each test: the
per-page choice of trafilatura pass, author candidates (JSON-LD graph pointers, comment areas,
byline leftovers, organisation against a visible person, handles) and headline choice
(visible ``<h1>`` inside a wrapping title, generic section names).
"""

from __future__ import annotations

import json

from trafilatura.settings import Extractor

from indexer.extract import extract_page
from indexer.extract.authors import clean_names
from indexer.extract.dom import parse
from indexer.extract.generic import _options, descriptions, generic_body, never_text, standfirst
from indexer.extract.passes import _leaf_blocks, choose_pass, default_pass_may_add
from indexer.extract.titles import complete_headline, prefer_visible_headline, site_keys, strip_site

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


def test_labelled_byline_under_the_headline_names_the_author() -> None:
    byline = '<h1>Ein Beitrag</h1><div class="meta"><span>Von</span> <span>Lisa Muster</span></div>'
    html = page(body="").replace("<article><h1>Ein Beitrag</h1>", f"<article>{byline}")
    assert extract_page(html, "https://x.example/a").author == "Lisa Muster"
    several = '<h1>Ein Beitrag</h1><p>Eine Kolumne von Nils Probe und Jan Beispiel, NDR</p>'
    html = page(body="").replace("<article><h1>Ein Beitrag</h1>", f"<article>{several}")
    assert extract_page(html, "https://x.example/a").author == "Nils Probe, Jan Beispiel, NDR"


def test_headline_byline_completes_or_replaces_a_weaker_author() -> None:
    byline = '<h1>Ein Beitrag</h1><p>By Rudolf Probe, Simon Muster</p>'
    for meta_author, expected in (("Rudolf Probe", "Rudolf Probe, Simon Muster"),
                                  ("Nils", "Rudolf Probe, Simon Muster"),
                                  ("Anna Andere", "Anna Andere")):
        head = f'<meta name="author" content="{meta_author}">'
        html = page(head=head).replace("<article><h1>Ein Beitrag</h1>", f"<article>{byline}")
        assert extract_page(html, "https://x.example/a").author == expected


def test_seo_plugin_written_by_label_names_the_author() -> None:
    head = '<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Karoline Probe">'
    assert extract_page(page(head=head), "https://x.example/a").author == "Karoline Probe"
    head = '<meta name="twitter:label1" content="Est. reading time"><meta name="twitter:data1" content="9 minutes">'
    assert extract_page(page(head=head), "https://x.example/a").author is None


def test_webpage_author_pointer_is_followed_when_no_article_object() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Ein Beitrag", "author": {"@id": "https://x.example/#/person/9"}},
        {"@type": "Person", "@id": "https://x.example/#/person/9", "name": "Giovanni Beispiel"},
    ]}
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert extract_page(page(head=head), "https://x.example/a").author == "Giovanni Beispiel"


def test_job_titles_and_contact_labels_around_a_name_are_dropped() -> None:
    assert clean_names("Online-Experte Robin Probe", visible=True) == ["Robin Probe"]
    assert clean_names("Martin Muster Kontakt", visible=True) == ["Martin Muster"]


def test_visible_h1_replaces_a_title_that_extends_it_without_separator() -> None:
    assert prefer_visible_headline("Schneewittchen-Kuchen Rezept", ["Schneewittchen-Kuchen"]) == "Schneewittchen-Kuchen"
    assert prefer_visible_headline("»Kein Geld mehr« (neues blatt)", ["»Kein Geld mehr«"]) == "»Kein Geld mehr«"
    assert prefer_visible_headline("Breakpoint: Hilfe!", ["Breakpoint : Hilfe!"]) == "Breakpoint: Hilfe!"
    assert prefer_visible_headline("Pferdesport bei Olympia dabei -", ["Pferdesport bei Olympia dabei"]) == (
        "Pferdesport bei Olympia dabei")
    assert prefer_visible_headline("A lawyer's journey", ["A lawyer’s journey"]) == "A lawyer's journey"


def test_headline_cut_at_a_length_limit_is_completed_from_the_h1() -> None:
    full = "Taiwans Präsidentin zeigt, wie man regiert, und Hongkongs Regierungschefin sollte davon lernen, sagt er"
    assert complete_headline(full[:60] + "...", [full]) == full
    assert complete_headline("Kurz", ["Kurz und gut"]) == "Kurz"


def test_site_name_of_an_archived_page_and_generic_segments_are_stripped() -> None:
    url = "https://web.archive.org/web/20080731095558/http://www.dimido.de/2008/07/viral/"
    assert strip_site("Was ist Virales Marketing? | DimidoBlog", site_keys([], url)) == "Was ist Virales Marketing?"
    assert strip_site("Blog Archiv » Neue Kinos", site_keys([], url)) == "Neue Kinos"


def test_php_warnings_printed_into_the_page_are_not_body_text() -> None:
    warning = "<p>Warning: Undefined variable $post in /www/htdocs/wp-content/plugins/x.php on line 12</p>"
    html = page(body="").replace("<article>", f"<article>{warning}")
    body = extract_page(html, "https://x.example/a").body
    assert "on line 12" not in body and PROSE in body


def test_labelled_credit_line_names_the_person_over_an_organisation() -> None:
    head = '<meta name="author" content="Muster-Stiftung e.V.">'
    credit = "<p><strong>Autorin: Uta Probe, Projektleiterin der Stiftung in Tunis.</strong></p>"
    assert extract_page(page(head=head, body=credit), "https://x.example/a").author == "Uta Probe"
    assert extract_page(page(head=head), "https://x.example/a").author == "Muster-Stiftung e.V."


def test_headline_naming_the_publisher_is_not_a_site_segment() -> None:
    keys = site_keys(["Bundespolizei"], "https://www.bundespolizei.example/presse")
    title = "Bundespolizei - Aktuelles - Bereits 9.087 Feststellungen durch die Bundespolizei im laufenden Jahr"
    assert strip_site(title, keys) == "Bereits 9.087 Feststellungen durch die Bundespolizei im laufenden Jahr"


def test_h1_between_two_title_segments_is_the_headline() -> None:
    title = "Neu - Japanisches Mini-SUV auf dem Vormarsch - Vorstellung"
    assert prefer_visible_headline(title, ["Japanisches Mini-SUV auf dem Vormarsch"]) == (
        "Japanisches Mini-SUV auf dem Vormarsch")


LEAD = "Die Stadt baut bis zum Sommer drei neue Brücken über den Fluss, und die Anwohner dürfen mitreden."


def lead_page(description: str) -> str:
    """A page whose lead paragraph sits in a teaser box in the header, outside the article."""
    paragraphs = "".join(f"<p>{PROSE} Nummer {i}.</p>" for i in range(4))
    return (f"<html><head><title>Brücken</title><meta name='description' content='{description}'></head>"
            f"<body><header class='article-header'><h1>Brücken</h1>"
            f"<div class='teaser'><strong>{LEAD}</strong></div></header>"
            f"<article>{paragraphs}</article></body></html>")


def test_lead_paragraph_named_by_the_description_starts_the_body() -> None:
    body = extract_page(lead_page(LEAD[:60] + "…"), "https://x.example/a").body
    assert body.startswith(LEAD + "\n\n") and PROSE in body


def test_lead_is_the_visible_text_and_only_added_when_missing() -> None:
    tree = parse(lead_page(LEAD[:60] + "…"))
    assert standfirst(tree, PROSE, descriptions(tree)) == LEAD  # the whole visible lead, not the cut description
    assert standfirst(tree, f"{LEAD}\n{PROSE}", descriptions(tree)) is None
    unseen = "Eine Beschreibung, die nirgends auf der Seite steht, lang genug."
    for summary in (unseen, "Zu kurz"):
        tree = parse(lead_page(summary))
        assert standfirst(tree, PROSE, descriptions(tree)) is None


def test_inline_svg_and_styles_are_dropped_before_the_passes_json_ld_kept() -> None:
    icon = "<svg viewBox='0 0 10 10'><text x='1' y='9'>Teilen-Symbol</text></svg>"
    style = "<style>.teaser { color: red }</style>"
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ein Beitrag"}</script>'
    html = page(body=icon + style + ld).replace("<article>", f"<article>{icon}{style}")
    tree = parse(html)
    body = generic_body(tree, "https://x.example/a", "Ein Beitrag")
    assert body and PROSE in body and "Teilen-Symbol" not in body and "color" not in body
    assert not tree.xpath("//svg | //style") and tree.xpath("//script[@type='application/ld+json']")


def article_tree(extra: str = "") -> tuple[object, str]:
    """A page with four article paragraphs (and ``extra`` inside the article), navigation and a
    footer of links; returns the parsed body and the article's text as the precision pass has it."""
    paragraphs = [f"{PROSE} Nummer {i}." for i in range(4)]
    html = ("<html><body><nav><a href='/'>Start</a><a href='/a'>Aktuelles</a></nav><main><article>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + extra
            + "</article></main><footer><p>Impressum</p></footer></body></html>")
    return parse(html).find("body"), "\n".join(paragraphs)


def test_default_pass_skipped_when_the_article_region_has_no_left_out_prose() -> None:
    body, precise = article_tree()
    assert default_pass_may_add(body, precise) is False


def test_default_pass_runs_when_the_article_region_has_left_out_prose() -> None:
    faq = ("<details><summary>Wie lange dauert es?</summary>"
           "<p>Die Antwort steht hier in einem ganzen Satz.</p></details>")
    body, precise = article_tree(faq)
    assert default_pass_may_add(body, precise) is True
    assert default_pass_may_add(body, "kurz") is True


def test_never_text_picks_its_tags_in_the_whole_document_as_an_xpath_union_would() -> None:
    wrapped = f"<aside><h1>Ein Beitrag</h1><p>{PROSE}</p></aside>"
    scripts = ('<script>var a = 1;</script><script type="application/ld+json">{}</script>'
               '<script>self.push("<p>Text</p>")</script><script>x = "\\u003cp>Text"</script>')
    html = (f"<html><head><meta name='a' content='b'><link rel='x'><style>p {{}}</style></head><body>"
            f"<nav><a href='/'>Start</a></nav>{wrapped}<meta itemprop='x'><footer>Impressum</footer>"
            f"{scripts}</body></html><script>after()</script>")
    tree = parse(html)
    union = ("//style | //*[local-name()='svg'] | //link | //meta"
             " | //nav[not(.//h1 or .//article or .//main or .//p[string-length() > 200])]"
             " | //aside[not(.//h1 or .//article or .//main or .//p[string-length() > 200])]"
             " | //footer[not(.//h1 or .//article or .//main or .//p[string-length() > 200])]"
             " | //script[not(contains(@type, 'ld+json')) and not(contains(., '<p'))"
             " and not(contains(., '\\u003cp'))]")
    found = never_text(tree)
    assert found == tree.xpath(union)
    assert [e.tag for e in found] == ["meta", "link", "style", "nav", "meta", "footer", "script", "script"]
    assert found[-1].text == "after()"  # parsed into a second top-level <html>, outside tree.iter()


def test_descriptions_are_the_heads_not_a_teasers_in_the_body() -> None:
    html = page(head="<meta name='description' content='Die Seite.'>",
                body="<div><meta name='description' content='Ein Teaser.'></div>")
    assert descriptions(parse(html)) == ["Die Seite."]


def test_leaf_blocks_are_the_blocks_holding_no_block() -> None:
    html = ("<html><body><div id='a'><p id='b'>Eins <b>fett</b></p><div id='c'><span>x</span></div>"
            "<ul id='d'><li id='e'>Punkt<div id='f'>tief</div></li><li id='g'></li></ul></div>"
            "<section id='h'><em>z</em></section></body></html>")
    body = parse(html).find("body")
    assert [block.get("id") for block in _leaf_blocks(body)] == ["b", "c", "f", "g", "h"]


def test_pass_settings_are_those_extract_builds_from_its_arguments() -> None:
    for precision, fast in ((True, False), (False, True)):
        for url in ("https://x.example/ä", "", None):
            built = Extractor(output_format="txt", fast=fast, precision=precision, comments=False, tables=True,
                              images=False, formatting=None, links=False, dedup=False, url=url)
            reused = _options(url, favor_precision=precision, fast=fast)
            assert all(getattr(built, slot) == getattr(reused, slot) for slot in Extractor.__slots__)
