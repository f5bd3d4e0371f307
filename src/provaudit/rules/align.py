"""Thresholds of the cross-source alignment (applied by the ``align`` package).

Numbers here were chosen on BASIL (../shared/data/basil, 300 articles, 100 events) and
news-12k with ``python bench/quotes.py --sweep``; each comment names the sweep. The function
words the alignment leaves out when it counts content words are ``text.FUNCTION_WORDS``.
"""

from __future__ import annotations

# Sweeps below: bench/quotes.py --sweep, results in bench/results/quotes-sweeps.json. On
# BASIL (300 articles, 100 events, aligned as one corpus) each setting is read as events with
# a quote shared across outlets (recall; 82 of 100 at the chosen values) against clusters
# joining different events (mostly chance; 9 at the chosen values).
#
# Words per shingle in the passage index. BASIL's figures are the same for 4 to 7 (reworded
# quotes come through the bigram index whatever the shingle length); 5 keeps the shortest
# match looked for in unquoted text (TEXT_MIN_WORDS) several shingles long, which the join's
# anchoring relies on, and shorter shingles pair more sources through stock phrases.
SHINGLE_WORDS = 5
# A shingle in more sources than this is boilerplate or a stock phrase and pairs none. On
# news-12k (3,000 articles): 4/8/12/24/48 give 463/465/466/468/469 quote clusters but 320/
# 476/580/1,315/1,420 reused passages; of the 788 passages 24 adds to 12, 787 pair articles
# of one outlet (newsletter sign-up blurbs, syndication notices). Time is flat (6.5-7.4 s).
DOCUMENT_FREQUENCY_CAP = 12
# The passage index is a group-by over shingle hashes in this many partitions, one counted in
# memory at a time (the partitions a distributed group-by would shuffle by). Not a quality
# setting: the join took 7.9 s with 16 and 9.2 s with 64 on 10,000 news-12k articles; fewer
# partitions hold bigger counters.
INDEX_PARTITIONS = 16
# Quotes shorter than this are not clustered (scare-quoted words like 'moat'). BASIL: 2/3/4/5
# give 84/82/81/81 events and 17/9/8/7 clusters across events.
CLUSTER_MIN_WORDS = 3
# Quote pairs proposed by shared content-word bigrams need this many shared bigrams (or all
# of the shorter quote's, when it has fewer). BASIL: 1/2/3 give 84/82/80 events, 12/9/8
# across events. A bigram in more sources than QUOTE_BIGRAM_CAP proposes none (as for
# shingles, DOCUMENT_FREQUENCY_CAP's value).
QUOTE_MIN_SHARED_BIGRAMS = 2
QUOTE_BIGRAM_CAP = DOCUMENT_FREQUENCY_CAP
# When two quotes (or a quote and a stretch of text) are the same quotation:
# - equal up to case, punctuation and inflection ("exact", "minor");
# - "fragment": the shorter, of FRAGMENT_MIN_WORDS or more, is inside the other
#   (BASIL: 3/4/5/6/8 give 84/83/82/81/80 events, 19/10/9/8/7 across events);
# - "variant": their words (inflection aside) are LINK_MIN_SIMILARITY alike (twice the words
#   they share in order over the words of both; BASIL: 0.3/0.4/0.5/0.6/0.7 give 83/82/82/79/79
#   events, 17/11/9/8/7 across), sharing LINK_MIN_CONTENT content words or more (2/3/4/5:
#   82/82/82/79 events, 9/9/8/6 across) and a run of LINK_MIN_RUN words (2/3/4/5: 82/82/81/81
#   events, 9 across each); or they share a run of LINK_LONG_RUN words that with the rest
#   makes LINK_MIN_OVERLAP of the shorter one's content words: one outlet quoting more of a
#   sentence and changing some of it (run 5/6/7/8/10/off: 275/271/268/268/264/263 clusters,
#   12/9/9/9/7/7 across; overlap 0.3/0.5/0.7/0.9: 270/268/267/264 clusters, 9/9/8/7 across;
#   events 82 throughout). Shared idioms alone ("in such a short period of time") are chance.
# Against unquoted text the bar is higher: stock phrases recur unquoted ("this is the first
# time", "will not be tolerated", "of the presidential campaign of Donald J. Trump", read in
# news-12k clusters). The stretch must have TEXT_MIN_WORDS words (BASIL 6/8/10/12: 84/82/82/82
# events, 10/9/9/9 across; on news-12k, 1,000 articles, 6 adds 8 clusters to 75, among them
# "it is the right thing to do" and "on the right side of history" unquoted), a fragment
# TEXT_FRAGMENT_MIN_WORDS (8/10/12/16: 10/9/9/9 across; 12 for the same reason), a variant
# must be TEXT_MIN_SIMILARITY alike (BASIL flat from 0.5 to 0.7; 0.6 from reading news-12k
# clusters, where 0.5 joined paraphrases like "At the end of the day, I just don't"), and
# the long-run rule does not apply.
FRAGMENT_MIN_WORDS = 5
# Short quotes (fewer than FRAGMENT_MIN_WORDS words) quoted on both sides cluster down to
# this many words ("deeply troubled", "elitist hypocrite"), guarded by what makes a short
# quote meaningful rather than by its length: a content word (not "I will"), titles only with
# titles ("Face the Nation"), and no two different speakers where both are named
# (compare.short_linked). Articles and case aside they are one wording ("a balanced
# approach"); one inside the other is a fragment when the shorter has SHORT_FRAGMENT_CONTENT
# content words or three words ("best and final" of "best and final offer"); two wordings
# sharing a content word are variants when one speaker is named on both sides and they are
# LINK_MIN_SIMILARITY alike ("excessive provocation" / "reckless provocation").
SHORT_MIN_WORDS = 2
SHORT_FRAGMENT_CONTENT = 2
# The same short wording is one statement only in context: the same named speaker, or at
# least SHORT_CONTEXT_MIN content words (speech verbs aside) in common within
# SHORT_CONTEXT_WORDS words either side of where the short wording stands in each source:
# "witch hunt" and "fake news" recur across BASIL's events, each time said of another thing.
# A short quote joins one cluster only: it never bridges two clusters of longer quotes (the
# first link, in text order, wins). Swept on the fit half of BASIL's events (the events whose
# name's SHA-256 starts with an even hex digit), read as pair recall of quotes of 3 words or
# fewer there against clusters joining different events (all of BASIL): words/min 12/1
# 0.75, 38; 12/2 0.58, 26; 25/2 0.67, 32; 25/3 0.58, 20; 40/3 0.75, 32; 40/4 0.75, 27; 40/5
# 0.75, 21; 40/6 0.67, 16; 60/5 0.75, 32; 60/6 0.75, 26; 30/5 0.67, 15 (no context at all:
# 0.83, 39; before short quotes were clustered, 0.08 and 9). 40 and 5: the fit half's recall
# kept with the fewest clusters across events.
SHORT_CONTEXT_WORDS = 40
SHORT_CONTEXT_MIN = 5
# Titles and roles before a speaker's name: two speakers sharing only these are two people.
SPEAKER_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "mx",
        "dr",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "president",
        "vice",
        "secretary",
        "minister",
        "prime",
        "general",
        "gen",
        "prof",
        "professor",
        "judge",
        "justice",
        "mayor",
        "chairman",
        "chairwoman",
        "speaker",
        "leader",
        "former",
        "spokesman",
        "spokeswoman",
        "the",
    ]
)
# Articles: "The negotiations will continue" and "negotiations will continue" differ by
# them only, a `minor` difference, not a fragment.
ARTICLES = frozenset(("a", "an", "the"))
LINK_MIN_SIMILARITY = 0.5
LINK_MIN_CONTENT = 3  # between two quotations: or all the shorter one's, two at least
LINK_MIN_RUN = 3
LINK_LONG_RUN = 8
LINK_MIN_OVERLAP = 0.5
TEXT_MIN_WORDS = 8
TEXT_FRAGMENT_MIN_WORDS = 12
TEXT_MIN_SIMILARITY = 0.6
# How many words either side of the stretch the shingles matched are searched when aligning a
# quote with another source's text (BASIL: no difference from 0 to 8; 4 allows an edit at
# either end of a quote given unquoted).
WINDOW_SLACK = 4
# Reused passages: unquoted runs of at least REUSE_MIN_WORDS words in both sources. BASIL's
# articles were written independently (its README: no pair with 50% 5-gram containment):
# 10/12/15/20 words find 13/4/1/0 passages there; news-12k (1,000): 251/197/176/134, 71 at
# 30. Runs of shared shingles with at most REUSE_GAP differing words between them join into
# one passage (0/1/3/6: 134/134/134/136 passages on news-12k, 1,000).
REUSE_MIN_WORDS = 20
REUSE_GAP = 3
# A passage more than this share quoted (in either source) is a quote, reported as a cluster
# (by construction: a majority decides which of the two reports the words).
REUSE_MAX_QUOTED = 0.5
# Clusters bigger than this compare members with the canonical one only, not all pairs (a
# bound on work, not quality: news-12k at 10,000 articles has clusters of up to 43 members).
CLUSTER_PAIRWISE_MAX = 24
# Reported floats are rounded to this many decimals.
ROUND = 4
