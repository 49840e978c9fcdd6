"""The ``mecab`` analyzer (MeCab-ko + mecab-ko-dic): the same kind of terms as ``kiwi``, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from search import Archive, SearchRequest
from search.analysis import analyze
from search.storage import analyzer_of, current_generation


def terms(text: str, mode: str = "index") -> list[str]:
    return [t for t, _, _ in analyze(text, "mecab", mode)]


def test_particles_and_endings_are_dropped_and_stems_take_their_dictionary_form() -> None:
    assert terms("대통령은", mode="query") == ["대통령"]
    assert terms("트럼프의") == terms("트럼프는") == ["트럼프"]
    assert "올리" in terms("청원을 올렸습니다")  # 올렸 is 올리/VV + 었/EP
    assert terms("처벌해주세요", mode="query") == ["처벌"]


def test_adjacent_nouns_index_joined_forms_and_a_query_word_is_its_noun_run() -> None:
    assert {"북미", "정상", "회담", "정상회담", "북미정상회담"} <= set(terms("북미 정상 회담"))
    assert terms("북미정상회담은", mode="query") == ["북미정상회담"]
    assert terms("북미 정상 회담", mode="phrase") == ["북미", "정상", "회담"]


def test_dictionary_compounds_index_their_parts_and_a_counter_joins_the_noun_before_it() -> None:
    # mecab-ko-dic has 음주운전 as one Compound entry: its parts must be terms too, or the query
    # 음주 운전 (two words, each looked up) misses every 음주운전을.
    assert {"음주", "운전", "음주운전"} <= set(terms("음주운전을 처벌"))
    assert terms("음주운전을", mode="query") == ["음주운전"]
    # 세월호 is 세월/NNG + 호/NNBC: the counter stays in the noun run, so both spellings meet.
    assert "세월호" in terms("세월호의 진실")
    assert terms("세월호", mode="query") == ["세월호"]
    assert "명" not in terms("1,400명이")  # a counter after a number is no term


def test_a_word_the_dictionary_lacks_is_kept_whole_and_bare_jamo_are_not() -> None:
    # MeCab tags 겅제 (a typo of 경제) UNKNOWN: dropped, the query searched for nothing and
    # "did you mean" had no word to respell.
    assert terms("겅제", mode="query") == ["겅제"]
    assert "겅제" in terms("겅제 정책을 발표했다")
    assert terms("ㅋㅋㅋ ㅠㅠ") == []


def test_numbers_and_latin_words_are_read_whole_as_kiwi_reads_them() -> None:
    text = "2026. 1. 21. 1,400명이 3.5% 올랐다 U.S. coffee prices"
    assert terms(text) == [t for t, _, _ in analyze(text, "kiwi")]
    assert terms("트럼프 said 3 coffees") == ["트럼프", "said", "3", "coffe"]


def test_offsets_point_at_the_words_in_the_original_text() -> None:
    text = "🎉 트럼프의 발언\n\n국민청원   게시판"
    found = analyze(text, "mecab")
    assert found[0] == ("트럼프", 2, 5)
    for term, start, end in found:
        assert "".join(text[start:end].split()) == term  # joined forms span the spaces between nouns


def test_import_with_mecab_records_it_and_searches_with_it(tmp_path: Path) -> None:
    lines = [
        {"url": "https://example.com/1", "title": "최저 임금을 올려 주세요", "body": "최저임금 인상 청원입니다."},
        {"url": "https://example.com/2", "title": "학교 폭력", "body": "학교 폭력을 막아 주세요.", "lang": "ko"},
        {"url": "https://example.com/3", "title": "Coffee prices", "body": "No Hangul here.", "lang": "en"},
    ]
    source = tmp_path / "ko.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")
    root = tmp_path / "index"
    command = [sys.executable, "-m", "indexer.cli", "import", str(source), "--index", str(root), "--jobs", "2"]
    subprocess.run(command, check=True, capture_output=True, env=dict(os.environ, NEWSARCHIVE_ANALYZER="mecab"))
    assert analyzer_of(root / str(current_generation(root))) == "mecab"
    archive = Archive(root, refresh_interval=0)
    try:
        def urls(q: str) -> set[str]:
            return {hit.url for hit in archive.search(SearchRequest(q=q, highlight=False, facets=())).hits}

        assert urls("최저임금") == {"https://example.com/1"}  # split in the title, joined in the body
        assert urls("폭력을") == {"https://example.com/2"}
        assert urls("coffee") == {"https://example.com/3"}
    finally:
        archive.close()
