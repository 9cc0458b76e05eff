"""What only the whole article decides: whose the unnamed officials are, who "the two sides" are,
which events a story tells twice (short articles written for these tests)."""

from __future__ import annotations

from typing import Any

import pytest

import dyad
from dyad.models import Event

pytestmark = pytest.mark.slow


def code(text: str, date: str = "2025-03-10") -> list[Event]:
    return dyad.code_text(text, date=date)


def triples(text: str, date: str = "2025-03-10") -> set[tuple[str | None, str, str | None]]:
    return {(_code(e.source), e.cameo[:2], _code(e.target)) for e in code(text, date)}


def _code(m: object) -> str | None:
    return getattr(m, "code", None)


def only_event(story: str, sentence: int) -> Event:
    """The one event coded in that sentence of the story."""
    [event] = [e for e in code(story) if e.sentence_index == sentence]
    return event


def test_police_in_a_lede_take_the_country_the_story_names_later() -> None:
    story = (
        "The riot police fired tear gas at hundreds of teachers marching on the parliament.\n\n"
        "The teachers want higher salaries. President Gabriel Boric said on Monday that Chile "
        "would listen, and Chile's education minister met union leaders."
    )
    assert ("CHLCOP", "17", "CHLEDU") in triples(story)


def test_authorities_of_a_story_about_one_country_are_its_government() -> None:
    story = (
        "Mali's junta has expelled the French ambassador. The junta in Mali seized power in 2021.\n\n"
        "Mali's foreign ministry gave no reason. Later the authorities arrested two journalists."
    )
    assert ("MLIGOV", "17", "MLIMED") in triples(story)


def test_an_official_visiting_the_country_a_sentence_names_stays_unknown() -> None:
    # One sentence naming the host twice does not make the visiting envoy a local official.
    found = code("The special envoy met Peru's president and praised Peru's new mining law on Friday.")
    envoys = [e.source for e in found if e.source is not None and "envoy" in e.source.text]
    assert envoys and all(m.country == "---" for m in envoys)


def test_an_event_told_again_without_its_agent_supports_the_whole_one() -> None:
    story = "Kenyan police detained 30 students in Nairobi on Monday.\n\nThe students were detained after a march."
    found = code(story)
    assert [(_code(e.source), e.cameo[:2], _code(e.target)) for e in found] == [("KENCOP", "17", "KENEDU")]
    assert found[0].supporting == [1]


def test_an_event_of_an_unknown_side_stays_when_nothing_else_tells_it() -> None:
    found = triples("Four people were killed in the capital on Sunday. Police in Lima arrested 12 men.")
    assert any(src is None and code == "19" for src, code, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        "Chile escalated its feud with Bolivia over the prosecution of former president Evo Morales for fraud.",
        "His Bolivian counterpart, President Luis Arce, has vowed to respond in kind.",
    ],
)
def test_no_phrase_is_both_the_source_and_the_target_of_an_event(text: str) -> None:
    for e in code(text, "2022-03-10"):
        assert e.source is None or e.target is None or (e.source.start, e.source.end) != (e.target.start, e.target.end)


def test_the_two_sides_still_act_on_each_other() -> None:
    story = "Ghana's president met Togo's president in Accra. Both countries agreed to expand trade."
    found = triples(story)
    assert {("GHA", "03", "TGO"), ("TGO", "03", "GHA")} <= found


def test_an_act_aimed_at_no_one_named_is_aimed_at_the_other_state_of_a_two_state_story() -> None:
    story = (
        "Ethiopia and Kenya signed a border agreement in Nairobi on Monday. Kenya's president praised "
        "Ethiopia's prime minister for the deal.\n\nEthiopia also pledged to export more electricity next year."
    )
    [pledge] = [e for e in code(story) if e.sentence_index == 2]
    assert pledge.target is not None and (pledge.target.code, pledge.target.kind) == ("KEN", "implied")
    assert pledge.target.text == "" and "Kenya" not in pledge.sentence


def test_a_story_about_one_state_implies_no_target() -> None:
    story = "Kenya's president pledged to export more electricity next year. Kenya's parliament approved the budget."
    assert all(e.target is None for e in code(story))


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("The detention of the union leader angered the workers.", "target"),
        ("Repeated ceasefire violations by Armenia were reported on Friday.", "source"),
    ],
)
def test_a_phrase_read_as_both_sides_keeps_the_role_its_place_gives(text: str, role: str) -> None:
    found = code(text)
    assert found
    for e in found:
        assert (e.source is None, e.target is None) == ((True, False) if role == "target" else (False, True))


def test_a_subject_pronoun_is_the_person_its_own_sentence_named_before_it() -> None:
    story = (
        "Chile's President Gabriel Boric opened the summit in Santiago.\n\n"
        "President Javier Milei said on Monday that he would meet Lula in Brasilia."
    )
    meetings = [e for e in code(story) if e.sentence_index == 1 and e.cameo[:2] == "03"]
    assert meetings and {_code(e.source) for e in meetings} <= {"ARGGOV", "BRAGOV"}
    assert ("ARGGOV", "03", "BRAGOV") in triples(story)


def test_the_two_sides_are_the_last_two_states_named_together() -> None:
    story = (
        "Turkey's foreign minister opened the talks in Ankara. Turkey offered to host more rounds.\n\n"
        "Armenia and Azerbaijan agreed to reopen the border. Both sides pledged to meet again next month."
    )
    pledges = {(_code(e.source), _code(e.target)) for e in code(story) if e.sentence_index == 3}
    assert pledges == {("ARM", "AZE"), ("AZE", "ARM")}


def test_the_countries_of_a_two_state_story_are_both_of_them() -> None:
    story = "Chile and Peru signed a fisheries accord on Monday. The countries will also build a joint port."
    found = triples(story)
    assert {("CHL", "03", "PER"), ("PER", "03", "CHL")} <= found


def test_a_denial_or_condolence_answers_the_other_state_of_the_story() -> None:
    denial = (
        "Ghana's foreign minister accused Togo of harbouring rebels on Monday, and Ghana recalled its envoy. "
        "Togo denied it."
    )
    assert ("TGO", "01", "GHA") in triples(denial)
    story = (
        "Kenya's foreign minister visited Somalia this week. A flood hit Somalia. "
        "Kenya's president expressed his condolences."
    )
    assert ("KENGOV", "01", "SOM") in triples(story)


def test_a_third_state_beside_the_two_named_together_is_aimed_at_neither() -> None:
    story = (
        "Turkey's foreign minister opened the talks in Ankara. Turkey offered to host more rounds.\n\n"
        "Armenia and Azerbaijan agreed to reopen the border, and Armenia's leader praised Azerbaijan's president. "
        "Armenia pledged to continue the dialogue."
    )
    found = code(story)
    assert all(e.target is None or e.target.kind != "implied" for e in found if (_code(e.source) or "")[:3] == "TUR")
    pledged = {(_code(e.source), e.cameo[:2], _code(e.target)) for e in found if e.sentence_index == 3}
    assert ("ARM", "03", "AZE") in pledged


def test_a_text_too_long_to_be_one_story_is_merged_as_it_is_coded(monkeypatch: pytest.MonkeyPatch) -> None:
    import dyad.events.document as document

    monkeypatch.setattr(document, "KEEP_TOKENS", 3)  # "long" from four sentences on
    text = "The riot police fired tear gas at the teachers. " * 3 + "Chile's president praised the teachers."
    found = code(text)
    # No story step: the police keep no country (a whole story would make them Chile's) ...
    assert [(_code(e.source), e.cameo[:2]) for e in found if e.cameo[:2] == "17"] == [("---COP", "17")]
    # ... and the repeated event is one event, supported by the sentences that repeat it.
    assert [e.supporting for e in found if e.cameo[:2] == "17"] == [[1, 2]]


def test_an_act_of_force_in_a_story_about_one_country_is_aimed_at_home() -> None:
    story = (
        "Thousands of farmers marched through Kathmandu on Tuesday to demand debt relief. Nepal's riot "
        "police fired rubber bullets near the parliament building. Nepal's home minister said the "
        "government would not bow to pressure."
    )
    shots = only_event(story, 1)
    assert shots.target is not None and (shots.target.code, shots.target.kind) == ("NPL", "implied")


def test_a_blow_of_no_named_doer_is_lent_the_doer_of_the_same_kind_of_act() -> None:
    story = (
        "Ugandan police dispersed opposition supporters in Kampala on Monday.\n\n"
        "Later that night two opposition organisers were arrested at their offices, their party said."
    )
    arrest = only_event(story, 1)
    assert arrest.source is not None and (arrest.source.code, arrest.source.kind) == ("UGACOP", "implied")
    assert arrest.source.text == "" and "police" not in arrest.sentence


def test_a_doer_is_lent_only_for_acts_on_the_same_actor() -> None:
    story = (
        "Ugandan police dispersed opposition supporters in Kampala on Monday.\n\n"
        "Two Ugandan journalists were arrested in Gulu the same day."
    )
    arrest = only_event(story, 1)
    assert arrest.source is None and _code(arrest.target) == "UGAMED"


def test_a_blow_told_with_neither_side_known_supports_the_story_s_act_of_that_kind() -> None:
    story = (
        "Israeli jets struck targets across southern Lebanon on Monday, Lebanon's army said.\n\n"
        "Two senior commanders were killed in the strikes."
    )
    [strike] = code(story)
    assert (_code(strike.source), strike.cameo[:2], _code(strike.target)) == ("ISRMIL", "19", "LBN")
    assert strike.supporting == [1]


def test_whom_a_state_strikes_in_a_two_state_story_is_of_the_other_state() -> None:
    story = (
        "Thailand and Cambodia traded accusations on Monday as fighting spread along their border. "
        "Thai jets bombed three positions near the border, Cambodia said. Cambodia said Thailand had broken the truce."
    )
    [bombing] = [e for e in code(story) if e.sentence_index == 1 and e.cameo_root == "19"]
    assert bombing.target is not None and bombing.target.text == "three positions"
    assert bombing.target.country == "KHM" and bombing.target.confidence <= 0.6


def test_whom_a_country_s_officials_detain_in_a_story_about_it_alone_is_of_that_country() -> None:
    story = (
        "Kenyan police fired tear gas at students marching in Nairobi on Tuesday. "
        "Kenya's interior minister later announced the detention of several individuals."
    )
    detention = only_event(story, 1)
    assert detention.target is not None and detention.target.code == "KEN"
    assert "country the story is about" in detention.target.reason


def test_police_and_protesters_the_story_makes_of_one_country_repress_and_riot() -> None:
    story = (
        "Police clashed with protesters outside the parliament building on Friday.\n\n"
        "The unrest began after Peru's congress removed the president. Peru's interior minister "
        "resigned on Saturday and Peru's prime minister called for calm."
    )
    clash = {(_code(e.source), e.cameo, _code(e.target)): e for e in code(story) if e.sentence_index == 0}
    assert set(clash) == {("PERCOP", "175", "PERCVL"), ("PERCVL", "145", "PERCOP")}
    riot = clash["PERCVL", "145", "PERCOP"]
    assert riot.cameo_root == "14" and riot.quad_class == 3 and riot.rule.endswith("→ riot: 145")


@pytest.mark.parametrize(
    ("counts", "home"),
    [
        ({"COL": 3, "USA": 1}, "COL"),
        ({"COL": 2, "USA": 1}, None),  # a short text: the state named once may be the one acted on
        ({"COL": 3, "USA": 2}, None),
        ({"COL": 3, "IGO": 2}, "COL"),  # an organisation of states is not one of them
    ],
)
def test_the_home_of_a_story_is_the_state_it_names_far_more_than_any_other(
    counts: dict[str, int], home: str | None
) -> None:
    from collections import Counter
    from types import SimpleNamespace

    from dyad.events.story import home_country

    assert home_country(SimpleNamespace(country_counts=Counter(counts))) == home  # type: ignore[arg-type]


def test_the_company_is_the_one_the_story_named_before_not_a_local_one() -> None:
    story = (
        "Mali's junta seized three tonnes of gold from a Canadian mining company on Monday. The army said "
        "Malian companies would run the mine.\n\nThe company's local manager was later arrested by the authorities."
    )
    arrest = only_event(story, 2)
    assert (_code(arrest.source), arrest.cameo[:2], _code(arrest.target)) == ("MLIGOV", "17", "CANBUS")
    assert arrest.target is not None and "named before" in arrest.target.reason


def test_a_reference_back_names_no_country_again() -> None:
    from dyad.actors.antecedents import Antecedents
    from dyad.models import ActorMention

    def company(text: str, start: int, country: str) -> ActorMention:
        code = country + "BUS"
        return ActorMention(text, start, start + len(text), code, country, "BUS", text, "organisation")

    refs = Antecedents()
    assert refs.counted([company("company", 10, "CAN")])  # "a Canadian company": named, remembered
    sentence = "Later the company said it would appeal."
    later = company("company", sentence.index("company"), "---")
    refs.refer(sentence, [later])
    assert later.code == "CANBUS" and refs.counted([later]) == []
    some = "Later a company said it would appeal."
    other = company("company", some.index("company"), "---")
    refs.refer(some, [other])
    assert other.code == "---BUS"  # not a reference back


@pytest.mark.parametrize(
    ("closing", "soldiers"),
    [
        ("Togo's government denied the claim, and Togo's police said the area was calm.", "TGOMIL"),
        ("Benin's government denied the claim, and Benin's army said the area was calm.", "---MIL"),
    ],
)
def test_troops_of_no_stated_country_are_the_home_state_s_only_in_a_story_about_it_alone(
    closing: str, soldiers: str
) -> None:
    story = f"Togo's opposition leader said on Sunday that soldiers had tried to detain him at his home. {closing}"
    detention = only_event(story, 0)
    assert _code(detention.source) == soldiers


def _long_text(monkeypatch: pytest.MonkeyPatch, window: int) -> str:
    import dyad.events.document as document

    monkeypatch.setattr(document, "KEEP_TOKENS", 3)  # "long" from four sentences on
    monkeypatch.setattr(document, "LONG_WINDOW", window)
    return (
        "The riot police fired tear gas at the teachers in Santiago. Chile's president praised the teachers. "
        "Peru's foreign minister met Chile's ambassador. The minister said Peru would send aid to Chile. "
        "Bolivia accused Chile of blocking the port. Chile rejected the accusation and recalled its envoy. "
        "Argentina offered to mediate between Bolivia and Chile. Peru's president thanked Argentina. "
        "Police in Lima arrested two protesters. Chile and Peru signed a trade agreement on Friday."
    )


def test_a_long_text_is_read_a_window_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long text's sentences are split, coded and let go a window at a time: while a window
    is coded, at most one more window has been read (before: every sentence of the text had
    a record for the whole of its coding, some 8 MB per MB of text)."""
    from dyad.events.document import Coder

    text = _long_text(monkeypatch, window=2)
    read, windows = [0], []
    traces, code_sentences = Coder._traces, Coder._code_sentences

    def counted(self: Coder, *args: object) -> object:
        for trace in traces(self, *args):  # type: ignore[arg-type]
            read[0] += 1
            yield trace

    def coding(self: Coder, doc: object, plan: list[Any], *args: object, **kwargs: object) -> None:
        windows.append((len(plan), read[0] - (plan[-1].index + 1)))
        code_sentences(self, doc, plan, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Coder, "_traces", counted)
    monkeypatch.setattr(Coder, "_code_sentences", coding)
    assert code(text) and read[0] == 10
    assert windows == [(2, 2), (2, 2), (2, 2), (2, 2), (2, 0)]


def test_the_events_of_a_long_text_do_not_depend_on_its_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    def events(window: int) -> list[dict[str, object]]:
        found = code(_long_text(monkeypatch, window))
        return [{k: v for k, v in e.to_json().items() if k != "coded_at"} for e in found]

    whole = events(100)
    assert len(whole) >= 5
    assert events(1) == whole and events(3) == whole


def test_a_state_s_act_in_a_sentence_naming_another_state_is_not_aimed_at_home() -> None:
    story = (
        "Russia's defence ministry said on Sunday that Russian forces had taken two villages. Russia's "
        "president praised the army. Kyiv accused Russia of breaking the truce."
    )
    found = {(_code(e.source), e.cameo[:2], _code(e.target)) for e in code(story)}
    assert ("RUS", "19", None) in found  # what Kyiv accuses Russia of is not aimed at Russia itself


def test_a_phrase_read_as_several_actors_is_neither_side_s_target() -> None:
    story = (
        "Chilean President Gabriel Boric imposed new fees on Bolivian trucks on Monday. His Bolivian "
        "counterpart, President Luis Arce, has promised to respond in kind."
    )
    vows = [e for e in code(story, "2022-06-10") if e.sentence_index == 1]
    assert vows
    for e in vows:
        assert e.source is None or e.target is None or (e.source.start, e.source.end) != (e.target.start, e.target.end)


def test_the_country_after_its_source_is_the_source_s_country() -> None:
    [emergency] = code("Ecuador's president declared a state of emergency in the country on Monday after prison riots.")
    assert emergency.target is not None and emergency.target.text == "the country"
    assert (emergency.cameo, emergency.target.code) == ("1724", "ECU")


def test_people_of_a_two_state_story_told_from_a_third_are_not_the_hosts() -> None:
    story = (
        "DOHA, QATAR | Reuters | Envoys of Armenia and Azerbaijan ended two days of talks in Qatar's capital "
        "on Sunday.\n\nArmenia and Azerbaijan agreed to a swap of 200 detainees from each side. Both "
        "presidents' offices welcomed the outcome, and Armenia proposed a summit between the two presidents."
    )
    found = {(_code(e.source), e.cameo[:2], _code(e.target)) for e in code(story) if e.sentence_index == 1}
    assert {("ARM", "03", "AZE"), ("AZE", "03", "ARM")} <= found
    assert not any((t or "").startswith("QAT") for _, _, t in triples(story))
    summit = [e for e in code(story) if e.sentence_index == 2 and e.cameo[:2] == "03"]
    assert summit and all(e.target is not None and e.target.code == "AZE" for e in summit if e.source
                          and e.source.code == "ARM")  # fmt: skip


def test_people_of_a_one_state_story_take_its_dateline() -> None:
    story = "LIMA, PERU | AFP | Police detained 40 protesters near the congress building on Friday."
    assert any((t or "").startswith("PER") for _, code_, t in triples(story) if code_ == "17")
