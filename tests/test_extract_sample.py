"""The sample Tistory-like blog (``sample/site``, rendered from ``sample/posts.py``) extracts
back to exactly the posts it was rendered from: the demo's index depends on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.extract import extract_page
from sample.posts import POSTS, Post

SITE = Path(__file__).resolve().parents[1] / "sample" / "site"
BASE = "http://127.0.0.1:8000"


def _file(post: Post) -> Path:
    return SITE / (f"entry/{post.slug}.html" if post.slug else f"{post.id}.html")


@pytest.mark.parametrize("post", POSTS, ids=[str(p.id) for p in POSTS])
def test_sample_post_round_trips(post: Post) -> None:
    path = _file(post)
    if not path.is_file():
        pytest.skip(f"sample site not rendered: {path} missing")
    html = path.read_text(encoding="utf-8").replace("{{BASE_URL}}", BASE)
    article = extract_page(html.encode("utf-8"), BASE + post.path)
    assert article.url == BASE + post.path
    assert article.title == post.title
    assert article.author == post.author
    assert article.published is not None and article.published.isoformat() == post.published
    assert article.category == post.category
    assert list(article.tags) == list(post.tags)
    body = " ".join(article.body.split())
    for paragraph in post.paragraphs:
        assert " ".join(paragraph.split()) in body
    for _name, comment in post.comments:
        assert comment not in body
