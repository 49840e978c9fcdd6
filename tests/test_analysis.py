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


def test_query_mode_emits_no_compounds() -> None:
    assert terms("북미 정상 회담", mode="query") == ["북미", "정상", "회담"]


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


def test_bigram_analyzer_fallback() -> None:
    assert terms("트럼프의", "bigram") == ["트럼", "럼프", "프의"]
    assert terms("coffee 1,400", "bigram") == ["coffe", "1400"]
