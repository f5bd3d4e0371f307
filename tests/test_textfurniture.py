"""The text-furniture score (provaudit.textfurniture) and the labelled page text it is fit on
(provaudit.evaluation.furniture)."""

from __future__ import annotations

import json
from importlib import resources

from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.textfurniture import (
    TEXT_MODEL_FILE,
    TextModel,
    features,
    load_text_model,
    text_model_from_json,
)


def test_features_read_page_text_and_extractions_alike() -> None:
    """The extraction's table bars and list bullets are not words: a row and a list item read
    as their page text does (the score is fit on page text)."""
    assert features("| Weitere Artikel | zum Thema |") == features("Weitere Artikel zum Thema")
    assert features("- Zum Newsletter anmelden") == features("Zum Newsletter anmelden")
    found = features("Weitere Artikel zum Thema 2021:")
    assert "b:weitere artikel" in found
    assert "w:0" in found  # digits folded
    assert "s:artik" in found  # the word's first letters carry inflected forms
    assert "first:weitere" in found
    assert "shape:colon" in found
    assert found == sorted(set(found))


def test_cjk_runs_are_read_as_character_pairs() -> None:
    found = features("相关新闻")
    assert {"w:相关", "w:关新", "w:新闻"} <= set(found)


def test_score_and_evidence_follow_the_weights() -> None:
    model = TextModel(
        bias=-1.0,
        weights={"b:weitere artikel": 2.0, "w:thema": 1.0, "w:rathaus": -2.0},
        about={},
    )
    furniture = model.score("Weitere Artikel zum Thema")
    article = model.score("Der Rat stimmte im Rathaus ab")
    assert furniture > 0.85  # -1 + 2 + 1 = 2 in log-odds
    assert article < 0.1  # -1 - 2 = -3
    assert model.evidence("Weitere Artikel zum Thema") == ["weitere artikel", "thema"]
    assert model.evidence("Der Rat stimmte im Rathaus ab") == []


def test_shipped_text_model_is_small_and_loads() -> None:
    raw = resources.files("provaudit").joinpath("data").joinpath(TEXT_MODEL_FILE).read_bytes()
    assert len(raw) < 1_000_000
    data = json.loads(raw)
    model = text_model_from_json(data)
    assert data["weights"]
    assert list(data["weights"]) == sorted(data["weights"])
    kinds = {name.partition(":")[0] for name in data["weights"]}
    assert kinds <= {"w", "s", "b", "first", "last", "len", "shape"}
    # What it was fit to tell apart: furniture in three languages against article prose.
    furniture = (
        "Weitere Artikel zum Thema",
        "Suscríbete a nuestro newsletter",
        "Alle Angaben ohne Gewähr",
        "Share this article",
    )
    article = (
        "The council voted on the harbour budget after a long debate on Tuesday evening.",
        "Der Stadtrat stimmte am Dienstag nach langer Debatte über den Hafenhaushalt ab.",
    )
    assert min(map(model.score, furniture)) > 0.9
    assert max(map(model.score, article)) < min(map(model.score, furniture))


def test_page_text_blocks_and_labels() -> None:
    """Every block people marked is a sample, leaked into the extraction or not; a table row is
    one block; the benchmark's page text is labelled against its gold body."""
    from provaudit.evaluation.boilerplate import Page
    from provaudit.evaluation.furniture import page_samples, page_text_blocks

    html = """<html><head><title>t</title><script>var x = 1;</script></head><body>
    <nav><a href="/">Home</a> <a href="/n">News</a></nav>
    <article><h1>Council votes on the harbour budget</h1>
    <p>The council voted on the <b>harbour</b> budget after a long debate.</p>
    <table><tr><td>Ferries</td><td>12</td></tr></table></article>
    <div class="share">Share this article</div></body></html>"""
    from trafilatura.utils import load_html

    assert page_text_blocks(load_html(html)) == [
        "Home News",
        "Council votes on the harbour budget",
        "The council voted on the harbour budget after a long debate.",
        "Ferries12",
        "Share this article",
    ]
    strings = Page(
        "trafilatura-eval",
        "p",
        "example.org",
        html.encode(),
        with_=("The council voted on the harbour",),
        without=("Share this", "Not on the page"),
    )
    assert [(s.text, s.label) for s in page_samples(strings)] == [
        ("The council voted on the harbour budget after a long debate.", 0),
        ("Share this article", 1),
    ]
    gold = Page(
        "extraction-benchmark",
        "g",
        "example.org",
        html.encode(),
        gold="Council votes on the harbour budget. The council voted on the harbour budget "
        "after a long debate.",
    )
    labelled = {s.text: s.label for s in page_samples(gold)}
    assert labelled["Home News"] == 1
    assert labelled["Share this article"] == 1
    assert labelled["Council votes on the harbour budget"] == 0


def test_digit_folding_needs_a_digit() -> None:
    """_parts folds digits only when str.isdigit counted one: that skips no fold only while
    every character that \\d matches, in any case, is a digit to str.isdigit (true of every
    code point on this Python; a new Unicode table could change it)."""
    import re
    import sys

    digit = re.compile(r"\d")
    odd = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if not chr(code).isdigit() and digit.search(chr(code).lower())
    ]
    assert odd == []
    # "²" is a digit to str.isdigit, not to \d: counted in the shape, kept as a word.
    assert {"w:²", "w:seite", "shape:digits"} <= set(features("Seite ²"))
    assert "w:0" in features("Seite 12")  # a run of digits folds to one 0


def test_evidence_names_words_not_folded_numbers() -> None:
    """A number pushes the score like any word, but "0" (every number, folded) tells a reader
    nothing: the evidence names words, and without one the phrase claims no words."""
    from provaudit.offtopic import _reads_like_furniture

    model = TextModel(bias=0.0, weights={"w:0": 3.0, "b:0 0": 1.0, "w:read": 1.0}, about={})
    assert model.evidence("Read 12 of 20") == ["read"]
    assert model.evidence("12 20") == []
    assert _reads_like_furniture(0.82, []) == "its text reads like page furniture (0.82)"
    assert _reads_like_furniture(0.9, ["read", "read more"]) == (
        "its words read like page furniture (0.90, 'read', 'read more')"
    )


def _reference_score(model: TextModel, text: str) -> float:
    """The score as it is fit: the bias and the weights of the block's features, summed."""
    import math

    z = model.bias + math.fsum(model.weights.get(f, 0.0) for f in features(text))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


# Words and word pairs the shipped score weighs (every 20th), so that drawn texts hit its
# words, stems and pairs, beside marks, digits, bars, bullets and CJK.
_SHIPPED_TERMS = sorted(f.partition(":")[2] for f in load_text_model().weights if f[0] in "wb")[
    ::20
]
_PIECES = st.sampled_from(
    [
        *_SHIPPED_TERMS,
        "Weitere",
        "ARTIKEL",
        "12",
        "2021:",
        "|",
        "- ",
        "• ",
        "相关新闻",
        "©",
        "»",
        ".",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=0, max_size=30), st.sampled_from([" ", "  ", " | ", "\t"]))
def test_score_is_the_fitted_sum(pieces: list[str], sep: str) -> None:
    """TextModel.score gives, to the last bit, the sum over features() the model was fit on,
    whatever order its set of features comes in."""
    model = load_text_model()
    text = sep.join(pieces)
    assert model.score(text) == _reference_score(model, text)


def test_page_samples_label_what_the_strings_cover() -> None:
    """In a block longer than a unit, a furniture string labels the sentences it covers and an
    article string the whole block; a unit marked both ways is left out (its label is
    unknown); a menu repeated on the page is one sample."""
    from provaudit.evaluation.boilerplate import Page
    from provaudit.evaluation.furniture import page_samples

    filler = " ".join(f"The harbour board met for the {n}th time this year." for n in range(40))
    caption = "Photo: Harbour board press office."
    html = f"""<html><head><title>t</title></head><body>
    <nav><a href="/">Home</a> <a href="/n">News</a></nav>
    <article><p>{filler} {caption} {filler}</p>
    <p>The vote was close and the budget passed.</p></article>
    <footer><a href="/">Home</a> <a href="/n">News</a></footer></body></html>"""
    from provaudit.rules import offtopic as offtopic_rules

    # the long paragraph is cut into sentences
    assert len(filler) * 2 > offtopic_rules.current().SENTENCE_SPLIT_CHARS
    page = Page(
        "trafilatura-eval",
        "p",
        "example.org",
        html.encode(),
        with_=("The vote was close", "the budget passed"),
        without=(caption, "Home News", "The vote was close"),
    )
    samples = [(s.text, s.label) for s in page_samples(page)]
    assert (caption, 1) in samples
    assert [label for text, label in samples if "harbour board met" in text] == []
    assert samples.count(("Home News", 1)) == 1
    # Marked article and furniture at once: no sample.
    assert not any("The vote was close" in text for text, _ in samples)
