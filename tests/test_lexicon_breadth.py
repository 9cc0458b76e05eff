"""Lexicon breadth for the weakest CAMEO roots: one test per family of entries added for issue 11
(sentences written for these tests; the entries' own examples are checked by test_lexicon.py)."""

from __future__ import annotations

import pytest

import dyad

pytestmark = pytest.mark.slow


def coded(text: str, date: str = "2025-06-01") -> set[tuple[str | None, str, str | None]]:
    return {(_code(e.source), e.cameo, _code(e.target)) for e in dyad.code_text(text, date=date)}


def _code(m: object) -> str | None:
    return getattr(m, "code", None)


def codes(text: str) -> set[str]:
    return {code for _, code, _ in coded(text)}


def test_resuming_imports_from_a_country_eases_an_embargo_on_it() -> None:
    assert ("CHNGOV", "085", "POL") in coded("Beijing resumed poultry imports from Poland on Monday.")
    # resuming talks is no embargo eased
    assert "085" not in codes("Germany resumed talks with Poland on Monday.")


def test_consenting_to_an_act_is_an_intent_to_do_it() -> None:
    found = coded("Beijing has consented to resume poultry imports from Poland.")
    assert ("CHNGOV", "0354", "POL") in found
    assert all(code != "085" for _, code, _ in found)  # intended, not done


@pytest.mark.parametrize(
    "text",
    [
        "Nurses in Accra returned to the streets to demand back pay.",
        "Students filled the main square of Dhaka on Sunday.",
    ],
)
def test_crowds_going_back_to_or_filling_the_streets_demonstrate(text: str) -> None:
    assert "141" in codes(text)


def test_setting_a_seat_of_power_or_cars_on_fire_is_a_riot_and_homes_or_mosques_property_destroyed() -> None:
    assert ("PERCVL", "145", "PERGOV") in coded("Demonstrators in Lima set two police cars on fire.")
    riot_free = codes("Armed men set a mosque on fire in northern Burkina Faso.")
    assert "1712" in riot_free and "145" not in riot_free
    # other senses of "set" are no events
    assert not codes("The committee set a date for the vote.")
    assert not codes("Ghana's parliament set the budget on Friday.")


def test_forces_deploying_in_an_area_show_force_but_not_a_team_deployed_to_train() -> None:
    assert ("KENCOP", "150", None) in coded("Kenyan police deployed in the Rift Valley ahead of the vote.")
    assert not any(
        code.startswith("15") for code in codes("A small American training team deployed to Ghana last week.")
    )


def test_acts_of_genocide_and_chemical_weapons_are_mass_violence() -> None:
    assert "202" in codes("Investigators said the junta committed acts of genocide against the Rohingya.")
    assert "2041" in codes("Government forces used poison gas against Kurdish villagers.")
    # using something else is no weapon of mass destruction
    assert not codes("The rebels used the ceasefire to regroup.")


def test_owned_relief_with_no_verb_of_giving_is_humanitarian_aid() -> None:
    assert ("TUR", "073", "SYR") in coded("Turkey's humanitarian relief to Syria reached Aleppo on Friday.")


def test_ordering_an_event_noun_codes_the_event_for_the_one_who_orders_it() -> None:
    assert ("---MIL", "175", "---CVL") in coded("The general ordered a crackdown on the protesters.")


def test_forming_a_human_chain_obstructs() -> None:
    assert "144" in codes("Farmers in Lyon formed a human chain across the motorway.")


def test_declaring_or_regaining_control_of_a_place_occupies_it() -> None:
    found = coded("Islamist fighters claimed control of the town of Kaya after days of fighting.")
    assert ("---REB", "192", "BFA") in found
    assert "192" in codes("The army regained control of Khartoum's airport.")


def test_deepening_military_ties_is_an_intent_to_cooperate_militarily_both_ways() -> None:
    found = coded("Greece and Egypt will expand military ties.")
    assert {("GRC", "0312", "EGY"), ("EGY", "0312", "GRC")} <= found


def test_staple_foods_counted_in_bags_are_humanitarian_aid() -> None:
    assert ("ZMB", "073", "MWI") in coded("Zambia donated 300 bags of maize to Malawi.")


def test_arms_deliveries_with_any_light_verb_are_military_aid() -> None:
    assert ("USAGOV", "0332", "UKRGOV") in coded("Washington will resume arms deliveries to Kyiv.")
    # halting them reduces military aid
    assert ("USAGOV", "1622", "UKRGOV") in coded("Washington halted arms deliveries to Kyiv.")


def test_a_helping_hand_to_a_country_is_aid_but_an_offered_hand_is_not() -> None:
    assert ("GHA", "070", "TGO") in coded("Ghana lent a big helping hand to Togo.")
    assert not any(code.startswith("07") for code in codes("The minister offered his hand to the opposition leader."))


def test_wanted_people_sent_to_the_state_that_seeks_them_is_judicial_cooperation() -> None:
    assert ("GTM", "063", "USA") in coded("Guatemala sent three cartel bosses to the United States.")


def test_avenging_an_attack_is_force_and_vowing_to_avenge_it_a_threat() -> None:
    assert ("NGAMIL", "138", None) in coded(
        "The Nigerian army vowed to avenge the killing of its soldiers by Boko Haram."
    )
    assert "030" not in codes("The Nigerian army vowed to avenge the killing of its soldiers by Boko Haram.")


def test_abducted_women_and_schoolgirls_are_civilians() -> None:
    assert ("---UAF", "181", "---CVL") in coded("Gunmen kidnapped dozens of schoolgirls in Zamfara.")


def test_dropping_a_veto_or_objection_yields_to_the_one_it_held_back() -> None:
    assert ("TURGOV", "080", "SWE") in coded("Ankara lifted its veto on Sweden's membership.")
    assert ("GRC", "080", "MKD") in coded("Greece withdrew its opposition to North Macedonia's bid.")


def test_crowds_converging_or_gathering_in_squares_or_outside_seats_of_power_demonstrate() -> None:
    assert ("KENCVL", "141", "KENGOV") in coded("Crowds of Kenyans converged in the capital on Sunday night.")
    assert ("PERCVL", "141", "PERGOV") in coded(
        "Hundreds of Peruvians gathered outside the presidential palace in Lima."
    )
    # officials meeting where they work, or police massing, do not demonstrate
    assert "141" not in codes("Ministers gathered at the palace for the swearing-in.")
    assert "141" not in codes("Some 2,000 police officers massed outside the minister's residence in Lagos.")


def test_fighters_marching_into_a_town_occupy_it_and_crowds_marching_into_a_square_demonstrate() -> None:
    assert ("AFGREB", "192", "AFGGOV") in coded("Taliban fighters marched into Kabul on Sunday.")
    found = codes("Protesters in Nairobi marched into the city centre.")
    assert "141" in found and "192" not in found


def test_hitting_back_at_someone_is_criticism_unless_done_with_weapons() -> None:
    import dyad

    def codes(text: str) -> set[str]:
        return {e.cameo for e in dyad.code_text(text, date="2025-06-01")}

    assert codes("Mexico hit back at Washington over the tariffs.") == {"111"}
    assert "190" in codes("Armenia hit back at Azerbaijani posts with artillery fire.")


def test_an_approved_arms_sale_is_military_cooperation_with_the_buyer_only() -> None:
    import dyad

    found = {(e.source.code if e.source else None, e.cameo, e.target.code if e.target else None)
             for e in dyad.code_text("Washington approved the sale of 40 attack helicopters to Morocco.",
                                     date="2025-06-01")}  # fmt: skip
    assert found == {("USAGOV", "062", "MAR")}


def test_an_ambassador_recalled_is_recalled_from_the_state_they_are_accredited_to() -> None:
    import dyad

    [e] = dyad.code_text("France recalled its ambassador to Algeria for consultations.", date="2025-06-01")
    assert (e.cameo, e.target.code if e.target else None) == ("161", "DZA")
