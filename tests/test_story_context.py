"""Who the people an article tells of belong to, and whom its acts are aimed at, when only the
context of the sentence or story says (sentences and short stories written for these tests)."""

from __future__ import annotations

import pytest

import dyad
from dyad.models import Event

pytestmark = pytest.mark.slow


def triples(text: str, date: str = "2025-06-01") -> set[tuple[str | None, str, str | None]]:
    return {(_code(e.source), e.cameo, _code(e.target)) for e in dyad.code_text(text, date=date)}


def _code(m: object) -> str | None:
    return getattr(m, "code", None)


def told_in(story: str, sentence: int, date: str = "2024-05-06") -> list[Event]:
    """The events of one sentence of a story coded whole."""
    return [e for e in dyad.code_text(story, date=date) if e.sentence_index == sentence]


def test_the_place_of_one_clause_does_not_ground_the_victims_of_another_states_act() -> None:
    found = triples("Rwandan officials will meet Burundian envoys in Kenya on Monday, a week after Kigali "
                    "launched drone strikes on the border town, killing six villagers.")  # fmt: skip
    assert not any((t or "").startswith("KEN") for _, _, t in found)
    assert any((t or "").startswith("KEN") for _, _, t in triples("Police in Nairobi detained six villagers."))


def test_an_official_arrested_by_no_one_named_is_arrested_by_his_own_states_justice() -> None:
    story = ("Washington imposed visa bans on two Peruvian judges on Monday over the prosecution of former "
             "president Pedro Castillo.")  # fmt: skip
    found = [e for e in dyad.code_text(story, date="2024-05-06") if e.cameo == "173"]
    assert found and all(e.source is not None and e.source.code == "PERJUD" for e in found)
    # people who are not officials may be held abroad: their arrest keeps no doer
    tourists = [e for e in dyad.code_text("Two Peruvian tourists were detained on Friday.") if e.cameo == "173"]
    assert tourists and all(e.source is None for e in tourists)


def test_a_gendarmerie_brigade_is_police() -> None:
    found = triples("Angry villagers attacked a gendarmerie brigade near Dakar on Sunday.")
    assert any((t or "").endswith("COP") for _, _, t in found)


def test_police_firing_on_no_one_named_in_a_story_of_one_countrys_unrest_repress_its_people() -> None:
    last = told_in("Thousands of Guineans marched in Conakry on Monday against the new constitution. Guinean "
                   "police fired tear gas at the crowd near the parliament.\n\nProtest leaders in Guinea said "
                   "the rallies would go on. Witnesses said security forces later fired live rounds.", 3)  # fmt: skip
    assert last and all(e.cameo_root == "17" and e.target is not None and e.target.country == "GIN" for e in last)


def test_a_state_commanding_its_own_in_a_one_country_story_is_no_demand() -> None:
    found = told_in("Kenyan police fired tear gas at protesters in Nairobi on Tuesday. Kenya's interior minister "
                    "visited the injured in hospital.\n\n\"I have ordered that the shooting be investigated,\" "
                    "President William Ruto said. Kenya's parliament will debate the killings next week.", 2,
                    "2024-06-26")  # fmt: skip
    assert not [e for e in found if e.cameo_root == "10"]
    # a demand of the people on their government stays
    crowd = ("Thousands of Kenyans marched in Nairobi on Tuesday. The protesters in Kenya demanded the finance "
             "bill's repeal.")  # fmt: skip
    assert any(e.cameo_root == "10" for e in dyad.code_text(crowd, date="2024-06-26"))


def test_a_crowd_told_only_by_its_size_protests_against_its_government() -> None:
    assert ("PERCVL", "141", "PERGOV") in triples("Hundreds protested outside the parliament in Lima on Friday.")
    # a story places the crowd the sentence does not
    later = told_in("QUITO (Reuters) — Ecuador's government raised fuel prices on Monday.\n\nThousands marched "
                    "on Tuesday against the decision of Ecuador's president.", 1)  # fmt: skip
    assert any(e.cameo_root == "14" and e.source is not None and e.source.country == "ECU" for e in later)
    # only a protest: the size of those killed names victims, not a crowd that acted
    assert not any(s is not None for s, _, _ in triples("Hundreds were killed in the floods in Lima."))


def test_calling_an_act_a_word_of_contempt_criticises_whoever_did_it() -> None:
    assert ("PERGOV", "111", None) in triples("Peru's president called the deployment reckless and dangerous.")
    assert not any(code == "111" for _, code, _ in triples("Peru's president called the talks constructive."))


def test_a_retreat_in_a_story_about_one_country_is_aimed_at_home() -> None:
    retreat = told_in("Myanmar's army lost the border town of Myawaddy to rebels last week. Myanmar's junta "
                      "chief said the army had withdrawn from its last base near the town.\n\nFighting in "
                      "Myanmar has displaced thousands.", 1)  # fmt: skip
    assert any(e.cameo_root == "08" and e.target is not None and e.target.country == "MMR" for e in retreat)


def test_speaking_with_another_states_official_is_a_consultation_both_ways() -> None:
    found = triples("Kenya's foreign minister spoke to Somali foreign minister Ahmed Fiqi on Monday.", "2024-08-01")
    assert {("KENGOV", "040", "SOMGOV"), ("SOMGOV", "040", "KENGOV")} <= found
    assert not any(code.startswith("04") for _, code, _ in triples("Kenya's foreign minister spoke to reporters."))


def test_an_act_told_as_what_a_refusal_refuses_is_the_refusal() -> None:
    found = triples("Hamas repeated its refusal to disarm on Sunday.")
    assert any(code.startswith("12") for _, code, _ in found)
    assert not any(code.startswith("087") for _, code, _ in found)
    # in a story about one country, the refusal answers home
    story = told_in("Lebanon's cabinet backed a plan to disarm militias on Tuesday. Lebanon's army will draw up "
                    "the plan.\n\nHezbollah restated its refusal to disarm.", 2, "2025-08-07")  # fmt: skip
    assert any(e.cameo_root == "12" and e.target is not None and e.target.country == "LBN" for e in story)
