"""Attribution and disclosures: the seeds, multilingual fixtures, and the invariants."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.corpus import iter_corpus_sources, load_corpus
from provaudit.model import Document
from provaudit.normalise import normalise_text
from provaudit.provenance import (
    ProvenanceAnalysis,
    analyse_provenance,
    known_outlet,
    outlet_key,
    outlet_slug,
    read_names,
    relate_provenance,
)
from provaudit.text import sentences

from conftest import CORPUS, DATA

Seeds = dict[str, tuple[Document, ProvenanceAnalysis]]

FIXTURES = DATA / "provenance"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    """Each seed's normalised text and provenance analysis, by id prefix ("000" ...)."""
    out = {}
    for source in iter_corpus_sources(load_corpus(CORPUS)):
        doc = normalise_text(source.decoded.text)
        out[source.record.id[:3]] = (doc, analyse_provenance(doc, source.record.outlet))
    return out


def _spans_hold(doc: Document, analysis: ProvenanceAnalysis) -> None:
    spans = [a.span for a in analysis.attributions] + [d.span for d in analysis.disclosures]
    for span in spans:
        assert doc.text[span.start : span.end] == span.text


# --- The seeds -----------------------------------------------------------------------------------


def test_seed_001_names_the_verge_as_having_obtained_the_memo(seeds: Seeds) -> None:
    doc, analysis = seeds["001"]
    [attribution] = analysis.attributions
    assert (attribution.outlet, attribution.role) == ("The Verge", "obtained")
    assert attribution.span.text == "obtained by The Verge"
    assert attribution.evidence == "obtained by"
    assert attribution.basis == "known-outlet"
    # "The document, obtained by The Verge" follows "A four-page internal memo ...".
    assert attribution.document == "memo"
    assert analysis.disclosures == ()
    _spans_hold(doc, analysis)


def test_seed_004_names_the_verge_as_the_outlet_that_exposed_the_memo(seeds: Seeds) -> None:
    doc, analysis = seeds["004"]
    [attribution] = analysis.attributions
    assert attribution.span.text == 'exposed by the foreign media outlet "The Verge"'
    assert (attribution.outlet, attribution.role) == ("The Verge", "first-published")
    assert attribution.evidence == "exposed by the foreign media outlet"
    assert attribution.document == "memo"
    # The manifest's outlet (marsbit) glued to Ukrainian labels is not an attribution.
    assert analysis.disclosures == ()
    _spans_hold(doc, analysis)


def test_seed_002_declares_it_was_machine_written(seeds: Seeds) -> None:
    doc, analysis = seeds["002"]
    assert analysis.attributions == ()
    [disclosure] = analysis.disclosures
    assert disclosure.kind == "machine-written"
    assert disclosure.span.text.startswith("This dispatch was assembled autonomously")
    assert disclosure.span.text.endswith("no human editor intervened.")
    assert "assembled autonomously" in disclosure.evidence
    assert "no human editor intervened" in disclosure.evidence
    assert disclosure.party == "AIDRAN"
    _spans_hold(doc, analysis)


def test_seed_003_promotes_its_own_outlet(seeds: Seeds) -> None:
    doc, analysis = seeds["003"]
    assert analysis.attributions == ()
    kinds = {d.kind for d in analysis.disclosures}
    assert kinds == {"self-promotion"}
    texts = [d.span.text for d in analysis.disclosures]
    assert texts[0].startswith("At Creati.ai, we have closely monitored")
    assert texts[1].startswith("For industry observers at Creati.ai")
    assert texts[2].startswith("At Creati.ai, we remain committed")
    assert {d.party for d in analysis.disclosures} == {"Creati.ai"}
    _spans_hold(doc, analysis)


def test_seed_003_self_promotion_is_found_without_the_manifest_outlet() -> None:
    doc = normalise_text(next(CORPUS.glob("sources/003_*")).read_text(encoding="utf-8"))
    analysis = analyse_provenance(doc, outlet=None)
    assert [d.kind for d in analysis.disclosures] == ["self-promotion"] * 3


def test_seed_000_labels_its_forecast(seeds: Seeds) -> None:
    doc, analysis = seeds["000"]
    assert analysis.attributions == ()
    [disclosure] = analysis.disclosures
    assert disclosure.kind == "generated-forecast"
    assert disclosure.span.text == "Based on current signals. Events may develop differently."
    _spans_hold(doc, analysis)


def test_seeds_relate_to_the_verge_as_primary_source(seeds: Seeds) -> None:
    relations = relate_provenance([(f"s{k}", a) for k, (_, a) in sorted(seeds.items())])
    assert relations.primary_document == "memo"
    assert relations.primary_sources == ("the-verge",)
    [verge] = relations.outlets
    assert verge.name == "The Verge"
    assert verge.roles == ("obtained", "first-published")
    assert verge.named_by == ("s001", "s004")
    assert dict(relations.cites) == {
        "s000": (),
        "s001": ("the-verge",),
        "s002": (),
        "s003": (),
        "s004": ("the-verge",),
    }


# --- Fixtures in several languages ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(k for k in EXPECTED if not k.startswith("_")))
def test_fixture(name: str) -> None:
    expected = EXPECTED[name]
    doc = normalise_text((FIXTURES / name).read_text(encoding="utf-8"))
    analysis = analyse_provenance(doc, expected["outlet"])
    assert [[a.outlet, a.role, a.span.text] for a in analysis.attributions] == expected[
        "attributions"
    ]
    assert [[d.kind, d.span.text] for d in analysis.disclosures] == expected["disclosures"]
    _spans_hold(doc, analysis)


def test_every_fixture_is_listed_in_expected() -> None:
    listed = {k for k in EXPECTED if not k.startswith("_")}
    assert listed == {p.name for p in FIXTURES.glob("*.txt")}


@pytest.mark.parametrize(
    "text",
    [
        "The chief executive told employees to expect cuts.",
        "According to the memo, sales fell.",
        "According to Dresser, the market is changing.",
        "The files were obtained by the FBI last year.",
        "The letter was reviewed by Mattis, said Jim Mattis's aide.",
        'As noted by the fact-checking site, "Fiscal sponsorships are common".',
        "The study used data via Amazon and DingTalk.",
        "A bill sponsored by Senator Smith passed.",
        "The poll's results may differ from actual public opinion by 3 points.",
        '"At Google, we believe in openness," Pichai said.',
    ],
)
def test_no_false_attribution_or_disclosure(text: str) -> None:
    analysis = analyse_provenance(normalise_text(text))
    assert analysis.attributions == ()
    assert analysis.disclosures == ()


# --- Pieces ------------------------------------------------------------------------------------


def test_outlet_names_fold_and_resolve() -> None:
    assert outlet_key('"The Verge"') == outlet_key("the Verge") == "verge"
    assert known_outlet("WSJ") == "The Wall Street Journal"
    assert known_outlet("路透社") == "Reuters"
    assert known_outlet("The AP") == "Associated Press"
    # "The" belongs to "The Information"; "Information" alone is a common word.
    assert known_outlet("The Information") == "The Information"
    assert known_outlet("Information") is None
    assert outlet_slug("The Verge") == "the-verge"
    assert outlet_slug("Коммерсантъ") == "коммерсантъ"


def test_read_names_reads_lists_and_descriptors() -> None:
    text = "according to Reuters, Bloomberg and the newspaper Le Monde."
    names = read_names(text, len("according to"))
    assert [(n.text, n.basis) for n in names] == [
        ("Reuters", "known-outlet"),
        ("Bloomberg", "known-outlet"),
        ("Le Monde", "known-outlet"),
    ]


def test_sentences_skip_abbreviations_and_split_cjk() -> None:
    text = "Mr. Smith met the U.S. team. Then he left! 他走了。她来了。"
    doc = normalise_text(text)
    got = [
        text[s:e] for s, e in sentences(doc.text, doc.paragraphs[0].start, doc.paragraphs[0].end)
    ]
    assert got == ["Mr. Smith met the U.S. team.", "Then he left!", "他走了。", "她来了。"]


def test_relate_is_deterministic_and_ids_are_unique() -> None:
    docs = [
        normalise_text("The memo was obtained by The Verge. According to Reuters, it is real."),
        normalise_text("As first reported by the Verge, a memo leaked. Reuters reported it too."),
    ]
    analyses = [(f"s{i}", analyse_provenance(d)) for i, d in enumerate(docs)]
    first = relate_provenance(analyses).to_json()
    assert relate_provenance(list(analyses)).to_json() == first
    assert [o["id"] for o in first["outlets"]] == ["the-verge", "reuters"]
    assert first["primary_sources"] == ["the-verge"]
    verge = first["outlets"][0]
    assert verge["roles"] == ["obtained", "first-published"]
    assert verge["named_by"] == ["s0", "s1"]


_PIECES = st.sampled_from(
    [
        "obtained by ",
        "according to ",
        "The Verge",
        "the Times",
        "Reuters",
        " reported",
        "\u201c",
        '"',
        "At ",
        ", we ",
        "This article was generated by AI. ",
        "Based on current signals. ",
        "据",
        "路透社",
        "报道",
        "《",
        "》",
        " and ",
        "\n",
        ". ",
        "memo",
        "x",
        " ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_every_span_slices_the_text(raw: str) -> None:
    if not raw.strip():
        return
    doc = normalise_text(raw)
    analysis = analyse_provenance(doc, outlet="Example")
    _spans_hold(doc, analysis)
    for a in analysis.attributions:
        assert a.outlet
        assert a.role in ("obtained", "first-published", "cited")
