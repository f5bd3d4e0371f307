"""Digests of what the pipeline says, for "no behaviour change" claims (issue 21).

    python bench/digests.py OUT.json [--data DIR] [--news 1000]

Run it on the commit before a change and on the commit after, then compare the two files:
1. the sha256 of every file ``provaudit report corpus -o DIR`` writes (the seed corpus);
2. BASIL (``DIR/basil``): the shared-quote figures and quote recall
   (:mod:`provaudit.evaluation.quotes`), and the sha256 of the quote clusters and reused passages that ``align.relate_sources`` finds over
   all 300 articles, and of the figure checks;
3. the first ``--news`` distinct news-12k articles written as a corpus (bench/throughput.py's
   ``write_news_corpus``), then ``provaudit report`` on it: the sha256 of every report file;
4. the self-declarations (``provenance.find_disclosures``) of every news-12k article: how many
   articles declare something, and the sha256 of them all. Unlike part 3 it does not hold the
   rules digest, so it compares a change that moves rules between code and data.
Parts 2 to 4 are left out, saying so, where the shared data is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import throughput as throughput_bench
from provaudit import align
from provaudit.evaluation import shared_data_path
from provaudit.evaluation.quotes import (
    basil_corpus,
    news_texts,
    quote_recall,
    shared_quote_events,
)
from provaudit.figures import check_figures, extract_figures
from provaudit.normalise import normalise_text
from provaudit.provenance import find_disclosures

ROOT = Path(__file__).resolve().parents[1]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_digests(corpus: Path, out: Path) -> dict[str, str]:
    """``provaudit report CORPUS`` in a fresh process; the sha256 of each file it writes."""
    subprocess.run(["provaudit", "report", str(corpus), "-o", str(out), "-q"], check=True)
    return {
        str(path.relative_to(out)): sha256(path.read_bytes())
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


def basil_digests(data: Path) -> dict[str, Any]:
    corpus = basil_corpus(data)
    documents = corpus[0]
    relations = align.relate_sources(documents)
    found = json.dumps([relations.quote_clusters, relations.reused_passages], sort_keys=True)
    checks = check_figures([(sid, doc, extract_figures(doc)) for sid, doc, _ in documents])
    return {
        "shared_quotes": shared_quote_events(data, corpus),
        "recall": quote_recall(data),
        "relations_sha256": sha256(found.encode()),
        "figure_checks_sha256": sha256(repr(checks).encode()),
    }


def disclosure_digests(data: Path) -> dict[str, Any]:
    found = [repr(find_disclosures(normalise_text(text))) for _, text in news_texts(data, 2**31)]
    return {
        "articles": len(found),
        "declaring": sum(text != "()" for text in found),
        "sha256": sha256("\n".join(found).encode()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="where to write the digests (JSON)")
    parser.add_argument(
        "--data",
        type=Path,
        default=shared_data_path(),
    )
    parser.add_argument("--news", type=int, default=1000, help="news-12k articles to report on")
    args = parser.parse_args()
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    digests: dict[str, Any] = {"commit": head.stdout.strip()}
    with tempfile.TemporaryDirectory() as tmp:
        digests["seed"] = report_digests(ROOT / "corpus", Path(tmp, "seed"))
        if (args.data / "basil").is_dir():
            digests["basil"] = basil_digests(args.data)
        else:
            print(f"no BASIL data in {args.data}: left out", file=sys.stderr)
        if (args.data / "news-12k").is_dir():
            news = throughput_bench.write_news_corpus(args.data, args.news, Path(tmp, "news"))
            digests[f"news{args.news}"] = report_digests(news, Path(tmp, "news-out"))
            digests["news_disclosures"] = disclosure_digests(args.data)
        else:
            print(f"no news-12k data in {args.data}: left out", file=sys.stderr)
    text = json.dumps(digests, indent=2, sort_keys=True) + "\n"
    args.out.write_text(text)
    print(text, end="")


if __name__ == "__main__":
    main()
