"""Each normalisation rule of the extractor on small inline pages shaped like real ones
(no ``../shared`` needed): Tistory dates and category paths, nbsp-separated tags, ad lines,
buttons, related posts, comments, pasted HTML documents, legacy charsets, canonical URLs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from indexer.extract import ExtractionError, extract_page
from indexer.extract.dates import parse_date
from indexer.extract.lang import detect_lang
from search.decode import decode_html

KST = timezone(timedelta(hours=9))


def tistory_page(
    *,
    head: str = "",
    header: str = "",
    content: str = "<p>본문 첫 문단입니다.</p><p>둘째 문단입니다.</p>",
    after: str = "",
    entry_info: str | None = '{"entryId":7,"isAuthor":false,"categoryId":11,"categoryLabel":"여행/국내"}',
) -> str:
    """A minimal post page with Tistory's injected head and the official-skin layout."""
    info = f"<script>window.T.entryInfo = {entry_info};</script>" if entry_info else ""
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>제주 여행 :: 하늘 블로그</title>
<meta property="og:url" content="https://sky.tistory.com/7"/>
<meta property="og:title" content="제주 여행"/>
<meta property="og:site_name" content="하늘 블로그"/>
<meta name="by" content="하늘"/>
<meta property="article:section" content="'여행·맛집'"/>
{head}{info}</head>
<body><div id="dkWrap" class="wrap_skin">
<aside><ul class="tt_category"><li><a href="/category/개발">개발</a></li></ul></aside>
<div class="area_title">{header}<h3 class="tit_post">제주 여행</h3></div>
<div class="area_view">
<div class="revenue_unit_wrap"><div class="revenue_unit_item adfit">
<div class="revenue_unit_info">728x90</div></div></div>
<div class="tt_article_useless_p_margin contents_style">{content}</div>
<div class="revenue_unit_wrap"><div class="revenue_unit_info">728x90</div></div>
{after}
</div></div></body></html>"""


def test_tistory_published_prefers_article_time_then_visible_dateline() -> None:
    page = tistory_page(head='<meta property="article:published_time" content="2026-01-21T14:05:09+09:00"/>'
                        '<meta property="og:regDate" content="20260121020509"/>')
    assert extract_page(page, "https://sky.tistory.com/7").published == datetime(2026, 1, 21, 14, 5, 9, tzinfo=KST)
    visible = tistory_page(header='<span class="info_post">하늘<span class="txt_bar"></span>2026. 1. 21. 14:05</span>')
    published = extract_page(visible, "https://sky.tistory.com/7").published
    assert published == datetime(2026, 1, 21, 14, 5, tzinfo=KST)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026. 1. 21. 14:05", datetime(2026, 1, 21, 14, 5, tzinfo=KST)),
        ("2016.01.14 11:44", datetime(2016, 1, 14, 11, 44, tzinfo=KST)),
        ("2011. 6. 27.", datetime(2011, 6, 27, tzinfo=KST)),
        ("2026년 1월 21일", datetime(2026, 1, 21, tzinfo=KST)),
        ("2026년 1월 21일 오후 2:05", datetime(2026, 1, 21, 14, 5, tzinfo=KST)),
        ("20180119T00:45:26", datetime(2018, 1, 19, 0, 45, 26, tzinfo=KST)),
        ("20160114T11:44:24+09:00", datetime(2016, 1, 14, 11, 44, 24, tzinfo=KST)),
        ("2023-09-03T06:06:03Z", datetime(2023, 9, 3, 6, 6, 3, tzinfo=UTC)),
        ("Wed, 21 Jan 2026 05:05:00 GMT", datetime(2026, 1, 21, 5, 5, tzinfo=UTC)),
        ("January 21, 2026", datetime(2026, 1, 21, tzinfo=KST)),
        ("not a date", None),
        ("1970-01-01", None),
    ],
)
def test_parse_date_formats_are_aware(text: str, expected: datetime | None) -> None:
    found = parse_date(text, "Asia/Seoul")
    assert found == expected
    if found is not None:
        assert found.tzinfo is not None


def test_category_from_entry_info_never_sidebar_or_section() -> None:
    article = extract_page(tistory_page(), "https://sky.tistory.com/7")
    assert article.category == "여행/국내"


def test_category_from_related_heading_when_entry_info_missing() -> None:
    after = ("<div class=\"another_category another_category_color_gray\"><h4>'<a href=\"/category/a\">여행</a>"
             " &gt; <a href=\"/category/a/b\">국내</a>' 카테고리의 다른 글</h4>"
             "<table><tr><th><a href=\"/3\">부산 여행</a></th><td>2025.08.25</td></tr></table></div>")
    article = extract_page(tistory_page(entry_info=None, after=after), "https://sky.tistory.com/7")
    assert article.category == "여행/국내"
    assert "부산 여행" not in article.body
    assert "카테고리의 다른 글" not in article.body


@pytest.mark.parametrize(("link", "expected"), [("분류없음", None), ("일상", "일상")])
def test_category_from_visible_link_and_uncategorised(link: str, expected: str | None) -> None:
    header = f'<strong class="tit_category"><a href="/category">{link}</a></strong>'
    article = extract_page(tistory_page(entry_info=None, header=header), "https://sky.tistory.com/7")
    assert article.category == expected


def test_null_category_label_means_uncategorised() -> None:
    page = tistory_page(entry_info='{"entryId":7,"isAuthor":false,"categoryId":0,"categoryLabel":null}')
    assert extract_page(page, "https://sky.tistory.com/7").category is None


def test_tags_separated_by_nbsp_are_split_trimmed_and_deduplicated() -> None:
    after = ('<div class="area_tag"><a href="/tag/a" rel="tag">제주&nbsp;여름</a>, '
             '<a href="/tag/b" rel="tag"> 분할 정복 </a>, <a href="/tag/c" rel="tag">제주</a>'
             '<a href="/tag/d" rel="tag">#Jeju&nbsp;#jeju</a></div>')
    article = extract_page(tistory_page(after=after), "https://sky.tistory.com/7")
    assert article.tags == ("제주", "여름", "분할 정복", "Jeju")


def test_body_drops_ad_line_buttons_related_posts_and_comments() -> None:
    content = ("<p>바다가 보이는 카페에 갔다.</p><p>728x90</p><p>&nbsp;</p>"
               '<ins class="adsbygoogle" data-ad-client="ca-pub-1">광고</ins><p>저녁은 고기국수.</p>')
    after = (
        '<div class="container_postbtn #post_button_group"><div class="postbtn_like">공감</div>'
        '<button class="btn_share">공유하기</button><a class="btn_etc2">게시글 관리</a>'
        '<a class="btn_subscription">구독하기</a></div>'
        '<div class="tt-plugin tt-share-entry-with-sns"><ul><li><a>카카오스토리</a></li>'
        "<li><a>트위터</a></li></ul></div>"
        '<div class="another_category"><h4>\'<a>여행</a>\' 카테고리의 다른 글</h4><table><tr><th>'
        '<a href="/3">부산 여행</a></th><td>2025.08.25</td></tr></table></div>'
        '<div class="area_reply"><ul class="list_reply"><li class="rp_general">지나가던 사람 좋은 글이네요'
        '<span class="txt_date">2016.04.01 13:06 신고</span></li></ul></div>'
        '<div id="entry7Comment"><p>댓글 쓰기</p></div>'
    )
    article = extract_page(tistory_page(content=content, after=after), "https://sky.tistory.com/7")
    assert article.body == "바다가 보이는 카페에 갔다.\n\n저녁은 고기국수."
    leaks = ("728x90", "공유하기", "게시글 관리", "구독하기", "카카오스토리", "부산 여행", "좋은 글이네요", "댓글")
    for leaked in leaks:
        assert leaked not in article.body


def test_legacy_article_div_with_share_links() -> None:
    page = """<html><head><meta name="by" content="이산"><meta property="og:title" content="옛 글">
    <meta property="article:published_time" content="2009-05-01T10:00:00+09:00"></head>
    <body><div class="article"><p>옛날 스킨의 본문.</p>
    <a class="btn_mark" href="#">페이스북으로 공유</a><a class="btn_mark" href="#">카카오스토리로 공유</a>
    </div></body></html>"""
    article = extract_page(page, "https://leeesann.tistory.com/1", kind="tistory")
    assert article.body == "옛날 스킨의 본문."
    assert article.author == "이산"


def test_pasted_html_document_uses_first_page_signals_only() -> None:
    pasted = """<!DOCTYPE html><html lang="en"><head><title>Pasted title</title>
    <meta property="og:title" content="Pasted og title"><meta name="by" content="someone else">
    <style>.card { color: red }</style>
    <script>window.T.entryInfo = {"entryId":1,"categoryId":2,"categoryLabel":"Wrong/Category"};</script>
    </head><body><main><h2>카드 제목</h2><div class="card">붙여 넣은 문서의 본문.</div></main>
    <script>console.log("never text")</script></body></html>"""
    article = extract_page(tistory_page(content=pasted), "https://sky.tistory.com/7")
    assert article.title == "제주 여행"
    assert article.author == "하늘"
    assert article.category == "여행/국내"
    assert article.body == "카드 제목\n\n붙여 넣은 문서의 본문."
    for leaked in ("Pasted", "color: red", "console.log", "entryInfo"):
        assert leaked not in article.body


def test_euc_kr_bytes_decode_to_hangul() -> None:
    page = tistory_page().replace('<meta charset="utf-8">', '<meta charset="euc-kr">')
    article = extract_page(page.encode("euc-kr"), "https://sky.tistory.com/7")
    assert article.title == "제주 여행"
    assert article.body.startswith("본문 첫 문단입니다.")


def test_undeclared_cp949_bytes_are_detected() -> None:
    text = "<html><body><p>" + "한국어 문서의 인코딩을 추측합니다. 똠방각하 뷁 " * 20 + "</p></body></html>"
    assert "똠방각하" in decode_html(text.encode("cp949"))
    assert "똠방각하" in decode_html(text.encode("cp949"), encoding="euc-kr")


def test_bom_and_http_charset() -> None:
    assert decode_html("\ufeff<p>가나다</p>".encode()) == "<p>가나다</p>"
    assert decode_html("<p>가나다</p>".encode("utf-16"), encoding=None) == "<p>가나다</p>"
    latin = "<meta charset=utf-8><p>café</p>".encode("latin-1")
    assert "café" in decode_html(latin, encoding="iso-8859-1")


def test_canonical_url_drops_tracking_parameters() -> None:
    page = ('<html><head><link rel="canonical" href="/2024/05/post?utm_source=x&amp;id=3&amp;fbclid=y">'
            "<title>Hello</title></head><body><article><p>Body text here.</p></article></body></html>")
    article = extract_page(page, "https://example.com/feed-item?utm_medium=rss")
    assert article.url == "https://example.com/2024/05/post?id=3"
    bare = extract_page("<html><head><title>T</title></head><body></body></html>",
                        "https://example.com/a?utm_source=rss#top")
    assert bare.url == "https://example.com/a"


def test_unrendered_template_canonical_falls_back_to_fetched_url() -> None:
    page = ('<html><head><link rel="canonical" href="{{BASE_URL}}/7"><title>T</title></head>'
            "<body><p>x</p></body></html>")
    assert extract_page(page, "http://127.0.0.1:8000/7").url == "http://127.0.0.1:8000/7"


def test_nfc_and_whitespace_normalisation() -> None:
    decomposed = "\u1112\u1161\u11ab\u1100\u1173\u11af"  # 한글 as conjoining jamo (NFD)
    page = (f"<html><head><title>  {decomposed}\u00a0 제목 </title></head>"
            f"<body><article><p>{decomposed}   본문\u00a0입니다</p></article></body></html>")
    article = extract_page(page, "https://example.com/1", kind="tistory")
    assert article.title == "한글 제목"
    assert article.body == "한글 본문 입니다"


def test_page_without_title_or_body_raises() -> None:
    with pytest.raises(ExtractionError):
        extract_page("<html><head></head><body><script>x()</script></body></html>", "https://example.com/")
    with pytest.raises(ValueError):
        extract_page("<html></html>", "https://example.com/", kind="blogger")


def test_lang_detection() -> None:
    assert detect_lang("오늘은 날씨가 좋아서 산책을 다녀왔다. 바람이 시원했다.") == "ko"
    assert detect_lang("The committee said it would publish the report on the election next week.") == "en"
    assert detect_lang("Der Ausschuss sagte, er werde den Bericht nächste Woche veröffentlichen.") == "other"
    assert detect_lang("짧음", hint="ko-KR") == "ko"
    # twenty letters make a text; Hangul counts against every letter, not the first twenty
    assert detect_lang("abcdefghij klmnopqrs", hint="ko") == "ko"
    assert detect_lang("abcdefghij klmnopqrst", hint="ko") == "other"
    assert detect_lang("The build failed again because " * 20 + "빌드가 또 실패했다") == "en"
    assert detect_lang("The build failed: " + "빌드가 또 실패했다. " * 3) == "ko"


def test_kicker_before_headline_is_dropped() -> None:
    page = ('<html><head><meta property="og:title" content="Judy Lybke, ganz und gar nicht eigenartig">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"Neue Leipziger Schule: Judy Lybke, ganz und gar nicht eigenartig"}</script></head>'
            "<body><article><p>Body text here.</p></article></body></html>")
    assert extract_page(page, "https://example.com/a").title == "Judy Lybke, ganz und gar nicht eigenartig"


def test_site_name_with_umlaut_matches_transliterated_host() -> None:
    page = ('<html><head><meta property="og:title" content="Steigende Zinsen setzen Dax zu | Börsen-Zeitung">'
            "</head><body><article><p>Body text here.</p></article></body></html>")
    assert extract_page(page, "https://www.boersen-zeitung.de/x").title == "Steigende Zinsen setzen Dax zu"


def test_body_from_client_rendered_payload() -> None:
    paragraph = "Der erste Absatz des Artikels steht nur im Skript der Seite. " * 6
    payload = json.dumps(f'<p class="editor-p">{paragraph}</p><p>{paragraph}</p>')
    page = (f"<html><head><title>Titel</title></head><body><div id=app></div>"
            f"<script>self.__next_f.push([1,{payload}])</script></body></html>")
    assert "nur im Skript der Seite" in extract_page(page, "https://example.com/b").body
