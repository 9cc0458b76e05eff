"""Bytes to text: compression, binary sniffing, and encoding detection."""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from dataclasses import dataclass

import charset_normalizer

from dyad.ingest.results import BINARY, GZIP, TOO_LARGE, InputProblem

GZIP_MAGIC = b"\x1f\x8b"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\x0b\x0c\r\x1b")  # ESC: ISO-2022 encodings use it
_BINARY_SAMPLE = 8192
_MAX_CONTROL_SHARE = 0.05
# A UTF-8 file with a handful of stray bytes (a pasted cp1252 quote) is still UTF-8.
_MAX_BAD_UTF8_SHARE = 0.01
_MAX_ACCENTED_SHARE = 0.3
_CP1252_ONLY = frozenset("ŒœŠšŽžŸƒ€‚„…†‡ˆ‰‹›‘’“”•–—˜™")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def is_gzip(data: bytes) -> bool:
    return data.startswith(GZIP_MAGIC)


def gunzip_limited(data: bytes, limit: int) -> bytes:
    """Decompress gzip data, refusing output larger than `limit` (a gzip bomb guard)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(limit + 1)
    except (EOFError, OSError, zlib.error) as exc:
        raise InputProblem(GZIP, f"truncated or corrupt gzip ({exc})") from exc
    if len(out) > limit:
        raise InputProblem(TOO_LARGE, f"decompressed size is above the {describe_size(limit)} limit (--max-bytes)")
    return out


def describe_size(n_bytes: int) -> str:
    if n_bytes >= 100_000:
        return f"{n_bytes / 1_000_000:.1f} MB".replace(".0 MB", " MB")
    return f"{n_bytes:,} bytes"


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def looks_binary(data: bytes) -> bool:
    """True for data that is not text in any encoding we would try."""
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return False  # NUL bytes are normal there
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROL_BYTES) or b == 0x7F)
    return controls > _MAX_CONTROL_SHARE * max(1, len(sample))


def ensure_text_bytes(data: bytes) -> None:
    if looks_binary(data):
        raise InputProblem(BINARY, "binary file, not text")


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded | None:
    """Decode text bytes; None when no encoding gives believable text.

    Order: byte-order mark, a charset the document declares, strict UTF-8,
    UTF-8 with a few bad bytes, Windows-1252 when the result reads like a
    Western language, then charset-normalizer's best guess.
    """
    for attempt in (
        _decode_with_bom,
        lambda d: _decode_declared(d, declared),
        _decode_utf8,
        _decode_mostly_utf8,
        _decode_western,
        _decode_detected,
    ):
        decoded = attempt(data)
        if decoded is not None:
            return decoded
    return None


def _decode_with_bom(data: bytes) -> Decoded | None:
    encoding = bom_encoding(data)
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return Decoded(text.lstrip("\ufeff"), encoding)


def _decode_declared(data: bytes, declared: str | None) -> Decoded | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = "cp1252"  # what browsers do: pages labelled Latin-1 are really Windows-1252
    try:
        return Decoded(data.decode(name), name)
    except UnicodeDecodeError:
        return None


def _decode_utf8(data: bytes) -> Decoded | None:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return None


def _decode_mostly_utf8(data: bytes) -> Decoded | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    real_multibyte = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if real_multibyte and bad <= _MAX_BAD_UTF8_SHARE * len(text):
        return Decoded(text, "utf-8")
    return None


def _decode_western(data: bytes) -> Decoded | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return Decoded(text, "cp1252") if _reads_as_western(text) else None


def _reads_as_western(text: str) -> bool:
    """Cyrillic or Greek bytes read as cp1252 give runs of accented letters or
    symbols wedged inside words; real Western text has neither."""
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    if accented > _MAX_ACCENTED_SHARE * max(1, len(letters)):
        return False
    for i in range(1, len(text) - 1):
        ch = text[i]
        if 0xA0 < ord(ch) < 0xC0 and text[i - 1].isalpha() and text[i + 1].isalpha():
            return False
    return all(ord(ch) < 0x100 or ch in _CP1252_ONLY for ch in text)


def _decode_detected(data: bytes) -> Decoded | None:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    return Decoded(str(best), codecs.lookup(best.encoding).name)
