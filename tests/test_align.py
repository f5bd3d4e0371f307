"""Cross-source alignment: clusters, verdicts, word diffs, reused passages, the index join."""

from __future__ import annotations

import gc
import itertools
import pickle
from array import array
from collections import Counter
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from provaudit import align, ruleset
from provaudit.align import (
    Passage,
    compare,
    index,
    join,
    reference,
    relate_features,
    relate_sources,
    source_features,
)
from provaudit.align import (
    words as align_words,
)
from provaudit.audit import Options, corpus_report
from provaudit.normalise import normalise_text
from provaudit.quotes import extract_quotes
from provaudit.render.terminal import marked_diff, quote_clusters
from provaudit.rules import align as rules

from conftest import CORPUS, seed_text


def sources(**texts: str) -> list[tuple[str, Any, Any]]:
    out = []
    for name, text in texts.items():
        doc = normalise_text(text)
        out.append((name, doc, extract_quotes(doc)))
    return out


def seeds() -> list[tuple[str, Any, Any]]:
    return sources(**{f"s{n}": seed_text(n) for n in ("000", "001", "002", "003", "004")})


def cluster_with(clusters: tuple[dict[str, Any], ...], words: str) -> dict[str, Any]:
    found = [c for c in clusters if any(words in m["text"] for m in c["members"])]
    assert len(found) == 1, found
    return found[0]


def passage(text: str, quoted: bool = True) -> Passage:
    return Passage.of("x", "q1" if quoted else None, text, 0, len(text))


# --- Seeds ---------------------------------------------------------------------------------------


def test_seed_exact_cluster_across_single_and_double_quotes() -> None:
    cluster = cluster_with(relate_sources(seeds()).quote_clusters, "the market is as competitive")
    assert cluster["verdict"] == "exact"
    assert cluster["similarity"] == 1.0
    assert sorted(m["source"] for m in cluster["members"]) == ["s001", "s002"]
    assert all(m["quote"] for m in cluster["members"])


def test_seed_translation_drift_is_one_variant_cluster_with_the_word_diff() -> None:
    cluster = cluster_with(relate_sources(seeds()).quote_clusters, "built on fear, restriction")
    assert cluster["verdict"] == "variant"
    texts = {m["source"]: m["text"] for m in cluster["members"]}
    assert set(texts) == {"s001", "s004"}
    assert any(
        "fear, restrictions, and the notion that a select few should control AI" in m["text"]
        for m in cluster["members"]
    )
    deleted = [t.strip(" ,") for op, t in cluster["diff"] if op == -1]
    inserted = [t.strip(" ,") for op, t in cluster["diff"] if op == 1]
    assert "restriction" in deleted
    assert "restrictions" in inserted
    assert "idea" in deleted
    assert "notion" in inserted
    assert "small group of elites" in deleted
    assert "select few" in inserted
    # The diff keeps the words both give as equal ("fear", "should control AI").
    assert [0, "fear, "] in cluster["diff"]
    a, b = cluster["diff_between"]
    first, second = cluster["members"][a], cluster["members"][b]
    assert "".join(t for op, t in cluster["diff"] if op != 1).strip() in first["text"]
    assert "".join(t for op, t in cluster["diff"] if op != -1).strip() in second["text"]


def test_seed_corpus_report_validates_and_is_deterministic() -> None:
    first = corpus_report(CORPUS, Options())
    second = corpus_report(CORPUS, Options())
    assert first["quote_clusters"] == second["quote_clusters"]
    assert [c["id"] for c in first["quote_clusters"]] == ["c1", "c2"]
    for cluster in first["quote_clusters"]:
        for member in cluster["members"]:
            source = next(s for s in first["sources"] if s["id"] == member["source"])
            if member["quote"] is not None:
                quote = next(q for q in source["quotes"] if q["id"] == member["quote"])
                assert (quote["start"], quote["end"]) == (member["start"], member["end"])


def test_terminal_view_marks_the_diff_inline() -> None:
    text = quote_clusters(corpus_report(CORPUS, Options()))
    assert "c2  variant" in text
    assert "[-idea-] {+notion+}" in text
    assert marked_diff([[0, "a "], [-1, "b "], [1, "c "], [0, "d"]]) == "a [-b-] {+c+} d"


# --- Verdicts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        (
            "the market is as competitive as I have ever seen it",
            "the market is as competitive as I have ever seen it.",
            "exact",
        ),
        ("it’s a ‘big’ deal — really", "it's a 'big' deal - really", "exact"),
        ("The market is as competitive as ever", "the market is as competitive as ever", "minor"),
        ("fear, restriction, and control", "fear, restrictions and control", "minor"),
        (
            "we will win this fight",
            "we will win this fight in the courts and at the ballot box",
            "fragment",
        ),
        ("we will win this fight in court", "we shall win this battle in court", "variant"),
        # Articles and case aside: minor, not a fragment (issue 17).
        ("The negotiations will continue", "negotiations will continue", "minor"),
        ("a vulnerability in human psychology", "vulnerability in human psychology", "minor"),
    ],
)
def test_verdicts(a: str, b: str, verdict: str) -> None:
    result = compare(passage(a), passage(b))
    assert result.verdict == verdict
    assert 0.0 <= result.similarity <= 1.0
    assert compare(passage(b), passage(a)).verdict == verdict


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        # Translation drift: words substituted, most content words kept, in order.
        ("fear, restriction, and the idea that a small group of elites should control AI",
         "fear, restrictions, and the notion that a select few should control AI", True),
        # A shared idiom is not a shared quotation.
        ("There is so much work to do in such a short period of time.",
         "It has been amazing what has been done, in a very short period of time, in Puerto Rico.", False),
        ("I never asked", "I've never been asked to endorse a politician before", False),
        # Two quotations need only the shorter one's content words when it has fewer than
        # LINK_MIN_CONTENT (issue 17: "do not accord with facts").
        ("do not accord with facts", "did not accord with the facts", True),
    ],
)  # fmt: skip
def test_linking(a: str, b: str, same: bool) -> None:
    assert compare(passage(a), passage(b)).linked is same


# --- Short quotes (issue 17) ---------------------------------------------------------------------

# Two outlets' reports of one event: the short quote in each, in a context of shared words.
_EVENT_A = (
    "Senator Blake Farenthold of Texas resigned from Congress on Friday after the ethics "
    "committee inquiry into the settlement. His colleagues called his conduct {q} in "
    "statements about the harassment settlement and the Texas congressman's resignation."
)
_EVENT_B = (
    "The Texas congressman Blake Farenthold left Congress on Friday, weeks into an ethics "
    "committee inquiry over the harassment settlement. Republicans said his conduct was {q} "
    "and welcomed the resignation of the congressman from Texas."
)
_OTHER = (
    "The mayor of Springfield opened a new library branch downtown on Tuesday morning, and "
    "children from the local school read poems. Critics called the budget {q} at a council "
    "meeting where the parks department asked for more money for swimming pools."
)


def _short_clusters(a: str, b: str, frame_b: str = _EVENT_B) -> list[dict[str, Any]]:
    return list(
        align.relate_sources(sources(a=_EVENT_A.format(q=a), b=frame_b.format(q=b))).quote_clusters
    )


def test_short_quotes_cluster_down_to_two_words_in_context() -> None:
    (cluster,) = _short_clusters("“deeply troubling”", "“deeply troubling”")
    assert cluster["verdict"] == "exact"
    (cluster,) = _short_clusters("“a balanced approach”", "“balanced approach”")
    assert cluster["verdict"] == "minor"
    (cluster,) = _short_clusters("“best and final”", "“our best and final offer”")
    assert cluster["verdict"] == "fragment"


def test_short_quotes_need_meaning_not_length() -> None:
    # A stop-word pair says nothing.
    assert _short_clusters("“I will”", "“I will”") == []
    # The same two words about another event are another statement.
    assert _short_clusters("“deeply troubling”", "“deeply troubling”", _OTHER) == []
    # A title clusters with a title only ("Face the Nation" quoted as a show's name).
    assert _short_clusters("“Face the Nation”", "“face the nation”") == []


def test_short_quotes_of_two_named_speakers_stay_apart() -> None:
    a = 'The ethics committee inquiry. "Deeply troubling," Senator Smith said of the settlement.'
    b = 'The ethics committee inquiry. "Deeply troubling," Senator Jones said of the settlement.'
    c = 'The ethics committee inquiry. "Deeply troubling," Smith told reporters of the settlement.'
    assert align.relate_sources(sources(a=a, b=b)).quote_clusters == ()
    assert len(align.relate_sources(sources(a=a, c=c)).quote_clusters) == 1


def test_short_variants_of_one_named_speaker() -> None:
    a = 'China\'s foreign ministry condemned the drill. It was "excessive provocation," Wang Yi said.'
    b = 'Beijing condemned the drill on Monday. "Reckless provocation," Wang Yi told reporters.'
    (cluster,) = align.relate_sources(sources(a=a, b=b)).quote_clusters
    assert cluster["verdict"] == "variant"


def test_a_short_quote_never_bridges_two_statements() -> None:
    first = "we are deeply troubled by the decision of the court today and will appeal"
    second = "the families are deeply troubled that nobody answered their letters for years"
    texts = {
        "a": _EVENT_A.format(q=f"“{first}”"),
        "b": _EVENT_B.format(q=f"“{first}”") + " " + _EVENT_B.format(q=f"“{second}”"),
        "c": _EVENT_A.format(q="“deeply troubled”"),
        "d": _EVENT_A.format(q=f"“{second}”"),
    }
    clusters = align.relate_sources(sources(**texts)).quote_clusters
    # Each quotation is in one cluster, and the two statements are in two.
    seen = [(m["source"], m["start"]) for c in clusters for m in c["members"]]
    assert len(seen) == len(set(seen))
    assert not [c for c in clusters if {first, second} <= {m["text"] for m in c["members"]}]


def test_unquoted_text_needs_a_longer_match() -> None:
    short = "will not be tolerated"
    assert compare(passage(short), passage(short, quoted=False)).linked is False
    long = "we will not allow this harbour to die while I am the mayor of this town"
    assert compare(passage(long), passage(long, quoted=False)).linked is True


# --- Quotes found in other sources' unquoted text; reused passages ----------------------------------

WIRE = (
    "The committee voted on Tuesday to extend the harbour lease for another twenty years, "
    "ending a dispute that had divided the town council since the spring and delayed "
    "repairs to the old quay by several months."
)


def cluster_of_a_and_b(a: str, b: str, words: str) -> dict[str, Any]:
    """The one cluster holding ``words`` when sources ``a`` and ``b`` are related."""
    return cluster_with(relate_sources(sources(a=a, b=b)).quote_clusters, words)


def test_quote_given_without_marks_elsewhere_joins_the_cluster() -> None:
    words = "we will not let the harbour die while this council sits"
    cluster = cluster_of_a_and_b(
        f'The mayor was defiant. "{words.capitalize()}," Okafor said on Tuesday.',
        f"Okafor said {words} and left the room to applause.",
        "harbour die",
    )
    kinds = {m["source"]: m["quote"] for m in cluster["members"]}
    assert kinds["a"] is not None
    assert kinds["b"] is None
    assert cluster["verdict"] in ("exact", "minor")


def test_a_quote_in_copied_text_is_found_where_its_words_are_not_stretched() -> None:
    """Where a copied paragraph holds two quotes, each is looked for where the shared run puts
    it, not in the whole run: the second quote's words ("Wisconsin", "law", "fee", "voter")
    also come earlier in the paragraph, and aligning the quote with the whole of it stretched
    the match over both quotes (news-12k has this paragraph)."""
    paragraph = (
        "Meagan Wolfe, who leads the Wisconsin Elections Commission, said that under state law, "
        '"most of the information in Wisconsin’s voter registration system is public and is '
        'available for purchase." Haas pointed out that the fee is $12,500 for the statewide '
        'file, and "Wisconsin law does not contain any provision for waiving the fee for voter '
        'data."'
    )
    relations = relate_sources(
        sources(
            a=f"The campaign asked for the file.\n\n{paragraph}\n\nThe request was refused.",
            b=f"Voter files cost money in some states.\n\n{paragraph}\n\nNo appeal is planned.",
        )
    )
    for words in ("waiving the fee", "registration system is public"):
        cluster = cluster_with(relations.quote_clusters, words)
        assert [(m["source"], m["quote"] is not None) for m in cluster["members"]] == [
            ("a", True),
            ("b", True),
        ]
        assert cluster["verdict"] == "exact"


def test_a_quote_given_word_for_word_is_found_whole() -> None:
    """The longest common subsequence may take the quote's first word, a stopword, from just
    before the place (the first "the" here) and then drop it as isolated; a quote there word
    for word is that stretch, its first word included."""
    words = "the tax office used unfair criteria to single out the groups for review"
    cluster = cluster_of_a_and_b(
        f'Officials admitted it in May: "{words.capitalize()}," the inspector wrote.',
        f"In the report the {words.removeprefix('the ')} and apologised.",
        "unfair criteria",
    )
    unquoted = [m for m in cluster["members"] if m["quote"] is None]
    assert [m["text"] for m in unquoted] == [words]
    assert cluster["verdict"] == "minor"  # only the capital differs


def test_reused_passage_with_coverage() -> None:
    relations = relate_sources(
        sources(
            a=f"Local news.\n\n{WIRE}\n\nMore on the harbour later this week.",
            b=f"{WIRE}\n\nThe council meets again in June to discuss the budget for the quay.",
        )
    )
    assert len(relations.reused_passages) == 1
    item = relations.reused_passages[0]
    assert item["a"]["source"] == "a"
    assert item["b"]["source"] == "b"
    assert item["a"]["text"] == item["b"]["text"] == WIRE.rstrip(".")
    assert item["words"] >= rules.REUSE_MIN_WORDS
    assert 0 < item["coverage"]["a"] < 1
    assert 0 < item["coverage"]["b"] < 1
    assert relations.quote_clusters == ()


def test_independent_texts_share_nothing() -> None:
    relations = relate_sources(
        sources(
            a='The committee met on Tuesday. "We are pleased," the chair said.',
            b='Heavy rain flooded the valley overnight. "It came fast," a farmer said.',
        )
    )
    assert relations.quote_clusters == ()
    assert relations.reused_passages == ()


# --- The index join -------------------------------------------------------------------------------


def test_a_shingle_in_more_sources_than_the_cap_pairs_none() -> None:
    texts = {f"d{n}": f"Story {n}. {WIRE} Signed, reporter number {n}." for n in range(4)}
    feats = [source_features(k, normalise_text(v).text, []) for k, v in texts.items()]
    with ruleset.using(ruleset.overridden("align", DOCUMENT_FREQUENCY_CAP=3)):
        assert list(align.candidate_runs(sorted(feats, key=lambda f: f.source)).pairs()) == []
    with ruleset.using(ruleset.overridden("align", DOCUMENT_FREQUENCY_CAP=4)):
        pairs = list(align.candidate_runs(sorted(feats, key=lambda f: f.source)).pairs())
    assert len(pairs) == 6  # four sources sharing one passage: every pair of them


def test_features_pickle_and_relate_from_features_only() -> None:
    items = seeds()
    feats = [source_features(name, doc.text, quotes) for name, doc, quotes in items]
    texts: dict[str, str] = {name: doc.text for name, doc, _ in items}
    asked: list[str] = []

    def text_of(source: str) -> str:
        asked.append(source)
        return texts[source]

    restored = pickle.loads(pickle.dumps(feats))
    assert restored == feats
    assert relate_features(restored, text_of) == relate_sources(items)
    # Texts are read only for sources that share something.
    assert "s003" not in asked
    assert "s000" not in asked


def test_features_keep_quotes_in_text_order_whatever_order_they_come_in() -> None:
    """The join finds the quote holding a stretch by walking the quotes in text order."""
    items = seeds()
    shuffled = [(name, doc, tuple(reversed(quotes))) for name, doc, quotes in items]
    feats = [source_features(name, doc.text, quotes) for name, doc, quotes in shuffled]
    for feat in feats:
        assert [(q.start, -q.end) for q in feat.quotes] == sorted(
            (q.start, -q.end) for q in feat.quotes
        )
    assert relate_sources(shuffled) == relate_sources(items)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-6, 6), max_size=30), max_size=6
    )
)
def test_the_index_keeps_exactly_the_repeated_shingles(shingles: list[list[int]]) -> None:
    """The sort, bitmap and candidate sort of _partitions against a plain count (small values
    repeat often, also across the bitmap's low bits; large ones test the sign and high bits),
    and the rows of each partition in order."""
    feats = [
        align.SourceFeatures(
            f"s{n}", len(h), array("q", h), (), array("I", range(len(h))), array("I", [0] * len(h))
        )
        for n, h in enumerate(shingles)
    ]
    counts = Counter(h for hashes in shingles for h in hashes)
    expected = sorted(
        (h, doc, pos)
        for doc, hashes in enumerate(shingles)
        for pos, h in enumerate(hashes)
        if counts[h] > 1
    )
    parts = [
        [(int(h), int(d), int(p)) for h, d, p in zip(*part, strict=True)]
        for part in index._partitions(feats)
    ]
    assert sorted(row for part in parts for row in part) == expected
    # Each partition in hash, source and word order: its task's sort is a pass.
    assert all(part == sorted(part) for part in parts)


@settings(max_examples=80, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.lists(
            st.lists(st.integers(-(2**40), 2**40) | st.integers(-3, 3), min_size=n, max_size=n),
            min_size=1,
            max_size=4,
        )
    )
)
def test_packed_lexsort_is_numpy_lexsort(columns: list[list[int]]) -> None:
    arrays = [np.array(c, dtype=np.int64) for c in columns]
    assert index._lexsort(arrays).tolist() == np.lexsort(arrays).tolist()
    rows = sorted(set(zip(*columns, strict=True)))
    rows = rows[1::2] + rows[::2]  # distinct, out of order
    distinct = [np.array(c, dtype=np.int64) for c in zip(*rows, strict=True)]
    expected = np.lexsort(distinct).tolist()
    assert index._lexsort(distinct, stable=False).tolist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(-2, 2), max_size=40))
def test_stable_argsort_is_numpys(values: list[int]) -> None:
    """Ties are common (small values); large ones test the sign and high bits."""
    array_ = np.array(values, dtype=np.int64)
    ordered, order = index._stable_argsort(array_)
    expected = np.argsort(array_, kind="stable")
    assert order.tolist() == expected.tolist()
    assert ordered.tolist() == array_[expected].tolist()


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 5), max_size=30),
    st.lists(st.integers(0, 5), max_size=90),
)
def test_common_words_is_a_longest_common_subsequence(a: list[int], b: list[int]) -> None:
    """Pairs of equal words, in order on both sides, as many as the textbook table's length.
    Small alphabets make many ties."""
    pairs = align.common_words(a, b)
    assert len(pairs) == reference.lcs_length(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i < k and j < m for (i, j), (k, m) in itertools.pairwise(pairs))


# A few stopwords and enough content words that chance adds little to a shared run.
_LINK_WORDS = ["the", "a", "of", "to", "and", *(f"w{n}" for n in range(40))]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_LINK_WORDS), min_size=1, max_size=60),
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 14)), min_size=1, max_size=3),
    st.lists(st.lists(st.sampled_from(_LINK_WORDS), max_size=10), max_size=3),
    st.booleans(),
)
def test_linked_decides_as_the_rules_do(
    a: list[str], cuts: list[tuple[int, int]], inserts: list[list[str]], unquoted: bool
) -> None:
    """``b`` is pieces of ``a`` with words between (long shared runs, reworded stretches);
    linked's shortcuts never change a decision."""
    b: list[str] = []
    for n in range(max(len(cuts), len(inserts))):
        if n < len(cuts):
            b += a[cuts[n][0] : cuts[n][0] + cuts[n][1]]
        if n < len(inserts):
            b += inserts[n]
    assert align.linked(tuple(a), tuple(b), unquoted) is reference.linked_by_the_rules(
        a, b, unquoted
    )


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_LINK_WORDS), max_size=30),
    st.lists(st.sampled_from(_LINK_WORDS), min_size=4, max_size=12),
    st.lists(st.sampled_from(_LINK_WORDS), max_size=30),
    st.lists(st.sampled_from(_LINK_WORDS), max_size=30),
    st.lists(st.sampled_from(_LINK_WORDS), max_size=30),
    st.booleans(),
)
def test_linked_decides_as_the_rules_do_around_a_shared_run(
    before_a: list[str],
    shared: list[str],
    after_a: list[str],
    before_b: list[str],
    after_b: list[str],
    unquoted: bool,
) -> None:
    """One run in common amid other words: the long-run rule at and around its length."""
    a, b = [*before_a, *shared, *after_a], [*before_b, *shared, *after_b]
    assert align.linked(tuple(a), tuple(b), unquoted) is reference.linked_by_the_rules(
        a, b, unquoted
    )


def _quote_at(first: int, stop: int, kind: str = "quotation") -> align.QuoteFeature:
    return align.QuoteFeature(f"q{first}-{stop}", first, stop, first, stop, kind, (), b"")


def _run_table(pairs: list[tuple[int, int, list[tuple[int, int, int, int]]]]) -> align.RunTable:
    """A run table of these pairs ``(a, b, runs)``."""
    columns: list[list[int]] = [[] for _ in range(9)]
    for a, b, runs in pairs:
        start = len(columns[5])
        for column, value in zip(columns[:5], (a, b, 0, start, start + len(runs)), strict=True):
            column.append(value)
        for run in runs:
            for column, value in zip(columns[5:], run, strict=True):
                column.append(value)
    return align.RunTable(*(np.array(c, dtype=np.int64) for c in columns))


def _source_with(quotes: list[align.QuoteFeature], words: int = 120) -> align.SourceFeatures:
    return align.SourceFeatures("s", words, array("q"), tuple(quotes), array("I"), array("I"))


@pytest.mark.parametrize(
    ("runs", "places"),
    [
        # Three diagonals at one place; the words they cover nest, 6 in all: fewer than
        # TEXT_MIN_WORDS, no place.
        ([(10, 16, 10, 16), (11, 12, 13, 14), (13, 16, 10, 13)], []),
        # Places cut at the other source's start, the longer first, then one after the
        # shorter one ends but before the longer does: one place, words 0 to 65 and the slack.
        ([(5, 20, 0, 15), (30, 45, 0, 15), (40, 45, 60, 65)], [(0, False, 0, (0, 69))]),
        ([(30, 45, 0, 15), (5, 20, 0, 15), (20, 40, 35, 55)], [(0, False, 0, (0, 64))]),
    ],
)
def test_places_where_runs_nest_or_are_cut_at_the_start(
    runs: list[tuple[int, int, int, int]], places: list[tuple[int, bool, int, tuple[int, int]]]
) -> None:
    """The quote (words 5 to 45) carried along each run's diagonal; places that overlap are
    one region, kept when its runs cover TEXT_MIN_WORDS (8) of the quote's words, widened by
    WINDOW_SLACK (4) words (worked by hand from the rules)."""
    current = rules.current()
    assert (current.TEXT_MIN_WORDS, current.WINDOW_SLACK) == (8, 4)
    feats = [_source_with([_quote_at(5, 45)]), _source_with([])]
    assert join._SoughtQuotes(feats).places(_run_table([(0, 1, sorted(runs))])) == places


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 40)), max_size=8),
    st.lists(st.tuples(st.integers(0, 90), st.integers(0, 40)), min_size=1, max_size=6),
)
def test_quoted_share_counts_each_quote_over_the_stretch(
    spans: list[tuple[int, int]], stretches: list[tuple[int, int]]
) -> None:
    """Nested and overlapping quotes, one reaching past the source's last word: the words of
    the stretch inside each quote, counted once per quote holding them."""
    quotes = tuple(_quote_at(f, f + n) for f, n in sorted(spans))
    words = 100
    feats = [align.SourceFeatures("s", words, array("q"), quotes, array("I"), array("I"))]
    quoted = join._QuotedWords(feats)
    for first, length in stretches:
        stop = min(words, first + length)
        first = min(first, stop)
        depth = sum(q.first <= w < q.stop for w in range(first, stop) for q in quotes)
        assert quoted.share(0, first, stop) == depth / max(1, stop - first)


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 30)), max_size=12))
def test_union_size_counts_each_word_once(spans: list[tuple[int, int]]) -> None:
    spans = [(first, first + length) for first, length in spans]
    covered = {w for first, stop in spans for w in range(first, stop)}
    assert join._union_size(spans) == len(covered)


@settings(max_examples=300, deadline=None)
@example("The mayor's “plan” — a new quay — was approved on 3 May, 2024.")
@example("OpenAI的收入是300亿美元, said the CFO of Anthropic公司 today.")
@example("  _under_score_ l'été — 3.5%, x’y’z\n\nend")
@example("3'は x'y")
@example("")
@given(st.text(alphabet="ab é'’_- \n.3公司は", max_size=30))
def test_word_span_is_the_slice_of_all_words(text: str) -> None:
    feat = source_features("x", text, [])
    every = align.words_of(text)
    assert feat.words == len(every)
    assert list(feat.starts) == list(every.starts)
    assert list(feat.ids) == [align_words.key_id(k) for k in every.keys]
    for first in range(len(every)):
        for stop in range(first, len(every) + 1):
            span = feat.word_span(text, first, stop)
            assert span.starts == every.starts[first:stop]
            assert span.ends == every.ends[first:stop]
            assert span.keys == every.keys[first:stop]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab é'’_- \n.3公司は", max_size=40))
def test_word_end_is_where_tokenising_ends_the_word(text: str) -> None:
    """CJK characters split from a run, apostrophes inside words, underscores between."""
    feat = source_features("x", text, [])
    every = align.words_of(text)
    assert [feat.word_end(text, i) for i in range(feat.words)] == list(every.ends)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ab é'’_- \n.3公司", max_size=40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_words_of_a_stretch_in_c_loops_equal_the_word_by_word_loop(
    text: str, start: int, length: int
) -> None:
    """The split path (no CJK in the stretch) against the per-match loop: the same starts,
    ends and keys, wherever the stretch begins and ends."""
    start = min(start, len(text))
    end = min(len(text), start + length)
    assert align.words_of(text, start, end) == align_words.matched_words(text, start, end)


def test_pairs_left_out_before_alignment_hold_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The join's pair filter against none at all: the same relations (seeds, copies of a wire
    story with and without a seed's quote, so that pairs sharing runs without a quote or a
    long enough passage exist and are dropped, and a quote found unquoted in a short run, in
    the earlier and in the later source of a pair)."""
    items = seeds() + sources(
        w1=f'{WIRE} Later, an aide said: "the market is as competitive as I have ever seen it".',
        w2=f"Council notes. {WIRE}",
        w3=f"{WIRE[:120]} unrelated ending about the budget of the quay in June.",
        q1='The mayor was defiant. "We will not let the harbour die while this council sits," '
        "Okafor said on Tuesday.",
        q2="Okafor said we will not let the harbour die while this council sits and left.",
        # The other way round: the quote in the later source of the pair.
        p1="Okafor said the harbour fund will double by the spring of next year and left.",
        p2='"The harbour fund will double by the spring of next year," the mayor said.',
    )
    kept: list[int] = []
    worth = join._SoughtQuotes.worth_aligning

    def counted(self: Any, table: align.RunTable) -> Any:
        keep = worth(self, table)
        kept.extend([int(keep.sum()), len(keep)])
        return keep

    monkeypatch.setattr(join._SoughtQuotes, "worth_aligning", counted)
    filtered = relate_sources(items)
    assert kept[0] < kept[1]  # some pairs were left out
    everything = align.candidate_runs
    monkeypatch.setattr(
        join, "candidate_runs", lambda feats, run, least, wanted: everything(feats, run, least)
    )
    assert relate_sources(items) == filtered
    assert cluster_with(filtered.quote_clusters, "harbour die")
    assert cluster_with(filtered.quote_clusters, "fund will double")
    assert filtered.reused_passages


def test_the_join_pauses_the_collector_and_gives_it_back() -> None:
    items = sources(a=f"{WIRE} One.", b=f"{WIRE} Two.")
    seen: list[bool] = []

    def text_of(source: str) -> str:
        seen.append(gc.isenabled())
        text: str = {name: doc.text for name, doc, _ in items}[source]
        return text

    features = [source_features(name, doc.text, quotes) for name, doc, quotes in items]
    assert gc.isenabled()
    relate_features(features, text_of)
    assert seen
    assert not any(seen)
    assert gc.isenabled()
    gc.disable()
    try:
        relate_features(features, text_of)
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- Properties ------------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "harbour",
        "council",
        "vote",
        "mayor",
        "quay",
        "repair",
        "lease",
        "town",
        "budget",
        "spring",
        "fishermen",
        "tide",
    ]
)
SENTENCES = st.lists(WORDS, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize())


@settings(max_examples=60, deadline=None)
@given(
    shared=SENTENCES,
    a_extra=st.lists(SENTENCES, max_size=4),
    b_extra=st.lists(SENTENCES, max_size=4),
    quote_a=st.booleans(),
    quote_b=st.booleans(),
)
def test_alignment_is_symmetric(
    shared: str, a_extra: list[str], b_extra: list[str], quote_a: bool, quote_b: bool
) -> None:
    a_shared = f'"{shared}," she said.' if quote_a else f"{shared}."
    b_shared = f'"{shared}," he said.' if quote_b else f"{shared}."
    a = " ".join([*a_extra[:2], a_shared, *a_extra[2:]])
    b = " ".join([*b_extra[:2], b_shared, *b_extra[2:]])
    forward = relate_sources(sources(a=a, b=b))
    backward = relate_sources(sources(b=b, a=a))
    assert forward == backward
    for cluster in forward.quote_clusters:
        for member in cluster["members"]:
            text = a if member["source"] == "a" else b
            assert normalise_text(text).text[member["start"] : member["end"]] == member["text"]


def test_big_cluster_takes_the_most_common_wording() -> None:
    common = "we will not let the harbour die while this council sits"
    reworded = "we shall not let the harbour die while this council sits"
    texts = {
        "a": f'"{reworded}," the mayor said on Monday.',
        "b": f'"{common}," the mayor said on Monday.',
        "c": f'"{common}," the mayor said on Monday.',
        "d": f'"{common}," the mayor said on Monday.',
        "e": f'"{reworded}," the mayor said on Monday.',
    }
    with ruleset.using(ruleset.overridden("align", CLUSTER_PAIRWISE_MAX=3)):
        (cluster,) = relate_sources(sources(**texts)).quote_clusters
    assert len(cluster["members"]) == 5
    assert cluster["members"][cluster["canonical"]]["source"] == "b"
    assert cluster["verdict"] == "variant"
    assert [m["verdict"] for m in cluster["members"]] == [
        "variant",
        "exact",
        "exact",
        "exact",
        "variant",
    ]
