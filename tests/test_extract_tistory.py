"""Tistory extraction against the annotated real pages in ``../shared/pages/tistory``.

A page passes when every field equals the gold after NFC and whitespace collapse (tags
case-insensitively, in order; the published time to the minute) and the body contains every
``body_must_include`` phrase and no ``body_must_exclude`` phrase (``gold.jsonl``'s pass rule).
"""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from indexer.extract import extract_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TISTORY = SHARED / "pages" / "tistory"
pytestmark = pytest.mark.skipif(
    not (TISTORY / "gold.jsonl").is_file(), reason=f"shared Tistory pages not found at {TISTORY}"
)


def _gold() -> list[dict]:
    if not (TISTORY / "gold.jsonl").is_file():
        return []
    with open(TISTORY / "gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _norm(value: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", value or "").split())


GOLD = _gold()


@pytest.mark.parametrize("kind", ["tistory", "generic"])
@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_tistory_page_matches_gold(gold: dict, kind: str) -> None:
    html = (TISTORY / f"{gold['id']}.html").read_bytes()
    article = extract_page(html, gold["url"], kind=kind)

    assert article.url == gold["url"]
    assert _norm(article.title) == _norm(gold["title"])
    assert _norm(article.author) == _norm(gold["author"])
    expected = datetime.fromisoformat(gold["published"])
    assert article.published is not None and article.published.tzinfo is not None
    assert article.published.replace(second=0, microsecond=0) == expected.replace(second=0, microsecond=0)
    assert (_norm(article.category) or None) == (_norm(gold["category"]) or None)
    assert [t.casefold() for t in article.tags] == [_norm(t).casefold() for t in gold["tags"]]
    body = _norm(article.body)
    for phrase in gold["body_must_include"]:
        assert _norm(phrase) in body, f"body lacks {phrase!r}"
    for phrase in gold["body_must_exclude"]:
        assert _norm(phrase) not in body, f"body leaks {phrase!r}"
    assert article.lang == "ko"


@pytest.mark.parametrize("gold", GOLD, ids=[g["id"] for g in GOLD])
def test_tistory_body_starts_and_ends_like_gold(gold: dict) -> None:
    """Start/end snippets: a tighter check than include/exclude (gold marks some ends low-confidence)."""
    article = extract_page((TISTORY / f"{gold['id']}.html").read_bytes(), gold["url"], kind="tistory")
    body = _norm(article.body)
    assert body.startswith(_norm(gold["body_start"])[:60])
    if "LOW CONFIDENCE body_end" not in gold.get("notes", ""):
        assert body.endswith(_norm(gold["body_end"])[-60:])


def test_body_keeps_paragraphs() -> None:
    gold = next(g for g in GOLD if g["id"] == "ramen4598-384")
    article = extract_page((TISTORY / "ramen4598-384.html").read_bytes(), gold["url"], kind="tistory")
    assert "\n\n" in article.body
    assert "\n\n\n" not in article.body
    assert "\u00a0" not in article.body
