"""Characters that change how text reads without being seen, made visible.

Bidirectional controls reorder what follows them in a browser or terminal (a U+202E inside a
quotation shows the rest of the line reversed), and zero-width characters hide inside words;
either can make a report show something other than what the source says. Reports keep the
source text exact (spans index it); what renders it for people (HTML, Markdown, the terminal,
error lines) shows each such character as a visible escape such as ``⟨U+202E⟩``, and the
report warns where a source holds them.

Zero-width joiners and non-joiners (U+200C, U+200D) are left alone: Persian, the Indic
scripts and emoji sequences need them to be written correctly, and they reorder nothing.
"""

from __future__ import annotations

import re
from collections import Counter

# Embeddings and overrides (U+202A-202E), isolates (U+2066-2069), the marks (U+200E, U+200F,
# U+061C): every Unicode character with a bidi control class.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Characters with no width and no script role: zero-width space, word joiner and the invisible
# operators, a byte-order mark inside text, the Mongolian vowel separator, and the tag
# characters (U+E0000-E007F, which spell hidden ASCII).
_INVISIBLE_RANGES = "\u200b\u2060-\u2064\ufeff\u180e\U000e0000-\U000e007f"
# Distinct characters a warning names (tag characters could make it 128 long).
MAX_NAMED = 8
_HIDDEN = re.compile(f"[{BIDI}{_INVISIBLE_RANGES}]")
# For lines a terminal shows (error messages): C0 and C1 controls too, so that a file name
# cannot carry a line break or an escape sequence into them.
_HIDDEN_OR_CONTROL = re.compile(f"[{BIDI}{_INVISIBLE_RANGES}\x00-\x1f\x7f-\x9f]")


def visible(char: str) -> str:
    """The visible stand-in for one hidden character: ``⟨U+202E⟩``."""
    return f"⟨U+{ord(char):04X}⟩"


def neutralise(text: str) -> str:
    """``text`` with every bidi control and invisible character shown as ``⟨U+XXXX⟩``."""
    if not _HIDDEN.search(text):
        return text
    return _HIDDEN.sub(lambda m: visible(m.group()), text)


def one_line(text: str) -> str:
    """``text`` for one terminal line: hidden characters and control characters escaped."""
    if not _HIDDEN_OR_CONTROL.search(text):
        return text
    return _HIDDEN_OR_CONTROL.sub(lambda m: visible(m.group()), text)


def warning(text: str) -> str | None:
    """A report warning naming the bidi and invisible characters in ``text``, or None."""
    found = Counter(_HIDDEN.findall(text))
    if not found:
        return None
    bidi = sum(n for ch, n in found.items() if ch in BIDI)
    hidden = sum(found.values()) - bidi
    parts = []
    if bidi:
        parts.append(f"{bidi} bidirectional control character(s)")
    if hidden:
        parts.append(f"{hidden} invisible character(s)")
    codes = [f"U+{ord(ch):04X}" for ch in sorted(found)]
    kinds = ", ".join(codes[:MAX_NAMED]) + (", …" if len(codes) > MAX_NAMED else "")
    return (
        f"the text holds {' and '.join(parts)} ({kinds}); "
        "shown as ⟨U+…⟩ escapes in the HTML and Markdown reports"
    )
