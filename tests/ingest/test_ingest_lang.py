"""Language detection (py3langid)."""

from __future__ import annotations

import pytest

from dyad.ingest import detect_language

from . import texts


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (texts.ENGLISH_PARAGRAPH, "en"),
        (texts.FRENCH_PARAGRAPH, "fr"),
        (texts.GERMAN_PARAGRAPH, "de"),
        (texts.RUSSIAN_PARAGRAPH, "ru"),
        (texts.SPANISH_PARAGRAPH, "es"),
        (texts.PORTUGUESE_PARAGRAPH, "pt"),
        (texts.ITALIAN_PARAGRAPH, "it"),
        (texts.DUTCH_PARAGRAPH, "nl"),
        (texts.ARABIC_PARAGRAPH, "ar"),
        (texts.URDU_PARAGRAPH, "ur"),
        (texts.PERSIAN_PARAGRAPH, "fa"),
        (texts.CHINESE_PARAGRAPH, "zh"),
    ],
)
def test_languages(text: str, language: str) -> None:
    detected, score = detect_language(text)
    assert detected == language
    assert 0.3 < score <= 1.0


def test_too_little_text_is_undetermined() -> None:
    assert detect_language("") == ("und", 0.0)
    assert detect_language("Talks end.") == ("und", 0.0)


def test_english_scores_high() -> None:
    assert detect_language(texts.ENGLISH_PARAGRAPH)[1] > 0.7


@pytest.mark.parametrize(
    "text",
    ["Ghana praised Togo. Ghana praised Togo again on Monday.", "Aroha Ngata praised Fiji.",
     "Chad government rejects offer from rebel alliance."],
)
def test_short_english_news_full_of_names_is_not_skipped_as_foreign(text: str) -> None:
    assert detect_language(text)[0] in ("en", "und")
