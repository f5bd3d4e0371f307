"""Quotes on BASIL by EVALUATION.md's rules: recall of the gold quote spans, events with a
quote shared across outlets, and recall of the cross-outlet quotation pairs (by band, on each
half of the events). ``bench/quotes.py`` prints these figures; the floor tests pin them.
"""

from __future__ import annotations

import bisect
import difflib
import gzip
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from provaudit.align import relate_sources
from provaudit.model import Document
from provaudit.normalise import normalise_text
from provaudit.quotes import extract_quotes

COVER = 0.9  # a gold span counts when one quote covers this share of it
MARKS = "\"'“”‘’«»„‚‹›「」『』 \n"

# --- Data ---------------------------------------------------------------------------------------


def basil_articles(data: Path) -> Iterator[tuple[str, str, str, Path]]:
    """``(source id, event, outlet, path)`` of every BASIL article, in a stable order."""
    for event in sorted(p for p in (data / "basil").iterdir() if p.is_dir()):
        for path in sorted(event.glob("*.txt")):
            yield f"{event.name}/{path.stem.lower()}", event.name, path.stem.lower(), path


def news_texts(data: Path, limit: int) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of the first ``limit`` news-12k articles."""
    if limit <= 0:
        return
    with gzip.open(data / "news-12k" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= limit:
                return
            item = json.loads(line)
            yield f"news/{item['id']}", item["text"]


def _raw_to_norm(doc: Document, raw: int) -> int:
    """A raw offset in the normalised text (normalising only trims line ends and blank lines)."""
    offsets = doc.offsets
    if offsets is None or not offsets.raw:
        return raw
    i = bisect.bisect_right(offsets.raw, raw) - 1
    return raw if i < 0 else offsets.norm[i] + (raw - offsets.raw[i])


def _trim_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in MARKS:
        start += 1
    while end > start and text[end - 1] in MARKS:
        end -= 1
    return start, end


# --- BASIL: recall and shared quotes -------------------------------------------------------------


def quote_recall(data: Path) -> dict[str, Any]:
    """Recall of BASIL's gold quote spans (see the module docstring)."""
    gold = hit = hit_as_annotated = quotes = 0
    for _, _, _, path in basil_articles(data):
        annotations = [
            json.loads(line)
            for line in (path.parent / "annotations.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        spans = [a for a in annotations if a["is_quote"] and a["file"].lower() == path.name.lower()]
        doc = normalise_text(path.read_text(encoding="utf-8"))
        found = [(q.span.start, q.span.end) for q in extract_quotes(doc)]
        quotes += len(found)
        for item in spans:
            start, end = _raw_to_norm(doc, item["start"]), _raw_to_norm(doc, item["end"])
            if doc.text[start:end] != item["text"]:
                at = doc.text.find(item["text"], max(0, start - 200))
                if at < 0:
                    raise ValueError(f"{path}: gold span {item['text']!r} not in the text")
                start, end = at, at + len(item["text"])
            gold += 1
            hit_as_annotated += _covered(found, start, end)
            hit += _covered(found, *_trim_marks(doc.text, start, end))
    return {
        "gold_spans": gold,
        "recall": round(hit / gold, 4),
        "recall_as_annotated": round(hit_as_annotated / gold, 4),
        "quotes_extracted": quotes,
    }


def _covered(found: Sequence[tuple[int, int]], start: int, end: int) -> int:
    if end <= start:
        return 0
    best = max((min(end, e) - max(start, s) for s, e in found), default=0)
    return int(best >= COVER * (end - start))


def basil_corpus(data: Path) -> tuple[list[tuple[str, Document, Any]], dict[str, str]]:
    """BASIL's articles as ``(id, document, quotes)`` and each id's event."""
    sources = []
    events = {}
    for sid, event, _, path in basil_articles(data):
        doc = normalise_text(path.read_text(encoding="utf-8"))
        sources.append((sid, doc, extract_quotes(doc)))
        events[sid] = event
    return sources, events


def shared_quote_events(
    data: Path, corpus: tuple[list[tuple[str, Document, Any]], dict[str, str]] | None = None
) -> dict[str, Any]:
    """Events with a quote cluster spanning two of their outlets; clusters spanning events."""
    sources, events = corpus or basil_corpus(data)
    relations = relate_sources(sources)
    found: set[str] = set()
    across = 0
    verdicts: dict[str, int] = {}
    for cluster in relations.quote_clusters:
        verdicts[cluster["verdict"]] = verdicts.get(cluster["verdict"], 0) + 1
        by_event: dict[str, set[str]] = {}
        for member in cluster["members"]:
            by_event.setdefault(events[member["source"]], set()).add(member["source"])
        across += len(by_event) > 1
        found.update(e for e, outlets in by_event.items() if len(outlets) >= 2)
    return {
        "events": len(set(events.values())),
        "events_with_shared_quote": len(found),
        "clusters": len(relations.quote_clusters),
        "clusters_across_events": across,
        "verdicts": dict(sorted(verdicts.items())),
        "reused_passages": len(relations.reused_passages),
    }


# --- BASIL: cross-outlet quote pairs (EVALUATION.md, "Cross-outlet quotes") ---------------------

# A quotation: 15-400 characters between double quotation marks.
_DOUBLE_QUOTED = re.compile(r"[“\"]([^“”\"\n]{15,400})[”\"]")
_PAIR_WORD = re.compile(r"\w+")
PAIR_RATIO = 0.8  # the rule's "same or nearly the same" (difflib ratio above this)
BANDS = (("<=3", 0, 3), ("4-6", 4, 6), ("7+", 7, 10**9))


def held_out(event: str) -> bool:
    """The half of BASIL's events that thresholds are not fitted on: the events whose folder
    name's SHA-256 starts with an odd hex digit (a split by event, fixed, about half)."""
    return int(hashlib.sha256(event.encode("utf-8")).hexdigest()[0], 16) % 2 == 1


def _pair_words(text: str) -> str:
    return " " + " ".join(w.casefold() for w in _PAIR_WORD.findall(text)) + " "


def cross_outlet_pairs(
    sources: Sequence[tuple[str, Document, Any]], events: dict[str, str]
) -> list[dict[str, Any]]:
    """The pairs of EVALUATION.md: quotations in two outlets' articles about one event whose
    characters are more than PAIR_RATIO alike."""
    by_event: dict[str, list[tuple[str, str]]] = {}
    for sid, doc, _ in sources:
        for m in _DOUBLE_QUOTED.finditer(doc.text):
            by_event.setdefault(events[sid], []).append((sid, m.group(1)))
    pairs = []
    for event, found in sorted(by_event.items()):
        for i, (sa, xa) in enumerate(found):
            for sb, xb in found[i + 1 :]:
                if sa == sb:
                    continue
                ratio = difflib.SequenceMatcher(None, xa, xb).ratio()
                if ratio > PAIR_RATIO:
                    words = min(len(_PAIR_WORD.findall(xa)), len(_PAIR_WORD.findall(xb)))
                    pairs.append(
                        {
                            "event": event,
                            "a": sa,
                            "b": sb,
                            "text_a": xa,
                            "text_b": xb,
                            "words": words,
                            "same_words": _pair_words(xa) == _pair_words(xb),
                        }
                    )
    return pairs


def pair_recall(
    sources: Sequence[tuple[str, Document, Any]],
    events: dict[str, str],
    clusters: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    """Pair recall overall and by band (the shorter side's words), on all events and on each
    half; near pairs (different words) joined as ``exact``; quotations in two clusters."""
    pairs = cross_outlet_pairs(sources, events)
    texts = {sid: doc.text for sid, doc, _ in sources}
    members: dict[str, list[tuple[str, str, str]]] = {}  # source -> (cluster, words, verdict)
    seen: dict[tuple[str, int, int], set[str]] = {}
    for cluster in clusters:
        for m in cluster["members"]:
            members.setdefault(m["source"], []).append(
                (cluster["id"], _pair_words(m["text"]), m.get("verdict", ""))
            )
            if m.get("quote"):
                seen.setdefault((m["source"], m["start"], m["end"]), set()).add(cluster["id"])
    in_two = sum(1 for ids in seen.values() if len(ids) > 1)

    def holding(source: str, words: str) -> dict[str, str]:
        return {
            cid: verdict
            for cid, mw, verdict in members.get(source, [])
            if mw.strip() and (mw in words or words in mw)
        }

    for p in pairs:
        a = holding(p["a"], _pair_words(p["text_a"]))
        b = holding(p["b"], _pair_words(p["text_b"]))
        joined = sorted(set(a) & set(b))
        p["joined"] = bool(joined)
        # A near pair called exact: both sides' members exact in the cluster that joins them.
        p["exact_error"] = bool(
            joined and not p["same_words"] and any(a[c] == b[c] == "exact" for c in joined)
        )

    def score(selected: list[dict[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pairs": len(selected),
            "recall": round(sum(p["joined"] for p in selected) / max(1, len(selected)), 4),
        }
        for name, lo, hi in BANDS:
            band = [p for p in selected if lo <= p["words"] <= hi]
            out[name] = {
                "pairs": len(band),
                "recall": round(sum(p["joined"] for p in band) / max(1, len(band)), 4),
            }
        out["near_pairs_called_exact"] = sum(p["exact_error"] for p in selected)
        return out

    del texts
    return {
        "all": score(pairs),
        "fit_half": score([p for p in pairs if not held_out(p["event"])]),
        "held_out_half": score([p for p in pairs if held_out(p["event"])]),
        "quotations_in_two_clusters": in_two,
        "missed": sorted((p["words"], p["text_a"], p["text_b"]) for p in pairs if not p["joined"]),
    }


# --- Scaling -------------------------------------------------------------------------------------
