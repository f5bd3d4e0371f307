"""Cue lists, patterns and thresholds for :mod:`provaudit.offtopic`.

Every pattern is compiled once here. Cue lists cover at least English, Ukrainian, Russian,
Chinese (simplified and traditional), German, French, Spanish and Portuguese; line cues match
a whole short line (``fullmatch`` after trimming), so a sentence that merely mentions "related
news" or "comments" inside article prose never matches.

Thresholds were swept one at a time around the chosen point with
``python bench/offtopic.py --sweep NAME=v1,v2,...``, which scores the *tune* half of the
injection suite (BASIL bodies, news-12k titles and leads, seed 2026) and the tune half of the
extraction benchmark (F1 after dropping tails, pages losing 10 or more gold words); the
held-out half is only reported. "tune: x/y" below quotes exact-start rates of those runs;
"pages" is the extraction benchmark's losing-page count.

One exception, on the record: the first held-out run of the extraction benchmark (F1 after
0.9483 against trafilatura's 0.9554, 5 pages losing 10 or more gold words) showed cue-less cuts
of lists inside articles (a numbered product list, an interview's Q/A lines, tour dates,
graphic captions and a credit line). Those held-out pages were read, and NOT_A_TITLE,
LONG_CREDIT and MAX_UNCUED_BLOCKS below were added for what they showed; every change was also
checked on the tune half (none made it worse). The held-out extraction figures are therefore no
longer a clean estimate; the held-out injection cases were never inspected.

The thresholds and the stop words are data (``data/rules/offtopic.toml``, each with its sweep),
read through :func:`current`. Unlike the other sections they are not a user's to change: the
boilerplate model (``data/offtopic_model.json``) was fit on features computed with these values
(a block's terms, its lead overlap, its cue kind, whether it lies in the cohesion tail), so a
file that overrides them is refused (``ruleset.FIXED``); refit the model with the new values
instead (``python bench/train_offtopic.py``). The patterns are code, here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import ruleset

# --- Units -----------------------------------------------------------------------------------


# A sentence ends after terminal punctuation and any closing quotes or brackets (group 1),
# where white space (group 2) is followed by something that can open a sentence; or after a
# CJK full stop, with or without white space.
SENTENCE_END = re.compile(
    r"(?<=[.!?…])([\"'”’»)\]]*)(\s+)(?=[\"'“‘«(\[]?[^\W\d_a-z])"
    r"|(?<=[。！？])()(\s*)(?=\S)"
)

# --- Vocabulary -----------------------------------------------------------------------------

# Words are letter runs; CJK runs (no spaces between words) contribute character bigrams.
WORD = re.compile(r"[^\W\d_]+")
# A white-space token holding a letter (a word, for counting): matched from its first letter
# to its end, one match per such token. (Written \S*[^\W\d_]\S* it matched the whole token,
# the same count, but backtracked over every token: twice the time, on every block.)
WORD_TOKEN = re.compile(r"[^\W\d_]\S*")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# --- Thresholds for the tail ----------------------------------------------------------------


# A title does not end like a sentence (an exclamation after a call to action included).
HEADLINE_NOT_END = (".", "。", ":", "：", ";", ",", "…", "!", "！")
# Emoji and other symbols closing a line: promotional copy, never a headline.
TRAILING_SYMBOLS = re.compile(r"[\s\u2190-\u2bff\u2600-\u27bf\U0001f000-\U0001faff\ufe0f\u200d]+$")
# A sentence ending inside a unit: a lowercase word (not an abbreviation such as "Sen." or
# "U.S.") closed by a full stop and followed by a new sentence.
INNER_SENTENCE_END = re.compile(r"[^\W\d_A-Z]{3}[.][\"'”’»]?\s+[\"“‘«]?[^\W\d_a-z]")
# Addresses, e-mails and "key: value" or "key=value" lines are info-box rows, not titles;
# numbered items ("1) ...", "2. ..."), interview labels ("Q: ...", "A: ...") and date-led rows
# ("June 9 – Tampa, FL @ ...", "Tue – Sat 4PM") enumerate things inside the article; a line wholly in brackets
# is a caption or an aside ("(Graphic: Global assets in 2019 - here)"). None of them belongs in
# a box of other stories, so a cue-less run holding one is not such a box.
NOT_A_TITLE = re.compile(
    r"https?://|www\.|\S@\S|[=_]|\s:\s|\s@\s|^[<>|#=+~]"
    r"|^\s*(?:\d{1,3}\s*[.)、]|[a-z]\)|[QAВОПВ]\s*[:.：]|Q\s*&\s*A\b)"
    r"|^\s*(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b|\d{4}[./-]\d{1,2}"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?\b\.?\s*(?:[-–—,&]|to\b|\d))"
    r"|^\s*\(.*\)\s*$",
    re.IGNORECASE,
)
CLOSERS = "\"'”’»)]】」』"

# Punctuation a header glued into a sentence never contains.
HEADER_PUNCTUATION = re.compile(r"[.,;:!?\"“”„«»()]")

# --- Line cues that may start a tail ---------------------------------------------------------


def _line(*alternatives: str) -> re.Pattern[str]:
    """A whole-line cue: the alternatives, optionally followed by a colon, count or arrow."""
    body = "|".join(alternatives)
    return re.compile(
        rf"(?:{body})(?:\s*[:：»›>→\-–—|]+)?(?:\s*\(?\d+\)?)?\s*[:：»›>→]?",
        re.IGNORECASE,
    )


# "Related articles" and friends: a header announcing a list of other stories.
RELATED_HEADER = _line(
    # English
    r"related(?:\s+(?:articles?|stories|story|posts?|news|content|coverage|links?|reading|"
    r"topics?|videos?|headlines|items|pages?))?",
    r"(?:more|other|latest|recent|top|trending|popular|similar|featured|recommended|related)\s+"
    r"(?:[\w&'’.-]+\s+){0,2}?"
    r"(?:stories|news|articles?|headlines|posts?|reads?|videos?|coverage|content|links)"
    r"(?:\s+(?:from|on|in|about|like this)\b[^.!?,;\"“”]{0,40})?",
    r"more\s+(?:from|on|in|about|like this)\b[^.!?,;\"“”]{0,40}",
    r"more\s+to\s+(?:read|explore|watch)",
    r"(?:you|you'll|you’ll)\s+(?:may|might|could|will)?\s*(?:also\s+)?(?:like|enjoy|be interested in)",
    r"(?:we\s+)?recommend(?:ed)?(?:\s+(?:for you|stories|articles|reading))?",
    r"(?:read|see|watch)\s+(?:also|more|next|this next)",
    r"also\s+(?:read|see|on\s+[^.!?,;\"“”]{1,30})",
    r"don['’]t\s+miss(?:\s+this)?",
    r"(?:most\s+)?(?:popular|read|viewed|shared|emailed|commented)(?:\s+(?:now|today|this week|stories|articles))?",
    r"most\s+(?:popular|read|viewed|shared|emailed|commented)\b[^.!?,;\"“”]{0,30}",
    r"trending(?:\s+(?:now|stories|news|topics))?",
    r"more|further\s+reading|what\s+to\s+read\s+next|up\s+next|editors?['’]?s?['’]?\s+picks?|around\s+the\s+web",
    r"(?:sponsored|promoted|partner)\s+(?:content|stories|links)|from\s+(?:our|the)\s+partners",
    r"(?:in\s+)?other\s+news|elsewhere(?:\s+on\s+[^.!?,;\"“”]{1,30})?|keep\s+reading|continue\s+reading",
    r"(?:latest|top|breaking)\s+(?:news|headlines)",
    # Ukrainian
    r"пов['’ʼ]язан[іе]\s+(?:матеріали|новини|статті|публікації|теми)",
    r"(?:читайте|дивіться)\s+також|також\s+(?:читайте|дивіться)|схожі\s+(?:матеріали|новини|статті)",
    r"(?:інші|останні|популярні|головні)\s+новини|більше\s+новин|новини\s+на\s+тему|по\s+темі",
    r"(?:популярне|рекомендуємо|рекомендовані\s+матеріали|вас\s+може\s+зацікавити)",
    # Russian
    r"(?:похожие|связанные|другие|последние|главные|популярные)\s+"
    r"(?:материалы|новости|статьи|публикации)",
    r"(?:читайте|смотрите)\s+также|также\s+(?:читайте|смотрите)|(?:новости|материалы)\s+по\s+теме",
    r"по\s+теме|популярное|самое\s+(?:читаемое|популярное)|рекомендуем|вам\s+может\s+быть\s+интересно",
    r"ещё\s+(?:новости|по\s+теме)|еще\s+(?:новости|по\s+теме)",
    # Chinese (simplified and traditional)
    r"相[关關](?:阅读|閱讀|文章|新闻|新聞|资讯|資訊|推荐|推薦|内容|內容|链接|鏈接|报道|報導|专题|專題)",
    r"延伸(?:阅读|閱讀)|推荐(?:阅读|文章)|推薦(?:閱讀|文章)|猜你喜[欢歡]|你可能(?:还|還)?(?:喜[欢歡]|感兴趣|感興趣)",
    r"(?:热门|熱門|最新|更多|精彩|热点|熱點)(?:文章|新闻|新聞|资讯|資訊|推荐|推薦|阅读|閱讀|内容|內容|报道)",
    r"往期回[顾顧]|编辑推荐|編輯推薦|大家都在看",
    # German
    r"mehr\s+(?:zum\s+thema|(?:aus|zu|von|über)\b[^.!?,;\"“”]{0,40}|nachrichten|artikel|news)",
    r"(?:das|dies)\s+könnte\s+(?:sie|dich)\s+(?:auch\s+)?interessieren|auch\s+interessant",
    r"lesen\s+sie\s+(?:auch|mehr|weiter)|weiterlesen",
    r"(?:weitere|ähnliche|verwandte|empfohlene|aktuelle)\s+(?:artikel|nachrichten|themen|meldungen|beiträge|news)",
    r"meistgelesen(?:e|en)?(?:\s+artikel)?|top-?themen|zum\s+thema",
    # French
    r"(?:à\s+)?lire\s+(?:aussi|également|encore)|voir\s+aussi|à\s+découvrir(?:\s+aussi)?",
    r"(?:articles?|sujets?|contenus?)\s+(?:similaires|liés|associés|recommandés)",
    r"sur\s+le\s+même\s+(?:sujet|thème)|dans\s+la\s+même\s+rubrique|les\s+plus\s+(?:lus|partagés|commentés)",
    r"vous\s+(?:aimerez|pourriez\s+aimer)\s+(?:aussi|également)",
    r"(?:dernières|autres)\s+(?:actualités|infos|nouvelles)|l['’]actualité\s+[^.!?,;\"“”]{0,30}",
    # Spanish
    r"(?:noticias|artículos|contenidos|notas)\s+relacionad[oa]s|relacionad[oa]s",
    r"lee\s+(?:también|más)|leer\s+más|ver\s+también|te\s+(?:puede|podría)\s+interesar",
    r"(?:también\s+)?le\s+puede\s+interesar|lo\s+más\s+(?:leído|visto|popular)",
    # Polish
    r"dowiedz\s+się\s+więcej|(?:czytaj|zobacz)\s+(?:także|też|więcej|również)",
    r"(?:otras|últimas|más)\s+noticias|recomendad[oa]s(?:\s+para\s+ti)?",
    # Portuguese
    r"(?:notícias|artigos|matérias|conteúdos|posts)\s+relacionad[oa]s",
    r"leia\s+(?:também|mais)|veja\s+(?:também|mais)|saiba\s+mais",
    r"você\s+(?:também\s+)?pode\s+(?:gostar|se\s+interessar)",
    r"(?:as\s+)?mais\s+(?:lidas|lidos|vistas|vistos)|(?:outras|últimas)\s+notícias",
)

# A comment widget: the header of a comment section, or its standing chrome.
COMMENT_LINE = _line(
    # English
    r"(?:\d+\s+)?(?:reader\s+)?comments?|(?:\d+\s+)?responses?|(?:\d+\s+)?replies",
    r"(?:join|start|continue)\s+the\s+(?:discussion|conversation|debate)",
    r"discuss\s+this\s+(?:story|article|post)|discussion",
    r"(?:leave|post|add|write|submit)\s+(?:a|your|the\s+first)\s+(?:comment|reply|response)",
    r"(?:log|sign)\s*(?:in|up)\s+to\s+(?:comment|reply|join\s+the\s+(?:discussion|conversation))",
    r"(?:show|view|see|load|hide)\s+(?:all\s+)?(?:\d+\s+)?(?:more\s+)?comments?",
    r"be\s+the\s+first\s+to\s+(?:comment|share\s+your\s+(?:perspective|thoughts|opinion)).*",
    r"comments?\s+(?:are|is)\s+(?:closed|disabled)|community\s+(?:comments|guidelines)\b.*",
    r"(?:tell|let)\s+us\s+what\s+you\s+think.*|have\s+your\s+say|what\s+do\s+you\s+think\??",
    r"cancel\s+reply|leave\s+a\s+reply|sort\s+by\s*:?\s*(?:newest|oldest|best|top|popular)",
    r"subscribe\s+to\s+comment.*|you\s+must\s+be\s+logged\s+in\s+to\s+post\s+a\s+comment\.?",
    r"(?:\d+\s+)?(?:comments?|replies)\s+(?:coming|powered\s+by).*|conversation",
    # Ukrainian / Russian
    r"(?:\d+\s+)?коментар(?:і|ів|ia)?|(?:залишити|написати|додати)\s+коментар|обговорення",
    r"(?:\d+\s+)?комментари(?:и|ев|й)|(?:оставить|написать|добавить)\s+комментарий|обсуждение",
    # Chinese
    r"(?:\d+\s*条)?(?:评论|評論|网友评论|網友評論|全部评论|全部評論|发表评论|發表評論|留言(?:板)?)",
    # German
    r"(?:\d+\s+)?(?:leser)?kommentare?|kommentieren|(?:einen\s+)?kommentar\s+(?:schreiben|verfassen)",
    r"diskutieren\s+sie\s+mit|diskussion",
    # French
    r"(?:\d+\s+)?commentaires?|(?:laisser|ajouter|écrire)\s+un\s+commentaire|réag(?:ir|issez)",
    # Spanish / Portuguese
    r"(?:\d+\s+)?comentarios?|(?:deja|deje|escribe)\s+(?:un|tu|su)\s+comentario|comentar",
    r"(?:\d+\s+)?comentários?|deixe\s+(?:um|seu|o\s+seu)\s+comentário",
    r"participa\s+en\s+la\s+conversación|participe\s+da\s+conversa",
)

# Newsletter, subscription and membership promos; social "follow us" lines. Sentence cues (not
# whole-line) anchored at the start, since promos are written as sentences.
PROMO_START = re.compile(
    r"(?:"
    # English
    r"(?:sign\s+up|subscribe|register)\b.{0,60}\b(?:newsletter|inbox|updates|briefing|alerts?)"
    r"|(?:get|receive)\s+(?:the\s+)?(?:latest|best|top|day['’]s|week['’]s|our|daily|breaking)\b.{0,80}"
    r"\b(?:inbox|newsletter|delivered)"
    r"|(?:subscribe|join|become\s+a\s+(?:member|subscriber|supporter|patron))\b.{0,40}"
    r"\b(?:today|now|here|for\s+(?:as\s+little|just|only)|member(?:ship)?|plus|premium|pro)\b"
    r"|support\s+(?:our|independent|quality)\s+journalism"
    r"|if\s+you\s+(?:enjoyed|liked|value)\s+this\s+(?:article|story|post|piece)"
    r"|(?:follow|like)\s+(?:us|me|him|her|them|@\w+|[A-Z][\w.]+(?:\s+[A-Z][\w.]+){0,3})\s+on\s+"
    r"(?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|x\b|mastodon|telegram)"
    r"|(?:download|get)\s+(?:our|the)\s+(?:free\s+)?app"
    r"|(?:listen|subscribe)\s+to\s+(?:our|the)\s+podcast"
    # Ukrainian / Russian
    r"|(?:підпишіться|підписуйтесь|підписуйтеся|стежте\s+за\s+нами|читайте\s+нас)\b"
    r"|(?:подпишитесь|подписывайтесь|следите\s+за\s+нами|читайте\s+нас)\b"
    # Chinese
    r"|(?:订阅|訂閱|关注我们|關注我們|扫码关注|掃碼關注|关注公众号|關注公眾號)"
    # German
    r"|(?:newsletter\s+abonnieren|jetzt\s+abonnieren|abonnieren\s+sie|folgen\s+sie\s+uns)\b"
    r"|(?:melden\s+sie\s+sich|registrieren\s+sie\s+sich)\b.{0,40}\bnewsletter"
    # French
    r"|(?:abonnez-vous|inscrivez-vous|suivez-nous)\b"
    r"|(?:recevez|recevoir)\s+(?:notre|la|nos)\s+(?:newsletter|lettre)"
    # Spanish
    r"|(?:suscr[ií]bete|suscr[ií]base|s[ií]guenos|reg[ií]strate)\b"
    r"|(?:recibe|reciba)\s+(?:nuestro|el|nuestra|la)\s+(?:bolet[ií]n|newsletter)"
    # Portuguese
    r"|(?:assine|inscreva-se|siga-nos|cadastre-se)\b"
    r"|(?:receba)\s+(?:nossa|a|o|nosso)\s+(?:newsletter|boletim)"
    r")",
    re.IGNORECASE,
)

# Copyright and reprint lines: page chrome, but some outlets count them as part of the article,
# so they never start a tail on their own.
COPYRIGHT = re.compile(
    r"(?:.{0,40}?\b)?(?:copyright\b|©|ⓒ|\(c\)\s*\d{4}|all\s+rights\s+reserved|"
    r"this\s+copy\s+is\s+for\s+your\s+personal|reprints?\s+(?:and|&)\s+permissions|"
    r"все\s+права\s+защищены|усі\s+права\s+захищені|版权所有|版權所有|無断転載|무단\s*전재|"
    r"alle\s+rechte\s+vorbehalten|tous\s+droits\s+réservés|todos\s+los\s+derechos\s+reservados|"
    r"todos\s+os\s+direitos\s+reservados)",
    re.IGNORECASE,
)

# "About the company" and press-release furniture.
ABOUT_LINE = _line(
    r"about\s+(?:us|the\s+(?:company|author|authors|publisher)|[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})",
    r"(?:media|press|investor)\s+(?:contacts?|enquiries|inquiries|relations)",
    r"forward-looking\s+statements?|safe\s+harbor\s+statement|#{3}|-\s*ends\s*-|-\s*30\s*-",
    r"about\s+this\s+(?:story|article|dispatch|report)",
    r"про\s+(?:нас|компанію|автора)|о\s+(?:нас|компании|авторе)",
    r"关于(?:我们|作者|本公司|公司)|關於(?:我們|作者|本公司|公司)|媒体联系|媒體聯繫",
    r"über\s+(?:uns|das\s+unternehmen|den\s+autor|die\s+autorin|[A-Z][\w&.\-]*)|pressekontakt",
    r"à\s+propos\s+(?:de\s+nous|d['’]\w+|de\s+\w+)|contact\s+presse",
    r"acerca\s+de\s+\w+|sobre\s+(?:nosotros|nós|a\s+empresa|la\s+empresa|o\s+autor|el\s+autor)",
    r"contacto\s+de\s+prensa|contato\s+(?:para|de)\s+imprensa|sobre\s+[A-Z]\w+",
)

# An outlet describing itself: "Ascom is a global solutions provider ...", "ACME, Inc. is the
# world's leading ...", the first sentence of most "About the company" paragraphs; it counts
# only with a press-release signal in the same paragraph (COMPANY_FACTS).
COMPANY_SELF = re.compile(
    r"(?!(?i:this|that|it|there|here|he|she|they|what|which|who|the\s+(?:memo|document|article|"
    r"report|story|move|deal|plan|problem|question|result))\b)"
    r"(?:[A-Z][\w&.\-]*(?:,?\s+[A-Z][\w&.\-]*){0,4}|the\s+[A-Z]\w+(?:\s+[A-Z]\w+){0,3})"
    r"\s+(?:\([A-Z:\s\w.]+\)\s+)?is\s+(?:a|an|the)\s+(?:[\w'’]+[\s-]+){0,5}?"
    r"(?<![\w-])(?:provider|company|manufacturer|developer|publisher|organi[sz]ation|firm|corporation|"
    r"agency|non-?profit|supplier|maker|operator|leader\s+in)\b"
)
# The header lines of an "About" or methodology block, as opposed to a company describing
# itself in a paragraph: such a block may name what the article named, so when it is short its
# vocabulary is not held against it.
ABOUT_HEADER = re.compile(
    r"(?:about|über|à\s+propos|acerca|sobre|про|о|关于|關於)\b.{1,40}|"
    r"(?:wire\s+|our\s+|editorial\s+)?methodology|методологія|методология|methodik|méthodologie|"
    r"metodología|metodologia|方法论|方法論",
    re.IGNORECASE,
)

COMPANY_FACTS = re.compile(
    r"\b(?:headquartered|founded\s+in|employs|subsidiaries|listed\s+on|for\s+more\s+information|"
    r"visit\s+(?:www\.|https?://)|(?:NYSE|NASDAQ|Nasdaq|LSE|SIX|TSX|ASX)\s*:|registered\s+shares|"
    r"customers\s+in\s+\d+|offices\s+in|operations\s+in)\b",
    re.IGNORECASE,
)

# Methodology and autonomous-production notes of a wire or an AI newsroom.
METHODOLOGY_LINE = _line(
    r"(?:wire\s+|our\s+|editorial\s+)?methodology|how\s+we\s+(?:reported|wrote|made)\s+this(?:\s+story)?",
    r"методологія|методология|方法论|方法論|methodik|méthodologie|metodología|metodologia",
)

# Tag lists and taxonomy furniture at the end of an article.
TAGS_LINE = _line(
    r"tags?|tagged(?:\s+with)?|topics?|keywords?|filed\s+under|categories|category",
    r"теги|мітки|теґи|ключові\s+слова|ключевые\s+слова|рубрики?|категорі[яї]|категори[яи]",
    r"标签|標籤|关键词|關鍵詞|分类|分類|schlagwörter|schlagworte|themen|stichwörter",
    r"étiquettes|mots[-\s]clés|catégories?|etiquetas|palabras\s+clave|categor[ií]as?|temas|marcadores",
)

# --- Boilerplate line patterns (not tail starters on their own) ------------------------------

# "Filed under AI Industry & Business": a category label before the headline.
SECTION_LABEL = re.compile(
    r"(?:filed\s+under|posted\s+in|published\s+in|categor(?:y|ies)\s*:|section\s*:|"
    r"рубрика\s*:|розділ\s*:|раздел\s*:|категорі[яї]\s*:|категори[яи]\s*:|分类\s*[:：]|分類\s*[:：]|"
    r"栏目\s*[:：]|rubrik\s*:|ressort\s*:|rubrique\s*:|catégorie\s*:|sección\s*:|categoría\s*:|"
    r"seção\s*:|secção\s*:|categoria\s*:)\s*\S.{0,60}",
    re.IGNORECASE,
)

_AGO = (
    r"(?:\d+|an?|one)\s*(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|"
    r"years?|[smhdw])\s+ago"
    r"|(?:\d+|одну|один)\s*(?:сек(?:унд[уи]?)?|хв(?:илин[уи]?)?|мин(?:ут[уы]?)?|год(?:ин[уи]?)?|"
    r"час(?:а|ов)?|дн(?:і|ів|ей|я)?|день|тиж(?:нів|ні|день)|недел[ьюи]|міс(?:яц[іьів]+)?|"
    r"месяц(?:а|ев)?)\.?\s+(?:тому|назад)"
    r"|\d+\s*(?:秒|分钟|分鐘|小时|小時|天|周|週|个月|個月|年)前"
    r"|vor\s+\d+\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)"
    r"|il\s+y\s+a\s+\d+\s+(?:secondes?|minutes?|heures?|h|jours?|semaines?|mois|ans?)"
    r"|hace\s+\d+\s+(?:segundos?|minutos?|horas?|d[ií]as?|semanas?|mes(?:es)?|años?)"
    r"|h[áa]\s+\d+\s+(?:segundos?|minutos?|horas?|dias?|semanas?|m[eê]s(?:es)?|anos?)"
    r"|just\s+now|yesterday|today|щойно|вчора|сьогодні|только\s+что|вчера|сегодня|刚刚|剛剛|昨天"
)
_DATE = (
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2})?"
    r"|\d{4}年\d{1,2}月\d{1,2}日(?:\s*\d{1,2}:\d{2})?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}"
    r"|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?"
)
_STAMP_LABEL = (
    r"published|updated|posted|last\s+updated|modified|опубліковано|оновлено|востаннє\s+оновлено|"
    r"опубликовано|обновлено|发布(?:时间|於|于)?|發布(?:時間)?|更新(?:时间|時間|于|於)?|"
    r"veröffentlicht|aktualisiert|publié|mis\s+à\s+jour|publicado|actualizado|atualizado"
)
# A line that is only a time stamp, optionally after a short source name or a label
# ("marsbit1 год тому", "Updated: Nov 19, 2019 at 5:12 p.m. ET", "Опубліковано о 2026-04-14").
TIMESTAMP_LINE = re.compile(
    rf"(?:[^\n.!?]{{0,40}}?\s*[·|•\-–—]?\s*)?(?:(?:{_STAMP_LABEL})\s*(?:on|at|о|в|am|le|el|em|:)?\s*:?\s*)?"
    rf"(?:{_AGO}|{_DATE})(?:\s*[·|•\-–—]\s*\S.{{0,30}})?",
    re.IGNORECASE,
)
# "5 records · 3 web citations", "4 min read", "1.2k views · 12 shares": counters, either
# two or more "number noun" items in a row or one item with a counting noun.
COUNTER_LINE = re.compile(
    r"\d[\d.,]*\s*[kKmM]?\s+[^\W\d_]+(?:\s+[^\W\d_]+)?"
    r"(?:\s*[·•|,]\s*\d[\d.,]*\s*[kKmM]?\s+[^\W\d_]+(?:\s+[^\W\d_]+)?)+"
    r"|\d[\d.,]*\s*[kKmM]?\s+(?:min(?:ute)?s?\s+read|views?|reads?|shares?|likes?|votes?|"
    r"citations?|sources?|records?|хв(?:илин[аи]?)?\s+читання|мин(?:ут[аы]?)?\s+чтения|"
    r"переглядів|просмотр(?:ов|а)?|голос(?:ов|а|ів)?|分钟阅读|次阅读|阅读|lesezeit|min\.?\s+lesezeit|"
    r"min(?:utes?)?\s+de\s+lecture|min(?:utos)?\s+de\s+lectura|min(?:utos)?\s+de\s+leitura|"
    r"vues|visitas|visualizações|vistas)",
    re.IGNORECASE,
)
# A credit paragraph of up to 40 words: "Reporting by ...; Editing by ...", "... contributed to
# this report", "Additional reporting by ...".
LONG_CREDIT = re.compile(
    r"\(?(?:(?:additional\s+)?reporting\s+by|editing\s+by|writing\s+by|compiled\s+by|"
    r".{0,200}\bcontributed\s+(?:to\s+)?(?:this\s+)?report(?:ing)?)",
    re.IGNORECASE,
)
# "By | Emphasizing Next", "By Jane Doe", "Автор: ...", "作者：...": a byline.
BYLINE_LINE = re.compile(
    r"(?:(?:by|von|par|por|de|автор(?:и|ы)?|редактор)(?:\s*[|:：/]\s*|\s+)|"
    r"(?:作者|文|撰文|记者|記者)\s*[|:：/]?\s*)"
    r"[^\W\d_].{0,60}",
    re.IGNORECASE,
)
# Credits and contact lines: "Reporting by ...; Editing by ...", "... contributed to this report".
CREDIT_LINE = re.compile(
    r"\(?(?:(?:additional\s+)?reporting\s+by|editing\s+by|edited\s+by|written\s+by|compiled\s+by|"
    r"contributing\s*:|photo(?:graph)?s?\s*(?:by|:)|image\s*(?:by|credit|:)|source\s*:|"
    r"email\s+\w+|contact\s+(?:the\s+)?(?:author|writer|reporter)|have\s+a\s+(?:news\s+)?tip\??|"
    r"reach\s+the\s+(?:author|writer|reporter)s?|.{0,120}\bcontributed\s+to\s+this\s+report|"
    r"(?:\w+\s+){1,3}(?:may|can)\s+be\s+reached\s+at|"
    r"за\s+матеріалами|по\s+материалам|джерело\s*:|источник\s*:|来源[:：]|來源[:：]|"
    r"mit\s+material\s+von|quelle\s*:|avec\s+(?:l['’])?afp|fuente\s*:|fonte\s*:|"
    # Picture credits: "Titelbild: ...", "Crédits photos : ...", "Foto: ...", "Zdjęcie: ..."
    r"(?:titel)?bild(?:quelle)?\s*:|fotos?\s*:|cr[ée]dits?\s+photos?\s*:|zdj[eę]cie\s*:)"
    r".*",
    re.IGNORECASE,
)
# Share buttons and their labels.
SHARE_LINE = _line(
    r"share(?:\s+(?:this|on\s+\w+|the\s+story|article))?|tweet|pin\s+it|email\s+this|print(?:\s+this)?",
    r"copy\s+link|(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|email|x)"
    r"(?:\s*[·|,/]?\s*(?:facebook|twitter|linkedin|whatsapp|telegram|reddit|email|x))*",
    r"поділитися|поширити|поделиться|分享(?:到)?|teilen|partager|compartir|compartilhar",
)
# Forecast, advice and AI-generation disclaimers.
DISCLAIMER = re.compile(
    r"(?:disclaimer\b|events\s+may\s+develop\s+differently|based\s+on\s+current\s+"
    r"(?:signals|information|data|reporting)\b|not\s+(?:financial|investment|legal)\s+advice|"
    r"for\s+informational\s+purposes\s+only|(?:this|the)\s+(?:article|content|summary|text)\s+"
    r"(?:was|is|has\s+been)\s+(?:generated|written|created|produced)\s+(?:by|with|using)\s+"
    r"(?:an?\s+)?(?:ai|artificial\s+intelligence|language\s+model)|"
    r"не\s+є\s+інвестиційною\s+порадою|не\s+является\s+инвестиционной\s+рекомендацией|"
    r"不构成(?:任何)?投资建议|不構成(?:任何)?投資建議|本文由\s*ai\s*生成|"
    r"keine\s+anlageberatung|ne\s+constitue\s+pas\s+un\s+conseil|"
    r"no\s+constituye\s+(?:una\s+)?(?:asesor[ií]a|recomendaci[oó]n|asesoramiento)|"
    r"n[ãa]o\s+constitui\s+(?:uma\s+)?recomenda[çc][ãa]o)",
    re.IGNORECASE,
)

# Glued chrome: words run together where the page had separate elements.
# lower→Upper inside one token ("wireDispatch", "SignalClusterWriteWire").
CAMEL_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])")
# a script change inside one token ("marsbitОпубліковано"), or a date's digits glued to a
# capitalised word ("2026-04-14Востаннє"; one digit is a brand: "9to5Mac"), both typical of
# labels run together.
SCRIPT_JOIN = re.compile(
    r"(?<=[A-Za-z])(?=[\u0400-\u04ff])|(?<=[\u0400-\u04ff])(?=[A-Za-z])"
    r"|(?<=\d\d)(?=[A-ZА-ЯЁІЇЄҐ][a-zа-яёіїєґ]{3})"
)
# A URL, a domain or a handle: its capitals are not words run together.
ADDRESS_TOKEN = re.compile(r"[/@]|\w\.\w")
# A code-like token: an id in the chrome ("DSP·7C813E").
CODE_TOKEN = re.compile(r"\b[A-Z]{2,}[·\-_]?[0-9A-F]{4,}\b")
# A unit longer than this is text, not a page element: the widest line kind (a promo) allows
# 80 words, under 2,500 characters even at 30 a word. Longer units skip the line patterns,
# which scan every position of the unit (TIMESTAMP_LINE took 21 s on a 1 MB line of few spaces).
LINE_KIND_MAX_CHARS = 4000
# A line that is one token of two capitalised words run together ("BlueskyNews"): a row of
# links or labels that lost its separator. Each part has three letters or more, so acronym
# brands ("OpenAI") stay out.
GLUED_PAIR = re.compile(r"[A-Z][a-z]{2,}[A-Z][a-z]{2,}")
# "QWhat ...?" / "AThe ...": question and answer labels glued to the text.
QA_GLUED_Q = re.compile(r"Q(?=[A-Z][a-z])")
QA_GLUED_A = re.compile(r"A(?=[A-Z][a-z])")

LABEL_END = re.compile(r"[.!?:;,…。！？：；，)\]\"'”’]$")

# A list announced by a colon: a count or "following" word before the colon.
# ... as the last words before the colon: a count or "following", then at most four words
# ("serves two strategic purposes:", "the following:", "folgende Gründe:", "以下几点：").
LIST_ANNOUNCE = re.compile(
    r"(?:(?:\b(?:two|three|four|five|six|seven|eight|nine|ten|several|following|these|\d{1,2})\b|"
    r"\b(?:zwei|drei|vier|fünf|folgende[nmrs]?|folgt)\b|\b(?:deux|trois|quatre|cinq|suivant(?:e|s|es)?)\b|"
    r"\b(?:dos|tres|cuatro|cinco|siguientes?)\b|\b(?:duas|dois|três|quatro|seguintes?)\b|"
    r"\b(?:два|дві|три|чотири|четыре|п['’]ять|пять|наступн\w*|следующ\w*)\b|"
    r"[两兩二三四五六七八九十几幾]+(?:个|個|点|點|方面|大)|以下|如下)"
    r"(?:[\s\-]*[^\W\d_][\w'’-]*){0,4}\s*[:：]$)",
    re.IGNORECASE,
)
# After an announcing colon: "Name: details" items, or the announced quotation itself.
ANNOUNCED_ITEM = re.compile(r"[\"“„«‘'「『]|[^:\n]{1,40}:\s")
LIST_ITEM = re.compile(
    r"[-–—•·*▪●◦‣]\s|\d{1,2}[.)、]\s?|[a-zA-Z][.)]\s|[（(]\d{1,2}[)）]|"
    r"(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|one|erstens|zweitens|premi[eè]re?ment|"
    r"primero|segundo|primeiro|по-перше|во-первых|首先|第[一二三四五六七八九十])\b",
    re.IGNORECASE,
)
# A truncated paragraph: it ends in an ellipsis glued to a word, after this many words.
TRUNCATED_END = re.compile(r"(?<=\w)(?:\.{3}|…)$")


@dataclass(frozen=True, eq=False)
class OfftopicRules:
    """Section ``offtopic`` of the rules (data/rules/offtopic.toml says what each value is)."""

    SENTENCE_SPLIT_CHARS: int
    STEM_CHARS: int
    MIN_WORD_CHARS: int
    STOPWORDS: frozenset[str]
    LEAD_WORDS: int
    LEAD_SHARE: float
    MIN_ARTICLE_WORDS: int
    MIN_BLOCK_TERMS: int
    CUED_BLOCK_MAX: float
    CUED_TAIL_MAX: float
    CUED_PROSE_MAX: float
    MAX_LIST_PROSE_RUN: int
    UNCUED_TAIL_MAX: float
    UNCUED_BLOCK_MAX: float
    MIN_UNCUED_BLOCKS: int
    MIN_UNCUED_TITLES: int
    MIN_UNCUED_TERMS: int
    MAX_UNCUED_BLOCKS: int
    LONG_BLOCK_TERMS: int
    MIN_LEAD_OVERLAP: float
    MAX_TAIL_UNITS: int
    MAX_EVIDENCE_BLOCKS: int
    HEADLINE_MIN_WORDS: int
    HEADLINE_MAX_WORDS: int
    ABOUT_MAX_WORDS: int
    GLUED_MAX_WORDS: int
    GLUED_TOKEN_JOINS: int
    LABEL_MAX_WORDS: int
    EMPTY_LABEL_MAX_WORDS: int
    LABEL_MAX_CHARS: int
    LABEL_NEXT_MAX_WORDS: int
    LABEL_LIST_RUN: int
    TRUNCATED_MIN_WORDS: int
    MENU_MIN_LINES: int
    MENU_MAX_WORDS: int
    MENU_MAX_CHARS: int


# Boilerplate and off-topic detection's rules in force.
current = ruleset.section_view("offtopic", OfftopicRules)


def __getattr__(name: str) -> Any:
    return ruleset.view_attribute(current, name)
