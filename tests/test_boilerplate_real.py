"""Boilerplate and tails on real pages: the held-out half of bench/boilerplate_real.py's split
by site (the half the shipped model was not fit on), against tests/floors/boilerplate_real.json.

Runs the held-out half only (342 of the 681 pages, about 20 s); skips where ../shared/data is
absent. ``python bench/boilerplate_real.py`` prints the same figures and both halves."""

from __future__ import annotations

from pathlib import Path

import pytest

import floors


@pytest.mark.shared
def test_real_pages_gate(shared_data: Path, update_floors: bool) -> None:
    from provaudit.evaluation import boilerplate as bench

    results = bench.evaluate(shared_data, half="heldout")
    strings = results["trafilatura-eval"]["heldout"].figures()
    gold = results["extraction-benchmark"]["heldout"].figures()
    assert strings["failed"] == 0
    assert gold["failed"] == 0
    measured = {
        "trafilatura_eval_junk_recall": strings["junk_recall"],
        "trafilatura_eval_false_flags": strings["false_flag_rate"],
        "extraction_benchmark_junk_recall": gold["junk_recall"],
        "extraction_benchmark_false_flags": gold["false_flag_rate"],
    }
    failures = floors.check("boilerplate_real", measured, update=update_floors)
    assert not failures, "\n".join(failures)


def test_shipped_model_matches_its_features() -> None:
    """The shipped model loads, names the features the code computes, and scores in [0, 1]."""
    from provaudit.offtopic_model import FEATURES, load_model

    model = load_model()
    assert model.trees
    assert 0 < model.cue_threshold <= model.threshold < 1
    assert all(len(t.feature) == len(t.value) for t in model.trees)
    assert all(max(t.feature) < len(FEATURES) for t in model.trees)
    assert 0.0 <= model.score([0.0] * len(FEATURES)) <= 1.0


def test_compiled_trees_score_as_the_node_arrays_walked() -> None:
    """The trees' sum compiled into expressions (offtopic_model._compiled_sum) gives, to the
    last bit, the sum walked over the node arrays in the same order, on rows that reach every
    leaf side (each feature at, below and above the model's own thresholds); so does a model
    rebuilt by pickle (as workers get it)."""
    import math
    import pickle
    import random

    from provaudit.offtopic_model import FEATURES, load_model

    model = load_model()

    def walked(x: list[float]) -> float:
        z = model.init
        for tree in model.trees:
            node = 0
            while tree.left[node] != -1:
                go_left = x[tree.feature[node]] <= tree.threshold[node]
                node = tree.left[node] if go_left else tree.right[node]
            z += model.rate * tree.value[node]
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    cuts = sorted({t for tree in model.trees for t in tree.threshold})
    values = [c + d for c in cuts for d in (-1e-9, 0.0, 1e-9)]
    rng = random.Random(2026)
    rows = [[rng.choice(values) for _ in FEATURES] for _ in range(500)]
    rebuilt = pickle.loads(pickle.dumps(model))
    for x in rows:
        assert model.score(x) == walked(x)
        assert rebuilt.score(x) == walked(x)


def test_page_structure_evidence_per_paragraph() -> None:
    """Each paragraph of an extraction gets what its page says about it."""
    from trafilatura.utils import load_html

    from provaudit.pagestructure import page_blocks

    body = " ".join(
        f"The council voted on the {w} budget after a long debate about schools and roads."
        for w in ("first", "second", "third", "fourth")
    )
    bodies = [body, body.replace("council", "mayor"), body.replace("roads", "parks")]
    paragraphs = "".join(f"<p>{b}</p>" for b in bodies)
    page = f"""<!doctype html><html><head><title>Council votes</title></head><body>
    <nav class="main-menu"><a href="/">Home</a> <a href="/n">News</a></nav>
    <article class="post-body tag-budget"><h1>Council votes on the budget</h1>{paragraphs}
    </article>
    <aside class="relatedPosts"><ul>
    <li><a href="/a">Storm closes the harbour for a week</a></li>
    <li>Bakery wins a <a href="/b">national prize</a></li>
    </ul></aside></body></html>"""
    lines = [
        "Home News",
        "Council votes on the budget",
        *bodies,
        "- Storm closes the harbour for a week",
        "Bakery wins a national prize",
        "Text the page does not hold",
    ]
    menu, heading, first, _, _, storm, bakery, missing = page_blocks(load_html(page), lines)
    assert first.found
    assert first.inside_main
    assert not first.after_main
    # The article's own classes (tag-budget) name no furniture.
    assert first.link == 0.0
    assert not first.groups
    assert first.container is None
    assert heading.heading == 1.0
    assert heading.inside_main
    assert menu.link == 1.0
    assert "navigation" in menu.groups
    assert not menu.inside_main
    assert storm.link == 1.0
    assert storm.list_item == 1.0
    assert storm.after_main
    assert "related" in storm.groups
    assert storm.container == "<aside class=relatedPosts>"
    assert 0.4 < bakery.link < 0.6
    assert bakery.position > first.position
    assert not missing.found


def test_page_structure_names_the_containers_below_the_article() -> None:
    """Every container between a paragraph's text and the element it shares with the article
    names its furniture, the innermost is the one quoted; those the article is inside do not
    count, inside the article or beside it."""
    from trafilatura.utils import load_html

    from provaudit.pagestructure import page_blocks

    prose = "The council voted on the budget after a long debate about schools and roads. " * 3
    page = f"""<html><body><div class="page-wrapper sidebar-layout">
    <article class="post"><p>{prose}</p><p>{prose.upper()}</p>
    <div class="share-box"><span class="Comments">Leave a reply below</span></div></article>
    <aside class="widget-area"><div id="newsletterSignup"><b>Get our newsletter</b></div></aside>
    </div></body></html>"""
    lines = [prose.strip(), prose.upper().strip(), "Leave a reply below", "Get our newsletter"]
    _, _, reply, newsletter = page_blocks(load_html(page), lines)
    # Inside the article: its own box and span; not the wrapper's "sidebar-layout".
    assert reply.inside_main
    assert reply.groups == frozenset({"share", "comment"})
    assert reply.container == "<span class=Comments>"
    assert newsletter.after_main
    assert newsletter.groups == frozenset({"aside", "promo"})
    assert newsletter.container == "<div id=newsletterSignup>"


def test_page_structure_reaches_containers_past_comments_and_scripts() -> None:
    """A container is read after the walk by its place among its parent's children, which
    counts the comments and scripts the walk passes over."""
    from lxml.html import fromstring  # type: ignore[import-untyped]  # (no stubs)

    from provaudit.pagestructure import page_blocks

    prose = "The council voted on the budget after a long debate about schools and roads. " * 3
    # Parsed by lxml itself: trafilatura's load_html drops comments.
    page = f"""<html><body><div><!-- a comment --><script>var x = 1;</script>
    <article><p>{prose}</p><p>{prose.upper()}</p></article><!-- another --><style>p{{}}</style>
    <aside class="related"><script>y()</script><!-- c --><div class="share">Share it now</div>
    </aside></div></body></html>"""
    tree = fromstring(page)
    lines = [prose.strip(), prose.upper().strip(), "Share it now"]
    *_, share = page_blocks(tree, lines)
    assert share.groups == frozenset({"aside", "related", "share"})
    assert share.container == "<div class=share>"


def test_page_structure_gives_a_tail_to_the_element_around_it() -> None:
    """Text after a child element (its tail) sits in the child's parent, not in the child:
    a footer line after a related-stories box is the footer's, not the box's."""
    from trafilatura.utils import load_html

    from provaudit.pagestructure import page_blocks

    prose = "The council voted on the budget after a long debate about schools and roads. " * 3
    article = [prose, prose.upper(), prose.lower()]
    page = f"""<html><body><article>{"".join(f"<p>{p}</p>" for p in article)}</article>
    <div class="site-footer"><aside class="related"><a href="/x">Another story</a></aside>
    Copyright the town paper</div></body></html>"""
    lines = [p.strip() for p in article] + ["Another story", "Copyright the town paper"]
    *_, story, copyright_line = page_blocks(load_html(page), lines)
    assert story.groups == frozenset({"footer", "aside", "related"})
    assert story.link == 1.0
    assert copyright_line.groups == frozenset({"footer"})
    assert copyright_line.container == "<div class=site-footer>"
    assert copyright_line.link == 0.0
    assert copyright_line.after_main


def test_page_structure_a_single_paragraph_found_has_its_parent_for_article() -> None:
    """With one paragraph found, the article's element is the one around the paragraph's
    first text: a paragraph running on from a short <p> into the text beside it is inside."""
    from trafilatura.utils import load_html

    from provaudit.pagestructure import page_blocks

    prose = "The council voted on the budget after a long debate about schools and roads. " * 3
    page = f"""<html><body><div class="content"><div class="story"><p>Short lead.</p>
    <span>{prose}</span></div><aside>Elsewhere</aside></div></body></html>"""
    (found,) = page_blocks(load_html(page), [f"Short lead. {prose.strip()}"])
    assert found.inside_main
    assert not found.after_main


def test_gold_line_rule_at_its_edges() -> None:
    """EVALUATION.md's line rule, written once (gold_label) for the benchmark's scoring, the
    trees' block labels and the word score's unit labels: under half the words in the gold
    body is junk, at least 90% article, in between and wordless unlabelled."""
    from provaudit.evaluation.boilerplate import gold_label, gold_words, line_labels

    gold = gold_words("The Quick brown fox jumps over a lazy dog")
    assert gold_label("the quick brown fox", gold) == 0
    assert gold_label("quick brown share button", gold) is None  # exactly half: not junk
    assert gold_label("quick share button", gold) == 1
    nine = " ".join(["fox"] * 9 + ["zz"])
    assert gold_label(nine, gold) == 0  # 90%: article
    assert gold_label(" ".join(["fox"] * 8 + ["zz"]), gold) is None  # 89%
    assert gold_label("— · —", gold) is None
    text = "Quick Fox\n\n— ·\nshare button\nfox dog zz"
    assert line_labels(text, gold) == [(0, 9, "article"), (15, 27, "junk"), (28, 38, None)]


_ARTICLE = [
    f"The harbour council voted on the {w} dredging budget after fishermen and ferry "
    "operators asked the council for deeper channels in the old harbour."
    for w in ("first", "second", "third")
]
_BRIEFS = [
    "A bakery on the hill won a national prize for its rye bread and sourdough loaves.",
    "The concert hall reopens with a violin recital after two years of restoration.",
    "The chess club crowned a twelve-year-old champion after a tense final game.",
    "The garden show returns with orchids, tulips and a section for desert cactus.",
]


def test_the_benchmark_scorer_lists_each_tail_page_with_its_window() -> None:
    """bench/boilerplate_real.py --tails-fit: a page with a teaser tail (a trailing run of junk
    lines) gets a row with the window a reported tail must start in, found or not."""
    from provaudit.evaluation.boilerplate import Page, TailRow, score_gold
    from provaudit.model import Span
    from provaudit.normalise import normalise_text
    from provaudit.offtopic import OfftopicAnalysis, OfftopicTail

    doc = normalise_text("\n\n".join(_ARTICLE + _BRIEFS))
    page = Page("extraction-benchmark", "p1", "example.org", b"", gold=" ".join(_ARTICLE))
    first = doc.text.index(_BRIEFS[0])

    def tally_at(start: int | None) -> tuple[int, int, list[TailRow]]:
        tail = None if start is None else OfftopicTail(Span.of(doc.text, start, len(doc.text)), "r")
        tally = score_gold(page, (doc, OfftopicAnalysis((), tail)))
        return tally.tails, tally.tails_found, tally.tail_rows

    tails, found, rows = tally_at(first)
    assert (tails, found) == (1, 1)
    [row] = rows
    second = doc.text.index(_BRIEFS[1])
    assert row.window == (doc.text.index(_ARTICLE[-1]) + len(_ARTICLE[-1]) + 1, second)
    assert (row.start, row.found, row.reason) == (first, True, "r")
    tails, found, rows = tally_at(doc.text.index(_BRIEFS[2]))  # starts too late
    assert (tails, found) == (1, 0)
    tails, found, rows = tally_at(None)
    assert (tails, found) == (1, 0)
    assert rows[0].start is None
    assert rows[0].window is not None
