"""Cues for attribution and self-declarations, kept apart from the code that applies them
(:mod:`provaudit.provenance`).

Attribution cues name a *role* and where the outlet's name sits relative to the cue:

- ``obtained``: the outlet obtained, saw or was given the primary document
  ("obtained by X", "seen by X", "leaked to X", "X has obtained the memo", "obtenu par X");
- ``first-published``: the outlet first made it public ("first reported by X", "exposed by the
  foreign media outlet "X"", "X broke the story", "由外媒X曝光");
- ``cited``: the source relays the outlet's reporting ("according to X", "told X", "X reported",
  "laut X", "selon X", "según X", "по данным X", "据X报道").

A *strong* cue is specific enough that any capitalised name after it is taken as an outlet
("obtained by" is rarely followed by anything else in news copy). A *weak* cue ("according to",
"told") is followed by people and documents at least as often as by outlets, so the name must
also look like an outlet: a known outlet, an outlet-like name ("... News", "... Times", a domain),
a descriptor ("the newspaper X"), or title marks (《X》).

Every list here is multilingual where the construction exists in the language; the patterns are
matched case-sensitively unless they say otherwise, because capitalisation is evidence.

The attribution constructions are code, here; the self-declaration cues, the outlet names,
the word lists that read a name, the document nouns and the thresholds are data
(``data/rules/provenance.toml``), which a user's
rules extend or override (see :mod:`provaudit.ruleset`): :func:`current` is their typed view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import ruleset
from ..patterns import lazy

# --- Roles ---------------------------------------------------------------------------------

ROLE_OBTAINED = "obtained"
ROLE_FIRST_PUBLISHED = "first-published"
ROLE_CITED = "cited"
ROLES = (ROLE_OBTAINED, ROLE_FIRST_PUBLISHED, ROLE_CITED)
# The roles that make an outlet a primary source of the document it names.
PRIMARY_ROLES = frozenset({ROLE_OBTAINED, ROLE_FIRST_PUBLISHED})

STRONG = "strong"
WEAK = "weak"


@dataclass(frozen=True, slots=True)
class AttributionCue:
    """An attribution construction: the outlet's name sits after ``before`` and/or before
    ``after`` (a circumfix when both are set, e.g. "据 NAME 报道").

    ``after`` alone matches from the cue's first word (white space between the name and the
    cue is skipped when reading the name); in a circumfix it is matched right after the name.
    A group named ``cue`` marks the part of an ``after`` match that is evidence.
    """

    role: str
    strength: str
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    # Whether "X and Y" after the cue names two outlets ("according to Reuters and Bloomberg").
    lists: bool = True
    # Whether a name in ordinary quotation marks counts as an outlet's after a weak cue: yes
    # after "told" (people are interviewed by "Meet the Press"), no after "quoted in" (books).
    quoted_names: bool = False


def _c(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return lazy(pattern, flags)


# Word start: not after a letter, a digit or an apostrophe. Cues that begin with it are
# scanned together behind one copy of it (see provaudit.provenance._combine).
WORD_START = r"(?<![\w'’])"
_B = WORD_START

ATTRIBUTION_CUES: tuple[AttributionCue, ...] = (
    # ---- obtained: name after the cue
    AttributionCue(
        ROLE_OBTAINED,
        STRONG,
        before=_c(
            _B + r"(?:obtained|seen|reviewed|viewed|first obtained|exclusively obtained)"
            r"\s+by(?=\s)"
        ),
    ),
    AttributionCue(
        ROLE_OBTAINED,
        STRONG,
        before=_c(_B + r"(?:leaked|was leaked|were leaked)\s+to(?=\s)"),
    ),
    AttributionCue(
        ROLE_OBTAINED,
        WEAK,
        before=_c(_B + r"(?:shared with|provided to|sent to|given to|made available to)(?=\s)"),
    ),
    AttributionCue(ROLE_OBTAINED, STRONG, before=_c(_B + r"(?:obtenu|consulté)e?s?\s+par(?=\s)")),
    AttributionCue(
        ROLE_OBTAINED, STRONG, before=_c(_B + r"(?:obtenid|consultad)[oa]s?\s+por(?=\s)")
    ),
    AttributionCue(ROLE_OBTAINED, STRONG, before=_c(_B + r"obtid[oa]s?\s+(?:por|pel[oa])(?=\s)")),
    AttributionCue(ROLE_OBTAINED, STRONG, before=_c(_B + r"ottenut[oaie]\s+da(?=\s)")),
    AttributionCue(ROLE_OBTAINED, STRONG, before=_c(_B + r"(?:в|у) распоряжени[иь](?=\s)")),
    AttributionCue(ROLE_OBTAINED, STRONG, before=_c(_B + r"(?:в|у) розпорядженн[іяю](?=\s)")),
    # ---- obtained: name before the cue
    AttributionCue(
        ROLE_OBTAINED,
        WEAK,
        after=_c(
            _B + r"(?P<cue>(?:has |had |have )?(?:obtained|seen|reviewed|viewed))\s+"
            r"(?:a copy of\s+)?(?:the|an?|this|that|its)(?=\s)"
        ),
        lists=False,
    ),
    AttributionCue(ROLE_OBTAINED, WEAK, after=_c(_B + r"(?:vorliegt|vorlag|vorliegen)\b")),
    AttributionCue(
        ROLE_OBTAINED,
        WEAK,
        after=lazy(r"(?:获得|获取|取得|拿到|看到)的(?:备忘录|文件|内部信|邮件|信件|文档)"),
    ),
    # ---- first-published: name after the cue
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        STRONG,
        before=_c(
            _B + r"(?:(?:as\s+)?first\s+(?:reported|published|revealed|disclosed)|"
            r"(?:reported|published|revealed)\s+first|exposed)\s+(?:by|in)(?=\s)"
        ),
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        before=_c(_B + r"(?:published|revealed|disclosed|made public)\s+by(?=\s)"),
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        before=_c(_B + r"(?:révélé|dévoilé|publié)e?s?\s+par(?=\s)"),
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        before=_c(_B + r"(?:revelad|publicad|filtrad)[oa]s?\s+(?:por|pel[oa])(?=\s)"),
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        before=_c(_B + r"(?:rivelat|pubblicat)[oaie]\s+da(?=\s)"),
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        STRONG,
        before=lazy(r"(?:被|由)(?:外媒|美媒|英媒|外国媒体|媒体|科技媒体)?\s*"),
        after=lazy(r"\s*(?:曝光|披露|首次报道|率先报道|独家报道|首发|公开)"),
    ),
    # ---- first-published: name before the cue
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        after=_c(
            _B + r"(?:first reported|first published|first revealed|was (?:the )?first to report"
            r"|broke the (?:news|story)|exclusively reported)\b"
        ),
        lists=False,
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        after=_c(_B + r"(?:zuerst|als erste[rs]?)\s+(?:berichtet|berichtete|veröffentlicht)\b"),
    ),
    AttributionCue(
        ROLE_FIRST_PUBLISHED,
        WEAK,
        after=lazy(r"(?:首先|率先|最早|独家)(?:报道|披露|曝光)"),
    ),
    # ---- cited: name after the cue
    AttributionCue(
        ROLE_CITED,
        WEAK,
        before=_c(
            _B + r"(?:according to|as (?:reported|noted|stated|published|cited) (?:by|in)"
            r"|(?:reported|cited|quoted) (?:by|in)|(?:a |the )?report(?:s|ing)? (?:by|from|in)"
            r"|citing|via|per)(?=\s)"
        ),
    ),
    AttributionCue(
        ROLE_CITED,
        WEAK,
        before=_c(
            _B + r"(?:told|speaking to|in an interview with|in a statement to|interviewed by)(?=\s)"
        ),
        quoted_names=True,
    ),
    AttributionCue(
        ROLE_CITED,
        WEAK,
        before=_c(
            _B + r"(?:laut|berichtet(?:e)?|schreibt|schrieb|meldet(?:e)?|selon|d['’]après"
            r"|rapporté(?:e)?s? par|según|de acuerdo con|informó|segundo|de acordo com|secondo"
            r"|riporta|по данным|по сообщению|как сообщает|как пишет|сообщает|пишет"
            r"|за даними|за інформацією|як повідомляє|як пише|повідомляє|пише)(?=\s)"
        ),
    ),
    AttributionCue(
        ROLE_CITED,
        WEAK,
        before=lazy(r"据(?:外媒|美媒|英媒|外国媒体|媒体|科技媒体)?\s*"),
        after=lazy(r"\s*(?:报道|报导|消息|披露|援引|称|的报道)"),
    ),
    AttributionCue(
        ROLE_CITED,
        WEAK,
        before=lazy(r"(?:援引|引述|根据)(?:外媒|美媒|英媒|媒体)?\s*"),
    ),
    # ---- cited: name before the cue
    AttributionCue(
        ROLE_CITED,
        WEAK,
        after=_c(_B + r"(?:reported|reports|has reported|had reported|wrote|writes|revealed)\b"),
        lists=False,
    ),
    AttributionCue(
        ROLE_CITED,
        WEAK,
        after=_c(_B + r"(?:berichtet|berichtete|berichten|meldet|meldete|schreibt|schrieb)\b"),
        lists=False,
    ),
    AttributionCue(ROLE_CITED, WEAK, after=_c(_B + r"zufolge\b")),
    AttributionCue(ROLE_CITED, WEAK, after=lazy(r"(?:报道称|报导称|援引)")),
)

# --- Names -----------------------------------------------------------------------------------

# Descriptors that introduce an outlet's name and are themselves evidence that it is one:
# "the foreign media outlet "The Verge"", "the newspaper Le Monde", "外媒The Verge".
OUTLET_DESCRIPTOR = lazy(
    r"(?:(?:the|a|an|The|A|An|le|la|l['’]|les|der|die|das|dem|den|el|los|il|lo|o)\s+)?"
    # Up to three modifiers: lower-case words ("foreign", "tech") or demonyms ("British").
    r"(?:(?:(?!(?:on|in|of|the|a|an|at|by|for|to|with|and|or|from|is|was)\s)[a-z][\w.-]*"
    r"|[A-Z][a-z]+(?:an|ish|ese|ch|i)|U\.?S\.?)\s+){0,3}?"
    r"(?:media outlet|news outlet|outlet|newspaper|news site|news website|website|publication"
    r"|magazine|broadcaster|news agency|wire service|news service|tabloid|tech site|blog"
    r"|newsletter|journal|daily|weekly|quotidien|hebdomadaire|agence|site"
    r"|Zeitung|Magazin|Nachrichtenmagazin|Nachrichtenagentur|Nachrichtenseite|Portal"
    r"|diario|periódico|revista|agencia|jornal|giornale|quotidiano|agenzia"
    r"|издание|издания|газета|газеты|агентство|журнал|видання|агенція)"
    r"(?:\s*,)?\s+"
)
CJK_OUTLET_DESCRIPTOR = lazy(r"(?:外媒|美媒|英媒|外国媒体|科技媒体|媒体)\s*")

# Chinese outlet names end in one of these ("人民日报", "澎湃新闻", "新华社").
CJK_OUTLET_NAME = lazy(
    r"[\u4e00-\u9fff]{1,10}?(?:通讯社|新闻社|日报|时报|晚报|早报|周刊|杂志|电视台|新闻网|新闻|社|报|网)"
)
# Quote pairs around a name; 《》 are title marks, used for publication names in Chinese.
NAME_QUOTES = {
    '"': '"',
    "“": "”",
    "«": "»",
    "„": "“",
    "‘": "’",
    "《": "》",
    "「": "」",
    "『": "』",
}
TITLE_MARKS = frozenset({"《"})
# "X and Y", "X, Y and Z" after a cue: further outlets.
NAME_LIST_SEPARATOR = lazy(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|und|et|y|e|и|і|та)\s+|\s*[、和与及]\s*)"
)

# --- Known outlets ---------------------------------------------------------------------------

# --- Documents ---------------------------------------------------------------------------------


# --- Self-declarations -------------------------------------------------------------------------

DISCLOSURE_MACHINE_WRITTEN = "machine-written"
DISCLOSURE_MACHINE_TRANSLATED = "machine-translated"
DISCLOSURE_GENERATED_FORECAST = "generated-forecast"
DISCLOSURE_SPONSORED = "sponsored"
DISCLOSURE_AFFILIATE = "affiliate"
DISCLOSURE_SELF_PROMOTION = "self-promotion"
DISCLOSURE_KINDS = (
    DISCLOSURE_MACHINE_WRITTEN,
    DISCLOSURE_MACHINE_TRANSLATED,
    DISCLOSURE_GENERATED_FORECAST,
    DISCLOSURE_SPONSORED,
    DISCLOSURE_AFFILIATE,
    DISCLOSURE_SELF_PROMOTION,
)

# A paragraph that speaks about the piece itself. Machine-written and machine-translated cues
# count only beside one: "AI-generated text floods the web" is news about AI, "This dispatch
# was assembled autonomously" is a declaration.
SELF_REFERENCE = _c(
    r"(?<!\w)(?:(?:this|the present|our|these)\s+(?:article|story|dispatch|dispatches|report"
    r"|summary|piece|post|page|content|text|briefing|newsletter|digest|overview|analysis"
    r"|translation|forecast|prediction|coverage|explainer|update)|dispatches are|articles are"
    r"|dieser (?:Artikel|Beitrag|Text)|diese (?:Meldung|Zusammenfassung)"
    r"|cet article|ce texte|cette dépêche|ce contenu"
    r"|este (?:artículo|texto|contenido)|esta nota|este artigo|esta matéria"
    r"|questo articolo"
    r"|эта статья|этот (?:материал|текст)|данный материал|ця стаття|цей (?:матеріал|текст))"
    r"(?!\w)|本文|这篇文章|此文|该文"
)
# Headings that announce a note about how the piece was made; the paragraph after one speaks
# about the piece even without "this article".
DISCLOSURE_HEADINGS = _c(
    r"^(?:\W*)(?:wire methodology|methodology|about this (?:article|story|dispatch|page|summary)"
    r"|how (?:this|we) (?:was|were|made|wrote|write)\b.*|editor['’]s note|disclosure|transparency"
    r"|ai disclosure|note|hinweis|transparenzhinweis|méthodologie|nota|metodología|методология"
    r"|примечание|说明|声明|免责声明)\W*$"
)

# The self-declaration cues (machine-written, machine-translated, forecast hedge and basis,
# sponsored, affiliate) are data: data/rules/provenance.toml, applied by
# provaudit.provenance.disclosure_scans.

FORECAST_HEADINGS = _c(
    _B + r"^\W*(?:forecast|prediction|predictions|outlook|what(?:['’]s| is) next|what to expect"
    r"|prognose|ausblick|prévision|perspectives|pronóstico|previsión|previsão|previsione"
    r"|прогноз|预测|展望)\W*$"
)

# Self-promotion: the outlet speaking of itself inside the article. The outlet's own name is
# learnt from a first-person frame ("At NAME, we ...", "We at NAME"), or given (the manifest's
# outlet); then every sentence that puts that name in a first-person or staff frame is flagged.
SELF_NAMING_CUES: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    # The lookahead keeps the scan cheap: " at " is common, " at " before a name is not.
    (
        lazy(r"(?<!\w)(?:At|at|Here at|here at)\s+(?=[\"“«A-Z0-9])"),
        lazy(r",?\s+(?:we|our|us)\b"),
    ),
    (lazy(r"(?<!\w)(?:We|we)(?: here)? at\s+"), None),
    (
        lazy(r"(?<!\w)(?:Bei|bei|Hier bei)\s+"),
        _c(r",?\s+(?:haben|sind|beobachten|verfolgen|glauben|setzen|wollen|werden)\s+wir\b"),
    ),
    (lazy(r"(?<!\w)(?:Wir|wir) (?:von|bei)\s+"), None),
    (lazy(r"(?<!\w)(?:Chez|chez)\s+"), _c(r",?\s+nous\b")),
    (
        lazy(r"(?<!\w)(?:En|en|Desde|desde)\s+"),
        _c(r",?\s+(?:nosotros|hemos|creemos|seguimos|estamos)\b"),
    ),
    (lazy(r"(?<!\w)(?:Мы в|мы в|Мы из|мы из|Ми в|ми в)\s+"), None),
)
# "observers at NAME", "our team at NAME": a staff frame just before the outlet's own name.
SELF_STAFF_FRAME = _c(
    r"(?:(?:our|the)\s+)?(?:team|editors|editorial team|analysts|observers|industry observers"
    r"|experts|reporters|writers|staff|newsroom|readers|subscribers|researchers|journalists)"
    r"\s+(?:at|of|from)\s+$"
)
# A promotional frame right before or after the outlet's own name: "For more from NAME",
# "Subscribe to NAME", "support NAME's journalism".
SELF_PROMO_BEFORE = _c(
    r"(?<!\w)(?:for more from|subscribe to|sign up for|support|follow|donate to|become a member of"
    r"|abonnieren sie|abonnez-vous à|suscríbete a|подпишитесь на|订阅)\s+$"
)
SELF_PROMO_AFTER = _c(
    r"^(?:['’]s?\s+(?:newsletters?|podcasts?|app|journalism|membership|premium|subscription)"
    r"|\s+is reader[- ]supported)(?!\w)"
)
# Case matters: "US" is a country, "us" a pronoun.
FIRST_PERSON_PLURAL = lazy(
    r"(?<!\w)(?:[Ww]e|[Oo]urs?|us|[Ww]ir|[Uu]nser\w*|[Nn]ous|[Nn]otre|[Nn]os|[Nn]osotros"
    r"|[Nn]uestr\w*|[Мм]ы|[Нн]аш\w*|[Мм]и)(?!\w)|我们"
)


@dataclass(frozen=True, eq=False)
class ProvenanceRules:
    """Section ``provenance`` of the rules (data/rules/provenance.toml says what each value
    is)."""

    NAME_CONNECTORS: frozenset[str]
    LEADING_ARTICLES: frozenset[str]
    MAX_NAME_WORDS: int
    MAX_NAME_CHARS: int
    NOT_NAME_WORDS: frozenset[str]
    INSTITUTION_WORDS: frozenset[str]
    OUTLET_HEAD_WORDS: frozenset[str]
    SITE_TLDS: frozenset[str]
    KNOWN_OUTLETS: tuple[tuple[str, ...], ...]
    SPECIFIC_DOCUMENT_NOUNS: tuple[str, ...]
    GENERIC_DOCUMENT_NOUNS: tuple[str, ...]
    DOCUMENT_SYNONYMS: dict[str, str]
    FORECAST_STANDALONE_MAX_WORDS: int
    FORECAST_HEADING_REACH: int
    MACHINE_WRITTEN_CUES: tuple[str, ...]
    MACHINE_TRANSLATED_CUES: tuple[str, ...]
    FORECAST_HEDGE_CUES: tuple[str, ...]
    FORECAST_BASIS_CUES: tuple[str, ...]
    SPONSORED_CUES: tuple[str, ...]
    AFFILIATE_CUES: tuple[str, ...]


# Attribution's and self-declarations' rules in force.
current = ruleset.section_view("provenance", ProvenanceRules)


def __getattr__(name: str) -> Any:
    return ruleset.view_attribute(current, name)
