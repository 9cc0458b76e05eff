"""What only the whole article decides: whose the unnamed officials are, who "the two sides" are,
which events a story tells twice (short articles written for these tests)."""

from __future__ import annotations

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
