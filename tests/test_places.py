"""Places: cities from the GeoNames gazetteer and geographic features (sentences written for these tests)."""

from __future__ import annotations

import pytest

import dyad
from dyad.actors.places import feature_spans, load_gazetteer
from test_actors import by_text, codes, resolve_doc

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("sentence", "fragment", "code"),
    [
        ("Istanbul prosecutors charged the mayor with fraud.", "Istanbul prosecutors", "TURJUD"),
        ("Lahore police detained six students on Monday.", "Lahore police", "PAKCOP"),
        ("The governor of Odesa criticised the decision.", "governor of Odesa", "UKRGOV"),
    ],
)
def test_agent_qualified_by_a_city_takes_its_country(sentence: str, fragment: str, code: str) -> None:
    [mentions] = resolve_doc([sentence])
    assert by_text(mentions, fragment).code == code


def test_agent_with_a_city_modifier_further_left() -> None:
    [mentions] = resolve_doc(["The Istanbul chief prosecutor's office opened a case against the mayor."])
    assert "TURJUD" in codes(mentions)


@pytest.mark.parametrize(
    ("sentence", "feature", "not_actor"),
    [
        ("Chinese and Russian warships sailed through the Sea of Japan.", "Sea of Japan", "JPN"),
        ("Manila protested against manoeuvres in the South China Sea.", "South China Sea", "CHN"),
        ("The two navies will patrol the Indo-Pacific together.", "Indo-Pacific", "IND"),
        ("A drought has struck the Horn of Africa.", "Horn of Africa", ""),
    ],
)
def test_geographic_features_are_places_never_actors(sentence: str, feature: str, not_actor: str) -> None:
    [mentions] = resolve_doc([sentence])
    place = by_text(mentions, feature)
    assert place.is_place and not place.code
    if not_actor:
        assert not_actor not in codes(mentions)


def test_gaza_strip_after_a_preposition_is_a_place() -> None:
    [mentions] = resolve_doc(["Aid convoys entered the territory in the Gaza Strip on Friday."])
    assert by_text(mentions, "Gaza Strip").is_place


def test_city_object_of_an_attack_stands_for_its_country() -> None:
    [mentions] = resolve_doc(["Russian drones hit Kharkiv overnight."])
    assert by_text(mentions, "Kharkiv").code == "UKR"


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Officials said the plan was a nice idea and would not split the coalition.", "nice"),
        ("The President of Mobile phone makers' association spoke first.", "Mobile"),
        ("Of the ten ministers, three resigned.", "Of"),
    ],
)
def test_common_words_are_not_cities(sentence: str, word: str) -> None:
    [mentions] = resolve_doc([sentence])
    assert all(word not in m.text for m in mentions)


def test_ambiguous_city_names_after_a_place_preposition() -> None:
    [mentions] = resolve_doc(["Police in Nice arrested two men, and protesters gathered in Split."])
    assert by_text(mentions, "Nice").country == "FRA"
    assert by_text(mentions, "Split").country == "HRV"


def test_document_countries_choose_between_homonyms() -> None:
    _, second = resolve_doc(["Pakistan's government announced new measures.", "Police in Hyderabad made arrests."])
    assert by_text(second, "Hyderabad").country == "PAK"
    [alone] = resolve_doc(["Police in Hyderabad made arrests."])
    assert by_text(alone, "Hyderabad").country == "IND"


def test_event_location_is_the_most_specific_place() -> None:
    [event] = [e for e in dyad.code_text("Pakistani police arrested ten protesters in Lahore.", date="2025-05-01")
               if e.cameo_root == "17"]  # fmt: skip
    assert event.location is not None
    assert (event.location["place"], event.location["country"]) == ("Lahore", "PAK")
    assert abs(event.location["lat"] - 31.56) < 0.1 and abs(event.location["lon"] - 74.35) < 0.1


def test_feature_patterns_find_whole_names() -> None:
    text = "Ships crossed the Strait of Hormuz and the Red Sea near Lake Chad."
    found = [text[s:e] for s, e in feature_spans(text)]
    assert found == ["Strait of Hormuz", "Red Sea", "Lake Chad"]


def test_gazetteer_lists_cities_largest_first() -> None:
    gz = load_gazetteer()
    assert gz.lookup("Kingston")[0].country == "JAM"
    assert len(gz.rows) > 20000


def test_local_agents_take_the_country_of_the_sentences_place() -> None:
    [mentions] = resolve_doc(["Riot police chased striking teachers through the old quarter of the capital, Bamako."])
    assert by_text(mentions, "Riot police").code == "MLICOP"
    assert by_text(mentions, "Bamako").is_place


def test_visiting_officials_keep_their_unknown_country() -> None:
    [mentions] = resolve_doc(["The envoy arrived in Riyadh on Sunday."])
    assert by_text(mentions, "envoy").country == "---"


def test_a_leaders_administration_is_that_states_government() -> None:
    [mentions] = resolve_doc(["The Biden administration approved the sale."], date="2025-06-01")
    assert by_text(mentions, "Biden administration").code == "USAGOV"


def test_foreign_names_of_small_cities_are_not_places() -> None:
    [mentions] = resolve_doc(["Investors in Orano were cautious after the quarterly report."])
    assert all(m.country != "DZA" for m in mentions)
