"""Publication dates in the publisher's own time zone (``indexer.extract.pubdate``) and the
shared lxml document helpers (``indexer.extract.dom``), on small inline pages.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from indexer.extract import extract_page, signals
from indexer.extract.body import element_paragraphs
from indexer.extract.dateline import dateline_day, own_entry, visible_day, yearless_day
from indexer.extract.dom import parse, select, select_one, text_of
from indexer.extract.pubdate import url_date

BODY = "<article><p>" + "The council met on Wednesday evening to vote on the budget. " * 8 + "</p></article>"


def page(head: str, body: str = BODY) -> str:
    return f"<html><head><title>Budget vote</title>{head}</head><body>{body}</body></html>"


def test_utc_instant_takes_the_offset_of_its_naive_twin() -> None:
    head = ('<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
            '<meta name="sailthru.date" content="2023-11-08 22:28:35">')
    published = extract_page(page(head), "https://news.example.com/gop-debate").published
    assert published == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)  # the same instant
    assert published.isoformat() == "2023-11-08T22:28:35-05:00"


def test_utc_instant_takes_the_offset_of_another_page_timestamp() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T02:11:03+00:00">'
    body = '<time datetime="2023-11-08T21:40:00-05:00">Nov 8</time>' + BODY
    published = extract_page(page(head, body), "https://news.example.com/stabbing").published
    assert published.isoformat() == "2023-11-08T21:11:03-05:00"


def test_utc_instant_is_not_moved_by_the_country_domain() -> None:
    head = '<meta property="article:published_time" content="2024-08-26T23:27:57Z">'
    published = extract_page(page(head), "https://www.example.de/bericht").published
    assert published.isoformat() == "2024-08-26T23:27:57+00:00"


def test_utc_instant_without_local_evidence_stays_utc() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35Z">'
    published = extract_page(page(head), "https://news.example.com/story").published
    assert published.isoformat() == "2023-11-09T03:28:35+00:00"


def test_url_date_decides_the_day_of_a_nearby_instant() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T03:28:35Z">'
    published = extract_page(page(head), "https://news.example.com/2023/11/08/story/").published
    assert published == datetime(2023, 11, 9, 3, 28, 35, tzinfo=UTC)
    assert published.date() == date(2023, 11, 8)
    assert published.utcoffset() == timedelta(hours=-4)  # the whole-hour offset nearest UTC


def test_url_date_far_from_metadata_replaces_it() -> None:
    head = '<meta property="article:published_time" content="2019-06-17T18:28:00+02:00">'
    published = extract_page(page(head), "https://blog.example.com/home/2017/7/12/montauk").published
    assert published == datetime(2017, 7, 12, tzinfo=timezone(timedelta(hours=2)))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.example/2023/11/08/x", date(2023, 11, 8)),
        ("https://a.example/news/20200413/x?rss=1", date(2020, 4, 13)),
        ("https://a.example/blog/2019-01-01-new-year", date(2019, 1, 1)),
        ("https://a.example/2019/10/x", None),
        ("https://a.example/article/1281836879789404160/x", None),
        ("https://a.example/2019/13/45/x", None),
    ],
)
def test_url_date_needs_a_complete_date(url: str, expected: date | None) -> None:
    assert url_date([url]) == expected


def test_css_subset_and_text_like_get_text() -> None:
    tree = parse('<html><body><div id="entry7Comment" class="a  b">x</div>'
                 '<p class="byline">By <b>Jo</b> Doe<script>never()</script> tail</p>'
                 '<a rel="nofollow author" href="/u">Jo Doe</a></body></html>')
    assert select_one(tree, "[id^=entry][id$=Comment]") is not None
    assert select_one(tree, "div.b") is not None
    assert select_one(tree, "div.c") is None
    assert [a.text for a in select(tree, 'a[rel~="author"]')] == ["Jo Doe"]
    assert " ".join(text_of(select_one(tree, ".byline")).split()) == "By Jo Doe tail"


def test_paragraphs_keep_tail_text_after_inline_and_break_elements() -> None:
    tree = parse("<html><body><div>one <b>two</b> three<br>four<p>five</p>six"
                 "<script>x()</script> seven</div></body></html>")
    paragraphs = element_paragraphs(select_one(tree, "div"))
    assert [re.sub(" +", " ", p) for p in paragraphs] == ["one two three\nfour", "five", "six seven"]


def test_disagreeing_metadata_dates_are_settled_by_htmldate() -> None:
    head = ('<meta property="article:published_time" content="2019-12-12T21:17:43Z">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget vote",'
            ' "datePublished": "2019-12-09T22:25:10Z"}</script>')
    published = extract_page(page(head), "https://news.example.com/2019/12/09/budget").published
    assert published == datetime(2019, 12, 9, 22, 25, 10, tzinfo=UTC)



def test_a_bare_edition_date_never_wins_the_tie() -> None:
    head = ('<meta name="date" content="2024-04-26">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget vote",'
            ' "datePublished": "2024-04-25T19:30:04+02:00"}</script>')
    published = extract_page(page(head), "https://news.example.com/2024/04/26/budget").published
    assert published.date() == date(2024, 4, 25)


def dated_page(head: str, dateline: str, after: str = "") -> str:
    """A page whose headline is followed by a byline holding ``dateline``."""
    return page(head, f'<h1>Budget vote</h1><p class="byline">By Jane Roe | {dateline}</p>{BODY}{after}')


def test_dateline_under_the_headline_replaces_a_stale_metadata_date() -> None:
    head = ('<meta property="article:published_time" content="2017-08-21T13:09:00+00:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget vote",'
            ' "dateModified": "2019-04-03T08:04:01Z"}</script>')
    published = extract_page(dated_page(head, "03.04.2019"), "https://news.example.com/a/budget-vote,3050673").published
    assert published == datetime(2019, 4, 3, 8, 4, 1, tzinfo=UTC)  # the page's own timestamp of that day


def test_dateline_picks_the_metadata_time_stated_for_its_day() -> None:
    head = ('<meta property="article:published_time" content="2020-02-18T18:12:26+01:00">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget vote",'
            ' "datePublished": "2020-02-19T18:37:32+01:00"}</script>')
    published = extract_page(dated_page(head, "19 Feb 2020 - 18:37 CET"), "https://news.example.com/budget").published
    assert published.isoformat() == "2020-02-19T18:37:32+01:00"


def test_dateline_a_day_from_a_metadata_timestamp_keeps_the_timestamp() -> None:
    head = '<meta property="article:published_time" content="2024-12-03T23:17:00+09:00">'
    published = extract_page(dated_page(head, "2024/12/04 00:05"), "https://news.example.com/budget").published
    assert published.isoformat() == "2024-12-03T23:17:00+09:00"


def test_dateline_outvotes_a_comment_time_on_a_page_without_metadata() -> None:
    comments = '<section id="comments"><time datetime="2020-05-03T08:00:00+02:00">3. Mai 2020</time></section>'
    html = dated_page("", "29.04.2020, 12:01 Uhr", comments)
    published = extract_page(html, "https://news.example.com/budget").published
    assert published.date() == date(2020, 4, 29)


def test_dates_in_the_body_and_teasers_are_no_dateline() -> None:
    lead = "<p>" + "A long standfirst that sums up what the council decided and why. " * 3 + "</p>"
    teaser = '<aside><a href="/older">Read also</a> <span>14/08/2021</span></aside>'
    body = "<h1>Budget vote</h1>" + lead + BODY + teaser
    assert dateline_day(parse(page("", body)), ["Budget vote"]) is None


def test_dateline_follows_the_headline_matching_the_title_not_the_logo() -> None:
    body = ('<header><h1><a href="/">KBS WORLD</a></h1><p>11.11.2023</p></header>'
            '<h1>Budget vote passes</h1><p class="date">Written: 2023-11-07 15:03:30</p>' + BODY)
    tree = parse(page("", body))
    assert dateline_day(tree, ["Budget vote passes l KBS WORLD"]) == date(2023, 11, 7)


@pytest.mark.parametrize(("text", "expected"), [
    ("Von Moritz Wichmann | 29.04.2020, 12:01 Uhr", date(2020, 4, 29)),
    ("Aktualisiert: 10.12.19", date(2019, 12, 10)),
    ("5. November 2021", date(2021, 11, 5)),
    ("Le 19 février 2020", date(2020, 2, 19)),
    ("13 de enero de 2020", date(2020, 1, 13)),
    ("Updated May 06, 2019", date(2019, 5, 6)),
    ("17/02/2022", date(2022, 2, 17)),
    ("02/17/2022", date(2022, 2, 17)),
    ("03/04/2019", None),  # day and month could be either way round
    ("Written: 2023-11-07 15:03:30", date(2023, 11, 7)),
    ("3 Kommentare 2020", None),
    ("2019年6月24日 11時30分", date(2019, 6, 24)),
    ("입력 2026년 1월 21일 (수) 오후 2:05", date(2026, 1, 21)),
    ("[06月24日 11時30分]", None),  # no year: see yearless_day
])
def test_visible_day_reads_the_date_formats_of_datelines(text: str, expected: date | None) -> None:
    assert visible_day(text) == expected


def test_update_time_element_under_the_headline_does_not_replace_the_publication_date() -> None:
    head = '<meta property="article:published_time" content="2022-12-25T11:00:02+01:00">'
    hidden = ('<h1>Budget vote</h1><div><span class="updated">2022-12-07T10:10:52+01:00</span>'
              f'<span>25. Dezember 2022</span></div>{BODY}')
    assert extract_page(page(head, hidden), "https://news.example.com/budget").published.date() == date(2022, 12, 25)


def test_utc_instant_takes_the_zone_of_the_datelines_wall_clock() -> None:
    head = '<meta property="article:published_time" content="2022-05-04T02:41:00Z">'
    published = extract_page(dated_page(head, "3/5/2022 22:41"), "https://news.example.com/budget").published
    assert published == datetime(2022, 5, 4, 2, 41, tzinfo=UTC)  # the same instant
    assert published.isoformat() == "2022-05-03T22:41:00-04:00"


def test_machine_written_slashed_date_is_month_first() -> None:
    head = '<meta name="date" content="11/01/2023 12:43:42">'
    assert extract_page(page(head), "https://news.example.com/budget").published.date() == date(2023, 11, 1)
    head = '<meta name="date" content="25/01/2023">'
    assert extract_page(page(head), "https://news.example.com/budget").published.date() == date(2023, 1, 25)


def test_dateline_under_a_lower_heading_when_the_page_has_no_h1() -> None:
    body = f'<h2>Budget vote passes easily</h2><p class="intro"><span>31. Oktober 2023.</span> Lead</p>{BODY}'
    tree = parse(page("", body))
    assert dateline_day(tree, ["Budget vote passes easily"]) == date(2023, 10, 31)
    assert dateline_day(parse(page("", f"<h2>Other news</h2><p>31. Oktober 2023</p>{BODY}")), ["Budget vote"]) is None


def test_publication_time_equal_to_the_modified_time_is_outvoted_by_two_agreeing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # htmldate's vote (which may read the revision time) is not asked when two statements agree
    monkeypatch.setattr(signals, "generic_date", lambda *args: datetime(2020, 1, 20, 9, 49, 32, tzinfo=UTC))
    head = ('<meta property="og:article:published_time" content="2020-01-19T12:25:36Z">'
            '<meta property="og:article:modified_time" content="2020-01-20T09:49:32Z">'
            '<meta name="sailthru.date" content="2020-01-20T09:49:32Z">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget vote",'
            ' "datePublished": "2020-01-19T12:25:36Z", "dateModified": "2020-01-20T09:49:32Z"}</script>')
    body = '<p class="updated">Updated January 20, 2020</p>' + BODY
    published = extract_page(page(head, body), "https://news.example.com/budget").published
    assert published == datetime(2020, 1, 19, 12, 25, 36, tzinfo=UTC)


def test_navigation_menu_dates_are_no_dateline() -> None:
    menu = ('<ul class="menu main-menu"><li class="menu-item"><a href="/12m">12M – 12. Mai 2012</a></li>'
            '<li class="menu-item"><a href="/15o">#15o – 15.10.11</a></li></ul>')
    body = f'<h1>Budget vote</h1>{menu}<nav><a href="/a">Archiv 3. März 2013</a></nav>' \
           f'<p class="byline"><span class="entry-date">13. Januar 2014</span></p>{BODY}'
    assert dateline_day(parse(page("", body)), ["Budget vote"]) == date(2014, 1, 13)


def test_comment_dates_after_the_headline_are_no_dateline() -> None:
    comments = ('<ol class="commentlist"><li class="comment"><cite>Jo</cite> says:'
                '<span>22. Juli 2019 at 16:25</span><p>Nice episode.</p></li></ol>')
    body = f'<h1>Budget vote</h1><div id="comments">{comments}</div>'
    assert dateline_day(parse(page("", body)), ["Budget vote"]) is None
    opinion = '<article class="ArticleHeaderComment"><h1>Budget vote</h1><span>29. Januar 2019</span></article>'
    assert dateline_day(parse(page("", opinion)), ["Budget vote"]) == date(2019, 1, 29)


def test_utc_instant_is_written_in_the_zone_ahead_of_utc_that_shows_the_dateline_day() -> None:
    head = '<meta property="article:published_time" content="2021-11-04T23:00:00Z">'
    published = extract_page(dated_page(head, "5. November 2021"), "https://news.example.de/wahlen").published
    assert published == datetime(2021, 11, 4, 23, tzinfo=UTC)  # the same instant
    assert published.isoformat() == "2021-11-05T00:00:00+01:00"


def test_utc_instant_keeps_its_day_beside_a_dateline_day_behind_utc() -> None:
    head = '<meta property="article:published_time" content="2023-11-09T04:15:00Z">'
    published = extract_page(dated_page(head, "November 8, 2023"), "https://news.example.com/debate").published
    assert published.isoformat() == "2023-11-09T04:15:00+00:00"


def test_wordpress_entry_date_also_classed_updated_is_the_dateline() -> None:
    stamp = '<time class="entry-date updated td-module-date">6. November 2023</time>'
    lead = "<p><strong>Die Preise steigen ab 1. Januar 2024 um 12,7 Prozent.</strong></p>"
    tree = parse(page("", f"<h1>Budget vote</h1>{stamp}{lead}{BODY}"))
    assert dateline_day(tree, ["Budget vote"]) == date(2023, 11, 6)
    modified = '<span class="updated">7. November 2023</span><span>6. November 2023</span>'
    assert dateline_day(parse(page("", f"<h1>Budget vote</h1>{modified}{BODY}")), ["Budget vote"]) == date(2023, 11, 6)


def test_dates_after_a_read_also_label_are_the_teasers() -> None:
    teaser = '<div class="related"><p>Lesen Sie auch</p><span>14/08/2021</span><a href="/x">Older story</a></div>'
    body = f'<h1>Budget vote</h1>{teaser}<p class="date">14 August 2022, 15:40</p>{BODY}'
    assert dateline_day(parse(page("", body)), ["Budget vote"]) is None


def test_press_release_lead_opening_with_place_and_day_is_the_dateline() -> None:
    lead = ("<p><strong>Karlsruhe, (12.11.2021). Traditionell gedenken die Gemeinden am Sonntag vor dem Advent "
            "ihrer Verstorbenen, in diesem Jahr auch im Netz.</strong></p>")
    teasers = "<ul><li>Sa. 13.11.2021</li></ul>"
    assert dateline_day(parse(page("", f"<h1>Budget vote</h1>{lead}{teasers}")), ["Budget vote"]) == date(2021, 11, 12)
    agency = ("<p>Berlin (dpa) - Die Gemeinden gedenken am Sonntag vor dem Advent ihrer Verstorbenen, in diesem "
              "Jahr auch im Netz, am 21.11.2021.</p>")
    assert dateline_day(parse(page("", f"<h1>Budget vote</h1>{agency}")), ["Budget vote"]) is None


def test_yearless_east_asian_dateline_takes_the_year_nearest_the_found_date() -> None:
    near = datetime(2019, 6, 19, tzinfo=UTC)
    assert yearless_day(["子どもへの体罰", "[06月24日 11時30分]"], near) == date(2019, 6, 24)
    assert yearless_day(["12月30日"], datetime(2020, 1, 2, tzinfo=UTC)) == date(2019, 12, 30)
    assert yearless_day(["09月01日"], near) is None  # months away: another day
    assert yearless_day(["[06月24日]"], None) is None


def test_own_entry_in_a_news_list_dates_a_page_without_dateline() -> None:
    url = "https://verein.example/de/preise/NewsDetail__18725/"
    entries = ('<div class="news"><span><a href="/de/preise/NewsDetail__18731/">Die Rückkehr des Preisprotests</a>'
               '</span><span class="time">29.11.2022</span></div>'
               '<div class="news"><span><a href="/de/preise/NewsDetail__18725/">Energiepreise: Ihre Rechte auf einen '
               'Blick</a></span><span class="time">21.11.2022</span></div>')
    html = page("", f"<aside>{entries}</aside><h2>Gaspreise</h2>{BODY}")
    assert extract_page(html, url).published.date() == date(2022, 11, 21)


def test_permalinks_and_link_lists_to_the_page_are_no_own_entry() -> None:
    url = "https://blog.example/2012/06/uns/"
    permalink = '<p class="meta"><a href="/2012/06/uns/">Januar 15, 2014 um 23:36</a></p>'
    listing = ('<div><a href="/2012/06/uns/">Python 3.6.0 is now available</a> '
               '<a href="/other/">Python 2.7.13 released today</a></div>')
    assert own_entry(parse(page("", permalink + listing + BODY)), [url]) == []


def test_bare_first_of_january_is_a_year_and_gives_way_to_a_stated_day() -> None:
    head = ('<meta itemprop="dateCreated" content="01/01/2004">'
            '<meta itemprop="dateModified" content="06/13/2019">')
    body = '<h1>Budget vote</h1><p>By Test Kitchens</p>' + BODY + '<footer>© 2004 Test Kitchens</footer>'
    published = extract_page(page(head, body), "https://recipes.example.com/budget-cake/c4d3").published
    assert published.date() == date(2019, 6, 13)
    new_year = datetime(2020, 1, 1, 9, 30, tzinfo=UTC)  # with a time of day: a day, not a year
    assert signals.day_for_a_year(new_year, ["2020-01-05"], UTC) == new_year
    assert signals.day_for_a_year(datetime(2016, 1, 1, tzinfo=UTC), [], UTC) == datetime(2016, 1, 1, tzinfo=UTC)
