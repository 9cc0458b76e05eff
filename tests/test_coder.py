"""The event coder on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

import dyad
from dyad.models import Event

pytestmark = pytest.mark.slow


def code(text: str, date: str = "2026-01-05") -> list[Event]:
    return dyad.code_text(text, date=date)


def triples(events: list[Event]) -> set[tuple[str, str, str, str]]:
    return {(e.source.code if e.source else "-", e.cameo, e.target.code if e.target else "-", e.mode) for e in events}


def roots(events: list[Event]) -> set[str]:
    return {e.cameo_root for e in events}


def test_active_voice() -> None:
    events = code("Israeli troops attacked Lebanese border posts.")
    assert any(
        e.source
        and e.source.country == "ISR"
        and e.target
        and e.target.country == "LBN"
        and e.cameo_root in ("18", "19")
        for e in events
    )


def test_passive_voice_swaps_roles() -> None:
    events = code("A Lebanese border post was attacked by Israeli troops.")
    assert any(e.source and e.source.country == "ISR" and e.target and e.target.country == "LBN" for e in events)


def test_coordinated_subjects_code_both_directions() -> None:
    events = code("Egypt and Jordan agreed to expand trade cooperation.")
    pairs = {(e.source.country, e.target.country) for e in events if e.source and e.target}
    assert {("EGY", "JOR"), ("JOR", "EGY")} <= pairs
    assert events and all(e.mode == "intended" and e.cameo.startswith("03") for e in events)


def test_light_verb_nominal_event() -> None:
    events = code("The European Union imposed new sanctions on Iran.")
    assert any(e.cameo.startswith("163") and e.target and e.target.country == "IRN" for e in events)


def test_nominal_event_between_parties() -> None:
    events = code("During the talks between Kenya and Somalia, officials exchanged documents.")
    assert {("KEN", "SOM"), ("SOM", "KEN")} <= {
        (e.source.country, e.target.country) for e in events if e.source and e.target
    }
    assert roots(events) & {"04"}


def test_intent_from_modal() -> None:
    events = code("Japan will provide humanitarian aid to Mozambique.")
    assert any(
        e.mode == "intended" and e.cameo.startswith("033") and e.target and e.target.country == "MOZ" for e in events
    )


def test_negation_is_not_asserted() -> None:
    events = code("Turkey did not criticize Azerbaijan.")
    criticism = [e for e in events if e.cameo_root == "11"]
    assert criticism, f"no root-11 event among {triples(events)}"
    assert all(e.mode == "negated" for e in criticism)


def test_hypothetical_is_not_asserted() -> None:
    events = code("If talks fail, India could impose sanctions on Nepal.")
    # Coded either as a hypothetical sanction or as the threat of one, never as sanctions imposed.
    assert any(
        e.target and e.target.country == "NPL" and (e.cameo_root == "13" or e.mode == "hypothetical") for e in events
    ), triples(events)
    assert not any(e.cameo_root == "16" and e.mode in ("asserted", "reported") for e in events)


def test_refusal_is_a_rejection() -> None:
    events = code("Venezuela refused to release the Colombian prisoners.")
    assert any(e.cameo_root == "12" for e in events)
    assert not any(e.cameo_root == "08" and e.mode == "asserted" for e in events)


def test_reported_speech_codes_the_reported_actor() -> None:
    events = code("The Indian foreign minister said Pakistan will expand trade with Bangladesh.")
    assert any(
        e.source and e.source.country == "PAK" and e.target and e.target.country == "BGD" and e.mode == "intended"
        for e in events
    )


def test_bare_statement_is_010_with_speaker() -> None:
    events = code("The French foreign minister said the weather in Paris was mild.")
    assert triples(events) == {("FRAGOV", "010", "-", "asserted")}


def test_no_actor_no_event() -> None:
    assert code("The weather was mild and the markets were calm on Tuesday.") == []


def test_unknown_verb_no_filler() -> None:
    assert all(e.cameo != "010" for e in code("Brazil tabulated the census figures."))


def test_provenance_fields() -> None:
    text = "Pakistan praised China's support."
    [e] = [e for e in code(text) if e.cameo.startswith("05")]
    assert e.sentence == text
    assert e.sentence[e.trigger.start : e.trigger.end] == e.trigger.text == "praised"
    assert e.source and e.sentence[e.source.start : e.source.end] == "Pakistan"
    assert e.target and e.target.country == "CHN"
    assert 0 < e.confidence <= 1 and e.rule
    assert e.goldstein > 0 and e.quad_class == 1 and e.penta_class == 1 and e.plover


def test_event_date_from_weekday() -> None:
    [e, *_] = code("Russia expelled two Polish diplomats on Sunday.", date="2026-01-07")
    assert e.date == dt.date(2026, 1, 4)


def test_one_event_per_triple_per_document() -> None:
    events = code("Ghana praised Togo. Ghana praised Togo again on Monday.")
    praise = [e for e in events if e.cameo.startswith("051")]
    assert len(praise) == 1 and praise[0].supporting == [1]


def test_user_lexicon_changes_coding(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lex = tmp_path / "mine.yaml"
    lex.write_text('verbs:\n  - {code: "051", verb: salute}\n', encoding="utf-8")
    text = "Chile saluted Peru."
    assert not any(e.cameo == "051" for e in code(text))
    events = dyad.code_text(text, lexicon_files=[str(lex)])
    assert any(e.cameo == "051" and e.target and e.target.country == "PER" for e in events)


def test_user_actor_file_changes_coding(tmp_path) -> None:  # type: ignore[no-untyped-def]
    actors = tmp_path / "a.yaml"
    actors.write_text(
        "people:\n  - name: Aroha Ngata\n"
        "    roles: [{country: NZL, sector: GOV, title: Foreign Minister, start: 2026-01-01}]\n",
        encoding="utf-8",
    )
    text = "Aroha Ngata praised Fiji."
    assert not any(e.source for e in code(text))
    events = dyad.code_text(text, date="2026-03-01", actor_files=[str(actors)])
    assert any(e.source and e.source.code == "NZLGOV" and e.target and e.target.country == "FJI" for e in events)


def test_location_from_sentence_with_coordinates() -> None:
    [e, *_] = [e for e in code("Pakistan praised China at a ceremony in Beijing.") if e.cameo.startswith("05")]
    assert e.location and e.location["place"] == "Beijing" and e.location["country"] == "CHN"
    assert abs(e.location["lat"] - 39.9) < 0.5 and abs(e.location["lon"] - 116.4) < 0.5


def test_long_sentence_keeps_its_event_and_both_actors() -> None:
    # 37 words, the event after a long opening clause: long sentences are where news events are.
    text = (
        "After three days of talks in the Ethiopian capital that diplomats described as difficult but useful, "
        "the government of Sudan on Friday accused the Rapid Support Forces of shelling a hospital in the city "
        "of El Obeid."
    )
    assert ("SDNGOV", "112", "SDNREB", "asserted") in triples(code(text, date="2025-06-01"))
