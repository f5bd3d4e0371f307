"""Every output of boilerplate and tail detection on the FIT half of both real sets, as text.

For each fit-half page of trafilatura-eval and the extraction benchmark: the page evidence of
each block, then, read as a page and as plain text, each block's feature row, tree score,
word score, word-score evidence and a digest of its word features, every boilerplate span
(kind, evidence) and the tail. Two trees whose dumps are byte-identical detect the same
thing, to the last bit, on those pages: how a change meant to alter no output (speed,
clean-ups) is checked. Run each tree's code with the same hash seed and compare:

    PYTHONHASHSEED=0 python bench/detection_dump.py OUT [--data PATH]

No held-out page is read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from typing import TextIO

from provaudit.errors import ProvauditError
from provaudit.evaluation import shared_data
from provaudit.evaluation.boilerplate import DATASETS, iter_pages, source_of
from provaudit.model import Document
from provaudit.normalise import HTML_MEDIA_TYPE, normalise
from provaudit.offtopic import analyse_offtopic, block_rows
from provaudit.offtopic_model import load_model
from provaudit.textfurniture import features, load_text_model


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def dump_document(doc: Document, out: TextIO) -> None:
    """The lines of one normalised page: its blocks' page evidence, then both readings."""
    model, words = load_model(), load_text_model()
    for i, b in enumerate(doc.blocks or ()):
        print(
            "BLOCK", i, b.found, repr(b.link), repr(b.list_item), repr(b.heading),
            sorted(b.groups), b.container, b.inside_main, b.after_main, repr(b.position),
            b.repeats, file=out,
        )  # fmt: skip
    for mode, d in (("page", doc), ("plain", replace(doc, blocks=None))):
        for start, end, row in block_rows(d):
            text = d.text[start:end]
            digest = hashlib.sha1("\n".join(features(text)).encode()).hexdigest()[:12]
            print(
                "ROW", mode, start, end, " ".join(map(repr, row)), repr(model.score(row)),
                repr(words.score(text)), words.evidence(text), digest, file=out,
            )  # fmt: skip
        found = analyse_offtopic(d)
        for flag in found.boilerplate:
            print("FLAG", mode, _json(flag.to_json()), file=out)
        print("TAIL", mode, _json(found.tail.to_json() if found.tail else None), file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--data")
    args = parser.parse_args(argv)
    data = shared_data(args.data)
    if data is None:
        print("detection_dump: no evaluation data (../shared/data or --data)", file=sys.stderr)
        return 2
    with open(args.out, "w", encoding="utf-8") as out:
        for dataset in DATASETS:
            for page in iter_pages(data, dataset):
                if page.half != "fit":
                    continue
                try:
                    source = source_of(page)
                    doc = normalise(source.decoded.text, HTML_MEDIA_TYPE, subject=page.id)
                except ProvauditError as error:
                    print("PAGE", dataset, page.id, "failed", str(error), file=out)
                    continue
                print("PAGE", dataset, page.id, len(doc.text), len(doc.paragraphs), file=out)
                dump_document(doc, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
