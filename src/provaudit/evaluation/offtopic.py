"""Off-topic tails by EVALUATION.md's rules: the extraction benchmark (181 real pages, the
benchmark's own shingle metric) and the injection suite (real bodies with real other articles
appended), each split in two by a fixed seed. ``bench/offtopic.py`` prints the figures and
sweeps thresholds; the floor tests pin the held-out ones. See that script's docstring.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provaudit.errors import ProvauditError
from provaudit.model import Document
from provaudit.normalise import normalise_html, normalise_text
from provaudit.offtopic import OfftopicTail, analyse_offtopic

SEED = 2026
HALVES = ("tune", "heldout")
# --- shared helpers ---------------------------------------------------------------------------


def half_of(key: str, seed: int = SEED) -> str:
    """The half a key (an event, an article, a phrasing) belongs to, stable across runs."""
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return HALVES[digest[0] & 1]


def detect(text: str) -> tuple[Document, OfftopicTail | None]:
    doc = normalise_text(text)
    return doc, analyse_offtopic(doc).tail


# --- (a) extraction benchmark -----------------------------------------------------------------

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Word n-gram shingles of ``text``, as the benchmark counts them."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def tp_fp_fn(gold: str, pred: str) -> tuple[float, float, float]:
    """Shingle true/false positives and false negatives of one page, normalised to sum to 1."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def prf(counts: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, and their F1 (the benchmark's definition)."""
    precisions: list[float] = []
    recalls: list[float] = []
    for tp, fp, fn in counts:
        perfect = fp == fn == 0
        if tp + fp > 0:
            precisions.append(1.0 if perfect else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if perfect else tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}


def gold_words_matched(gold: str, text: str) -> int:
    """Gold words that ``text`` reproduces, in order (a longest-matching-blocks alignment)."""
    from difflib import SequenceMatcher

    g, t = _TOKEN.findall(gold), _TOKEN.findall(text)
    blocks = SequenceMatcher(None, g, t, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks)


def gold_words_lost(gold: str, before: str, after: str) -> int:
    """Gold words the text reproduced before dropping the tail and no longer does after."""
    if before == after:
        return 0
    return gold_words_matched(gold, before) - gold_words_matched(gold, after)


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    gold: str
    html: str


def load_pages(data: Path) -> list[Page]:
    root = data / "extraction-benchmark"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes())
        pages.append(
            Page(key, truth[key].get("url", ""), truth[key].get("articleBody", ""), _decode(raw))
        )
    return pages


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def extract_plain(html: str) -> str:
    """Plain trafilatura with provaudit's options (the baseline)."""
    import trafilatura

    return (
        trafilatura.extract(
            html,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
        or ""
    )


def extract_prov(html: str) -> tuple[str, str]:
    """provaudit's normalised text, and the same without the flagged tail."""
    try:
        doc = normalise_html(html)
    except ProvauditError:
        return "", ""
    tail = analyse_offtopic(doc).tail
    trimmed = doc.text if tail is None else doc.text[: tail.span.start].rstrip()
    return doc.text, trimmed


def extraction_benchmark(data: Path, halves: Iterable[str] = ("heldout",)) -> dict[str, Any]:
    """F1 of plain trafilatura and of provaudit before and after dropping the tail."""
    wanted = set(halves)
    rows = []
    started = time.perf_counter()
    for page in load_pages(data):
        half = half_of(page.id)
        plain = extract_plain(page.html)
        before, after = extract_prov(page.html)
        rows.append((half, page, plain, before, after))
    out: dict[str, Any] = {}
    for name in [*HALVES, "all"]:
        if name != "all" and name not in wanted:
            continue
        chosen = [r for r in rows if name == "all" or r[0] == name]
        lost = [(p.id, gold_words_lost(p.gold, b, a)) for _, p, _, b, a in chosen if b != a]
        out[name] = {
            "pages": len(chosen),
            "trafilatura": prf(tp_fp_fn(p.gold, t) for _, p, t, _, _ in chosen),
            "provaudit_before": prf(tp_fp_fn(p.gold, b) for _, p, _, b, _ in chosen),
            "provaudit_after": prf(tp_fp_fn(p.gold, a) for _, p, _, _, a in chosen),
            "pages_trimmed": len(lost),
            "pages_losing_10_gold_words": sum(1 for _, n in lost if n >= 10),
            "losing_pages": sorted(k[:12] for k, n in lost if n >= 10),
        }
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


# --- (b) injection suite ----------------------------------------------------------------------

# Header phrasings seen on real news sites, split between halves by half_of(phrasing).
RELATED_HEADERS = [
    "Related Articles",
    "Related",
    "Related Stories",
    "More from Fox News",
    "More From The New York Times",
    "Read More",
    "You May Also Like",
    "Recommended for you",
    "Most Popular",
    "Trending Now",
    "More Stories",
    "Also on HuffPost",
    "Read Next",
    "Top Stories",
    "Latest News",
    "Related Coverage",
    "What to Read Next",
    "Don't Miss",
    "Editors' Picks",
    "MORE:",
    "Around the Web",
    "Popular on Fox News",
    "Most Read",
    "See also",
    "Further reading",
    "Up Next",
    "More in Politics",
    "Sponsored Stories",
    "You might be interested in",
    "Related Content",
    "Keep Reading",
    "RELATED NEWS",
    "Other News",
    "Trending Stories",
    "More Politics News",
    "Recommended Stories",
    "Пов'язані матеріали",
    "Читайте також",
    "Читайте также",
    "Похожие новости",
    "Новости по теме",
    "相关阅读",
    "延伸阅读",
    "相关新闻",
    "热门文章",
    "Mehr zum Thema",
    "Das könnte Sie auch interessieren",
    "Weitere Artikel",
    "À lire aussi",
    "Sur le même sujet",
    "Articles similaires",
    "Noticias relacionadas",
    "Te puede interesar",
    "Lo más leído",
    "Leia também",
    "Notícias relacionadas",
    "Veja também",
]

# Comment-widget chrome: a header and the standing lines under it, as real widgets print them.
COMMENT_HEADERS = [
    "Comments",
    "{n} Comments",
    "Join the conversation",
    "Join the Discussion",
    "Leave a Reply",
    "Reader Comments",
    "Discussion",
    "Conversation",
    "{n} comments",
    "Show comments",
    "View Comments ({n})",
    "Comments ({n})",
    "Leave a comment",
    "Add a comment",
    "What do you think?",
    "Kommentare",
    "{n} Kommentare",
    "Commentaires",
    "{n} commentaires",
    "Comentarios",
    "Comentários",
    "Коментарі",
    "Комментарии",
    "Комментарии ({n})",
    "评论",
    "{n}条评论",
    "网友评论",
]
COMMENT_CHROME = [
    "Log in to comment",
    "Sign in to comment",
    "Sort by: Newest",
    "Sort by Best",
    "You must be logged in to post a comment.",
    "Your email address will not be published. Required fields are marked *",
    "Comment",
    "Name *",
    "Email *",
    "Website",
    "Post Comment",
    "Cancel reply",
    "Save my name, email, and website in this browser for the next time I comment.",
    "Comments are moderated and will appear after approval.",
    "Be the first to comment",
    "Please read our Community Guidelines before commenting.",
    "Newest | Oldest | Most Liked",
    "Load more comments",
    "Powered by Disqus",
]
COMMENT_ACTIONS = ["Reply", "Like · Reply", "Reply · Report", "Share", "Like", "Flag"]
COMMENT_AGES = ["2 hours ago", "5 min ago", "1 day ago", "3 days ago", "Yesterday", "12h ago"]
SOURCE_STAMPS = ["{outlet} · {age}", "{outlet}", "{age}", "{outlet} | {age}"]

VARIANTS = (
    "control",
    "header-briefs",
    "header-headlines",
    "headerless-headlines",
    "headerless-briefs",
    "comments",
    "flat-control",
    "flat-header",
)
# Variants whose exact-start rate the targets name, mapped to the target.
TARGETS = {
    "header-briefs": ("min", 0.95),
    "header-headlines": ("min", 0.95),
    "headerless-headlines": ("min", 0.80),
    "headerless-briefs": ("min", 0.80),
    "comments": ("min", 0.95),
    "control": ("max", 0.02),
}


@dataclass(frozen=True)
class Body:
    id: str
    event: str
    date: str | None
    text: str


@dataclass(frozen=True)
class Story:
    id: str
    outlet: str
    date: str | None
    title: str
    lead: str


@dataclass(frozen=True)
class Case:
    id: str
    half: str
    variant: str
    text: str
    start: int | None  # where the injected tail starts (None: a control)


def load_bodies(data: Path) -> list[Body]:
    root = data / "basil"
    bodies = []
    for entry in json.loads((root / "index.json").read_text(encoding="utf-8")):
        folder = root / entry["dir"]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        for outlet in entry["outlets"]:
            path = folder / f"{outlet}.txt"
            if not path.is_file():
                continue
            dates = [a.get("date") for a in meta.get("articles", []) if a.get("outlet") == outlet]
            bodies.append(
                Body(
                    f"{entry['dir']}/{outlet}",
                    entry["dir"],
                    dates[0] if dates else None,
                    path.read_text(encoding="utf-8"),
                )
            )
    return bodies


_SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z])")


def _lead(text: str, min_words: int, max_words: int) -> str:
    """The first sentences of a text, at least ``min_words`` words and at most ``max_words``."""
    first = next((ln.strip() for ln in text.splitlines() if len(ln.split()) >= 8), "")
    out: list[str] = []
    count = 0
    for sentence in _SENTENCE.split(first):
        n = len(sentence.split())
        if out and count + n > max_words:
            break
        out.append(sentence.strip())
        count += n
        if count >= min_words:
            break
    return " ".join(out)


def load_stories(data: Path) -> list[Story]:
    stories = []
    with gzip.open(data / "news-12k" / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            title = " ".join(str(row.get("title") or "").split())
            lead = _lead(str(row.get("text") or ""), 20, 70)
            if len(title.split()) >= 4 and len(lead.split()) >= 12:
                stories.append(
                    Story(
                        str(row["id"]), str(row.get("outlet") or ""), row.get("date"), title, lead
                    )
                )
    return stories


def _pick(rng: random.Random, pool: list[str], k: int = 1) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def _stamp(rng: random.Random, story: Story) -> str:
    form = rng.choice(SOURCE_STAMPS)
    return form.format(outlet=story.outlet or "News", age=rng.choice(COMMENT_AGES))


def _headlines(rng: random.Random, stories: list[Story], k: int, stamps: bool) -> list[str]:
    lines: list[str] = []
    for story in rng.sample(stories, k):
        lines.append(story.title)
        if stamps:
            lines.append(_stamp(rng, story))
    return lines


def _briefs(rng: random.Random, stories: list[Story], k: int, stamps: bool) -> list[str]:
    lines: list[str] = []
    for story in rng.sample(stories, k):
        lines.append(story.title)
        if stamps:
            lines.append(_stamp(rng, story))
        lines.append(story.lead)
    return lines


def _comments(
    rng: random.Random, headers: list[str], chrome: list[str], sentences: list[str]
) -> list[str]:
    n = rng.randint(1, 240)
    lines = [rng.choice(headers).format(n=n)]
    lines += _pick(rng, chrome, rng.randint(1, 4))
    if sentences and rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            lines.append(rng.choice(["jsmith", "Patriot1776", "Anna K.", "reader_42", "Tom"]))
            lines.append(rng.choice(COMMENT_AGES))
            lines.append(rng.choice(sentences))
            lines.append(rng.choice(COMMENT_ACTIONS))
    return lines


def _sentences(text: str) -> list[str]:
    out = []
    for para in text.splitlines()[1:]:
        out += [s.strip() for s in _SENTENCE.split(para) if 8 <= len(s.split()) <= 40]
    return out


def build_suite(data: Path, seed: int = SEED) -> list[Case]:
    """Every injection case of both halves, deterministic for a seed."""
    bodies = load_bodies(data)
    stories = load_stories(data)
    by_half: dict[str, dict[str, Any]] = {}
    for half in HALVES:
        by_half[half] = {
            "stories": [s for s in stories if half_of("story:" + s.id, seed) == half],
            "related": [h for h in RELATED_HEADERS if half_of("header:" + h, seed) == half],
            "comment_headers": [h for h in COMMENT_HEADERS if half_of("ch:" + h, seed) == half],
            "comment_chrome": [h for h in COMMENT_CHROME if half_of("cc:" + h, seed) == half],
        }
    by_event: dict[str, list[Body]] = {}
    for b in bodies:
        by_event.setdefault(b.event, []).append(b)
    cases: list[Case] = []
    for body in bodies:
        half = half_of("event:" + body.event, seed)
        pools = by_half[half]
        pool = [s for s in pools["stories"] if s.date != body.date]
        siblings = [b for b in by_event[body.event] if b.id != body.id]
        comment_sentences = [s for b in siblings for s in _sentences(b.text)]
        base = normalise_text(body.text).text
        for variant in VARIANTS:
            rng = random.Random(f"{seed}:{body.id}:{variant}")
            tail: list[str] = []
            if variant in ("header-briefs", "flat-header"):
                tail = [rng.choice(pools["related"])]
                tail += _briefs(rng, pool, rng.randint(2, 5), rng.random() < 0.3)
            elif variant == "header-headlines":
                tail = [rng.choice(pools["related"])]
                tail += _headlines(rng, pool, rng.randint(3, 8), rng.random() < 0.3)
            elif variant == "headerless-headlines":
                tail = _headlines(rng, pool, rng.randint(4, 8), rng.random() < 0.3)
            elif variant == "headerless-briefs":
                tail = _briefs(rng, pool, rng.randint(2, 4), rng.random() < 0.3)
            elif variant == "comments":
                tail = _comments(
                    rng, pools["comment_headers"], pools["comment_chrome"], comment_sentences
                )
            flat = variant.startswith("flat-")
            text, start = _assemble(base, tail, flat, rng)
            cases.append(Case(f"{body.id}:{variant}", half, variant, text, start))
    return cases


def _assemble(base: str, tail: list[str], flat: bool, rng: random.Random) -> tuple[str, int | None]:
    tail = [" ".join(line.split()) for line in tail if line.strip()]
    if flat:
        body = " ".join(" ".join(base.split("\n")).split())
        if not tail:
            return body, None
        return body + " " + " ".join(tail), len(body) + 1
    if not tail:
        return base, None
    sep = "\n\n" if rng.random() < 0.7 else "\n"
    inner = "\n\n" if rng.random() < 0.5 else "\n"
    return base + sep + inner.join(tail), len(base) + len(sep)


@dataclass
class Outcome:
    exact: int = 0
    early: int = 0
    late: int = 0
    missed: int = 0
    cut: int = 0
    total: int = 0

    def to_json(self, control: bool) -> dict[str, Any]:
        n = max(self.total, 1)
        if control:
            return {
                "cases": self.total,
                "false_cuts": self.cut,
                "false_cut_rate": round(self.cut / n, 4),
            }
        return {
            "cases": self.total,
            "exact_start": round(self.exact / n, 4),
            "early": self.early,
            "late": self.late,
            "missed": self.missed,
        }


def run_suite(
    cases: Iterable[Case], detector: Callable[[str], OfftopicTail | None] | None = None
) -> dict[str, dict[str, Any]]:
    """Exact-start and false-cut figures per half and variant."""
    find = detector or (lambda text: analyse_offtopic(normalise_text(text)).tail)
    tallies: dict[tuple[str, str], Outcome] = {}
    for case in cases:
        tail = find(case.text)
        o = tallies.setdefault((case.half, case.variant), Outcome())
        o.total += 1
        if case.start is None:
            o.cut += tail is not None
            continue
        if tail is None:
            o.missed += 1
        elif tail.span.start == case.start:
            o.exact += 1
        elif tail.span.start < case.start:
            o.early += 1
        else:
            o.late += 1
    out: dict[str, dict[str, Any]] = {}
    for (half, variant), o in sorted(
        tallies.items(), key=lambda kv: (kv[0][0], VARIANTS.index(kv[0][1]))
    ):
        out.setdefault(half, {})[variant] = o.to_json(control=variant.endswith("control"))
    return out


def suite_metrics(result: dict[str, dict[str, Any]], half: str) -> dict[str, float]:
    """The flat metric names that the quality floors pin, for one half."""
    r = result[half]
    return {
        "header_briefs_exact": r["header-briefs"]["exact_start"],
        "header_headlines_exact": r["header-headlines"]["exact_start"],
        "headerless_headlines_exact": r["headerless-headlines"]["exact_start"],
        "headerless_briefs_exact": r["headerless-briefs"]["exact_start"],
        "comments_exact": r["comments"]["exact_start"],
        "flat_header_exact": r["flat-header"]["exact_start"],
        "control_false_cuts": r["control"]["false_cut_rate"],
        "flat_control_false_cuts": r["flat-control"]["false_cut_rate"],
    }
