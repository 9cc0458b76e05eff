"""Normalise article text and drop boilerplate lines.

Only whole lines that are nothing but boilerplate are removed (plus ad markers
glued to the start or end of a line), so an article sentence that merely
mentions an advertisement or a newsletter is never touched.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator

# Lines longer than this are paragraphs of prose, whatever words they start with.
MAX_BOILERPLATE_LINE = 250

# Each pattern must match a whole line (case-insensitive), once the decoration
# around it ("- Advertisement -", "» Read more") is set aside.
BOILERPLATE_LINE_PATTERNS: tuple[str, ...] = (
    # ad slots
    r"advertisements?|advertising|advert|ads?|sponsored(?: content| links?)?",
    r"(?:paid|promoted|partner) (?:content|post|partnership)|promoted",
    r"(?:skip|close) (?:ad|advertisement)|scroll (?:down )?to continue(?: with content)?",
    r"(?:story|article) continues (?:below|after)(?: (?:this )?advertisement)?",
    r"continue reading(?: below| the main story| the article)?",
    # links to other stories
    r"(?:also read|read also|read more|more to read|see also|must read|don'?t miss)(?:\s*[:|].*)?",
    r"(?:related(?: articles?| stories| news| coverage)?|recommended(?: stories)?)(?:\s*[:|].*)?",
    r"you (?:may|might) also (?:like|be interested in)(?:\s*[:|].*)?",
    # sharing and following
    r"share(?: this| the)?(?: article| story| post| page)?(?: on| via| to)?\s*:?"
    r"(?:\s*(?:facebook|twitter|x|whatsapp|linkedin|telegram|e-?mail|reddit|messenger|print)[\s,|/]*)*",
    r"(?:(?:facebook|twitter|x|whatsapp|linkedin|telegram|e-?mail|reddit|messenger|print)[\s,|/]*)+",
    r"follow us(?: on| at)?\b.*",
    r"(?:join|like|find) us on "
    r"(?:facebook|twitter|x|instagram|telegram|whatsapp|linkedin|youtube)\b.*",
    r"follow (?:@\w+|\w+(?: \w+){0,3}) on "
    r"(?:twitter|x|facebook|instagram|telegram|whatsapp|youtube)\.?",
    # newsletters and accounts
    r"(?:subscribe|sign up|register)(?: now| today| here)?(?: (?:to|for)\b.{0,60}"
    r"\b(?:our|newsletters?|updates|alerts|briefs?|briefings?|e-?mails?|digest|channel)\b.*)?",
    r"newsletters?|click here\b.*|tap here to\b.*",
    # cookie notices
    r"(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b.*",
    r"(?:accept|reject|allow|decline|manage)(?: all)?(?: cookies| cookie settings)?",
    r"cookie (?:policy|settings|preferences)",
    # picture credits
    r"(?:photo|image|picture|photograph|file photo|graphic|illustration)s?(?: credits?)?\s*:.*",
    r"\(?(?:photo|image|picture|file photo|photograph)s?"
    r"(?: by| courtesy(?: of)?| credit:?| via)\b.*",
    r"(?:photo|image)\s*/\s*[\w .&-]{1,40}|credit\s*:\s*[\w .&/-]{1,60}",
    # copyright lines
    r"(?:copyright|©|\(c\)).*",
    r".{0,80}\ball rights reserved\.?",
)
_DECORATION = r"[\s\-|•*·~=>»_\[\]]*"
_BOILERPLATE_LINE = re.compile(rf"{_DECORATION}(?:{'|'.join(BOILERPLATE_LINE_PATTERNS)}){_DECORATION}", re.IGNORECASE)

# An ad marker sharing a line with real text must be unmistakable: dashed or
# bracketed on both sides, or shouted in capitals.
_AD_WORD = r"(?i:advertisements?|advertising|sponsored(?: content)?)"
_AD_MARKER = rf"(?:[-|•*~=]+\s*{_AD_WORD}\s*[-|•*~=]+|[\[(]\s*{_AD_WORD}\s*[\])]|ADVERTISEMENT)"
_LEADING_AD = re.compile(rf"^{_AD_MARKER}\s+(?=\S)")
_TRAILING_AD = re.compile(rf"(?<=\S)\s+{_AD_MARKER}$")

_NEWLINES = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_COMPOUND_HYPHEN = re.compile(r"(?<=\w)[\u2012\u2013](?=\w)")
_UNSPACED_EM_DASH = re.compile(r"(?<=\w)[\u2014\u2015](?=\w)")
_OTHER_DASH = re.compile(r" *[\u2012-\u2015] *")
_SPACES = re.compile(r" {2,}")
_BLANK_RUNS = re.compile(r"\n{3,}")
_PIECE_CHARS = 1_000_000  # a longer text is cleaned this much at a time


def _invisible_characters() -> dict[int, None]:
    """Zero-width, soft-hyphen, bidi-control and other control characters.

    ZWJ/ZWNJ are kept: they change how Persian, Urdu and emoji text reads.
    """
    controls = [c for c in range(0x20) if chr(c) not in "\n\t"] + list(range(0x7F, 0xA0))
    invisible = [0x00AD, 0x200B, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF]
    bidi = list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))
    return dict.fromkeys(controls + invisible + bidi)


def _character_replacements() -> dict[int, str]:
    table = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b"), "'")
    table.update(dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f"), '"'))
    table.update(dict.fromkeys(map(ord, "\u2010\u2011\u2212"), "-"))
    spaces = "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
    table.update(dict.fromkeys(map(ord, spaces), " "))
    return table


_DELETIONS = _invisible_characters()
_REPLACEMENTS = _character_replacements()


def clean_text(text: str) -> str:
    """Normalised article text with boilerplate lines removed.

    NFC; curly quotes made straight; a dash inside a compound ("China–Pakistan")
    becomes "-" and any other dash " - "; odd spaces become one space and
    invisible characters go; paragraphs are separated by one blank line.
    Idempotent: cleaning clean text changes nothing.
    """
    if len(text) <= _PIECE_CHARS:
        lines = _clean_lines(text)
    else:
        lines = [line for piece, last in _line_pieces(text) for line in _clean_lines(piece)[: None if last else -1]]
    text = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
    return unicodedata.normalize("NFC", text)


def _clean_lines(text: str) -> list[str]:
    text = _NEWLINES.sub("\n", text).translate(_DELETIONS)
    text = unicodedata.normalize("NFC", text).translate(_REPLACEMENTS)
    text = _normalise_dashes(text)
    return _drop_boilerplate(_tidy_line(line) for line in text.split("\n"))


def _line_pieces(text: str) -> Iterator[tuple[str, bool]]:
    """(piece, whether it is the last) of about `_PIECE_CHARS`, each but the last ending with
    a line feed, so that a long text's normalised copies are never in memory whole. Every
    step of `_clean_lines` acts within a line, and nothing composes or matches across a line
    feed: the lines of the pieces, less the empty one after each piece's final line feed, are
    the lines of the whole text."""
    start = 0
    while len(text) - start > _PIECE_CHARS:
        cut = text.find("\n", start + _PIECE_CHARS)
        if cut < 0:
            break
        yield text[start : cut + 1], False
        start = cut + 1
    yield text[start:], True


def _normalise_dashes(text: str) -> str:
    text = _COMPOUND_HYPHEN.sub("-", text)
    text = _UNSPACED_EM_DASH.sub(" - ", text)
    return _OTHER_DASH.sub(" - ", text)


def _tidy_line(line: str) -> str:
    return _SPACES.sub(" ", line).strip()


def _drop_boilerplate(lines: Iterable[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        line = _strip_ad_markers(line)
        if line and is_boilerplate_line(line):
            continue
        kept.append(line)
    return kept


def _strip_ad_markers(line: str) -> str:
    while True:
        stripped = _TRAILING_AD.sub("", _LEADING_AD.sub("", line)).strip()
        if stripped == line:
            return line
        line = stripped


def is_boilerplate_line(line: str) -> bool:
    """True for a line that is entirely boilerplate (an ad slot, share buttons…)."""
    line = line.strip()
    return len(line) <= MAX_BOILERPLATE_LINE and _BOILERPLATE_LINE.fullmatch(line) is not None


if __name__ == "__main__":  # pragma: no cover - handy for eyeballing a file
    sys.stdout.write(clean_text(sys.stdin.read()) + "\n")
