"""Figures: values and units in several scripts, bounds, dates; checks across sources."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provaudit.figures import (
    Figure,
    check_figures,
    extract_figures,
    figure_features,
    parse_number,
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
    assert {m["source"] for m in check.members} == {"002", "004"}
    assert check.values == (3e10,)
    # 004 also states $8 billion next to the same words: it must not be read as a disagreement.
    assert all(m["value"] == 30000000000 for m in check.members)
    assert "figure" in check.context
    assert check.to_json()["about"] == "anthropic's figure"


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
    assert [(f.value, f.unit) for f in found][:1] == [(pytest.approx(value), unit)]


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
    assert parse_number(text) == (pytest.approx(value), pytest.approx(precision))


def test_not_figures() -> None:
    found = figures_of("Layer 2 networks and Q2 results; one of the two; May I ask? in the 1990s.")
    assert [f.span.text for f in found if f.kind in ("count", "money")] == []


# --- Agreement -----------------------------------------------------------------------------------


def fig(value: float, precision: float = 1.0, bound: str = "exact") -> Figure:
    return Figure(Span.of("x", 0, 1), value, "USD", "money", bound, None, precision)


def test_values_agree_to_the_precision_written() -> None:
    assert values_agree(fig(3e10, 1e9), fig(3.04e10, 1e8))  # "$30 billion" vs "$30.4 billion"
    assert not values_agree(fig(3e10, 1e9), fig(3.1e10, 1e8))
    assert values_agree(fig(1e8, 1e8, "at_least"), fig(2.5e8, 1e7))  # nine-figure
    assert not values_agree(fig(1e8, 1e8, "at_least"), fig(5e7, 1e7))
    assert values_agree(fig(1e8, 1e6, "about"), fig(9.6e7, 1e5))  # "nearly $100 million"


def test_disagreement_is_flagged() -> None:
    items = []
    for name, text in (
        ("a", "Anthropic reported annualized revenue of $30 billion, the filing shows."),
        ("b", "Anthropic reported annualized revenue of $25 billion, the filing shows."),
    ):
        doc = normalise_text(text)
        items.append((name, doc, extract_figures(doc)))
    (check,) = check_figures(items)
    assert check.agree is False
    assert check.values == (2.5e10, 3e10)
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
