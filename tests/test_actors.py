"""Actor recognition and resolution on sentences written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dyad.actors.dictionary import ActorDictionary, DictionaryError, load_dictionary, load_user_file
from dyad.actors.matcher import ActorMatcher
from dyad.actors.resolve import DocumentActors
from dyad.models import ActorMention
from dyad.nlp.pipeline import load_nlp

pytestmark = pytest.mark.slow


def resolve_doc(sentences: list[str], date: str | None = "2026-01-05", place: str | None = None,
                files: tuple[str, ...] = ()) -> list[list[ActorMention]]:  # fmt: skip
    d = load_dictionary(files)
    actors = DocumentActors(d, ActorMatcher(d), date=dt.date.fromisoformat(date) if date else None, place=place)
    nlp = load_nlp()
    return [actors.resolve(s, nlp(s)) for s in sentences]


def codes(mentions: list[ActorMention]) -> list[str]:
    out = []
    for m in mentions:
        if m.is_place:
            continue
        out.extend(x.code for x in (m.members or [m]))
    return out


def by_text(mentions: list[ActorMention], text: str) -> ActorMention:
    for m in mentions:
        if m.text == text:
            return m
    raise AssertionError(f"{text!r} not among {[m.text for m in mentions]}")


def test_title_and_person_compose() -> None:
    [ms] = resolve_doc(["Chinese Foreign Minister Wang YI met Pakistan's Deputy Prime Minister Ishaq Dar."])
    assert codes(ms) == ["CHNGOV", "PAKGOV"]
    wang = ms[0]
    assert wang.kind == "person" and wang.name == "Wang Yi"
    assert wang.text == "Chinese Foreign Minister Wang YI"
    assert "Wang" in wang.reason and 0 < wang.confidence <= 1


def test_spans_are_character_offsets() -> None:
    text = "Talks began as President Xi Jinping arrived."
    [ms] = resolve_doc([text])
    m = ms[0]
    assert text[m.start : m.end] == m.text == "President Xi Jinping"
    assert m.code == "CHNGOV"


def test_person_code_depends_on_date() -> None:
    [[before]] = resolve_doc(["Qin Gang spoke."], date="2023-03-01")
    [[after]] = resolve_doc(["Qin Gang spoke."], date="2025-03-01")
    assert before.code == "CHNGOV"
    assert after.country == "CHN" and after.code != "CHNGOV"
    assert "former" in after.reason


def test_unknown_person_introduced_by_title_is_remembered() -> None:
    ms = resolve_doc(
        [
            "US Deputy Secretary of Energy Jeffrey Kupfer visited the plant.",
            "Kupfer said the project would go ahead.",
            "He thanked the engineers.",
        ]
    )
    first = by_text(ms[0], "US Deputy Secretary of Energy Jeffrey Kupfer")
    assert first.country == "USA" and first.sector == "GOV" and first.name == "Jeffrey Kupfer"
    assert codes(ms[1]) == ["USAGOV"]
    assert codes(ms[2]) == ["USAGOV"]


def test_surname_alone_needs_prior_full_name_when_not_in_office() -> None:
    # In 1990 Dar held no office: the surname alone is no one, after the full name it is him.
    [alone] = resolve_doc(["Dar said the talks went well."], date="1990-05-01")
    assert alone == [] or all(m.name != "Mohammad Ishaq Dar" for m in alone)
    ms = resolve_doc(["Ishaq Dar arrived in Beijing.", "Dar said the talks went well."], date="1990-05-01")
    assert [m.name for m in ms[1]] == ["Mohammad Ishaq Dar"]


def test_compounds_and_prefixes() -> None:
    [ms] = resolve_doc(["The Pakistan-China corridor and Sino-Pakistani friendship grew."])
    assert codes(ms) == ["PAK", "CHN", "CHN", "PAK"]


def test_collective_reference_resolves_to_participants() -> None:
    ms = resolve_doc(["Pakistan and China held talks.", "The two sides agreed to meet again.", "Both counties signed."])
    assert sorted(codes(ms[1])) == ["CHN", "PAK"]
    assert sorted(codes(ms[2])) == ["CHN", "PAK"]


def test_capital_as_actor_and_as_place() -> None:
    [said] = resolve_doc(["Beijing said it would respond."])
    assert codes(said) == ["CHNGOV"]
    [place] = resolve_doc(["The ministers met in Beijing on Monday."])
    beijing = [m for m in place if m.text == "Beijing"]
    assert [m.is_place for m in beijing] == [True]


def test_acronyms_are_case_sensitive() -> None:
    [ms] = resolve_doc(["He told us the US would act."])
    assert [m.text for m in ms if m.country == "USA"] == ["US"]


def test_accents_and_case_variants() -> None:
    [a] = resolve_doc(["Erdoğan spoke."])
    [b] = resolve_doc(["Erdogan spoke."])
    assert codes(a) == codes(b) == ["TURGOV"]


def test_georgia_in_us_context_is_not_the_country() -> None:
    [ms] = resolve_doc(["Georgia's governor signed the bill in Atlanta."], place="Atlanta")
    georgia = [m for m in ms if m.text.startswith("Georgia")]
    assert not georgia or georgia[0].confidence < 0.5
    [ms] = resolve_doc(["Georgian troops moved as Georgia protested to Russia."])
    assert [m.code for m in ms if m.text == "Georgia"] == ["GEO"]


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "mine.yaml"
    user.write_text(
        "people:\n"
        "  - name: Aroha Ngata\n"
        "    short: [Ngata]\n"
        "    roles: [{country: NZL, sector: GOV, title: Foreign Minister, start: 2026-01-01}]\n",
        encoding="utf-8",
    )
    [ms] = resolve_doc(["Aroha Ngata praised the deal."], files=(str(user),))
    assert codes(ms) == ["NZLGOV"]


def test_bad_user_file_names_the_entry(tmp_path: Path) -> None:
    user = tmp_path / "bad.yaml"
    user.write_text("people:\n  - name: No Roles\n    roles: [{country: NZL, start: yesterday}]\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match=r"bad\.yaml: people entry 1 \(No Roles\).*bad date"):
        load_user_file(ActorDictionary(), user)


def test_dictionary_covers_the_world() -> None:
    d = load_dictionary()
    states = [e for e in d.entries.values() if e.kind == "state"]
    assert len(states) >= 195
    for code in ("PAK", "CHN", "USA", "TWN", "XKX", "HKG", "ESH", "PSE", "VAT"):
        assert f"state:{code}" in d.entries, code
    people = [e for e in d.entries.values() if e.kind == "person"]
    assert len(people) >= 250
    orgs = [e for e in d.entries.values() if e.kind == "organisation"]
    assert len(orgs) >= 60
