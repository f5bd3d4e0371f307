"""Boilerplate and off-topic tails on real pages, by the rules of EVALUATION.md.

Two sets this project did not build (``../shared/data``, or ``--data``):

- **trafilatura-eval** (500 pages, partial annotations): white space squashed in the text and
  in each string; a "without" string found in the text has *leaked*, and counts as flagged
  when >= 50% of its characters are flagged (junk recall = flagged / leaked); a "with" string
  found is *present*, and a false flag when >= 50% of its characters are flagged
  (false-flag rate = false flags / present).
- **extraction-benchmark** (181 pages, full gold body): the normalised text's lines; a line
  whose ``\\w+`` words (lower-cased) are < 50% in the gold body is junk, >= 90% article. Junk
  recall = flagged junk characters / junk characters; false-flag rate = flagged article
  characters / article characters.

A page's flagged characters are those inside any boilerplate span or the off-topic tail. Each
page is audited in-process as ``provaudit audit PAGE`` does (decode the bytes, normalise,
:func:`provaudit.offtopic.analyse_offtopic`: nothing else in the audit flags characters); a
page that fails to audit flags nothing.

**Split.** Pages are grouped by site (the URL's host, ``www.`` dropped) and each site goes to
the *fit* or the *held-out* half by a seeded hash (:func:`half_of`): the model of
``bench/train_offtopic.py`` is fit on the fit half only, so the held-out figures are the
evidence; both halves and the whole are printed.

**Teaser tails.** A page has a real teaser tail when its last junk block (a run of junk lines
to the end in the benchmark, or leaked "without" strings after the last present "with" string
in trafilatura-eval) holds at least TAIL_MIN_JUNK_CHARS characters; it is found when the
reported tail starts within that run, at most one line (or string) away from its start.

**Cost.** With ``--timing N``: the whole in-process audit (``analyse_source``) of N pages of
each set against the time of boilerplate and tail detection in it (the page-structure walk
and ``analyse_offtopic``, timed as the audit runs them: the first page's detection loads
the models). ``--timing-only N [--rounds R]`` times the same without the quality evaluation
(no look at the held-out half): R rounds, each in a fresh process (as an audit meets its
pages: once), each round's share and their median.

**Tails, page by page.** With ``--tails-fit``: the fit half only, one line per page with a
teaser tail or a reported tail (found, missed, or reported where there is none: the window a
reported tail must start in, where it starts, its reason), and the fit half's tail counts.
``--tail-pages`` lists the pages with a teaser tail of both halves (it runs the whole
evaluation, held-out half included).

**Plain text.** With ``--plain-fit``: the fit half only, each page's extracted text read
without its page (as pasted or extracted text is audited), so the plain-text regime can be
checked without a look at the held-out half. ``--plain``: the whole evaluation so, both
halves (a look at the held-out half), saved to bench/results/boilerplate_plain.json.

    python bench/boilerplate_real.py [--data PATH] [--limit N] [--timing N] [--no-save]
    python bench/boilerplate_real.py --plain-fit
    python bench/boilerplate_real.py --plain
    python bench/boilerplate_real.py --tails-fit
    python bench/boilerplate_real.py --timing-only 25 [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from provaudit.errors import ProvauditError
from provaudit.evaluation import shared_data
from provaudit.evaluation.boilerplate import DATASETS, evaluate, iter_pages, source_of

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "boilerplate_real.json"
PLAIN_RESULTS = ROOT / "bench" / "results" / "boilerplate_plain.json"
TIMING_RESULTS = ROOT / "bench" / "results" / "boilerplate_timing.json"


def timing(data: Path, pages_per_set: int) -> dict[str, Any]:
    """Time of the whole in-process audit of each page, and of boilerplate detection in it.

    Detection is timed where the audit runs it (the page walk inside normalisation and
    ``analyse_offtopic`` after it, each wrapped where the audit calls it), not run a second
    time beside the audit: a second call found the class names of the page walk cached and the
    models loaded (the first page's detection loads both), and so understated the share by
    about 2 points (on b56c64d's code, the same 50 pages, alternating fresh processes: medians
    14.9% and 15.1% measured a second time against 17.0% and 17.2% measured in the audit)."""
    from provaudit import analyse, normalise
    from provaudit.analyse import analyse_source

    detect = 0.0
    calls = {"offtopic": 0, "page": 0}

    def timed(fn: Callable[..., Any], name: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            nonlocal detect
            calls[name] += 1
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                detect += time.perf_counter() - t0

        return run

    # The audit looks both names up in its modules' globals at each call.
    saved = analyse.analyse_offtopic, normalise.page_blocks
    analyse.analyse_offtopic = timed(analyse.analyse_offtopic, "offtopic")
    normalise.page_blocks = timed(normalise.page_blocks, "page")
    total = 0.0
    n = 0
    try:
        for dataset in DATASETS:
            for page in iter_pages(data, dataset, pages_per_set):
                source = source_of(page)
                before = detect
                t0 = time.perf_counter()
                try:
                    analyse_source(source)
                except ProvauditError:
                    detect = before  # a page that fails counts in neither sum
                    continue
                total += time.perf_counter() - t0
                n += 1
    finally:
        analyse.analyse_offtopic, normalise.page_blocks = saved
    # Each audited page ran each part once: otherwise the wrappers missed where the audit
    # calls them and the share would read low.
    if min(calls.values()) < n:
        raise RuntimeError(f"boilerplate timing: detection calls {calls} for {n} pages")
    return {
        "pages": n,
        "audit_seconds": round(total, 3),
        "boilerplate_seconds": round(detect, 3),
        "share": round(detect / total, 4) if total else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data")
    parser.add_argument("--limit", type=int, help="first N pages of each set (a quick look)")
    parser.add_argument("--timing", type=int, default=0, help="time N pages of each set")
    parser.add_argument(
        "--timing-only", type=int, default=0, help="only time N pages of each set (no figures)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="rounds of --timing-only")
    parser.add_argument("--no-save", action="store_true")
    parser.add_argument(
        "--tail-pages", action="store_true", help="list pages with a tail (both halves)"
    )
    parser.add_argument(
        "--tails-fit",
        action="store_true",
        help="only the fit half: each page with a teaser tail or a reported tail",
    )
    parser.add_argument(
        "--plain-fit",
        action="store_true",
        help="only the fit half, its extracted texts read as plain text (no page evidence)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="the whole evaluation with the extracted texts read as plain text (both halves)",
    )
    args = parser.parse_args(argv)
    data = shared_data(args.data)
    if data is None:
        print("boilerplate_real: no evaluation data (../shared/data or --data)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if args.timing_only:
        if args.rounds == 1:
            print(json.dumps(timing(data, args.timing_only)))
            return 0
        # Each round in a fresh process: a second pass in one process finds every word's
        # language score cached, which makes the rest of the audit, not detection, faster.
        one = [sys.executable, __file__, "--data", str(data), "--rounds", "1"]
        shares = [
            json.loads(
                subprocess.run(
                    [*one, "--timing-only", str(args.timing_only)],
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
            )["share"]
            for _ in range(args.rounds)
        ]
        print("share of the audit, each round:", " ".join(f"{x:.4f}" for x in shares))
        print(f"median {statistics.median(shares):.4f}")
        if not args.no_save:
            saved = {
                "command": " ".join(["python bench/boilerplate_real.py", *(argv or sys.argv[1:])]),
                "pages_per_set": args.timing_only,
                "shares": shares,
                "median": statistics.median(shares),
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
            TIMING_RESULTS.write_text(json.dumps(saved, indent=2) + "\n", encoding="utf-8")
            print(f"saved {TIMING_RESULTS.relative_to(ROOT)}")
        return 0
    if args.tails_fit:
        fit = evaluate(data, args.limit, half="fit")
        for name, halves in fit.items():
            tally = halves["fit"]
            for row in sorted(tally.tail_rows, key=lambda r: (not r.found, r.window is None, r.id)):
                print(row.line())
            print(
                f"{name:21} fit: teaser tails found {tally.tails_found}/{tally.tails} "
                f"(tails reported {tally.tails_reported} on {tally.pages} pages)"
            )
        return 0
    if args.plain_fit:
        plain = evaluate(data, args.limit, half="fit", plain=True)
        for name, halves in plain.items():
            fig = halves["fit"].figures()
            print(
                f"{name:21} fit, plain text: junk recall {fig['junk_recall']} "
                f"({fig['junk_flagged']:.0f}/{fig['junk']:.0f}) false flags "
                f"{fig['false_flag_rate']} ({fig['article_flagged']:.0f}/{fig['article']:.0f})"
            )
        return 0
    results = evaluate(data, args.limit, plain=args.plain)
    figures: dict[str, Any] = {
        name: {half: t.figures() for half, t in halves.items()} for name, halves in results.items()
    }
    for name, halves in figures.items():
        for half, fig in halves.items():
            print(
                f"{name:21} {half:8} pages {fig['pages']:3} (failed {fig['failed']}) "
                f"junk recall {fig['junk_recall']} ({fig['junk_flagged']:.0f}/{fig['junk']:.0f}) "
                f"false flags {fig['false_flag_rate']} "
                f"({fig['article_flagged']:.0f}/{fig['article']:.0f}) "
                f"teaser tails found {fig['teaser_tails_found']}/{fig['teaser_tails']} "
                f"(tails reported {fig['tails_reported']})"
            )
        if args.tail_pages:
            print("  tail pages:", " ".join(results[name]["all"].tail_pages))
    if args.timing:
        figures["timing"] = timing(data, args.timing)
        print("timing", figures["timing"])
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["command"] = (
        "python bench/boilerplate_real.py"
        + (" --plain" if args.plain else "")
        + (f" --limit {args.limit}" if args.limit else "")
        + (f" --timing {args.timing}" if args.timing else "")
    )
    if not args.no_save and args.limit is None:
        path = PLAIN_RESULTS if args.plain else RESULTS
        path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        print(f"saved {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
