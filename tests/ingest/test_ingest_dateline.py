"""Datelines and leading metadata lines."""

from __future__ import annotations

import datetime as dt

import pytest

from dyad.ingest import parse_dateline, read_leading_metadata
from dyad.ingest.dateline import locate_dateline

PUBLISHED = dt.date(2026, 1, 6)


@pytest.mark.parametrize(
    ("opening", "place", "country", "agency", "date"),
    [
        ("BEIJING, Jan 5 (APP):", "Beijing", None, "APP", dt.date(2026, 1, 5)),
        ("WASHINGTON (Reuters) -", "Washington", None, "Reuters", None),
        ("KYIV, Ukraine —", "Kyiv", "Ukraine", None, None),
        ("KYIV, Ukraine (AP) —", "Kyiv", "Ukraine", "AP", None),
        ("ISLAMABAD, Feb 3 (DW):", "Islamabad", None, "DW", dt.date(2025, 2, 3)),
        ("GENEVA, March 12 (DW) -", "Geneva", None, "DW", dt.date(2025, 3, 12)),
        ("NEW DELHI, Jan. 5 --", "New Delhi", None, None, dt.date(2026, 1, 5)),
        ("UNITED NATIONS (AP) —", "United Nations", None, "AP", None),
        ("Islamabad, January 5, 2026:", "Islamabad", None, None, dt.date(2026, 1, 5)),
        ("ABUJA, Nigeria, April 2 (Reuters) —", "Abuja", "Nigeria", "Reuters", dt.date(2025, 4, 2)),
        ("DAR ES SALAAM, Tanzania (AFP) -", "Dar es Salaam", "Tanzania", "AFP", None),
        ("BEIJING, Jan 12 (APP):", "Beijing", None, "APP", dt.date(2026, 1, 12)),
    ],
)
def test_datelines(opening: str, place: str, country: str | None, agency: str | None, date: dt.date | None) -> None:
    text = f"{opening} Officials from both countries met on Monday."
    dateline = parse_dateline(text, PUBLISHED)
    assert dateline is not None
    assert (dateline.place, dateline.country_hint, dateline.agency, dateline.date) == (
        place,
        country,
        agency,
        date,
    )
    assert text[dateline.end :] == "Officials from both countries met on Monday."


def test_month_day_is_resolved_into_the_previous_year_when_far_in_the_future() -> None:
    dateline = parse_dateline("BEIJING, Dec 30 (APP): Text.", dt.date(2026, 1, 2))
    assert dateline is not None and dateline.date == dt.date(2025, 12, 30)


def test_month_day_without_a_document_date_has_no_date() -> None:
    dateline = parse_dateline("TOKYO, Jan 28 (DW) - Text.", None)
    assert dateline is not None
    assert dateline.date is None and dateline.month_day == (1, 28)


@pytest.mark.parametrize(
    "text",
    [
        "However, the minister said the talks would continue.",
        "Meanwhile, Pakistan - which hosted the talks - said little.",
        "Pakistan and China agreed: cooperation will deepen.",
        "BREAKING: Talks collapse in Geneva.",
        "Islamabad: the capital was quiet on Monday.",
        "Apples | pears | plums were sold at the market.",
        "In a statement, officials said the border would reopen.",
        "",
    ],
)
def test_ordinary_sentences_are_not_datelines(text: str) -> None:
    assert parse_dateline(text, PUBLISHED) is None


def test_dateline_after_a_headline_is_located() -> None:
    text = "Tankers sent north\n\nNAIROBI, Jan 5 (Reuters) - Kenya said on Thursday."
    found = locate_dateline(text, PUBLISHED)
    assert found is not None
    start, dateline = found
    assert text[start:].startswith("NAIROBI")
    assert text[dateline.end :] == "Kenya said on Thursday."


def test_leading_metadata_lines_are_read_and_removed() -> None:
    metadata, rest = read_leading_metadata(
        "date 2026-01-05\nTitle: Talks in Beijing\nsource: APP\n\nBEIJING, Jan 5 (APP): Text."
    )
    assert metadata == {"date": "2026-01-05", "title": "Talks in Beijing", "source": "APP"}
    assert rest == "BEIJING, Jan 5 (APP): Text."


def test_metadata_is_only_read_at_the_top() -> None:
    text = "Date palms grow along the river.\ntitle: not metadata here"
    assert read_leading_metadata(text) == ({}, text)
    metadata, rest = read_leading_metadata("Opening line.\ndate 2026-01-05")
    assert metadata == {} and rest.startswith("Opening line.")


@pytest.mark.parametrize(
    ("text", "place", "agency", "body"),
    [
        ("Lagos, Aug 3 (NAN) The governor opened the bridge.", "Lagos", "NAN", "The governor"),
        ("KYIV, May 2. /UKRINFORM/. Officials said the talks would resume.", "Kyiv", "UKRINFORM", "Officials"),
        ("(AFP) Rescuers reached the village on Sunday.", None, "AFP", "Rescuers"),
        ("Port Louis: The island's ministers met on Friday.", "Port Louis", None, "The island"),
        ("OSLO, NORWAY | NTB | Ministers met again on Monday.", "Oslo", "NTB", "Ministers"),
        ("LIMA | Andina | Police cleared the square.", "Lima", "Andina", "Police"),
    ],
)
def test_wire_datelines_without_a_colon(text: str, place: str | None, agency: str | None, body: str) -> None:
    found = parse_dateline(text, None)
    assert found is not None
    assert (found.place, found.agency) == (place, agency)
    assert text[found.end :].startswith(body)


def test_a_capitalised_word_and_full_stop_is_no_dateline() -> None:
    assert parse_dateline("WASHINGTON. The president spoke.", None) is None


def test_dateline_with_a_long_country_name() -> None:
    found = parse_dateline("GOMA, Democratic Republic of Congo - Fighting went on.", None)
    assert found is not None and found.place == "Goma"
