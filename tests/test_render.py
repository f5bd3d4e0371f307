"""The renderings (Markdown, HTML, PROV-JSON): agreement with the JSON, escaping, links,
determinism, the schemas, and the shipped reports."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from prov.model import ProvDocument

from html_page import page_of
from provaudit import schemas
from provaudit.audit import Options, validate
from provaudit.cli import cli
from provaudit.render import common, html, markdown, prov
from provaudit.report import render_all
from provaudit.text import text_diff
from report_factory import INJECTED_URL, counts_of, realistic_report

from conftest import CORPUS, ROOT

REPORTS = ROOT / "reports"
XSS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">',
)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return realistic_report(tmp_path_factory.mktemp("render") / "corpus")


@pytest.fixture(scope="module")
def rendered(report: dict[str, Any]) -> dict[str, str]:
    return render_all(report)


@pytest.fixture(scope="module")
def one_page(report: dict[str, Any]) -> str:
    """The one-page HTML (`audit --format html`), every source's text on it."""
    return html.render(report)


def _pages(rendered: dict[str, str]) -> list[str]:
    return [rendered[name] for name in sorted(rendered) if name.startswith("pages/")]


# --- All files ---------------------------------------------------------------------------------


def test_render_all_writes_the_set(report: dict[str, Any], rendered: dict[str, str]) -> None:
    pages = [f"pages/s{n}.html" for n in range(1, len(report["sources"]) + 1)]
    assert sorted(rendered) == sorted(
        [
            "corpus.json",
            "corpus.md",
            "header.json",
            "index.html",
            "prov.json",
            "sources.jsonl",
            *pages,
        ]
    )
    for content in rendered.values():
        assert content.endswith("\n")


def test_rendering_is_deterministic(report: dict[str, Any], rendered: dict[str, str]) -> None:
    again = render_all(json.loads(json.dumps(report)))
    assert again == rendered


def test_renderers_need_only_the_json(report: dict[str, Any], rendered: dict[str, str]) -> None:
    # What is written can be rendered again from the written JSON alone.
    parsed = json.loads(rendered["corpus.json"])
    assert markdown.render(parsed) == rendered["corpus.md"]
    assert prov.render(parsed) == rendered["prov.json"]
    assert render_all(parsed) == rendered


# --- Markdown -----------------------------------------------------------------------------------


def test_markdown_counts_agree_with_the_json(
    report: dict[str, Any], rendered: dict[str, str]
) -> None:
    rows = {}
    for line in rendered["corpus.md"].splitlines():
        m = re.match(
            # A source shows as its outlet and title, its id in brackets.
            r"\| \d+ \| (?:.*? \()?`([^`]+)`\)? \| .*? \| (\d+) \| (\d+) \| (.*?) \| (\d+) \| (\d+) \| (\d+) \| (.*) \|$",
            line,
        )
        if m:
            rows[m.group(1)] = {
                "languages": int(m.group(2)),
                "boilerplate": int(m.group(3)),
                "offtopic_tail": 0 if m.group(4) == "—" else 1,
                "quotes": int(m.group(5)),
                "figures": int(m.group(6)),
                "attributions": int(m.group(7)),
            }
    expected = counts_of(report)
    assert set(rows) == set(expected)
    for sid, counts in rows.items():
        assert counts == {k: v for k, v in expected[sid].items() if k != "disclosures"}
    headings = re.findall(r"^## Quote clusters \((\d+)\)", rendered["corpus.md"], re.M)
    assert headings == [str(len(report["quote_clusters"]))]
    assert f"## Figure checks ({len(report['figure_checks'])})" in rendered["corpus.md"]


def test_markdown_summary_line_per_source(report: dict[str, Any], rendered: dict[str, str]) -> None:
    lines = [
        ln for ln in rendered["corpus.md"].splitlines() if re.match(r"\d+\. `.*`: Flags: ", ln)
    ]
    assert len(lines) == len(report["sources"])
    assert "2 other-language passages" in lines[0]
    assert "off-topic tail" in lines[0]
    assert lines[0].endswith("· cites The Verge")
    assert "machine-written disclosure" in lines[1]
    assert lines[2] == f"3. `{report['sources'][2]['id']}`: Flags: 1 boilerplate span"


def test_markdown_escapes_untrusted_text(rendered: dict[str, str]) -> None:
    md = rendered["corpus.md"]
    # No raw HTML: every < from a source, a title or an outlet is escaped.
    assert re.search(r"(?<!\\)<", md) is None
    assert r"\<script\>alert(1)\</script\>" in md
    assert r"Gamma \<i\>Times\</i\>" in md


def test_markdown_word_diff() -> None:
    diff = [[0, "cut costs by "], [-1, "20"], [1, "25"], [0, " percent *this* year"]]
    assert markdown.diff_markdown(diff) == r"cut costs by ~~20~~**25** percent \*this\* year"
    # White space stays outside the markers, where Markdown needs it.
    assert markdown.diff_markdown([[0, "a"], [1, " new "], [0, "b"]]) == "a **new** b"


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*emphasis* and _under_", r"\*emphasis\* and \_under\_"),
        ("[a](http://x)", r"\[a\](http://x)"),
        ("`code` | pipe ~~strike~~", r"\`code\` \| pipe \~\~strike\~\~"),
        ("&lt;entity&gt; & co", r"\&lt;entity\&gt; & co"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert markdown.escape(raw) == escaped


# --- HTML -----------------------------------------------------------------------------------------


def test_html_counts_agree_with_the_json(report: dict[str, Any], rendered: dict[str, str]) -> None:
    page = page_of(rendered["index.html"])
    assert page.counts == counts_of(report)
    # The numbers a reader sees are those counts.
    for sid, cells in page.shown.items():
        for flag in ("languages", "boilerplate", "quotes", "figures"):
            assert cells[flag].split()[0] == str(page.counts[sid][flag])
    totals = {k: sum(c[k] for c in counts_of(report).values()) for k in page.totals}
    assert {k: int(v) for k, v in page.totals.items()} == totals


def test_html_shows_each_text_exactly(
    report: dict[str, Any], rendered: dict[str, str], one_page: str
) -> None:
    # The highlighted text, markers left out, is the source's text: overlapping findings are
    # cut into pieces, never duplicated or dropped; on one page, or a page a source.
    expected = {s["id"]: s["text"] for s in report["sources"]}
    assert page_of(one_page).texts == expected
    assert page_of(rendered["index.html"]).texts == {}
    paged: dict[str, str] = {}
    for content in _pages(rendered):
        texts = page_of(content).texts
        assert len(texts) == 1
        paged.update(texts)
    assert paged == expected


@pytest.mark.parametrize("which", ["one page", "paged"])
def test_html_escapes_injected_markup(rendered: dict[str, str], one_page: str, which: str) -> None:
    content = (
        one_page if which == "one page" else "".join([rendered["index.html"], *_pages(rendered)])
    )
    page = page_of(content)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags
    assert "img" not in tags
    assert "i" not in tags  # the outlet "Gamma <i>Times</i>" is text
    for _, attrs in page.tags:
        assert not any(k.startswith("on") for k in attrs)
        assert not attrs.get("href", "").lower().startswith("javascript:")
    for payload in XSS:
        escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.replace('"', "&#34;") in content or escaped in content
    assert INJECTED_URL in content  # shown as text, not linked
    assert f'href="{INJECTED_URL}"' not in content


def test_html_is_self_contained(rendered: dict[str, str]) -> None:
    content = rendered["index.html"]
    page = page_of(content)
    assert not any("src" in attrs for _, attrs in page.tags)
    assert not [t for t, a in page.tags if t == "link"]
    assert "url(" not in page.style
    assert "@import" not in page.style
    csp = [a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp
    assert "default-src 'none'" in csp[0]


def test_paged_html_links_resolve(report: dict[str, Any], rendered: dict[str, str]) -> None:
    """Every link of the index page and of each source's page leads to an id on the page it
    names; every finding has its place on its source's page, linked from its list there."""
    ids = {
        name: page_of(content).ids for name, content in rendered.items() if name.endswith(".html")
    }
    for name, targets in ids.items():
        assert len(targets) == len(set(targets)), name
    for name in ids:
        folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""
        for href in page_of(rendered[name]).hrefs:
            if href.startswith(("http://", "https://")):
                continue
            where, _, anchor = href.partition("#")
            target = name if not where else os.path.normpath(folder + where)
            assert target in ids, (name, href)
            assert not anchor or anchor in ids[target], (name, href)
    for index, _ in enumerate(report["sources"]):
        page = f"pages/s{index + 1}.html"
        for finding in common.findings(report, index):
            assert finding.anchor in ids[page]
            assert f"f-{finding.anchor}" in ids[page]


def test_html_links_resolve_and_ids_are_unique(report: dict[str, Any], one_page: str) -> None:
    page = page_of(one_page)
    assert len(page.ids) == len(set(page.ids))
    targets = set(page.ids)
    internal = [h[1:] for h in page.hrefs if h.startswith("#")]
    assert internal
    assert [h for h in internal if h not in targets] == []
    # Every finding has its place in the text, and its place links back to it.
    for index, _ in enumerate(report["sources"]):
        for finding in common.findings(report, index):
            assert finding.anchor in targets
            assert f"f-{finding.anchor}" in targets
            assert f"#{finding.anchor}" in page.hrefs


def test_html_quote_clusters_side_by_side(rendered: dict[str, str]) -> None:
    content = rendered["index.html"]
    assert content.count('class="column"') == 6  # 4 + 2 occurrences
    assert "<del>20</del><ins>25</ins>" in content
    assert "<ins>&lt;script&gt;alert(2)&lt;/script&gt;" in content


def test_html_without_text_still_renders(report: dict[str, Any]) -> None:
    bare = json.loads(json.dumps(report))
    for source in bare["sources"]:
        source.pop("text")
        source.pop("paragraphs")
    page = page_of(html.render(bare))
    assert page.texts == {}
    assert page.counts == counts_of(report)


# --- Segments and diffs -----------------------------------------------------------------------------


def test_segments_cut_overlapping_findings() -> None:
    text = "abcdefghij"
    f = [
        common.Finding("tail", 1, 5, 10, text[5:], "", "t"),
        common.Finding("boilerplate", 1, 2, 7, text[2:7], "", "b"),
        common.Finding("lang", 1, 3, 4, text[3:4], "", "l"),
        common.Finding("quote", 1, 8, 8, "", "", "q"),
    ]
    got = [
        (text[s.start : s.end], sorted(s.layers), [o.anchor for o in s.opens])
        for s in common.segments(text, f)
    ]
    assert got == [
        ("ab", [], []),
        ("c", ["boilerplate"], ["b"]),
        ("d", ["boilerplate", "lang"], ["l"]),
        ("e", ["boilerplate"], []),
        ("fg", ["boilerplate", "tail"], ["t"]),
        ("h", ["tail"], []),
        ("ij", ["tail"], ["q"]),  # an empty finding opens where it is, covering nothing
    ]


def test_text_diff_keeps_words_whole() -> None:
    diff = text_diff("the market is competitive", "the markets are competitive")
    assert common.diff_sides(diff) == ("the market is competitive", "the markets are competitive")
    assert (-1, "market is") in diff
    assert (1, "markets are") in diff


# --- PROV-JSON -----------------------------------------------------------------------------------


def _derivations(content: str) -> dict[str, int]:
    document = ProvDocument.deserialize(content=content, format="json")
    counts: dict[str, int] = {}
    for record in document.get_records():
        if record.get_type().localpart != "Derivation":
            continue
        kinds = [str(v) for v in record.get_asserted_types()] or ["plain"]
        for kind in kinds:
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def test_prov_json_is_valid_prov(report: dict[str, Any], rendered: dict[str, str]) -> None:
    content = rendered["prov.json"]
    document = ProvDocument.deserialize(content=content, format="json")
    entities = {
        str(r.identifier) for r in document.get_records() if r.get_type().localpart == "Entity"
    }
    agents = {
        str(r.identifier) for r in document.get_records() if r.get_type().localpart == "Agent"
    }
    activities = [r for r in document.get_records() if r.get_type().localpart == "Activity"]
    for source in report["sources"]:
        assert f"provaudit:source/{source['id']}" in entities
    assert "provaudit:document/memo" in entities
    assert "provaudit:outlet/the-verge" in agents
    assert "provaudit:software/provaudit" in agents
    [audit] = activities
    attributes = {str(k): v for k, v in audit.attributes}
    assert attributes["provaudit:version"] == report["tool"]["version"]
    counts = _derivations(content)
    members = sum(len(c["members"]) for c in report["quote_clusters"])
    assert counts["prov:Quotation"] == members
    assert counts["prov:PrimarySource"] == len(report["provenance"]["primary_sources"])
    mentions = sum(len(o["mentions"]) for o in report["provenance"]["outlets"])
    assert counts["plain"] == mentions + 2 * len(report["reused_passages"])
    assert schemas.errors("prov-report", json.loads(content)) == []


def test_prov_json_has_no_clock(rendered: dict[str, str]) -> None:
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:", rendered["prov.json"])
    assert "prov:time" not in rendered["prov.json"]


# --- Schemas and shipped reports --------------------------------------------------------------------


def _undocumented(node: Any, path: str = "") -> list[str]:
    missing = []
    if isinstance(node, dict):
        for key in ("properties", "$defs"):
            for name, sub in (node.get(key) or {}).items():
                if isinstance(sub, dict) and "description" not in sub:
                    missing.append(f"{path}/{key}/{name}")
        for key, value in node.items():
            missing += _undocumented(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            missing += _undocumented(value, f"{path}/{i}")
    return missing


@pytest.mark.parametrize("name", sorted(schemas.SCHEMA_FILES))
def test_every_schema_property_has_a_description(name: str) -> None:
    assert _undocumented(schemas.load(name)) == []


def test_realistic_report_validates(report: dict[str, Any], rendered: dict[str, str]) -> None:
    assert schemas.errors("corpus-report", json.loads(rendered["corpus.json"])) == []
    assert common.span_problems(report) == []


def test_shipped_reports_validate_and_are_current() -> None:
    corpus = json.loads((REPORTS / "corpus.json").read_text(encoding="utf-8"))
    assert schemas.errors("corpus-report", corpus) == []
    provenance = (REPORTS / "prov.json").read_text(encoding="utf-8")
    assert schemas.errors("prov-report", json.loads(provenance)) == []
    ProvDocument.deserialize(content=provenance, format="json")
    assert validate(CORPUS, REPORTS, Options()) == []


def test_shipped_report_names_the_primary_source() -> None:
    corpus = json.loads((REPORTS / "corpus.json").read_text(encoding="utf-8"))
    assert corpus["provenance"]["primary_sources"] == ["the-verge"]
    assert corpus["provenance"]["primary_document"] == "memo"
    assert all("text" in s for s in corpus["sources"])


# --- Command line ----------------------------------------------------------------------------------


def test_report_command_writes_the_shipped_set(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = runner.invoke(cli, ["report", str(CORPUS), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    shipped = sorted(p.relative_to(REPORTS).as_posix() for p in REPORTS.rglob("*") if p.is_file())
    assert written == shipped
    assert "corpus.json" in written
    assert "pages/s1.html" in written
    for name in written:
        assert (out / name).read_bytes() == (REPORTS / name).read_bytes(), name


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_audit_formats(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    seed = next(CORPUS.glob("sources/001_*"))
    out = tmp_path / f"audit.{fmt}"
    result = runner.invoke(
        cli, ["audit", str(seed), "--corpus", str(CORPUS), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    content = out.read_text(encoding="utf-8")
    if fmt == "json":
        parsed = json.loads(content)
        assert "text" not in parsed["sources"][0]
        assert parsed["provenance"]["primary_sources"] == ["the-verge"]
        assert [c["source"] for c in parsed["provenance"]["cites"]] == [parsed["sources"][0]["id"]]
    elif fmt == "md":
        assert "by 1 of 1 source and 1 other corpus source." in content
        assert "**The Verge**" in content
        assert "obtained by The Verge" in content
    else:
        page = page_of(content)
        assert len(page.texts) == 1  # the HTML page carries the audited source's text
        assert "obtained by The Verge" in next(iter(page.texts.values()))


def test_sources_show_as_outlet_and_title_with_their_id(
    report: dict[str, Any], rendered: dict[str, str]
) -> None:
    from markupsafe import escape as html_escape

    from provaudit.render import terminal

    named = [s for s in report["sources"] if s.get("outlet") and s.get("title")]
    assert named, "the fixture has a source with an outlet and a title"
    for source in named:
        name = common.display_name(source)
        assert name.startswith(f"{source['outlet']} — ")
        assert f"{markdown.escape(name)} (`{source['id']}`)" in rendered["corpus.md"]
        assert f'title="{source["id"]}">{html_escape(name)}</a>' in (rendered["index.html"])
    quoted = {m["source"] for c in report["quote_clusters"] for m in c["members"]}
    shown = terminal.quote_clusters(report)
    for source in report["sources"]:
        if source["id"] in quoted:
            assert f"{common.display_name(source)} [{source['id']}]" in shown
    nameless = {"id": "x", "outlet": None, "title": None}
    assert common.display_name(nameless) == "x"
    long_title = {"id": "x", "outlet": None, "title": "word " * 40}
    assert len(common.display_name(long_title)) <= common.NAME_TITLE_CHARS
