"""Text normalisation and boilerplate removal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.ingest import clean_text
from dyad.ingest.clean import is_boilerplate_line


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "- Advertisement -",
        "ADVERTISEMENT",
        "Also read: Dam talks stall again",
        "Read more: Floods hit the coast",
        "READ MORE",
        "Share this article",
        "Share on Facebook",
        "Share on X",
        "Facebook Twitter WhatsApp",
        "Share on Facebook/X/Twitter/WhatsApp",
        "Subscribe to our newsletter for the latest updates",
        "Click here to subscribe",
        "We use cookies to improve your experience on our site.",
        "Accept all cookies",
        "Follow us on Telegram",
        "Sign up for our morning briefing",
        "Photo: Reuters",
        "(Photo by AFP)",
        "Copyright © 2026 Example Media",
        "© 2026 Example Media. All rights reserved.",
    ],
)
def test_boilerplate_lines_are_removed(line: str) -> None:
    text = f"The talks ended on Monday.\n\n{line}\n\nBoth sides will meet again in May."
    assert clean_text(text) == "The talks ended on Monday.\n\nBoth sides will meet again in May."


@pytest.mark.parametrize(
    "sentence",
    [
        "The ministry placed an advertisement in two newspapers inviting bids for the contract.",
        "Advertisement spending by parties rose sharply before the vote, the commission said.",
        "Minister criticises government advertisement",
        "Read more carefully, the treaty says nothing about fishing rights.",
        "Sign up for military service fell by a third, officials said.",
        "Photographers were kept away from the summit venue.",
        "Subscribers to the state broadcaster lost access on Monday.",
    ],
)
def test_prose_mentioning_boilerplate_words_is_kept(sentence: str) -> None:
    assert clean_text(sentence) == sentence
    assert not is_boilerplate_line(sentence)


def test_ad_marker_glued_to_a_line_is_cut_off() -> None:
    assert clean_text("date 2026-01-05 - Advertisement -\n\nText.") == "date 2026-01-05\n\nText."
    assert clean_text("- Advertisement - The talks resumed.") == "The talks resumed."
    assert clean_text("The talks resumed. ADVERTISEMENT") == "The talks resumed."


def test_dashes_between_words_become_hyphens_and_spaced_dashes_spaced_hyphens() -> None:
    assert clean_text("the China–Pakistan corridor") == "the China-Pakistan corridor"
    assert clean_text("from 2019–2021") == "from 2019-2021"
    assert clean_text("KYIV, Ukraine — Officials said") == "KYIV, Ukraine - Officials said"
    assert clean_text("the deal—signed in May—holds") == "the deal - signed in May - holds"
    assert clean_text("temperatures of −5 degrees") == "temperatures of -5 degrees"


def test_quotes_are_straightened() -> None:
    assert clean_text("“CPEC 2.0,” China’s ‘iron-clad’ friend") == "\"CPEC 2.0,\" China's 'iron-clad' friend"


def test_spaces_are_normalised_and_paragraphs_kept() -> None:
    text = "  Two\u00a0\u00a0words\u200b and\ttabs.  \r\n\r\n\r\n\nNext\u2003paragraph.\n"
    assert clean_text(text) == "Two words and tabs.\n\nNext paragraph."


def test_text_is_nfc_normalised() -> None:
    assert clean_text("Cafe\u0301 in Mu\u0308nchen") == "Café in München"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_clean_text_never_raises_and_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


_LINES = st.sampled_from(
    [
        "Advertisement",
        "- Advertisement -",
        "Also read: x",
        "The talks – which began in May – ended.",
        "“Quote” he said’s",
        "",
        "  ",
        "\u200b",
        "word\u00a0\u00a0word",
        "ADVERTISEMENT text - Advertisement -",
        "e\u200b\u0301",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINES, max_size=12))
def test_clean_text_is_idempotent_on_news_like_lines(lines: list[str]) -> None:
    once = clean_text("\n".join(lines))
    assert clean_text(once) == once


def test_a_long_text_cleaned_a_piece_at_a_time_is_cleaned_as_a_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """A text over `_PIECE_CHARS` is cleaned in pieces cut at line feeds (its copies are never
    whole in memory); the result is the same, whatever falls at a cut."""
    import dyad.ingest.clean as clean

    paragraphs = [
        "Kenya\u2013Uganda talks opened in Nairobi.\r\n",
        "ADVERTISEMENT\n\n\n\n",
        "The minister\u2014who spoke late\u2014said \u201cno\u201d.\u2028Cafe\u0301 owners   protested.\n",
        "Share this article: Facebook Twitter\n\n",
        "\u00a0\u200bRead more: other news\n\n\n",
        "Both sides agreed to meet again \u2012 in March.\n",
    ]
    text = "".join(paragraphs * 40)
    whole = clean.clean_text(text)
    for size in (1, 7, 50, 333):
        monkeypatch.setattr(clean, "_PIECE_CHARS", size)
        assert clean.clean_text(text) == whole
    assert "Kenya-Uganda" in whole and "\n\n\n" not in whole and "ADVERTISEMENT" not in whole
