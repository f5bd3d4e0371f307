"""Attribution and disclosures on real news: what analyse_provenance finds, and how fast.

There is no gold standard for attribution in the evaluation data, so this prints what was
found (counts by role and basis, by disclosure kind, the outlets named most) and the time per
article, and with --samples a seeded sample of each kind for a person to read. Writes the
figures (never article text: the data stays outside the project) to
bench/results/provenance-scan.json.

    python bench/provenance_scan.py [--data ../shared/data] [--limit 3000] [--samples]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

from provaudit.evaluation import shared_data_path
from provaudit.normalise import normalise_text
from provaudit.provenance import analyse_provenance

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "provenance-scan.json"
SAMPLE_SEED = 1
SAMPLES_PER_KIND = 8


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=shared_data_path())
    parser.add_argument("--limit", type=int, default=3000, help="articles to scan (first N)")
    parser.add_argument("--samples", action="store_true", help="print samples of each kind")
    args = parser.parse_args(argv)
    path = args.data / "news-12k" / "articles.jsonl.gz"
    if not path.is_file():
        print(f"{path}: not found (pass --data PATH to the evaluation data)", file=sys.stderr)
        return 2
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for _, line in zip(range(args.limit), fh, strict=False)]

    roles: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    samples: dict[str, list[tuple[str, str]]] = {}
    chars = 0
    started = time.perf_counter()
    for article in articles:
        doc = normalise_text(article["text"])
        chars += len(doc.text)
        found = analyse_provenance(doc, article.get("outlet"))
        for a in found.attributions:
            key = f"{a.role}/{a.basis}"
            roles[key] += 1
            outlets[a.outlet] += 1
            samples.setdefault(key, []).append((article["outlet"], a.span.text))
        for d in found.disclosures:
            kinds[d.kind] += 1
            samples.setdefault(d.kind, []).append((article["outlet"], d.span.text[:160]))
    seconds = time.perf_counter() - started

    figures = {
        "articles": len(articles),
        "characters": chars,
        "seconds": round(seconds, 2),
        "ms_per_article": round(1000 * seconds / max(1, len(articles)), 2),
        "attributions_by_role_and_basis": dict(sorted(roles.items())),
        "disclosures_by_kind": dict(sorted(kinds.items())),
        "outlets_most_named": dict(outlets.most_common(25)),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.samples:
        rng = random.Random(SAMPLE_SEED)
        for kind, found in sorted(samples.items()):
            print(f"\n== {kind} ({len(found)})")
            for outlet, text in rng.sample(found, min(SAMPLES_PER_KIND, len(found))):
                print(f"  [{outlet}] {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
