"""People: surnames alone and after titles, by date and country; common-word surnames; coverage."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from dyad.actors.coverage import coverage, offices
from dyad.actors.dictionary import Role, load_dictionary
from dyad.actors.matcher import ActorMatcher
from dyad.actors.resolve import DocumentActors
from dyad.cli.main import app
from dyad.models import ActorMention


def people(sentences: list[str], date: str) -> list[list[ActorMention]]:
    d = load_dictionary()
    actors = DocumentActors(d, ActorMatcher(d), date=dt.date.fromisoformat(date))
    return [[m for m in actors.resolve(s) if m.entity_id.startswith("person:")] for s in sentences]


def one(sentence: str, date: str) -> ActorMention | None:
    [found] = people([sentence], date)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("sentence", "date", "name", "code"),
    [
        ("Rubio said the talks were useful.", "2025-06-30", "Marco Rubio", "USAGOV"),
        ("Secretary Rubio said the talks were useful.", "2025-06-30", "Marco Rubio", "USAGOV"),
        ("President Clinton met the delegation.", "1998-03-01", "Bill Clinton", "USAGOV"),
        ("Secretary Clinton met the delegation.", "2012-03-01", "Hillary Clinton", "USAGOV"),
        ("prime minister modi arrived in Dhaka.", "2024-01-10", "Narendra Modi", "INDGOV"),
        ("Prime Minister Modi arrived in Dhaka.", "2024-01-10", "Narendra Modi", "INDGOV"),
        ("PRIME MINISTER MODI ARRIVED", "2024-01-10", "Narendra Modi", "INDGOV"),
        ("Secretary Rice said the talks were useful.", "2005-06-01", "Condoleezza Rice", "USAGOV"),
    ],
)
def test_surname_and_title_by_date(sentence: str, date: str, name: str, code: str) -> None:
    m = one(sentence, date)
    assert m is not None and (m.name, m.code) == (name, code)
    assert "title + surname" in m.reason or "surname alone" in m.reason  # explain says which rule


def test_explain_names_the_rule() -> None:
    m = one("Secretary Clinton met the delegation.", "2012-03-01")
    assert m is not None and "title + surname, in office on 2012-03-01" in m.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Rice prices rose sharply this year.",  # a word at the start of a sentence
        "Farmers planted Rice in the delta.",  # mid-sentence, but the story names no US actor
        "The meeting is planned for early May.",  # a month after a function word
        "Brown University opened a campus.",  # a longer name
        "Kim said the talks were useful.",  # a very common surname needs a title
    ],
)
def test_common_words_are_not_people(sentence: str) -> None:
    assert one(sentence, "2005-06-01") is None or one(sentence, "2005-06-01").name != "Condoleezza Rice"  # type: ignore[union-attr]
    found = one(sentence, "2018-06-01")
    assert found is None or found.name not in ("Theresa May", "Gordon Brown", "Condoleezza Rice")


def test_common_surname_after_full_mention_and_title() -> None:
    ms = people(["Condoleezza Rice flew to Cairo.", "Rice told reporters the trip went well."], "2005-06-01")
    assert [m.name for m in ms[1]] == ["Condoleezza Rice"]
    assert one("Prime Minister May spoke in the Commons.", "2018-06-01").name == "Theresa May"  # type: ignore[union-attr]
    assert one("The vote is due in May.", "2018-06-01") is None


def test_common_word_surname_mid_sentence_in_a_story_about_its_country() -> None:
    ms = people(["The United States sent its envoy.", "Talks ended and said Rice the deal was close."], "2005-06-01")
    assert [m.name for m in ms[1]] == ["Condoleezza Rice"]
    assert "surname alone" in ms[1][0].reason


def test_lower_case_name_needs_a_title() -> None:
    assert one("the modi government said", "2024-01-10") is None
    m = one("foreign minister jaishankar said", "2024-01-10")
    assert m is not None and m.code == "INDGOV"


def test_state_possessive_joins_an_agent_across_one_modifier() -> None:
    d = load_dictionary()
    [m] = DocumentActors(d, ActorMatcher(d), date=dt.date(2025, 6, 30)).resolve("Egypt's security delegation left.")
    assert m.code == "EGYGOV"
    ms = DocumentActors(d, ActorMatcher(d), date=dt.date(2025, 6, 30)).resolve("Israel struck militants.")
    assert [x.code for x in ms] == ["ISR", "---REB"]


def test_seats_of_government_are_institutions() -> None:
    d = load_dictionary()
    actors = DocumentActors(d, ActorMatcher(d), date=dt.date(2025, 6, 30))
    codes = [m.code for s in ("Kremlin spokesman", "Prague Castle", "Zhongnanhai", "Kirya") for m in actors.resolve(s)]
    assert codes == ["RUSGOV", "CZEGOV", "CHNGOV", "ISRMIL"]


def test_surname_not_in_office_needs_more() -> None:
    # Hillary Clinton held no office in 2020 and Bill Clinton left in 2001: a bare "Clinton" is no one.
    assert one("Clinton said the talks were useful.", "2020-06-01") is None
    # ... but "President Clinton" then is the former president.
    m = one("President Clinton said the talks were useful.", "2020-06-01")
    assert m is not None and m.name == "Bill Clinton" and m.sector == "ELI"


def test_title_that_fits_no_role_takes_the_one_in_office() -> None:
    m = one("General Burhan said the army would fight on.", "2025-06-30")
    assert m is not None and m.code == "SDNGOV" and "the only one of that name in office" in m.reason
    # ... but a title that contradicts every role is no one's: King Hassan is not Prime Minister Hassan.
    found = one("King Hassan of Morocco spoke.", "2025-06-30")
    assert found is None or found.name != "Jafar Hassan"


def test_surname_inside_another_name_is_not_the_person() -> None:
    assert one("Tom Rubio, a local farmer, said prices rose.", "2025-06-30") is None


def test_office_titles() -> None:
    def of(title: str, country: str = "FRA") -> set[str]:
        return offices(Role(country=country, sector="GOV", title=title))

    assert of("President") == {"head of state"}
    assert of("Prime Minister") == {"head of government"}
    assert of("Minister of Foreign Affairs") == {"foreign minister"}
    assert of("Secretary of State", "USA") == {"foreign minister"}
    assert of("Deputy Prime Minister") == set()
    assert of("President of the Senate") == set()
    assert of("Foreign Ministry Spokesperson") == set()
    assert of("President of the Council of Ministers", "PER") == {"head of government"}
    assert of("President of PML-N", "PAK") == set()
    assert of("Prime Minister of the Kurdistan Region", "IRQ") == set()
    assert of("Chancellor of the Exchequer", "GBR") == set()
    assert of("Foreign Secretary", "IND") == set() and of("Foreign Secretary", "GBR") == {"foreign minister"}
    assert of("Vice President and Prime Minister", "ARE") == {"head of government"}


def test_coverage_lists_no_member_missing_mid_2025() -> None:
    report = coverage(load_dictionary(), dt.date(2025, 6, 30))
    assert report.members == 193
    assert report.missing == {}, sorted(report.missing)
    assert report.unsure_people > 0


def test_coverage_command() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["actors", "coverage", "--date", "2025-06-30", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["members"] == 193 and data["missing"] == [] and data["unsure_people"] > 0
    early = json.loads(runner.invoke(app, ["actors", "coverage", "--date", "1950-01-01", "--json"]).output)
    assert len(early["missing"]) > 100  # the dictionaries hold few 1950 office-holders
    bad = runner.invoke(app, ["actors", "coverage", "--date", "30/06/2025"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
    assert "Example" in runner.invoke(app, ["actors", "coverage", "--help"]).output
