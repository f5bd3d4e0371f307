"""Mixed-language passages: the seed gate, fixtures, units, invariants and the quality gate."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.languages import KINDS, LanguageAnalysis, analyse_languages, clear_caches
from provaudit.normalise import normalise_text

import floors
from conftest import DATA, seed_text

FIXTURES = DATA / "languages"


def analyse(text: str) -> LanguageAnalysis:
    return analyse_languages(normalise_text(text))


def covered(analysis: LanguageAnalysis, text: str, start: int, end: int, lang: str) -> float:
    """Share of the letters of ``text[start:end]`` inside passages labelled ``lang``."""
    letters = [i for i in range(start, end) if text[i].isalpha()]
    inside = {
        i for p in analysis.passages if p.lang == lang for i in range(p.span.start, p.span.end)
    }
    return sum(i in inside for i in letters) / len(letters)


# --------------------------------------------------------------------------- the seed corpus

# Every Chinese and Ukrainian passage of seed 004, read off the file (each occurrence counts).
SEED_004_CHINESE = [
    "更像是一次经过精心设计的对外信号释放",
    "有策略地攻击竞争对手,有意地传递市场叙事,顺带给内部团队打一针鸡血",
    "重磅的一条说",
    "对外宣称的",
    "年化营收被高估了",
    "因为他们把与",
    "的收入分成按",
    "总额",
    "而非",
    "净额",
    "计入",
    "迂回措辞",
    "背后有几重逻辑",
    "底气",
    "道理",
    "确实",
    "宣传",
    "推进",
    "专门负责帮企业落地",
    "反复强调",
    "欧美市场",
    "找不到愿意真正付费的企业客户",
    "沟壑",
    "链捕手",
    "活动图片",
]
SEED_004_UKRAINIAN = [
    "Опубліковано о",
    "Востаннє оновлено о",
    "Анотація",
    "Пов'язані питання",
    "Пов'язані матеріали",
    "год тому",
    "Торгівля",
    "Спот",
    "Ф'ючерси",
]


@pytest.fixture(scope="module")
def seed_004() -> tuple[str, LanguageAnalysis]:
    doc = normalise_text(seed_text("004"))
    return doc.text, analyse_languages(doc)


@pytest.mark.parametrize(
    ("expected", "lang"),
    [(t, "zh") for t in SEED_004_CHINESE] + [(t, "uk") for t in SEED_004_UKRAINIAN],
)
def test_seed_004_every_chinese_and_ukrainian_passage_found(
    seed_004: tuple[str, LanguageAnalysis], expected: str, lang: str
) -> None:
    text, analysis = seed_004
    occurrences = [m.start() for m in re.finditer(re.escape(expected), text)]
    assert occurrences, f"{expected!r} is not in seed 004"
    for start in occurrences:
        assert covered(analysis, text, start, start + len(expected), lang) == 1.0, (
            f"{expected!r} at {start} not flagged as {lang}"
        )


def test_seed_004_flags_nothing_but_chinese_and_ukrainian(
    seed_004: tuple[str, LanguageAnalysis],
) -> None:
    _, analysis = seed_004
    assert analysis.main_language == "en"
    assert {p.lang for p in analysis.passages} == {"zh", "uk"}
    # The English around the residue stays English: no passage is mostly Latin letters.
    for p in analysis.passages:
        latin = sum(1 for c in p.span.text if c.isascii() and c.isalpha())
        assert latin * 2 < len(p.span.text), p


def test_seed_004_clause_with_punctuation_is_one_passage(
    seed_004: tuple[str, LanguageAnalysis],
) -> None:
    _, analysis = seed_004
    clause = "更像是一次经过精心设计的对外信号释放。有策略地攻击竞争对手,有意地传递市场叙事,顺带给内部团队打一针鸡血"
    matches = [p for p in analysis.passages if p.span.text == clause]
    assert len(matches) == 1
    assert matches[0].lang == "zh"
    assert matches[0].kind == "fragment"


def test_seed_004_glued_header_and_chrome_lines(seed_004: tuple[str, LanguageAnalysis]) -> None:
    _, analysis = seed_004
    by_text = {p.span.text: p for p in analysis.passages}
    header = by_text[
        "Опубліковано о 2026-04-14Востаннє оновлено о"
    ]  # one passage, "marsbit" left out
    assert (header.lang, header.script, header.kind) == ("uk", "Cyrillic", "line")
    assert by_text["活动图片"].kind == "line"
    assert by_text["底气"].kind == "fragment"


@pytest.mark.parametrize("stem", ["000", "001", "002", "003"])
def test_english_seeds_flag_nothing(stem: str) -> None:
    analysis = analyse(seed_text(stem))
    assert analysis.main_language == "en"
    assert analysis.passages == ()


# --------------------------------------------------------------------------------- fixtures


def test_english_with_short_headings_and_foreign_names_flags_nothing() -> None:
    analysis = analyse((FIXTURES / "english_headings.txt").read_text(encoding="utf-8"))
    assert analysis.main_language == "en"
    assert [p.span.text for p in analysis.passages] == []


def test_mixed_fixture_every_passage_found_with_its_language() -> None:
    expected = json.loads((FIXTURES / "mixed.json").read_text(encoding="utf-8"))
    doc = normalise_text((FIXTURES / "mixed.txt").read_text(encoding="utf-8"))
    analysis = analyse_languages(doc)
    assert analysis.main_language == expected["main_language"]
    for item in expected["passages"]:
        start = doc.text.index(item["text"])
        share = covered(analysis, doc.text, start, start + len(item["text"]), item["lang"])
        assert share >= 0.9, f"{item['text']!r}: {share:.2f} of its letters flagged {item['lang']}"
    # ... and nothing else: every passage lies inside an expected one.
    spans = [
        (doc.text.index(item["text"]), doc.text.index(item["text"]) + len(item["text"]))
        for item in expected["passages"]
    ]
    for p in analysis.passages:
        assert any(s <= p.span.start and p.span.end <= e for s, e in spans), p


# ------------------------------------------------------------------------------------ units

ENGLISH = (
    "The committee published its annual report on Thursday. Members said the budget had been "
    "balanced for the first time in a decade, although several projects were delayed until "
    "next year because of rising costs and a shortage of engineers."
)


@pytest.mark.parametrize(
    "heading",
    ["Neutral", "Noise Level", "Timeline", "Deep Dive", "Wire methodology", "Key Points", "Sides"],
)
def test_short_english_headings_never_flagged(heading: str) -> None:
    analysis = analyse(f"{heading}\n\n{ENGLISH}\n\n{heading}\n\n{ENGLISH}")
    assert analysis.main_language == "en"
    assert analysis.passages == ()


@pytest.mark.parametrize("word", ["底气", "道理", "确实", "面子"])
def test_two_character_chinese_fragments_found(word: str) -> None:
    for text in (f"We have {word} to say so. {ENGLISH}", f"We have{word} to say so. {ENGLISH}"):
        analysis = analyse(text)
        [p] = analysis.passages
        assert (p.span.text, p.lang, p.script, p.kind) == (word, "zh", "Han", "fragment")


def test_adjacent_pieces_separated_by_punctuation_and_digits_are_merged() -> None:
    analysis = analyse(
        f"{ENGLISH} The report said 营收为300亿，同比增长12%，利润下降。 Then it ended."
    )
    [p] = analysis.passages
    assert p.span.text == "营收为300亿，同比增长12%，利润下降"
    assert p.lang == "zh"


def test_name_inside_a_chinese_clause_joins_it() -> None:
    analysis = analyse(f"{ENGLISH} Critics noted 他们把与Amazon和Google的收入计入 the total.")
    [p] = analysis.passages
    assert p.span.text == "他们把与Amazon和Google的收入计入"


def test_passages_in_different_languages_stay_apart() -> None:
    analysis = analyse(f"{ENGLISH}\n\n链捕手1 год тому\n\n{ENGLISH}")
    [chinese, cyrillic] = analysis.passages
    assert (chinese.span.text, chinese.lang, chinese.kind) == ("链捕手", "zh", "line")
    # No letter tells Russian from Ukrainian here: the profiles decide, among those two.
    assert (cyrillic.span.text, cyrillic.kind) == ("год тому", "line")
    assert cyrillic.lang in ("ru", "uk")


def test_cyrillic_letters_decide_and_the_document_narrows_a_bare_label() -> None:
    analysis = analyse(f"{ENGLISH}\n\nТоргівля\n\nСпот\n\n{ENGLISH}")
    got = {p.span.text: (p.lang, p.evidence) for p in analysis.passages}
    assert got == {"Торгівля": ("uk", "letters"), "Спот": ("uk", "letters")}


def test_a_long_run_keeps_its_own_language_beside_chrome_in_another() -> None:
    analysis = analyse(f"{ENGLISH}\n\nТоргівля\n\n{ENGLISH} He wrote «Это было очень сложно» then.")
    got = {p.span.text: p.lang for p in analysis.passages}
    assert got == {"Торгівля": "uk", "Это было очень сложно": "ru"}


def test_scripts_of_one_language_are_labelled_by_script() -> None:
    analysis = analyse(
        f"{ENGLISH} The sign read 맛있는 음식 and the menu said Καλή όρεξη, while the label "
        f"said שלום עולם and the poster 夜市の成功を祈ります."
    )
    got = [(p.lang, p.script) for p in analysis.passages]
    assert got[:3] == [("ko", "Hangul"), ("el", "Greek"), ("he", "Hebrew")]
    assert got[3][0] == "ja"  # kana decide; the script is whichever has most letters
    assert got[3][1] in ("Han", "Hiragana")


@pytest.mark.parametrize(
    ("sentence", "fragment", "lang"),
    [
        (
            "The mayor called the plan una solución temporal and moved on.",
            "una solución temporal",
            "es",
        ),
        (
            "Residents wrote “wij willen geen nieuwe snelweg” on the banners.",
            "wij willen geen nieuwe snelweg",
            "nl",
        ),
        (
            "The sign on the door said (geschlossen wegen Umbau) all week.",
            "geschlossen wegen Umbau",
            "de",
        ),
        ("The spokesman described the deal as obrigatório for every member.", "obrigatório", "pt"),
        ("The minister said the reforms were nécessaires before the vote.", "nécessaires", "fr"),
    ],
)
def test_latin_fragments_inside_english_found_by_their_words(
    sentence: str, fragment: str, lang: str
) -> None:
    analysis = analyse(f"{ENGLISH} {sentence} {ENGLISH}")
    [p] = analysis.passages
    assert (p.span.text, p.lang, p.script, p.kind) == (fragment, lang, "Latin", "fragment")
    assert p.evidence == "lexicon"


def test_a_single_foreign_word_on_its_own_line_is_chrome() -> None:
    analysis = analyse(f"{ENGLISH}\n\nAktualności\n\n{ENGLISH}")
    [p] = analysis.passages
    assert (p.span.text, p.lang, p.kind) == ("Aktualności", "pl", "line")


@pytest.mark.parametrize(
    "sentence",
    [
        # Rare English words that are common words of another language (pt, id, it).
        "Farmers grew legumes, and doctors treated tetanus near the statue of eros.",
        # Names and their particles.
        "Osama bin Laden was killed in 2011. Ursula von der Leyen spoke; Kim Jong-un did not.",
        "Later, von der Leyen left. Photo: Charles Dharapak/AP.",
        # Hyphenated English compounds, and the parts of an address.
        "The quasi-judicial board moved to de-escalate, the statement on example.com/kzV said.",
    ],
)
def test_rare_english_words_names_and_addresses_are_not_foreign(sentence: str) -> None:
    analysis = analyse(f"{ENGLISH} {sentence}\n\nLegumes\n\n{ENGLISH}")
    assert analysis.main_language == "en"
    assert [p.span.text for p in analysis.passages] == []


def test_word_lists_load_without_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """wordfreq ships its lists: loading them opens no connection."""
    import socket

    from provaudit import languages

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(languages, "_LEXICON", None)
    clear_caches()
    analysis = analyse(f"{ENGLISH} Residents wrote “wij willen geen nieuwe snelweg” on it.")
    assert [p.lang for p in analysis.passages] == ["nl"]


def test_main_language_other_than_english() -> None:
    german = (
        "Der Stadtrat hat am Montag über den Haushalt für den Nachtmarkt beraten. Viele Händler "
        "sagten, die Gebühren seien zu hoch, und die Verwaltung solle den Plan noch einmal prüfen."
    )
    analysis = analyse(f"{german} Ein Beamter nannte ihn ein 面子工程. {german}")
    assert analysis.main_language == "de"
    assert [(p.span.text, p.lang) for p in analysis.passages] == [("面子工程", "zh")]


def test_too_few_letters_decide_nothing() -> None:
    assert analyse("Timeline") == LanguageAnalysis(None, ())
    assert analyse("2026-04-14 12:00 — 3 %") == LanguageAnalysis(None, ())


def test_deterministic() -> None:
    text = (FIXTURES / "mixed.txt").read_text(encoding="utf-8")
    first = analyse(text)
    assert analyse(text) == first
    clear_caches()
    assert analyse(text) == first
    assert json.dumps(first.to_json(), ensure_ascii=False) == json.dumps(
        analyse(text).to_json(), ensure_ascii=False
    )


def test_confidence_is_rounded_and_in_range() -> None:
    for p in analyse((FIXTURES / "mixed.txt").read_text(encoding="utf-8")).passages:
        assert 0.0 <= p.confidence <= 1.0
        assert round(p.confidence, 4) == p.confidence


# ------------------------------------------------------------------------------- invariants

ALPHABET = st.one_of(
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
    st.sampled_from(
        list("abc XYZ.,;!?\n\t-'’“”«»()[]0123456789")
        + list("底气道理Опубліковано Торгівля ыэё і ї")
        + list("\u0301\u0308\u05b8\u064b")  # combining marks
        + list("שלוםمرحبا\u200f\u200e\u202e")  # right-to-left letters and marks
        + list("𠀀𝔘🙂𓀀")  # astral
        + list("カタカナひらがな한국어Καλή")
    ),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=300).map("".join))
def test_spans_always_index_the_text(raw: str) -> None:
    doc = normalise_text(raw)
    analysis = analyse_languages(doc)
    previous_end = 0
    for p in analysis.passages:
        s = p.span
        assert doc.text[s.start : s.end] == s.text
        assert previous_end <= s.start < s.end
        previous_end = s.end
        assert unicodedata.category(s.text[0])[0] in "LM"
        assert unicodedata.category(s.text[-1])[0] in "LM"
        assert re.fullmatch("[a-z]{2}", p.lang)
        assert p.kind in KINDS
        assert 0.0 <= p.confidence <= 1.0
    assert analysis.main_language is None or re.fullmatch("[a-z]{2}", analysis.main_language)


# ----------------------------------------------------------------------------- quality gate


@pytest.mark.shared
def test_quality_gate_on_held_out_half(shared_data: Path, update_floors: bool) -> None:
    """bench/languages.py's held-out evaluation, against the floors in tests/floors."""
    from provaudit.evaluation import languages as bench

    docs = bench.build_dataset(shared_data / "multilingual", "test")
    news = shared_data / "news-12k" / "articles.jsonl.gz"
    if news.is_file():
        docs += bench.build_news_controls(news, "test")
    figures = bench.evaluate(docs)
    measured = {
        "span_f1": figures["span_f1"],
        "span_precision": figures["span_precision"],
        "span_recall": figures["span_recall"],
        "inline_fragment_recall": figures["inline_fragment_recall"],
        "control_false_alarm_rate": figures["control_false_alarm_rate"],
        "recall_sentence": figures["recall_by"]["sentence"],
        "recall_line": figures["recall_by"]["line"],
        "recall_non_latin": figures["recall_by"]["script:non_latin"],
        "inline_fragment_recall_latin": figures["recall_by"]["inline_fragment:latin"],
    }
    failures = floors.check("languages", measured, update=update_floors)
    if figures["news_controls"]:  # real English news, where ../shared/data has it
        failures += floors.check(
            "languages_news",
            {"news_control_false_alarm_rate": figures["news_control_false_alarm_rate"]},
            update=update_floors,
        )
    assert not failures, "\n".join(failures)


def test_the_stored_script_classes_are_what_the_tables_give() -> None:
    """The letter classes the detector uses, read from the cache (lexicon.cached, keyed by the
    Unicode version and the tables), are what the tables give now."""
    from provaudit.rules import languages as rules

    stored = rules.script_classes()
    assert (stored["letters"], stored["inside"]) == (rules._CLASSES, rules._INSIDE)
