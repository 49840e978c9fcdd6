import json
import os
import subprocess
import sys
from pathlib import Path

from search.analysis import analyze
from search.storage import open_live


def terms(text: str, name: str = "kiwi", mode: str = "index") -> list[str]:
    return [t for t, _, _ in analyze(text, name, mode)]


def test_korean_particles_and_endings_are_dropped() -> None:
    assert terms("대통령은", mode="query") == ["대통령"]
    assert "만나" in terms("만났다")
    assert terms("트럼프의") == terms("트럼프는") == ["트럼프"]


def test_adjacent_nouns_also_index_joined_forms() -> None:
    split = set(terms("북미 정상 회담"))
    assert {"북미", "정상", "회담", "정상회담", "북미정상회담"} <= split


def test_particles_break_noun_runs() -> None:
    assert "트럼프대통령" not in terms("트럼프의 대통령은")


def test_a_query_word_becomes_its_joined_noun_run() -> None:
    # One term that documents with either spelling carry, however Kiwi split each side.
    assert terms("북미정상회담은", mode="query") == ["북미정상회담"]
    assert terms("최저임금", mode="query") == ["최저임금"]
    assert "최저임금" in terms("최저 임금을 올려라")


def test_a_phrase_keeps_single_nouns_at_consecutive_positions() -> None:
    assert terms("북미 정상 회담", mode="phrase") == ["북미", "정상", "회담"]


def test_auxiliary_verbs_and_endings_are_not_terms() -> None:
    assert terms("처벌해주세요", mode="query") == ["처벌"]


def test_multi_word_dictionary_entries_are_split() -> None:
    from search.analysis import _split_words

    parts = [(m.text, m.start, m.end) for m in _split_words("뉴욕 타임스 기사", 0, 6)]
    assert parts == [("뉴욕", 0, 2), ("타임스", 3, 6)]


def test_index_positions_increase_per_term() -> None:
    from search.analysis import KoreanEnglishTokenizer

    seen: dict[str, int] = {}
    for tok in KoreanEnglishTokenizer()("정상회담 북미 정상 회담 정상회담", positions=True):
        assert tok.pos >= seen.get(tok.text, -1)
        seen[tok.text] = tok.pos


def test_dates_and_numbers_are_split_and_cleaned() -> None:
    assert terms("2026. 1. 21. 1,400명") == ["2026", "1", "21", "1400"]


def test_english_is_lowercased_stemmed_and_stop_filtered() -> None:
    assert terms("The Coffee prices") == ["coffe", "price"]
    assert terms("*UPDATED*") == terms("updated")


def test_offsets_cover_whole_words_in_original_text() -> None:
    text = "🎉 트럼프의 발언"
    for term, start, end in analyze(text, "kiwi"):
        assert text[start:end].startswith(term[:1])
    assert analyze(text, "kiwi")[0][1:] == (2, 5)


def test_mixed_text_keeps_one_digit_numbers_and_stems_english() -> None:
    assert terms("트럼프 said 3 coffees") == ["트럼프", "said", "3", "coffe"]


def test_bigram_analyzer_fallback() -> None:
    assert terms("트럼프의", "bigram") == ["트럼", "럼프", "프의"]
    assert terms("coffee 1,400", "bigram") == ["coffe", "1400"]


def test_import_with_kiwi_threads_writes_the_same_index_as_single_threaded(tmp_path: Path) -> None:
    bodies = ["학교 폭력을 막아 주세요.", "국민연금 개혁이 필요합니다.", "부동산 정책을 바꿔라."] * 4
    lines = [
        {"url": f"https://example.com/{i}", "title": f"청원 {i}번: 최저 임금", "body": text, "lang": "ko"}
        for i, text in enumerate(bodies)
    ]
    lines.append({"url": "https://example.com/same", "title": "같은 글", "body": "같은 글"})  # one text twice
    lines.append({"url": "https://example.com/en", "title": "Coffee prices", "body": "No Hangul here."})
    source = tmp_path / "ko.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), encoding="utf-8")

    def index_terms(threads: int) -> list[tuple[str, bytes, int]]:
        root = tmp_path / f"index-{threads}"
        command = [sys.executable, "-m", "indexer.cli", "import", str(source), "--index", str(root),
                   "--jobs", str(threads), "--batch-size", "5"]
        subprocess.run(command, check=True, capture_output=True, env=dict(os.environ, NEWSARCHIVE_ANALYZER="kiwi"))
        _, index = open_live(root)
        with index.reader() as reader:
            return sorted((f, t, reader.frequency(f, t)) for f, t in reader.all_terms() if f in ("title", "body"))

    single = index_terms(1)
    assert ("body", "폭력".encode(), 4) in single
    assert index_terms(2) == single

