"""Quote extraction: marks and apostrophes, kinds, speakers, spans; BASIL recall gate."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.normalise import normalise_text
from provaudit.quotes import Quote, extract_quotes, is_speech, speaker_turn

from conftest import DATA, seed_text

FIXTURES = DATA / "quotes"


def quotes_of(text: str) -> list[Quote]:
    return list(extract_quotes(normalise_text(text)))


def fixture(name: str) -> list[Quote]:
    return quotes_of((FIXTURES / name).read_text(encoding="utf-8"))


def by_text(quotes: list[Quote]) -> dict[str, Quote]:
    return {q.span.text: q for q in quotes}


# --- Seeds ---------------------------------------------------------------------------------------

SEED_IDS = ("000", "001", "002", "003", "004")


@pytest.mark.parametrize("seed", SEED_IDS)
def test_no_seed_quote_starts_or_ends_inside_a_word(seed: str) -> None:
    doc = normalise_text(seed_text(seed))
    for quote in extract_quotes(doc):
        before = doc.text[quote.span.start - 2 : quote.span.start]
        after = doc.text[quote.span.end : quote.span.end + 2]
        # An apostrophe between letters (OpenAI's) must never be taken for a quote mark.
        assert not (len(before) == 2 and before[0].isalpha() and before[1] in "'’"), quote
        assert not (len(after) == 2 and after[0] in "'’" and after[1].isalpha()), quote


def test_possessive_is_not_a_quote_and_the_scare_quote_is_a_term() -> None:
    found = by_text(quotes_of(seed_text("001")))
    assert not any(t.startswith("s CRO") or "CRO pushing" in t for t in found)
    assert found["moat"].kind == "term"


def test_seed_quotes_shared_by_001_and_002() -> None:
    q001 = by_text(quotes_of(seed_text("001")))
    q002 = by_text(quotes_of(seed_text("002")))
    sentence = "the market is as competitive as I have ever seen it"
    assert q001[sentence].kind == "quotation"
    assert q001[sentence].speaker == "Dresser"  # "Dresser writes that '...'"
    assert sentence in q002


def test_seed_quotes_in_chinese_punctuation() -> None:
    found = by_text(quotes_of(seed_text("004")))
    # 按“总额”而非“净额”计入: curly quotes glued to Chinese characters on both sides.
    assert {"总额", "净额"} <= set(found)
    assert "fear, restrictions, and the notion that a select few should control AI" in found


# --- Fixtures ------------------------------------------------------------------------------------


def test_english_marks_cues_and_apostrophes() -> None:
    found = by_text(fixture("english.txt"))
    assert found["We will not let the harbour die,"].speaker == "Mayor Ellen Okafor"
    assert found["This plan is a gift to developers."].speaker == "Tom Reyes"  # told: "
    assert found["the figures do not add up,"].speaker == "the council's own auditor"
    assert found["mistaken a brochure for a business plan"].speaker == "Reyes"  # writes that
    # A quote spanning two sentences is one quote.
    assert "It fed this town for two hundred years. It will feed it for two hundred more." in found
    # Nested: the outer quote keeps its inner one, and the inner one is a quote too.
    outer = "the players' union was never consulted about the 'new deal' it is meant to sign."
    assert found[outer].speaker == "Reyes"  # "... and argues that"
    assert found["new deal"].kind == "term"
    # Apostrophes: players' (plural possessive), members', '90s, rock 'n' roll.
    assert found["rock 'n' roll promises"].kind == "quotation"
    assert "Our members' livelihoods depend on the old quay." in found
    assert not any(t.startswith(("90s", "n'", "s ")) for t in found)
    assert found["game changer"].kind == "term"
    assert found["A Harbour for Everyone"].kind == "title"  # titled "..."


def test_quote_running_over_paragraphs_gives_one_quote_a_paragraph() -> None:
    found = by_text(fixture("english.txt"))
    assert found["I have read every page of it,"].speaker == "Dr. Amara Singh"
    assert "The harbour will still be a harbour." in found
    assert "What changes is who gets to use it, and when." in found


def test_guillemets_and_low_high_quotes() -> None:
    found = by_text(fixture("guillemets_ru.txt"))
    assert found["Мы не позволим гавани умереть"].speaker == "Елена Окафор"  # заявила:
    assert found["Этот план — подарок застройщикам"].speaker == "Том Рейес"  # — сказал ...
    inner = "оптимизм вместо доказательств"
    outer = f"цифры не сходятся, а бюджет опирается на „{inner}“"
    assert found[outer].speaker == "аудитора"  # по словам аудитора
    assert found[inner].kind == "term"


def test_german_quotes_both_ways_round() -> None:
    found = by_text(fixture("german.txt"))
    assert found["Wir lassen den Hafen nicht sterben"].speaker == "Bürgermeisterin Ellen Okafor"
    assert "ein Geschenk an die Bauträger" in found  # »...«


def test_cjk_corner_brackets_and_curly_quotes() -> None:
    found = by_text(fixture("cjk.txt"))
    assert found["我们不会让港口消亡。"].speaker == "市长奥卡福"  # 市长奥卡福说：“...”
    assert {"送给开发商的礼物", "港の未来", "数字が合わない"} <= set(found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said 'no' and left.", ["no"]),
        ("It was the '90s, and rock 'n' roll was everywhere.", []),
        ("The players' union said 'we will strike' on Monday.", ["we will strike"]),
        ('"Who can guarantee you happiness?“ he asked.', ["Who can guarantee you happiness?"]),
        (
            '"One party will tax." \'One party won\'t tax."',
            ["One party will tax.", "One party won't tax."],
        ),
        ("She said: «Oui» and «Non».", ["Oui", "Non"]),
        ("A 5'10\" man and a 6' fence.", []),
    ],
)
def test_pairing_cases(text: str, expected: list[str]) -> None:
    assert [q.span.text for q in quotes_of(text)] == expected


def test_ids_in_text_order_and_stable() -> None:
    text = (FIXTURES / "english.txt").read_text(encoding="utf-8")
    first, second = quotes_of(text), quotes_of(text)
    assert first == second
    assert [q.id for q in first] == [f"q{n}" for n in range(1, len(first) + 1)]
    assert [q.span.start for q in first] == sorted(q.span.start for q in first)


# --- Properties ------------------------------------------------------------------------------------

# Text made mostly of quote marks, apostrophes, cues and breaks: the hard cases.
QUOTEY = st.lists(
    st.sampled_from([*list("ab c.,\n'\"“”‘’«»„‚「」『』s"), "Mr", " said ", "说：", "\n\n"]),
    max_size=120,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), QUOTEY))
def test_any_text_gives_valid_spans(raw: str) -> None:
    doc = normalise_text(raw)
    quotes = extract_quotes(doc)
    for quote in quotes:
        assert doc.text[quote.span.start : quote.span.end] == quote.span.text
        assert quote.span.text == quote.span.text.strip()
        assert quote.kind in ("quotation", "term", "title")
        assert re.search(r"[^\W_]", quote.span.text)
    assert len({q.id for q in quotes}) == len(quotes)


# --- Quality gate --------------------------------------------------------------------------------


@pytest.mark.shared
def test_basil_quote_recall_and_shared_quotes(shared_data: Path, update_floors: bool) -> None:
    from provaudit.align import relate_sources
    from provaudit.evaluation.quotes import (
        basil_corpus,
        pair_recall,
        quote_recall,
        shared_quote_events,
    )

    import floors

    recall = quote_recall(shared_data)
    corpus = basil_corpus(shared_data)
    events = shared_quote_events(shared_data, corpus)
    pairs = pair_recall(corpus[0], corpus[1], relate_sources(corpus[0]).quote_clusters)
    measured = {
        "basil_recall": recall["recall"],
        "basil_recall_as_annotated": recall["recall_as_annotated"],
        "basil_events_with_shared_quote": events["events_with_shared_quote"],
        "basil_clusters_across_events": events["clusters_across_events"],
        "basil_pair_recall": pairs["all"]["recall"],
        "basil_pair_recall_short": pairs["all"]["<=3"]["recall"],
        "basil_pair_recall_mid": pairs["all"]["4-6"]["recall"],
        "basil_pair_recall_long": pairs["all"]["7+"]["recall"],
        "basil_pair_recall_held_out": pairs["held_out_half"]["recall"],
        "basil_near_pairs_called_exact": pairs["all"]["near_pairs_called_exact"],
        "basil_quotations_in_two_clusters": pairs["quotations_in_two_clusters"],
    }
    failures = floors.check("quotes", measured, update=update_floors)
    assert not failures, failures


# --- Transcripts ---------------------------------------------------------------------------------

TRANSCRIPT = """Interview transcript

AMY GOODMAN: Welcome to the show. What happened at the hearing...

DAVID SIROTA: Well, we found that "the money was gone" and then, um... it was over.

AMY GOODMAN: And the memo?

READ MORE: Another story

He added: nothing here."""


def test_speaker_turns_are_quotations_by_their_speaker() -> None:
    quotes = extract_quotes(normalise_text(TRANSCRIPT))
    turns = [(q.speaker, q.span.text) for q in quotes if q.speaker]
    assert turns == [
        ("AMY GOODMAN", "Welcome to the show. What happened at the hearing..."),
        ("DAVID SIROTA", 'Well, we found that "the money was gone" and then, um... it was over.'),
        ("AMY GOODMAN", "And the memo?"),
    ]
    assert all(q.kind == "quotation" for q in quotes)
    # The quote inside a turn is still a quote of its own.
    assert "the money was gone" in {q.span.text for q in quotes}


def test_a_lone_label_line_is_no_transcript() -> None:
    text = "Trump: the deal is done.\n\nThe market rose on Friday after the news."
    assert not [q for q in extract_quotes(normalise_text(text)) if q.speaker == "Trump"]
    assert speaker_turn("READ MORE: this") is None
    assert speaker_turn("He added: that") is None
    assert speaker_turn("JAKE TAPPER, CNN HOST: Good morning.") == ("JAKE TAPPER", 23)
    assert is_speech("TRUMP: we are going to do it...")
