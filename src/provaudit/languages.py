"""Mixed-language passages: the document's main language and every passage in another one.

Machine-translation residue (a Chinese clause left inside an English sentence, sometimes two
characters long) and foreign site chrome (Ukrainian "published/updated" labels glued to an outlet
name) are what this finds. The method, cheapest evidence first:

1. **Script runs.** One compiled regex splits the text into runs of letters of one Unicode
   script (Han and kana together, as Japanese writes them).
2. **Main language.** The script with most letters is the main script; its language comes from
   the script alone (Hangul, Greek, ...), from kana (Japanese or Chinese), from function-word
   counts (English "the of and"), and only when those are inconclusive from langdetect on a
   sample of the text.
3. **Runs in another script** are foreign by their script alone once long enough (one letter
   for Han, kana and Hangul; three for alphabets). Their language comes from the script
   (Hangul, Greek, Hebrew, ...), from kana (Japanese), from the alphabets that can write every
   letter of the run ("Торгівля" only Ukrainian; Macedonian has no ъ щ ь ю я), for a short run
   from the alphabet of the document's other runs of the script (a bare "Спот" in a page of
   Ukrainian chrome), from letters only one language writes (پ چ ژ گ Persian), and only then
   from the word model below restricted to the candidates left.
4. **Runs in the main script** are foreign only on strong evidence. Every word gets a
   log-likelihood in each language of the script from two sources: langdetect's character
   n-gram profiles, and how often the language uses the word (wordfreq's lists of common words,
   Zipf >= 3, some 25,000-65,000 words a language; the main language's list reaches down to
   rarer words, so that "tetanus" or "legumes" stays English). A word of the main language is
   judged by frequencies alone ("de" is far commoner in Spanish than in English; "judicial"
   is not), others by both. A word's score is how much likelier the other languages (weighted
   by a prior, their share of the web) make it than the main language; acronyms, initials,
   words in addresses and names (capitalised inside a sentence, with their particles: "Osama
   bin Laden", "Kim Jong-un") weigh nothing or little. A two-state segmentation of each
   sentence keeps the stretches whose summed score pays for a switch cost; a kept stretch
   needs two words and evidence from a word that is no name. A single word is a passage alone
   only when it is no word of the main language, in lower case unless alone on its line (a
   heading), and a common word of its language (or in no list at all, with strong n-gram
   evidence). A passage grows over neighbouring words that lean foreign too (a rare word
   beside a common one). Its language is the one (with its prior)
   that explains all its words best, and it must beat the main language by a margin per letter.
5. **Passages.** Pieces of one language separated only by spaces, punctuation or digits are
   merged (and a name between two pieces of a Chinese clause joins it); each passage is then a
   ``fragment`` (inside a sentence), a ``line`` (a short, mostly foreign line: site chrome) or a
   ``sentence`` (whole sentences).

"langdetect's profiles" means its naive-Bayes model evaluated exactly (every n-gram of the text,
langdetect's own smoothing, plus the prior) where langdetect samples n-grams at random: on a few
words that is both steadier and cheaper, and it lets the prior count. langdetect's own detector
(seeded, seed 0, on a factory of its own with its profiles loaded in a fixed order) decides the
main language when function words do not. Profiles and word lists are loaded once, on first
use, and word scores are cached. Everything is deterministic and confidences are rounded.
Nothing is downloaded: wordfreq ships its lists.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import add
from pathlib import Path
from typing import Any

from . import lexicon
from .model import Document, Span
from .rules import languages as language_rules
from .text import sentence_spans

KINDS = ("fragment", "line", "sentence")


@dataclass(frozen=True, slots=True)
class LanguagePassage:
    """A passage in a language other than the document's main one.

    ``lang`` is an ISO 639-1 code; ``script`` the Unicode script of most of its letters;
    ``confidence`` (0..1, rounded to 4 places) how sure the label is; ``kind`` is
    ``fragment`` (embedded inside a sentence), ``line`` (a standalone short line, typically site
    chrome) or ``sentence`` (one or more whole sentences); ``evidence`` says what decided the
    language: ``script`` (a script one language writes), ``letters`` (letters only that language
    writes, in the passage or elsewhere in the document), ``profile`` (langdetect's profiles
    alone), ``lexicon`` (those profiles and the word frequencies of each language: a word of
    the passage is a common word of the language it was given).
    """

    span: Span
    lang: str
    script: str
    confidence: float
    kind: str
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            **self.span.to_json(),
            "lang": self.lang,
            "script": self.script,
            "confidence": self.confidence,
            "kind": self.kind,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class LanguageAnalysis:
    """The main language of a document (None when undecidable) and its foreign passages."""

    main_language: str | None
    passages: tuple[LanguagePassage, ...]

    def to_json(self) -> dict[str, Any]:
        return {"passages": [p.to_json() for p in self.passages]}


# --------------------------------------------------------------------------- the classifier


def _iso(profile: str) -> str:
    """ISO 639-1 code of a langdetect profile name (zh-cn and zh-tw are both zh)."""
    return profile.split("-", 1)[0]


# langdetect folds these characters before counting n-grams; its profiles only know the folded
# forms (every Vietnamese letter of Latin Extended Additional is one n-gram letter; Persian yeh
# is Arabic yeh).
_PROFILE_FOLD = dict.fromkeys(range(7840, 7936), 7875) | {0x06CC: 0x064A}


class _Classifier:
    """langdetect's profiles, read per script on first use, and its detector, built only when
    function words cannot decide a document's main language.

    Only the profiles of the languages of a script that a document needs are read: the whole
    detector holds every n-gram of 55 languages (~65 MB, ~0.25 s to load), while a script's
    table is a few MB.
    """

    def __init__(self) -> None:
        self._factory: Any = None
        self._tables: dict[str, lexicon.FloatTable] = {}
        self._priors: dict[tuple[str, language_rules.LanguageRules], list[float]] = {}

    @property
    def factory(self) -> Any:
        """langdetect's detector factory with every profile, loaded on first use."""
        if self._factory is None:
            from langdetect.detector_factory import DetectorFactory

            # Sorted, so that the detector's language order (and so its arithmetic) is the same
            # on every machine; os.listdir order is not.
            files = tuple(sorted(p for p in _profiles_directory().iterdir() if p.is_file()))
            # langdetect's own loading parses every profile (~0.33 s a process); its tables are
            # kept in lexicon.py's cache instead, built from a factory loaded that way.
            spec = ["detector", _langdetect_version(), [p.name for p in files]]
            names = json.loads(
                bytes(
                    lexicon.cached(
                        "langdetect-languages",
                        spec,
                        lambda: json.dumps(_loaded_factory(files).langlist).encode(),
                    )
                )
            )
            table = lexicon.FloatTable(
                lexicon.cached(
                    "langdetect-detector",
                    spec,
                    lambda: lexicon.build_floats(
                        _loaded_factory(files).word_lang_prob_map, len(names)
                    ),
                )
            )
            factory = DetectorFactory()
            factory.langlist = names
            factory.word_lang_prob_map = table  # read only through in, [] (see FloatTable)
            factory.seed = 0  # this factory's detectors, as DetectorFactory.seed = 0 does for all
            self._factory = factory
        return self._factory

    def table(self, script: str) -> lexicon.FloatTable:
        """n-gram -> log-probability excess over the smoothing floor, per language of ``script``
        (built once into lexicon.py's cache, see :func:`_ngram_rows`)."""
        table = self._tables.get(script)
        if table is None:
            langs = language_rules.SCRIPT_PROFILES[script]
            spec = ["ngrams", _langdetect_version(), list(langs), language_rules.NGRAM_SMOOTHING]
            data = lexicon.cached(
                "langdetect", spec, lambda: lexicon.build_floats(_ngram_rows(langs), len(langs))
            )
            table = self._tables[script] = lexicon.FloatTable(data)
        return table

    def log_prior(self, script: str) -> list[float]:
        """PRIOR_WEIGHT x log of each language's web share, for the languages of ``script``."""
        rules = language_rules.current()
        prior = self._priors.get((script, rules))
        if prior is None:
            prior = [
                rules.PRIOR_WEIGHT * math.log(language_rules.WEB_SHARE.get(p, _MIN_SHARE))
                for p in language_rules.SCRIPT_PROFILES[script]
            ]
            self._priors[(script, rules)] = prior
        return prior

    def detect(self, text: str, priors: dict[str, float]) -> list[tuple[str, float]]:
        """langdetect's (profile, probability) list for ``text``, restricted to the profiles in
        ``priors`` and weighted by them."""
        from langdetect.lang_detect_exception import LangDetectException

        detector = self.factory.create()
        detector.set_prior_map(priors)
        detector.append(text)
        try:
            return [(x.lang, x.prob) for x in detector.get_probabilities()]
        except LangDetectException:  # no usable n-gram in the text
            return []


def _ngram_rows(langs: Sequence[str]) -> dict[str, list[float]]:
    """n-gram -> log-probability excess over the smoothing floor in each of ``langs``.

    Scores built from these differ from the naive-Bayes log-likelihoods by a constant per
    word (its n-gram count times the log floor), which no comparison between languages sees.
    Probabilities are langdetect's (``DetectorFactory.add_profile``): an n-gram's count over
    the language's count of n-grams of its length.
    """
    probs: dict[str, list[float]] = {}
    for k, lang in enumerate(langs):
        profile = json.loads((_profiles_directory() / lang).read_text(encoding="utf-8"))
        n_words = profile["n_words"]
        for gram, count in profile["freq"].items():
            if 1 <= len(gram) <= 3 and count:
                row = probs.get(gram)
                if row is None:
                    row = probs[gram] = [0.0] * len(langs)
                row[k] = 1.0 * count / n_words[len(gram) - 1]
    smoothing = language_rules.NGRAM_SMOOTHING
    floor = math.log(smoothing)
    # Most languages lack most n-grams: their excess is log(floor) - log(floor), 0.0
    # exactly, without a logarithm each.
    return {
        gram: [math.log(p + smoothing) - floor if p else 0.0 for p in row]
        for gram, row in probs.items()
    }


@functools.cache
def _langdetect_version() -> str:
    from importlib.metadata import version

    return version("langdetect")


@functools.cache
def _loaded_factory(files: tuple[Path, ...]) -> Any:
    """langdetect's detector factory with the profiles ``files``, loaded its own way (to build
    the cached tables from)."""
    from langdetect.detector_factory import DetectorFactory

    factory = DetectorFactory()
    factory.load_json_profile([p.read_text(encoding="utf-8") for p in files])
    return factory


def _profiles_directory() -> Path:
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return Path(PROFILES_DIRECTORY)


# The share given to languages missing from WEB_SHARE (the smallest listed).
_MIN_SHARE = min(language_rules.WEB_SHARE.values())
_CLASSIFIER: _Classifier | None = None


def _classifier() -> _Classifier:
    global _CLASSIFIER
    if _CLASSIFIER is None:
        _CLASSIFIER = _Classifier()
    return _CLASSIFIER


class _Lexicon:
    """Word frequencies of the languages of each script (wordfreq's small lists).

    Only the "small" lists are used: the words of each language at or above one occurrence per
    million (Zipf 3), some 25,000-65,000 words each. They say which words are common in a
    language, never which sentences occur in any corpus.

    The lists are looked up in lexicon.py's tables (one per script, each word's frequency bin
    in each of its languages: wordfreq's centibels below 1, Zipf ``9 - bin / 100``), built once
    and mapped into memory by each process. The main language's longer list keeps only the
    words MAIN_LEXICON_MIN_ZIPF reaches.
    """

    def __init__(self) -> None:
        self._tables: dict[str, lexicon.Table] = {}
        self._main: dict[str, lexicon.Table | None] = {}

    def _table(self, script: str) -> lexicon.Table:
        table = self._tables.get(script)
        if table is None:
            table = self._tables[script] = lexicon.table(_script_codes(script), "small")
        return table

    def main_zipf(self, lang: str, word: str) -> float:
        """The Zipf frequency of ``word`` in the main language ``lang``, 0 if not a word of it.

        The main language's list reaches further down (wordfreq's large list, to
        MAIN_LEXICON_MIN_ZIPF) than the foreign ones: it only ever says "plausibly the main
        language" (a rare English word such as "tetanus" or "legumes" is common in no list of
        the language the document is in, and would otherwise be foreign evidence).
        """
        if lang in self._main:
            table = self._main[lang]
        else:
            table = self._main[lang] = _main_table(lang)
        if table is None:
            return 0.0
        found = table.row(word.casefold())
        return 0.0 if found is None else _ZIPF[found[0]]

    def vector(self, script: str, word: str) -> list[float] | None:
        """LEX_WEIGHT x log(frequency / floor) of ``word`` in each language of ``script``
        (0 where the word is not a common word of the language), or None when it is in none."""
        rules = language_rules.current()
        if rules.LEX_WEIGHT == 0:
            return None
        found = self._table(script).row(word.casefold())
        if found is None:
            return None
        scores = _lex_scores(rules)
        return [0.0 if b == lexicon.ABSENT else scores[b] for b in found]


def _script_codes(script: str) -> list[str | None]:
    """wordfreq's code of each language of ``script`` (None: wordfreq has no list for it, and
    would answer with a neighbour's, "af" -> "nl")."""
    codes: list[str | None] = []
    for profile in language_rules.SCRIPT_PROFILES[script]:
        code = language_rules.WORDFREQ_CODES.get(profile, _iso(profile))
        codes.append(code if code in language_rules.WORDFREQ_LANGUAGES else None)
    return codes


def _main_table(lang: str) -> lexicon.Table | None:
    """The main language's table: its large list where wordfreq has one, bins to
    _MAIN_LAST_BIN (the rarest bins hold most words); None when wordfreq has no list."""
    code = language_rules.WORDFREQ_CODES.get(lang, lang)
    if code not in language_rules.WORDFREQ_LANGUAGES:
        return None
    size = "large" if code in lexicon.available_large() else "small"
    return lexicon.table([code], size, _MAIN_LAST_BIN)


def build_tables() -> list[Path]:
    """Build (or find) every table the analysis can ask for; their paths."""
    for script in language_rules.SCRIPT_PROFILES:
        lexicon.table(_script_codes(script), "small")
        _classifier().table(script)
    for lang in sorted(
        {p for profiles in language_rules.SCRIPT_PROFILES.values() for p in profiles}
    ):
        _main_table(lang)
    _classifier().factory.create()  # builds the detector's tables (on first use)
    return sorted(lexicon.cache_directory().glob("*.lex"))


def _zipf_of_bin(b: int) -> float:
    """The Zipf frequency wordfreq gives a word of bin ``b`` (log10 of its frequency per
    billion words, as ``math.log10(wordfreq.cB_to_freq(-b)) + 9``)."""
    return math.log10(10 ** (-b / 100)) + 9


# wordfreq's bins reach Zipf 1 (bin 800) in its large lists.
_BINS = 1024
_ZIPF = [_zipf_of_bin(b) for b in range(_BINS)]
# The last bin of the main language's list that counts (MAIN_LEXICON_MIN_ZIPF or more).
_MAIN_LAST_BIN = max(b for b in range(_BINS) if _ZIPF[b] >= language_rules.MAIN_LEXICON_MIN_ZIPF)


_LEXICON: _Lexicon | None = None


def _lexicon() -> _Lexicon:
    global _LEXICON
    if _LEXICON is None:
        _LEXICON = _Lexicon()
    return _LEXICON


# Per-word scores are pure functions of the word (and the rules in force); real text repeats
# its words (Zipf), so they are cached, and a cache is dropped whole when it grows past a bound.
_CACHE_LIMIT = 200_000
_SCORE_CACHE: dict[tuple[str, str, language_rules.LanguageRules], dict[str, float]] = {}
_VECTOR_CACHE: dict[
    tuple[str, str | None, language_rules.LanguageRules], dict[str, list[float]]
] = {}


def clear_caches() -> None:
    """Forget cached word scores (the loaded profiles stay). For benchmarks and tests."""
    _SCORE_CACHE.clear()
    _VECTOR_CACHE.clear()


def _ngrams(word: str) -> list[str]:
    """langdetect's n-grams (1 to 3 characters, word boundaries as spaces) of a lowercased word."""
    s = f" {word.translate(_PROFILE_FOLD)} "
    n = len(s)
    grams = [s[i : i + 2] for i in range(n - 1)]
    grams += [s[i : i + 3] for i in range(n - 2)]
    grams += list(s[1:-1])
    return grams


def _vector(script: str, word: str, main: str | None = None) -> list[float]:
    """Log-likelihood (up to a constant) of a lowercased word in each language of ``script``:
    langdetect's n-gram profiles plus the word's frequency in each language's list, the main
    language's (if given) from its longer list."""
    rules = language_rules.current()
    cache = _VECTOR_CACHE.get((script, main, rules))
    if cache is None:
        cache = _VECTOR_CACHE[(script, main, rules)] = {}
    vec = cache.get(word)
    if vec is None:
        table = _classifier().table(script)
        profiles = language_rules.SCRIPT_PROFILES[script]
        rows = [row for g in _ngrams(word) if (row := table.get(g)) is not None]
        w = rules.NGRAM_WEIGHT
        vec = [w * x for x in map(sum, zip(*rows, strict=True))] if rows else [0.0] * len(profiles)
        lexicon = _lexicon()
        lex = lexicon.vector(script, word)
        if lex is not None:
            vec = [v + x for v, x in zip(vec, lex, strict=True)]
        if main is not None and main in profiles:
            k = profiles.index(main)
            z = lexicon.main_zipf(main, word)
            vec[k] += (_lex_score(z) if z else 0.0) - (lex[k] if lex is not None else 0.0)
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[word] = vec
    return vec


def _lex_score(zipf: float) -> float:
    """The lexical log-likelihood term of a word of Zipf frequency ``zipf`` in a language."""
    rules = language_rules.current()
    return rules.LEX_WEIGHT * math.log(10) * (zipf - rules.LEX_FLOOR_ZIPF)


@functools.cache
def _lex_scores(rules: language_rules.LanguageRules) -> list[float]:
    """The lexical term of a word of each frequency bin (see _Lexicon), under ``rules``."""
    return [rules.LEX_WEIGHT * math.log(10) * (z - rules.LEX_FLOOR_ZIPF) for z in _ZIPF]


def _contrast(vec: Sequence[float], prior: Sequence[float], main: int) -> float:
    """log P(x | another language, weighted by its prior) - log P(x | main language)."""
    others = [v + p for v, p in zip(vec, prior, strict=True)]
    del others[main]
    return _logsumexp(others) - _prior_norm(tuple(prior), main) - vec[main]


@functools.lru_cache(maxsize=64)
def _prior_norm(prior: tuple[float, ...], main: int) -> float:
    """The log of the summed priors of the languages other than ``main`` (one per script and
    main language: computed once, not once per word)."""
    return _logsumexp([p for k, p in enumerate(prior) if k != main])


def _logsumexp(xs: Sequence[float]) -> float:
    top = max(xs)
    return top + math.log(sum(map(math.exp, [x - top for x in xs])))


def _label(
    vec: Sequence[float], script: str, allowed: Sequence[str] | None = None
) -> tuple[int, float]:
    """The index of the likeliest language of ``script`` (among ``allowed`` profiles, if given)
    for summed log-likelihoods ``vec``, with its posterior probability among them."""
    prior = _classifier().log_prior(script)
    profiles = language_rules.SCRIPT_PROFILES[script]
    ks = [k for k, p in enumerate(profiles) if allowed is None or p in allowed]
    post = [vec[k] + prior[k] for k in ks]
    best = max(range(len(ks)), key=lambda i: post[i])
    return ks[best], math.exp(post[best] - _logsumexp(post))


def _words_vector(script: str, text: str) -> list[float]:
    """Summed log-likelihoods of the words of ``text`` in each language of ``script``."""
    total = [0.0] * len(language_rules.SCRIPT_PROFILES[script])
    for word in language_rules.WORD.findall(text.lower()):
        total = list(map(add, total, _vector(script, word)))
    return total


def _score_cache(script: str, main: str, rules: language_rules.LanguageRules) -> dict[str, float]:
    cache = _SCORE_CACHE.get((script, main, rules))
    if cache is None:
        cache = _SCORE_CACHE[(script, main, rules)] = {}
    return cache


def _word_score(script: str, main: str, word: str) -> float:
    """How much better another language of ``script`` explains a lowercased word than ``main``."""
    rules = language_rules.current()
    cache = _score_cache(script, main, rules)
    score = cache.get(word)
    if score is None:
        lexicon = _lexicon()
        profiles = language_rules.SCRIPT_PROFILES[script]
        if word in language_rules.STOPWORDS.get(main, ()):
            score = rules.STOPWORD_SCORE
        elif z := lexicon.main_zipf(main, word):
            # A word of the main language that other languages write too ("de", "judicial"):
            # how often each language uses it decides, not how it is spelt.
            lex = lexicon.vector(script, word) or [0.0] * len(profiles)
            k = profiles.index(main)
            lex[k] = _lex_score(z)
            score = _contrast(lex, _classifier().log_prior(script), k)
        else:
            score = _contrast(
                _vector(script, word, main),
                _classifier().log_prior(script),
                language_rules.SCRIPT_PROFILES[script].index(main),
            )
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[word] = score
    return score


# ------------------------------------------------------------------------------- the analysis


@dataclass(slots=True)
class _Run:
    start: int
    end: int
    script: str
    line: int  # index into doc.paragraphs


@dataclass(slots=True)
class _Piece:
    start: int
    end: int
    lang: str
    script: str
    confidence: float
    evidence: str
    same_script: bool  # found in the main script (True) or foreign by its script (False)
    letters: int


def analyse_languages(doc: Document) -> LanguageAnalysis:
    """The main language of ``doc`` and its passages in other languages, in text order."""
    rules = language_rules.current()
    text = doc.text
    runs = _runs(doc)
    letters: dict[str, int] = {}
    for r in runs:
        letters[r.script] = letters.get(r.script, 0) + r.end - r.start
    total = sum(letters.values())
    if total < rules.MIN_DOCUMENT_LETTERS:
        return LanguageAnalysis(None, ())
    main_script = max(sorted(letters), key=lambda s: letters[s])
    main = _main_language(text, runs, main_script, letters)
    if main is None:
        return LanguageAnalysis(None, ())
    context = _Context(text, runs, main, main_script)
    # Runs in other scripts first: a name absorbed into a Chinese clause is not then also
    # judged as a main-script word.
    pieces = _merge(text, sorted(context.foreign_script_pieces(), key=_order))
    taken = [(p.start, p.end) for p in pieces]
    same = [p for p in context.same_script_pieces() if not _overlaps(taken, p)]
    pieces = _merge(text, sorted(pieces + same, key=_order))
    passages = tuple(_passage(doc, p, pieces) for p in pieces)
    return LanguageAnalysis(main, passages)


def _order(p: _Piece) -> tuple[int, int]:
    return (p.start, p.end)


def _overlaps(taken: list[tuple[int, int]], p: _Piece) -> bool:
    i = bisect.bisect_right(taken, (p.start, math.inf)) - 1
    return any(s < p.end and p.start < e for s, e in taken[max(0, i) : i + 2])


def _runs(doc: Document) -> list[_Run]:
    """Letter runs of one script, with the paragraph (line) each is on."""
    text = doc.text
    scan = language_rules.SCRIPT_RUN.finditer
    return [
        _Run(m.start(), m.end(), m.lastgroup or "Other", i)
        for i, para in enumerate(doc.paragraphs)
        for m in scan(text, para.start, para.end)
    ]


# Function word -> the languages it is a function word of (one look-up a word, not one a language).
_STOPWORD_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _lang, _words in sorted(language_rules.STOPWORDS.items()):
    for _word in _words:
        _STOPWORD_LANGUAGES[_word] = (*_STOPWORD_LANGUAGES.get(_word, ()), _lang)


def _main_language(text: str, runs: list[_Run], script: str, letters: dict[str, int]) -> str | None:
    rules = language_rules.current()
    if script in language_rules.SCRIPT_LANGUAGE:
        return language_rules.SCRIPT_LANGUAGE[script]
    if script == "CJK":
        kana = sum(
            len(language_rules.KANA.findall(text, r.start, r.end))
            for r in runs
            if r.script == "CJK"
        )
        return "ja" if kana >= rules.JAPANESE_KANA_SHARE * letters["CJK"] else "zh"
    if script not in language_rules.SCRIPT_PROFILES:
        return None
    profiles = language_rules.SCRIPT_PROFILES[script]
    hits = dict.fromkeys((p for p in profiles if p in language_rules.STOPWORDS), 0)
    for r in runs:
        if r.script == script:
            for lang in _STOPWORD_LANGUAGES.get(text[r.start : r.end].lower(), ()):
                if lang in hits:
                    hits[lang] += 1
    ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
    if ranked and ranked[0][1] >= rules.MAIN_MIN_HITS:
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        if ranked[0][1] >= rules.MAIN_MARGIN * runner_up:
            return ranked[0][0]
    sample = " ".join(text[r.start : r.end] for r in runs if r.script == script)
    found = _classifier().detect(sample[: rules.MAIN_SAMPLE_CHARS], dict.fromkeys(profiles, 1.0))
    return _iso(found[0][0]) if found else None


class _Context:
    """One document's text, runs and main language, and the decisions made on them."""

    def __init__(self, text: str, runs: list[_Run], main: str, main_script: str) -> None:
        self.text = text
        self.runs = runs
        self.main = main
        self.main_script = main_script
        self._script_alphabet: dict[str, list[str]] = {}
        self._kana: float | None = None

    # ------------------------------------------------------------- runs in another script

    def foreign_script_pieces(self) -> list[_Piece]:
        pieces: list[_Piece] = []
        for group in self._groups():
            piece = self._label_group(group)
            if piece is not None:
                pieces.append(piece)
        return pieces

    def _groups(self) -> Iterator[list[_Run]]:
        """Consecutive runs of one non-main script on one line, nothing but non-letters between."""
        group: list[_Run] = []
        for r in self.runs:
            if r.script == self.main_script or r.script == "Other":
                if group:
                    yield group
                group = []
                continue
            if group and (group[-1].script != r.script or group[-1].line != r.line):
                yield group
                group = []
            group.append(r)
        if group:
            yield group

    def _label_group(self, group: list[_Run]) -> _Piece | None:
        rules = language_rules.current()
        script = group[0].script
        text = self.text
        start, end = group[0].start, group[-1].end
        n = sum(r.end - r.start for r in group)
        minimum = (
            rules.MIN_FOREIGN_LETTERS_SYLLABIC
            if script in language_rules.SYLLABIC_SCRIPTS
            else rules.MIN_FOREIGN_LETTERS_ALPHABETIC
        )
        if n < minimum:
            return None
        body = text[start:end]
        lang: str | None
        if script == "Latin":
            # Inside another script, Latin letters are mostly names and acronyms.
            if (
                n < rules.LATIN_IN_OTHER_SCRIPT_MIN_LETTERS
                or len(group) < rules.LATIN_IN_OTHER_SCRIPT_MIN_WORDS
            ):
                return None
            lang, confidence, evidence = self._classify(body, script)
        elif script in language_rules.SCRIPT_LANGUAGE:
            lang, confidence, evidence = (
                language_rules.SCRIPT_LANGUAGE[script],
                rules.SCRIPT_CONFIDENCE,
                "script",
            )
        elif script in language_rules.ALPHABETS:
            lang, confidence, evidence = self._by_alphabet(body, script)
        else:
            lang = _hint(body, script)
            confidence, evidence = rules.HINT_CONFIDENCE, "letters"
            if lang is None and script == "CJK":
                # Han alone: Japanese kanji in a text written with kana, Chinese otherwise.
                if self._kana_share() >= rules.HAN_AS_JAPANESE_KANA_SHARE:
                    lang, confidence = "ja", rules.CONTEXT_CONFIDENCE
                else:
                    lang, confidence, evidence = "zh", rules.HAN_CONFIDENCE, "script"
            if lang is None:
                lang, confidence, evidence = self._classify(body, script)
        if lang is None or lang == self.main:
            return None
        return _Piece(start, end, lang, _script_name(body, script), confidence, evidence, False, n)

    def _kana_share(self) -> float:
        """The share of the document's CJK letters that are kana."""
        if self._kana is None:
            cjk = [r for r in self.runs if r.script == "CJK"]
            n = sum(r.end - r.start for r in cjk)
            kana = sum(len(language_rules.KANA.findall(self.text, r.start, r.end)) for r in cjk)
            self._kana = kana / n if n else 0.0
        return self._kana

    def _by_alphabet(self, body: str, script: str) -> tuple[str | None, float, str]:
        """The language of a run from the alphabets that can write it, then from the document."""
        rules = language_rules.current()
        candidates = _alphabet_candidates(body, script)
        if len(candidates) == 1:
            return candidates[0], rules.HINT_CONFIDENCE, "letters"
        if (
            len(candidates) > 1
            and len(language_rules.LETTER.findall(body)) <= rules.CONTEXT_MAX_LETTERS
        ):
            # The document's other runs of the script narrow a short one (a bare "Спот" in a
            # page of Ukrainian chrome).
            if script not in self._script_alphabet:
                letters = "".join(
                    self.text[r.start : r.end] for r in self.runs if r.script == script
                )
                self._script_alphabet[script] = _alphabet_candidates(letters, script)
            narrowed = [c for c in candidates if c in self._script_alphabet[script]]
            if len(narrowed) == 1:
                return narrowed[0], rules.CONTEXT_CONFIDENCE, "letters"
            candidates = narrowed or candidates
        profiles = [
            p for p in language_rules.SCRIPT_PROFILES[script] if not candidates or p in candidates
        ]
        if len(profiles) == 1:  # the only candidate the classifier knows
            return profiles[0], rules.HINT_CONFIDENCE, "letters"
        return self._classify(body, script, profiles or None)

    def _classify(
        self, body: str, script: str, profiles: Sequence[str] | None = None
    ) -> tuple[str | None, float, str]:
        """The likeliest language of ``body`` among ``profiles`` (default: the script's)."""
        if script not in language_rules.SCRIPT_PROFILES:
            return None, 0.0, "profile"
        vec = _words_vector(script, body)
        if not any(vec):
            return None, 0.0, "profile"
        k, posterior = _label(vec, script, profiles)
        evidence = _evidence(script, language_rules.WORD.findall(body.lower()), k)
        return _iso(language_rules.SCRIPT_PROFILES[script][k]), posterior, evidence

    # ----------------------------------------------------------------- runs in the main script

    def same_script_pieces(self) -> list[_Piece]:
        script = self.main_script
        profiles = language_rules.SCRIPT_PROFILES.get(script, ())
        if self.main not in profiles:
            return []
        pieces: list[_Piece] = []
        for tokens in self._stretches_of_main_script():
            pieces.extend(self._segment(tokens))
        return pieces

    def _stretches_of_main_script(self) -> Iterator[list[_Run]]:
        """Main-script runs of one sentence, up to a run in another script.

        Fragments live inside sentences; foreign sentences next to each other are merged again
        as one passage afterwards.
        """
        tokens: list[_Run] = []
        text = self.text
        for r in self.runs:
            if (
                r.script != self.main_script
                or (tokens and tokens[-1].line != r.line)
                or (tokens and language_rules.SENTENCE_BREAK.search(text, tokens[-1].end, r.start))
            ):
                if tokens:
                    yield tokens
                tokens = []
                if r.script != self.main_script:
                    continue
            tokens.append(r)
        if tokens:
            yield tokens

    def _word_scores(self, tokens: list[_Run]) -> tuple[list[float], list[str]]:
        """Each token's foreign evidence before compounds and names are weighed (see
        :meth:`_main_compounds`, :meth:`_weigh_names`), and the tokens' words."""
        text, script, main = self.text, self.main_script, self.main
        words = [text[t.start : t.end] for t in tokens]
        scores: list[float] = []
        cached = _score_cache(script, main, language_rules.current())  # most words are in it
        n = len(text)
        for k, word in enumerate(words):
            if len(word) > 1 and word.isupper():
                scores.append(0.0)  # an acronym, skipped as langdetect skips them
                continue
            if len(word) > language_rules.MAX_WORD_CHARS:
                scores.append(0.0)  # longer than any word: no language's evidence
                continue
            start, end = tokens[k].start, tokens[k].end
            # Most words touch neither a technical neighbour nor a dot: _technical is asked
            # only about those that do.
            if (
                (start and text[start - 1] in _NEAR_TECHNICAL)
                or (end < n and text[end] in _NEAR_TECHNICAL)
            ) and _technical(text, start, end):
                scores.append(0.0)  # part of an address, a file name or a handle
                continue
            lower = word.lower()
            score = cached.get(lower)
            if score is None:
                score = _word_score(script, main, lower)
            if len(word) == 1:
                score = min(score, 0.0)  # an initial, or a one-letter word: no evidence
            scores.append(score)
        return scores, words

    def _main_compounds(self, tokens: list[_Run], words: list[str], scores: list[float]) -> None:
        """A hyphenated compound with a common main-language word in it is a word of the main
        language (quasi-judicial, de-escalate): its words' evidence is cut to 0 at most."""
        rules = language_rules.current()
        text, main = self.text, self.main
        k = 0
        while k < len(tokens):
            j = k + 1
            while (
                j < len(tokens)
                and text[tokens[j - 1].end : tokens[j].start] in language_rules.HYPHENS
            ):
                j += 1
            if j - k > 1 and any(
                _lexicon().main_zipf(main, w.lower()) >= rules.HYPHEN_MAIN_ZIPF for w in words[k:j]
            ):
                for i in range(k, j):
                    scores[i] = min(scores[i], 0.0)
            k = j

    def _weigh_names(self, tokens: list[_Run], words: list[str], scores: list[float]) -> list[bool]:
        """Weighs down the evidence of the words that are parts of names inside running text
        (a capitalised word in a sentence with lower-case words); which tokens are names."""
        rules = language_rules.current()
        names = self._names(tokens, words)
        if any(w[0].islower() for w in words):
            for k, score in enumerate(scores):
                if score > 0 and names[k]:
                    scores[k] = score * rules.CAPITALISED_WEIGHT  # a name inside running text
        return names

    def _names(self, tokens: list[_Run], words: list[str]) -> list[bool]:
        """Which tokens look like parts of a name: capitalised inside a sentence, capitalised at
        its start and followed by another capitalised word, a particle between capitalised words
        (Osama bin Laden, Ursula von der Leyen), or hyphened to one (Kim Jong-un)."""
        rules = language_rules.current()
        text = self.text
        n = len(tokens)
        cap = [w[0].isupper() and not (len(w) > 1 and w.isupper()) for w in words]
        spaced = [
            k + 1 < n
            and text[tokens[k].end : tokens[k + 1].start] in (" ", *language_rules.HYPHENS)
            for k in range(n)
        ]
        names = [False] * n
        for k in range(n):
            if cap[k]:
                continue
            if (
                k > 0
                and cap[k - 1]
                and text[tokens[k - 1].end : tokens[k].start] in language_rules.HYPHENS
            ):
                names[k] = True  # Jong-un
                continue
            j = k
            while j < n and not cap[j] and words[j].lower() in rules.NAME_PARTICLES:
                j += 1
            if j > k and j < n and spaced[j - 1] and cap[j]:  # (Ursula) von der Leyen
                for i in range(k, j):
                    names[i] = True
        for k in range(n):
            if cap[k]:
                initial = k == 0 or _sentence_initial(text, tokens[k].start)
                names[k] = not initial or (spaced[k] and (cap[k + 1] or names[k + 1]))
        return names

    def _segment(self, tokens: list[_Run]) -> list[_Piece]:
        rules = language_rules.current()
        scores, words = self._word_scores(tokens)
        # Compounds can only cut a positive score to 0 and names scale it by
        # CAPITALISED_WEIGHT: when no word could be evidence enough even so, neither need be
        # worked out (most of this stage's time on news text, where most sentences are all
        # main language).
        most = max(scores, default=0.0) * max(1.0, rules.CAPITALISED_WEIGHT)
        if most < min(rules.SINGLE_WORD_MIN_SCORE, rules.SWITCH_COST):
            return []  # no word is evidence enough, alone or in a stretch
        self._main_compounds(tokens, words, scores)
        names = self._weigh_names(tokens, words, scores)
        if max(scores, default=0.0) < min(rules.SINGLE_WORD_MIN_SCORE, rules.SWITCH_COST):
            return []
        found: list[tuple[int, int, _Piece]] = []
        taken: set[int] = set()
        if sum(s for s in scores if s > 0) > rules.SWITCH_COST:
            for i, j in _foreign_stretches(scores, rules.SWITCH_COST):
                piece = self._label_stretch(tokens[i:j], scores[i:j], names[i:j])
                if piece is not None:
                    found.append((i, j, piece))
                    taken.update(range(i, j))
        for k, score in enumerate(scores):
            if k not in taken and score >= rules.SINGLE_WORD_MIN_SCORE:
                piece = self._label_word(tokens, k, score)
                if piece is not None:
                    found.append((k, k + 1, piece))
                    taken.add(k)
        return [self._extend(tokens, scores, names, taken, *f) for f in sorted(found)]

    def _extend(
        self,
        tokens: list[_Run],
        scores: list[float],
        names: list[bool],
        taken: set[int],
        i: int,
        j: int,
        piece: _Piece,
    ) -> _Piece:
        """``piece`` (tokens i..j) grown over the neighbouring words that lean foreign too
        (a rare or misspelt word beside a common one: "usuario geocaching")."""
        rules = language_rules.current()
        floor = language_rules.EXTEND_MIN_SCORE
        if floor is None:
            return piece
        text, lexicon = self.text, _lexicon()
        words = [text[t.start : t.end].lower() for t in tokens]

        def ok(k: int, a: int, b: int) -> bool:
            return (
                0 <= k < len(tokens)
                and k not in taken
                and not names[k]
                and scores[k] > floor
                and lexicon.main_zipf(self.main, words[k]) < rules.EXTEND_MAX_MAIN_ZIPF
                and text[tokens[a].end : tokens[b].start] in (" ", *language_rules.HYPHENS)
            )

        start, end = i, j
        while ok(start - 1, start - 1, start):
            start -= 1
            taken.add(start)
        while ok(end, end - 1, end):
            taken.add(end)
            end += 1
        if (start, end) == (i, j):
            return piece
        letters = sum(t.end - t.start for t in tokens[start:end])
        return _Piece(
            tokens[start].start,
            tokens[end - 1].end,
            piece.lang,
            piece.script,
            piece.confidence,
            piece.evidence,
            piece.same_script,
            letters,
        )

    def _label_word(self, tokens: list[_Run], k: int, score: float) -> _Piece | None:
        """A single main-script word as a passage, on lexical evidence above all.

        The word must be no word of the main language (a rare English word or a name is in no
        list, or in the main language's longer one), written in lower case unless it is the
        only word of its sentence or line (a heading), and a common word of the language it is
        given, or else in no list at all and scoring SINGLE_OOV_MIN_SCORE on n-grams alone.
        """
        rules = language_rules.current()
        text, script = self.text, self.main_script
        t = tokens[k]
        word = text[t.start : t.end]
        if t.end - t.start < rules.SINGLE_WORD_MIN_LETTERS:
            return None
        if not word.islower() and len(tokens) > 1:
            return None
        lower = word.lower()
        lex = _lexicon().vector(script, lower)
        profiles = language_rules.SCRIPT_PROFILES[script]
        i_main = profiles.index(self.main)
        if lex is not None and lex[i_main] > 0:
            return None
        if _lexicon().main_zipf(self.main, lower):
            return None  # plausibly a word of the main language, if a rare one
        if lex is None and (
            language_rules.SINGLE_OOV_MIN_SCORE is None
            or score < language_rules.SINGLE_OOV_MIN_SCORE
        ):
            return None
        vec = _vector(script, lower, self.main)
        best, confidence = _label(vec, script, [p for p in profiles if p != self.main])
        if lex is not None and lex[best] < _lex_score(rules.SINGLE_WORD_MIN_ZIPF):
            return None
        evidence = "profile" if lex is None else "lexicon"
        n = t.end - t.start
        return _Piece(t.start, t.end, _iso(profiles[best]), script, confidence, evidence, True, n)

    def _label_stretch(
        self, tokens: list[_Run], scores: list[float], names: list[bool]
    ) -> _Piece | None:
        rules = language_rules.current()
        text, script = self.text, self.main_script
        n = sum(t.end - t.start for t in tokens)
        if n < rules.MIN_STRETCH_LETTERS or len(tokens) < rules.MIN_STRETCH_WORDS:
            return None
        if not any(s > 0 and not name for s, name in zip(scores, names, strict=True)):
            return None  # only names carry the evidence (Ngozi Adeyemi, Kim Jong-un)
        profiles = language_rules.SCRIPT_PROFILES[script]
        words = [text[t.start : t.end].lower() for t in tokens]
        total = [0.0] * len(profiles)
        for word in words:
            total = list(map(add, total, _vector(script, word, self.main)))
        i_main = profiles.index(self.main)
        best, confidence = _label(total, script, [p for p in profiles if p != self.main])
        if (total[best] - total[i_main]) / n < rules.MIN_STRETCH_MARGIN:
            return None
        lang = _iso(profiles[best])
        start, end = tokens[0].start, tokens[-1].end
        evidence = _evidence(script, words, best)
        return _Piece(start, end, lang, script, confidence, evidence, True, n)


def _evidence(script: str, words: Sequence[str], k: int) -> str:
    """``lexicon`` when a word of the passage is a common word of the language it was given
    (the ``k``-th of ``script``), else ``profile`` (n-grams alone decided)."""
    lexicon = _lexicon()
    for word in words:
        lex = lexicon.vector(script, word)
        if lex is not None and lex[k] > 0:
            return "lexicon"
    return "profile"


def _foreign_stretches(scores: list[float], switch_cost: float) -> list[tuple[int, int]]:
    """Token ranges [i, j) of the foreign stretches of the best two-state segmentation.

    Maximises the scores of the tokens labelled foreign minus ``switch_cost`` per foreign
    stretch (Viterbi over main/foreign).
    """
    n = len(scores)
    main_best, foreign_best = 0.0, -math.inf
    # back[k] = (main state came from foreign?, foreign state came from main?)
    back: list[tuple[bool, bool]] = []
    for s in scores:
        from_foreign = foreign_best > main_best
        new_main = foreign_best if from_foreign else main_best
        enter = main_best - switch_cost
        from_main = enter > foreign_best
        new_foreign = (enter if from_main else foreign_best) + s
        back.append((from_foreign, from_main))
        main_best, foreign_best = new_main, new_foreign
    state_foreign = foreign_best > main_best
    stretches: list[tuple[int, int]] = []
    end = n if state_foreign else -1
    for k in range(n - 1, -1, -1):
        from_foreign, from_main = back[k]
        if state_foreign:
            if from_main:
                stretches.append((k, end))
                state_foreign = False
        else:
            if from_foreign:
                state_foreign = True
                end = k
    stretches.reverse()
    return stretches


# What a technical word touches on one side or the other (see _technical).
_NEAR_TECHNICAL = language_rules.TECHNICAL_NEIGHBOURS | {"."}


def _technical(text: str, start: int, end: int) -> bool:
    """Whether the word ``text[start:end]`` is part of an address, a path, a handle or a code:
    it touches one of TECHNICAL_NEIGHBOURS, or a dot with no space on its other side."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if (
        before in language_rules.TECHNICAL_NEIGHBOURS
        or after in language_rules.TECHNICAL_NEIGHBOURS
    ):
        return True
    return (before == "." and start > 1 and text[start - 2].isalnum()) or (
        after == "." and end + 1 < len(text) and text[end + 1].isalnum()
    )


def _sentence_initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\"'“‘«([":
        k -= 1
    return k < 0 or text[k] in "\n.!?:;。！？|•-–—"


def _alphabet_candidates(body: str, script: str) -> list[str]:
    """The languages of ``script`` whose alphabet has every letter of ``body``."""
    letters = {c for c in body.lower() if c.isalpha()}
    return [
        lang for lang, alphabet in language_rules.ALPHABETS[script].items() if letters <= alphabet
    ]


def _hint(body: str, script: str) -> str | None:
    for lang, pattern in language_rules.LETTER_HINTS.get(script, ()):
        if pattern.search(body):
            return lang
    return None


def _script_name(body: str, script: str) -> str:
    """The Unicode script name of a run group (Han, Hiragana or Katakana for CJK runs)."""
    if script != "CJK":
        return script
    han = len(language_rules.HAN.findall(body))
    hira = len(language_rules.HIRAGANA.findall(body))
    kata = len(language_rules.KANA.findall(body)) - hira
    return max((("Han", han), ("Hiragana", hira), ("Katakana", kata)), key=lambda x: x[1])[0]


# ----------------------------------------------------------------------------------- passages


def _merge(text: str, pieces: list[_Piece]) -> list[_Piece]:
    """Join pieces of one language separated by non-letters only (or by a short name)."""
    out: list[_Piece] = []
    for p in pieces:
        if out and out[-1].end > p.start:
            continue  # overlaps the previous piece, which came first in text order
        if out and out[-1].lang == p.lang and _joinable(text, out[-1], p):
            q = out[-1]
            n = q.letters + p.letters
            out[-1] = _Piece(
                q.start,
                p.end,
                q.lang,
                q.script if q.letters >= p.letters else p.script,
                (q.confidence * q.letters + p.confidence * p.letters) / n,
                q.evidence if q.letters >= p.letters else p.evidence,
                q.same_script and p.same_script,
                n,
            )
            continue
        out.append(p)
    return out


def _joinable(text: str, a: _Piece, b: _Piece) -> bool:
    rules = language_rules.current()
    gap = text[a.end : b.start]
    if "\n" in gap:
        return False
    words = language_rules.WORD.findall(gap)
    if not words:
        return True
    # A short name inside a clause in another script (说Anthropic对外, 与Amazon和Google的).
    return (
        not a.same_script
        and not b.same_script
        and len(words) <= rules.ABSORB_MAX_WORDS
        and sum(len(w) for w in words) <= rules.ABSORB_MAX_LETTERS
        and not language_rules.SENTENCE_END.search(gap)
    )


def _passage(doc: Document, p: _Piece, pieces: list[_Piece]) -> LanguagePassage:
    return LanguagePassage(
        span=Span.of(doc.text, p.start, p.end),
        lang=p.lang,
        script=p.script,
        confidence=round(min(1.0, max(0.0, p.confidence)), 4),
        kind=_kind(doc, p, pieces),
        evidence=p.evidence,
    )


def _letters(text: str, start: int, end: int) -> int:
    return len(language_rules.LETTER.findall(text, start, end))


def _kind(doc: Document, p: _Piece, pieces: list[_Piece]) -> str:
    rules = language_rules.current()
    text = doc.text
    i = doc.paragraph_at(p.start)
    if i is None:
        return "fragment"
    line = doc.paragraphs[i]
    line_letters = _letters(text, line.start, line.end)
    if line_letters <= rules.LINE_MAX_LETTERS and not language_rules.LINE_END.search(line.text):
        foreign = sum(
            _letters(text, max(q.start, line.start), min(q.end, line.end))
            for q in pieces
            if q.start < line.end and line.start < q.end
        )
        if foreign >= rules.LINE_MIN_FOREIGN_SHARE * line_letters:
            return "line"
    for s, e in sentence_spans(text, line.start, line.end):
        if s < p.end and p.start < e:
            covered = _letters(text, max(s, p.start), min(e, p.end))
            if covered < rules.SENTENCE_MIN_COVER * _letters(text, s, e):
                return "fragment"
    return "sentence"


__all__ = [
    "KINDS",
    "LanguageAnalysis",
    "LanguagePassage",
    "analyse_languages",
    "clear_caches",
]


def main() -> int:
    """Build every language table (``python -m provaudit.languages``: at install time, or in
    a container image; see lexicon.py) and print their paths."""
    for path in build_tables():
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
