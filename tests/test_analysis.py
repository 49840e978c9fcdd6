from search.analysis import analyze


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
