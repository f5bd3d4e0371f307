"""Figures: values and units in several scripts, bounds, dates; checks across sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.figures import (
    Figure,
    check_figures,
    extract_figures,
    figure_features,
    parse_number,
    relation,
    values_agree,
)
from provaudit.model import Span
from provaudit.normalise import normalise_text

from conftest import DATA, seed_text


def figures_of(text: str) -> list[Figure]:
    return list(extract_figures(normalise_text(text)))


def by_text(figures: list[Figure]) -> dict[str, Figure]:
    return {f.span.text: f for f in figures}


# --- Seeds ---------------------------------------------------------------------------------------


def test_seed_004_states_both_figures_in_both_scripts() -> None:
    found = figures_of(seed_text("004"))
    money = {(f.span.text, f.value, f.unit) for f in found if f.kind == "money"}
    assert ("$30 billion", 3e10, "USD") in money
    assert ("$300亿", 3e10, "USD") in money  # 亿 = 10^8
    assert ("$8 billion", 8e9, "USD") in money
    assert ("$80亿", 8e9, "USD") in money
    nine = by_text(found)["nine-figure"]
    assert (nine.value, nine.bound) == (1e8, "at_least")


def test_seed_002_and_004_agree_on_anthropics_revenue() -> None:
    items = []
    for name in ("001", "002", "004"):
        doc = normalise_text(seed_text(name))
        items.append((name, doc, extract_figures(doc)))
    checks = [c for c in check_figures(items) if c.kind == "money" and 3e10 in c.values]
    assert len(checks) == 1
    check = checks[0]
    assert check.agree is True
    assert check.verdict == "agree"
    assert {m["source"] for m in check.members} == {"002", "004"}
    assert check.values == (3e10,)
    # 004 also states $8 billion next to the same words: it must not be read as a disagreement.
    assert all(m["value"] == 30000000000 for m in check.members)
    # ... and its Chinese "$300亿年化营收" is the same revenue, in the same check.
    assert "$300亿" in {m["text"] for m in check.members if m["source"] == "004"}
    assert "figure" in check.context
    assert check.to_json()["about"] == "anthropic's revenue figure"
    assert "revenue" in check.subject.split(" / ")


# --- Fixture -------------------------------------------------------------------------------------


def test_fixture_forms() -> None:
    found = by_text(figures_of((DATA / "quotes" / "figures.txt").read_text(encoding="utf-8")))
    expected = {
        "30 billion dollars": ("money", 3e10, "USD", "exact"),
        "$30B": ("money", 3e10, "USD", "exact"),
        "30 млрд долларов": ("money", 3e10, "USD", "exact"),
        "300亿美元": ("money", 3e10, "USD", "exact"),
        "four-page": ("count", 4, "page", "exact"),
        "nine-figure": ("money", 1e8, None, "at_least"),
        "12.5%": ("percent", 12.5, "percent", "exact"),
        "$5 million": ("money", 5e6, "USD", "about"),
        "2.5 percentage points": ("percent", 2.5, "percentage point", "exact"),
        "1,200 residents": ("count", 1200, "resident", "at_least"),
        "3.5 million euros": ("money", 3.5e6, "EUR", "exact"),
    }
    for text, (kind, value, unit, bound) in expected.items():
        fig = found[text]
        assert (fig.kind, fig.value, fig.unit, fig.bound) == (kind, value, unit, bound), text
    dates = {f.span.text: f.iso for f in found.values() if f.kind == "date"}
    assert (
        dates["April 14, 2026"] == dates["2026年4月14日"] == dates["14 апреля 2026"] == "2026-04-14"
    )
    assert dates["June 2026"] == "2026-06"
    assert dates["May 12"] == "--05-12"


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("It cost 30 млрд last year.", 3e10, None),
        ("Выручка составила 30 млрд руб. за год.", 3e10, "RUB"),
        ("Der Umsatz lag bei 2,5 Mrd. Euro.", 2.5e9, "EUR"),
        ("Revenue hit ¥300亿 in China.", 3e10, "CNY"),
        ("The ticket cost ¥3,000 in Tokyo.", 3000, "JPY"),
        ("A €2.5bn deal.", 2.5e9, "EUR"),
        ("About £40m was spent.", 4e7, "GBP"),
        ("营收增长了百分之五。", 5, "percent"),
        ("Unemployment rose to 4,5 % in May.", 4.5, "percent"),
    ],
)
def test_forms_in_other_languages(text: str, value: float, unit: str | None) -> None:
    found = [f for f in figures_of(text) if f.kind != "date"]
    assert found
    assert found[0].value == pytest.approx(value)
    assert found[0].unit == unit


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1,234.5", 1234.5, 0.1),
        ("1.234.567", 1234567, 1),
        ("30,5", 30.5, 0.1),
        ("1 234", 1234, 1),
        ("３０", 30, 1),
        ("twenty-five", 25, 1),
        ("one hundred", 100, 1),
    ],
)
def test_parse_number(text: str, value: float, precision: float) -> None:
    assert parse_number(text) == pytest.approx((value, precision))


def test_not_figures() -> None:
    found = figures_of("Layer 2 networks and Q2 results; one of the two; May I ask? in the 1990s.")
    assert [f.span.text for f in found if f.kind in ("count", "money")] == []


# --- Agreement -----------------------------------------------------------------------------------


def fig(value: float, precision: float = 1.0, bound: str = "exact") -> Figure:
    return Figure(Span.of("x", 0, 1), value, "USD", "money", bound, None, precision)


def test_values_agree_to_the_precision_written() -> None:
    assert values_agree(fig(3e10, 1e9), fig(3.04e10, 1e8))  # "$30 billion" vs "$30.4 billion"
    # "$30 billion" is one significant digit: it may round $31 billion (by ROUND_SHARE), not $34.
    assert values_agree(fig(3e10, 1e9), fig(3.1e10, 1e8))
    assert not values_agree(fig(3e10, 1e9), fig(3.4e10, 1e8))
    assert not values_agree(fig(3.5e10, 1e8), fig(3.6e10, 1e8))
    assert values_agree(fig(1e8, 1e8, "at_least"), fig(2.5e8, 1e7))  # nine-figure
    assert not values_agree(fig(1e8, 1e8, "at_least"), fig(5e7, 1e7))
    assert values_agree(fig(1e8, 1e6, "about"), fig(9.6e7, 1e5))  # "nearly $100 million"


def test_disagreement_is_flagged() -> None:
    items = []
    for name, text in (
        ("a", "Anthropic reported annualized revenue of $30 billion, the filing shows."),
        # Near enough to be one quantity reported differently (DISAGREE_MAX_RATIO).
        ("b", "Anthropic reported annualized revenue of $28 billion, the filing shows."),
    ):
        doc = normalise_text(text)
        items.append((name, doc, extract_figures(doc)))
    (check,) = check_figures(items)
    assert check.agree is False
    assert check.values == (2.8e10, 3e10)
    assert check.to_json()["members"][0]["source"] == "a"


def test_checks_do_not_depend_on_source_order() -> None:
    items = []
    for name in ("002", "004", "001"):
        doc = normalise_text(seed_text(name))
        items.append((name, doc, extract_figures(doc)))
    assert check_figures(items) == check_figures(list(reversed(items)))


# --- Properties ------------------------------------------------------------------------------------

NUMBERY = st.lists(
    st.sampled_from(
        ["$", "30", " ", "billion", "亿", "млрд", ",", ".", "5", "%", "four", "-", "page",
         "May", "2026", "年", "月", "日", "about ", "dollars", "€", "\n"]
    ),
    max_size=60,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), NUMBERY))
def test_any_text_gives_valid_figures(raw: str) -> None:
    doc = normalise_text(raw)
    figures = extract_figures(doc)
    for f in figures:
        assert doc.text[f.span.start : f.span.end] == f.span.text
        assert f.kind in ("money", "percent", "count", "duration", "date")
    feats = figure_features("x", doc.text, figures)
    assert len(feats.contexts) == len(figures)


# --- Speed-ups keep the regexes' answers -------------------------------------------------------

_DATE_PIECES = st.sampled_from(
    [
        "April",
        "may",
        "Sept.",
        "sept",
        "Wilmar",
        "марта",
        "14",
        "2026",
        "3",
        " ",
        "  ",
        ".",
        ",",
        "x",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_PIECES, max_size=12).map("".join))
def test_month_first_dates_are_found_where_finditer_finds_them(text: str) -> None:
    from provaudit import figures

    assert figures._MONTH_FIRST, "the month-first date patterns are no longer recognised"
    starts = figures._month_starts(text)
    for i in figures._MONTH_FIRST:
        pattern = figures._DATES[i]
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in figures._matches_at(pattern, text, starts)] == expected


# --- Figures as claims: what they count, bounds, ranges, granularity ----------------------------


def test_a_figure_carries_what_it_counts() -> None:
    found = by_text(figures_of("About 100 people were injured and at least 84 killed on Friday."))
    assert found["100 people"].counts == "injured"
    assert found["100 people"].bound == "about"
    assert found["84 killed"].counts == "killed"
    assert found["84 killed"].bound == "at_least"
    assert (
        by_text(figures_of("It put a valuation of $30 billion on the firm."))["$30 billion"].counts
        == "valuation"
    )
    assert (
        by_text(figures_of("They made $5 million in revenue last year."))["$5 million"].counts
        == "revenue"
    )
    assert by_text(figures_of("称其$300亿年化营收被高估了。"))["$300亿"].counts == "年化营收"


def test_ranges_and_granularity() -> None:
    span = by_text(figures_of("His net worth is between $19 and $22 million, filings say."))
    worth = span["between $19 and $22 million"]
    assert (worth.bound, worth.value, worth.high) == ("range", 19e6, 22e6)
    assert worth.to_json()["high"] == 22000000
    women = by_text(figures_of("Estimates run from 500,000 to 1.6 million women."))
    assert (
        women["from 500,000 to 1.6 million"].value,
        women["from 500,000 to 1.6 million"].high,
    ) == (
        5e5,
        1.6e6,
    )
    dates = by_text(figures_of("It began in November 2015 and peaked on Nov. 13, 2015, in 2015."))
    assert dates["November 2015"].granularity == "month"
    assert dates["Nov. 13, 2015"].to_json()["granularity"] == "day"


@pytest.mark.parametrize(
    ("a", "b", "verdict"),
    [
        ("at least 84 people died", "84 people died", "agree"),
        ("in November 2015 the", "on Nov. 13, 2015 the", "agree"),
        ("about 60,000 jobs", "more than 60,000 jobs", "compatible"),
        ("$43 million in taxes", "$43,885,310 in taxes", "agree"),  # truncated, 2 digits kept
        ("$700 billion cut", "$716 billion cut", "agree"),  # rounded
        ("50,000 pages", "55,000 pages", "disagree"),  # one digit: rounded only
        ("$3.5 billion from", "$3.6 billion from", "disagree"),
        ("50 people killed", "49 people killed", "disagree"),  # small counts are as written
        ("from 500,000 to 1.6 million women", "1.5 million women", "agree"),
        ("in June 2016 the", "on Oct. 3, 2016 the", "disagree"),
    ],
)
def test_values_compare_as_intervals(a: str, b: str, verdict: str) -> None:
    fa, fb = figures_of(a)[0], figures_of(b)[0]
    assert relation(fa, fb) == relation(fb, fa) == verdict
    assert values_agree(fa, fb) is (verdict != "disagree")


def _check(*texts: str) -> list[Any]:
    items = []
    for n, text in enumerate(texts):
        doc = normalise_text(text)
        items.append((f"s{n}", doc, extract_figures(doc)))
    return list(check_figures(items))


def test_a_check_groups_only_figures_about_the_same_thing() -> None:
    # The case: a check about "killed" took in "About 100 people were injured".
    checks = _check(
        "In the Paris attacks 130 people were killed, officials said on Saturday.",
        "About 100 people were injured in the Paris attacks, officials said on Saturday.",
    )
    assert checks == []
    agreeing = _check(
        "In the Paris attacks at least 129 people were killed, officials said on Saturday.",
        "In the Paris attacks 130 people were killed, officials said on Saturday.",
    )
    assert len(agreeing) == 1
    assert agreeing[0].verdict == "agree"
    assert agreeing[0].subject == "killed"


def test_a_disagreement_is_one_quantity_reported_differently() -> None:
    checks = _check(
        "Jackson spent $5,687.75 on the Martha's Vineyard Holistic Retreat, records show.",
        "Jackson spent $5,587.75 on a Martha's Vineyard Holistic Retreat vacation, records show.",
    )
    assert [c.verdict for c in checks] == ["disagree"]
    assert checks[0].agree is False
    # Figures of one topic several times apart are different quantities, not a dispute.
    apart = _check(
        "Trump demanded $5.7 billion for the border wall from Congress on Friday.",
        "Congress granted $1.375 billion for the border wall on Friday.",
    )
    assert all(c.verdict != "disagree" for c in apart)


# --- Quality gate --------------------------------------------------------------------------------


@pytest.mark.shared
def test_basil_figure_checks_against_hand_labels(shared_data: Path, update_floors: bool) -> None:
    from provaudit.evaluation.figures import evaluate

    import floors

    found = evaluate(shared_data, DATA / "figures" / "basil_pairs.jsonl")
    measured = {
        "basil_disagree_precision": found["all"]["disagree_precision"],
        "basil_disagreements_found": found["all"]["disagreements_found"],
        "basil_grouping_precision": found["all"]["grouping_precision"],
        "basil_grouping_recall": found["all"]["grouping_recall"],
    }
    failures = floors.check("figures", measured, update=update_floors)
    assert not failures, failures
