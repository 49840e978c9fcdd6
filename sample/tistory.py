"""Render the sample posts as Tistory serves them, so extractors meet the real markup and its traps.

The markup follows the real pages in ``../shared/pages/tistory`` (see ``TISTORY.md`` there): the
server-injected head (``window.T.entryInfo``, Open Graph, ``article:*`` metas, JSON-LD), Kakao AdFit
``728x90`` blocks around the body, the post buttons, the ``another_category`` table, and a sidebar
``ul.tt_category`` that lists every category. Two skins alternate: a custom one modelled on dtslib1k
and the official responsive ``#2`` skin (``div.area_title``/``div.area_view``).

Every absolute URL is written as ``{{BASE_URL}}/...``; :mod:`sample.serve` fills in the host.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from urllib.parse import quote, unquote

from sample.posts import BLOG_OWNER, BLOG_TITLE, Post

BASE_URL = "{{BASE_URL}}"
BLOG_ID = 7310422
BLOG_NAME = "slowarchive"

# Tistory's service topic (article:section) is chosen per blog post from a fixed list; it is not the
# blog's own category, which is exactly why extractors must not read the category from it.
_SECTIONS = {
    "정치": "'시사·이슈'",
    "경제": "'경제'",
    "Tech": "'IT 인터넷'",
    "Travel": "'국내여행'",
    "생활": "'일상·생각'",
}


def _dt(post: Post) -> datetime:
    return datetime.fromisoformat(post.published)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _js(value: object) -> str:
    """JSON safe inside ``<script>``: ``<``, ``>`` and ``&`` become ``\\u`` escapes, so a hostile
    title cannot close the script element yet parses back to the exact string."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def category_path(category: str) -> str:
    """The site path of a category listing (``/category/Parent/Child``, each part encoded)."""
    return "/category/" + "/".join(quote(part, safe="") for part in category.split("/"))


def site_file(path: str) -> str:
    """The site-relative file that serves a URL path: ``/`` is ``index.html``, any other path is its
    percent-decoded self plus ``.html`` (``/101``, ``/entry/<slug>``, ``/category/A/B``, ``/tag/x``)."""
    return "index.html" if path == "/" else unquote(path).lstrip("/") + ".html"


def tag_path(tag: str) -> str:
    """The site path of a tag listing (``/tag/<encoded tag>``)."""
    return "/tag/" + quote(tag, safe="")


def category_id(category: str) -> int:
    """A stable numeric id per category, like Tistory's ``categoryId``."""
    return 1_100_000 + sum(ord(ch) * (i + 1) for i, ch in enumerate(category)) % 90_000


def description(post: Post) -> str:
    """The og:description text: the body's first 400 characters, cut with ``..`` as Tistory does."""
    text = " ".join(post.paragraphs)
    return text if len(text) <= 400 else text[:400] + ".."


def _ad(unit: str) -> str:
    return f"""<!-- System - START -->
        <div class="revenue_unit_wrap">
  <div class="revenue_unit_item adfit">
    <div class="revenue_unit_info">728x90</div>
    <ins class="kakao_ad_area" style="display: none;" data-ad-unit="DAN-{unit}"
         data-ad-width="728px" data-ad-height="90px"></ins>
    <script type="text/javascript" src="//t1.daumcdn.net/kas/static/ba.min.js" async="async"></script>
  </div>
</div>
        <!-- System - END -->"""


def _config_script(entry_info: dict[str, object] | None) -> str:
    config = {
        "TOP_SSL_URL": "https://www.tistory.com",
        "PREVIEW": False,
        "ROLE": "guest",
        "BLOG": {
            "id": BLOG_ID,
            "name": BLOG_NAME,
            "title": BLOG_TITLE,
            "isDormancy": False,
            "nickName": BLOG_OWNER,
            "status": "open",
            "profileStatus": "normal",
        },
        "DEFAULT_URL": BASE_URL,
        "IS_LOGIN": False,
        "ROLE_GROUP": "visitor",
    }
    entry = f"\nwindow.T.entryInfo = {_js(entry_info)};" if entry_info else ""
    return f"""<script type="text/javascript">if (!window.T) {{ window.T = {{}} }}
window.T.config = {_js(config)};{entry}
window.appInfo = {{"domain":"tistory.com","topUrl":"https://www.tistory.com"}};
window.initData = {{}};

window.TistoryBlog = {{
    basePath: "",
    url: "{BASE_URL}",
    tistoryUrl: "{BASE_URL}",
    manageUrl: "{BASE_URL}/manage"
}};
var servicePath = "";
var blogURL = "";</script>"""


def _post_head(post: Post) -> str:
    url = BASE_URL + post.path
    published = _dt(post).isoformat()
    desc = description(post)
    section = _SECTIONS.get(post.category.split("/")[0], "'일상·생각'")
    entry_info = {
        "entryId": post.id,
        "isAuthor": False,
        "categoryId": category_id(post.category),
        "categoryLabel": post.category,
    }
    ld = {
        "@context": "http://schema.org",
        "@type": "BlogPosting",
        "mainEntityOfPage": {"@id": url, "name": None},
        "url": url,
        "headline": post.title,
        "description": desc,
        "author": {"@type": "Person", "name": post.author, "logo": None},
        "datePublished": published,
        "dateModified": published,
        "publisher": {"@type": "Organization", "name": "TISTORY"},
    }
    metas = [
        ("name", "description", desc),
        ("property", "og:type", "article"),
        ("property", "og:url", url),
        ("property", "og.article.author", post.author),
        ("property", "og:site_name", BLOG_TITLE),
        ("property", "og:title", post.title),
        ("name", "by", post.author),
        ("property", "og:description", desc),
        ("property", "article:section", section),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", post.title),
        ("name", "title", post.title),
        ("name", "article:media_name", BLOG_TITLE),
        ("property", "article:txid", f"{BLOG_ID}_{post.id}"),
        ("property", "article:published_time", published),
        ("property", "og:regDate", _dt(post).strftime("%Y%m%d%I%M%S")),
        ("property", "article:modified_time", published),
    ]
    meta_html = "\n".join(f'<meta {k}="{_e(n)}" content="{_e(v)}"/>' for k, n, v in metas)
    return f"""<head>
                {_config_script(entry_info)}
<meta charset="utf-8"/>
<meta http-equiv="X-UA-Compatible" content="IE=Edge">
<meta name="referrer" content="always"/>
{meta_html}
<title>{_e(post.title)} :: {_e(BLOG_TITLE)}</title>
<link rel="canonical" href="{_e(url)}"/>

<!-- BEGIN STRUCTURED_DATA -->
<script type="application/ld+json">
    {_js(ld)}
</script>
<!-- END STRUCTURED_DATA -->
<link rel="alternate" type="application/rss+xml" title="{_e(BLOG_TITLE)}" href="{BASE_URL}/rss"/>
</head>"""


def _listing_head(title: str, path: str) -> str:
    url = BASE_URL + path
    return f"""<head>
                {_config_script(None)}
<meta charset="utf-8"/>
<meta property="og:type" content="website"/>
<meta property="og:url" content="{_e(url)}"/>
<meta property="og:site_name" content="{_e(BLOG_TITLE)}"/>
<meta property="og:title" content="{_e(title)}"/>
<title>{_e(title)}</title>
<link rel="canonical" href="{_e(url)}"/>
<link rel="alternate" type="application/rss+xml" title="{_e(BLOG_TITLE)}" href="{BASE_URL}/rss"/>
</head>"""


def _category_tree(posts: Sequence[Post]) -> str:
    """The sidebar list of every category with counts: present on every page, so a trap."""
    counts = Counter(p.category for p in posts)
    parents: dict[str, list[str]] = {}
    for cat in sorted(counts):
        parent, _, child = cat.partition("/")
        parents.setdefault(parent, []).append(child)
    items = []
    for parent, children in parents.items():
        total = sum(counts[f"{parent}/{c}"] for c in children)
        subs = "\n".join(
            f'<li class=""><a href="{_e(category_path(f"{parent}/{c}"))}" class="link_sub_item"> '
            f'{_e(c)} <span class="c_cnt">({counts[f"{parent}/{c}"]})</span> </a></li>'
            for c in children
        )
        items.append(
            f'<li class=""><a href="{_e(category_path(parent))}" class="link_item"> {_e(parent)} '
            f'<span class="c_cnt">({total})</span> </a>\n  <ul class="sub_category_list">{subs}\n</ul>\n</li>'
        )
    return (
        '<ul class="tt_category"><li class=""><a href="/category" class="link_tit"> 분류 전체보기 '
        f'<span class="c_cnt">({len(posts)})</span> </a>\n  <ul class="category_list">'
        + "\n".join(items)
        + "\n</ul>\n</li>\n</ul>"
    )


def _visible_date(post: Post) -> str:
    d = _dt(post)
    return f"{d.year}. {d.month}. {d.day}. {d:%H:%M}"


def _body(post: Post) -> str:
    paragraphs = "\n".join(f'<p data-ke-size="size16">{_e(p)}</p>' for p in post.paragraphs)
    return f'<div class="tt_article_useless_p_margin contents_style">{paragraphs}</div>'


def _post_buttons(post: Post) -> str:
    url = _e(BASE_URL + post.path)
    likes = post.id % 7 + len(post.comments)
    return f"""<div class="container_postbtn #post_button_group">
  <div class="postbtn_like"><script>window.ReactionButtonType = 'reaction';
window.ReactionReqBody = {{
    entryId: {post.id}
}}</script>
<div class="wrap_btn" id="reaction-{post.id}" data-tistory-react-app="Reaction"><button type="button"
 class="btn_post uoc-icon"><span class="ico_postbtn ico_like">공감</span><span
 class="txt_like uoc-count">{likes}</span></button></div><div class="wrap_btn wrap_btn_share"><button
 type="button" class="btn_post sns_btn btn_share" aria-expanded="false" data-title="{_e(post.title)}"
 data-url="{url}"><span class="ico_postbtn ico_share">공유하기</span></button>
  <div class="layer_post" id="tistorySnsLayer"></div>
</div><div class="wrap_btn wrap_btn_etc" data-entry-id="{post.id}" data-entry-visibility="public"
 data-category-visibility="public"><button type="button" class="btn_post btn_etc2"
 aria-expanded="false"><span class="ico_postbtn ico_etc">게시글 관리</span></button>
  <div class="layer_post" id="tistoryEtcLayer"></div>
</div></div>
<button type="button" class="btn_menu_toolbar btn_subscription #subscribe" data-blog-id="{BLOG_ID}"
 data-url="{url}" data-device="web_pc"><em class="txt_state">구독하기</em><strong
 class="txt_tool_id">{_e(BLOG_TITLE)}</strong><span
 class="img_common_tistory ico_check_type1"></span></button></div>"""


def related(post: Post, posts: Sequence[Post], n: int = 5) -> list[Post]:
    """The ``n`` same-category posts nearest in time, newest first (Tistory's related table)."""
    others = [p for p in posts if p.category == post.category and p.id != post.id]
    others.sort(key=lambda p: (abs((_dt(p) - _dt(post)).total_seconds()), p.id))
    return sorted(others[:n], key=_dt, reverse=True)


def _another_category(post: Post, posts: Sequence[Post]) -> str:
    parent, _, child = post.category.partition("/")
    parent_link = f'<a href="{_e(category_path(parent))}">{_e(parent)}</a>'
    child_link = f'<a href="{_e(category_path(post.category))}">{_e(child)}</a>'
    rows = "\n".join(
        f"""    <tr>
      <th><a href="{_e(p.path)}">{_e(p.title)}</a>&nbsp;&nbsp;<span>({len(p.comments)})</span></th>
      <td>{_dt(p):%Y.%m.%d}</td>
    </tr>"""
        for p in related(post, posts)
    )
    return f"""<!-- PostListinCategory - START -->
<div class="another_category another_category_color_gray">
  <h4>'{parent_link} &gt; {child_link}' 카테고리의 다른 글</h4>
  <table>
{rows}
  </table>
</div>

<!-- PostListinCategory - END -->"""


def _tag_links(post: Post) -> str:
    return ", ".join(f'<a href="{_e(tag_path(t))}" rel="tag">{_e(t)}</a>' for t in post.tags)


def _comments(post: Post) -> str:
    """Server-rendered comments (old-skin style) when the post has any, else the React mount points."""
    if not post.comments:
        return (
            f'<div data-tistory-react-app="Namecard"></div><div id="entry{post.id}Comment">'
            '<div data-tistory-react-app="Comment"></div>\n</div>'
        )
    items = []
    for i, (name, text) in enumerate(post.comments):
        cid = post.id * 100 + i
        when = _dt(post) + timedelta(hours=2 + 5 * i, minutes=7 + 13 * i)
        items.append(f"""<li id="comment{cid}" class="rp_general">
  <span class="reply_content">
    <span class="tit_nickname">{_e(name)}</span>
    <span class="txt_reply">{_e(text)}</span>
    <span class="txt_date">{when:%Y.%m.%d %H:%M} <a
      href="/toolbar/popup/abuseReport/?entryId={post.id}&amp;commentId={cid}">신고</a></span>
  </span>
  <div class="my_edit"><a href="{_e(post.path)}#comment{cid}" class="link_edit">댓글주소</a></div>
</li>""")
    joined = "\n".join(items)
    return f"""<div class="area_reply">
  <strong class="tit_reply">댓글 <span id="commentCount{post.id}">{len(post.comments)}</span></strong>
  <div id="entry{post.id}Comment" style="display:block">
    <ul class="list_reply">
{joined}
    </ul>
  </div>
</div>"""


def _recent(posts: Sequence[Post], n: int = 5) -> list[Post]:
    return sorted(posts, key=_dt, reverse=True)[:n]


def _skin_custom(post: Post, posts: Sequence[Post]) -> str:
    recent = "\n".join(
        f'<li class="box"><a href="{_e(p.path)}" class="thumb">'
        f'<span class="title">{_e(p.title)}</span></a></li>'
        for p in _recent(posts)
    )
    return f"""<body id="tt-body-page">
  <div id="wrap">
    <aside id="sidebar" role="complementary" aria-label="Sidebar">
      <h1 class="side-title"><a href="{BASE_URL}/">{_e(BLOG_TITLE)}</a></h1>
      <div class="widget category">{_category_tree(posts)}</div>
      <div class="widget"><ul><li class="t_menu_home first"><a href="/">홈</a></li></ul></div>
    </aside>
    <main id="content" role="main">
      <div id="content-inner">
  <div id="head">
    <h2><a href="{_e(post.path)}">{_e(post.title)}</a></h2>
    <div class="post-meta">
      <span class="author">{_e(post.author)}</span>
      <span class="meta-date">{_visible_date(post)}</span>
    </div>
  </div>

  <div id="body" class="entry">
    <div class="article" id="article-view">            {_ad("aT1k" + str(post.id))}
            {_body(post)}
            {_ad("bQ7z" + str(post.id))}

                    {_post_buttons(post)}

                    {_another_category(post, posts)}
</div>
          <div class="area_tag">
              <h3 class="title_tag">TAG</h3>
              <div class="tag_content thema_apply">{_tag_links(post)}</div>
          </div>

    {_comments(post)}
  </div>
          <div id="recent-post">
            <h4><a href="/category">+ Recent posts</a></h4>
            <ul>
{recent}
            </ul>
          </div>
      </div>
    </main>
  </div>
</body>"""


def _skin_responsive(post: Post, posts: Sequence[Post]) -> str:
    return f"""<body id="tt-body-page" class="headline_ty1 list_ty1">
    <div id="dkIndex"><a href="#dkBody">본문 바로가기</a></div>
    <div id="dkWrap" class="wrap_skin">
        <div id="dkHead" role="banner" class="area_head">
            <h1 class="screen_out">{_e(BLOG_TITLE)}</h1>
            <div class="area_profile">
                <div class="tit_post"><a href="/" class="link_post">{_e(BLOG_TITLE)}</a></div>
                <span class="txt_profile">{_e(BLOG_OWNER)}</span>
            </div>
            <div class="area_navi">{_category_tree(posts)}</div>
        </div>
        <div id="dkContent" class="cont_skin" role="main">
            <div id="cMain">
        <h2 id="dkBody" class="screen_out">{_e(post.title)} 본문</h2>
        <div class="area_title">
            <strong class="tit_category"><a
                href="{_e(category_path(post.category))}">{_e(post.category)}</a></strong>
            <h3 class="tit_post">{_e(post.title)}</h3>
            <span class="info_post">{_e(post.author)}
                           <span class="txt_bar"></span>{_visible_date(post)}
        </span>
        </div>

        <div class="area_view">
                                {_ad("nP" + str(post.id))}

            {_body(post)}
                    {_ad("2f" + str(post.id))}

                                        {_post_buttons(post)}

                    {_another_category(post, posts)}

        </div>
        <div class="area_etc">
                <dl class="list_tag">
                    <dt>Tag</dt>
                    <dd>{_tag_links(post)}</dd>
                </dl>
        </div>
        {_comments(post)}
            </div>
        </div>
        <div id="dkFoot" role="contentinfo" class="area_foot">
            <small class="txt_copyright">Designed by Tistory.</small>
        </div>
    </div>
</body>"""


def render_post(post: Post, posts: Sequence[Post]) -> str:
    """A full post page; ``posts`` is the whole blog (for the sidebar and related tables).

    Skins alternate by entry id (even: custom dtslib1k-like, odd: official responsive ``#2``) so
    extractors are exercised on both layouts.
    """
    skin = _skin_custom if post.id % 2 == 0 else _skin_responsive
    return f'<!DOCTYPE html>\n<html lang="ko">\n{_post_head(post)}\n\n{skin(post, posts)}\n</html>\n'


def render_listing(title: str, path: str, shown: Sequence[Post], posts: Sequence[Post]) -> str:
    """A home, category or tag page linking ``shown``; no entryInfo, og:type ``website``."""
    items = "\n".join(
        f'<li class="item_post"><a href="{_e(p.path)}" class="link_post"><strong class="tit_post">'
        f'{_e(p.title)}</strong></a> <span class="txt_date">{_dt(p):%Y.%m.%d}</span></li>'
        for p in shown
    )
    return f"""<!DOCTYPE html>
<html lang="ko">
{_listing_head(title, path)}

<body id="tt-body-category">
  <div id="wrap">
    <aside id="sidebar" role="complementary">
      <h1 class="side-title"><a href="{BASE_URL}/">{_e(BLOG_TITLE)}</a></h1>
      <div class="widget category">{_category_tree(posts)}</div>
    </aside>
    <main id="content" role="main">
      <h2 class="tit_list">{_e(title)}</h2>
      <ul class="list_post">
{items}
      </ul>
    </main>
  </div>
</body>
</html>
"""


def render_sitemap(posts: Sequence[Post]) -> str:
    """``sitemap.xml`` listing every post with its ``lastmod`` (ISO 8601 +09:00)."""
    urls = "\n".join(
        f"  <url>\n    <loc>{_e(BASE_URL + p.path)}</loc>\n"
        f"    <lastmod>{_dt(p).isoformat()}</lastmod>\n  </url>"
        for p in sorted(posts, key=lambda p: p.id)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}\n</urlset>\n'
    )


def render_rss(posts: Sequence[Post], n: int = 10) -> str:
    """RSS 2.0 with the ``n`` newest posts, as Tistory's ``/rss`` (category then tags as ``<category>``)."""
    items = []
    for p in _recent(posts, n):
        body = "".join(f"<p>{_e(x)}</p>" for x in p.paragraphs)
        cats = "".join(f"\n      <category>{_e(c)}</category>" for c in (p.category, *p.tags))
        items.append(f"""    <item>
      <title>{_e(p.title)}</title>
      <link>{_e(BASE_URL + p.path)}</link>
      <description>{_e(body)}</description>{cats}
      <author>{_e(p.author)}</author>
      <guid isPermaLink="true">{_e(BASE_URL + p.path)}</guid>
      <comments>{_e(BASE_URL + p.path)}#entry{p.id}comment</comments>
      <pubDate>{format_datetime(_dt(p))}</pubDate>
    </item>""")
    newest = format_datetime(_dt(_recent(posts, 1)[0]))
    joined = "\n".join(items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{_e(BLOG_TITLE)}</title>
    <link>{BASE_URL}/</link>
    <description>뉴스와 기술, 여행과 요리를 천천히 기록하는 블로그.</description>
    <language>ko</language>
    <pubDate>{newest}</pubDate>
    <generator>TISTORY</generator>
    <managingEditor>{_e(BLOG_OWNER)}</managingEditor>
{joined}
  </channel>
</rss>
"""


def render_robots() -> str:
    """``robots.txt``: everything allowed, pointing at the sitemap."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {BASE_URL}/sitemap.xml\n"
