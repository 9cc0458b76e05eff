"""dyad as a spaCy component (issue 13 item 1): the same events as `dyad.code_text`, actor spans."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

import dyad
from dyad.nlp.component import SPAN_KEY
from dyad.nlp.pipeline import model_name

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data" / "samples"


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    pipeline = spacy.load(model_name())
    pipeline.add_pipe("dyad", config={"date": "2026-01-05"})
    return pipeline


@pytest.mark.parametrize("name", ["01-pakistan-china-beijing-talks.txt", "04-pakistan-afghanistan-border-clash.txt",
                                  "08-japan-aid-pledge-mozambique-floods.txt"])  # fmt: skip
def test_component_gives_the_events_of_code_text(nlp: spacy.language.Language, name: str) -> None:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    doc = nlp(text)
    expected = [e.to_json() for e in dyad.code_text(text, date="2026-01-05")]
    assert expected, "the sample yields events"
    assert [e.to_json() for e in doc._.events] == expected


def test_actor_spans_carry_their_actor(nlp: spacy.language.Language) -> None:
    doc = nlp("Pakistan and China agreed to expand trade cooperation. Foreign Minister Wang Yi praised Pakistan.")
    spans = doc.spans[SPAN_KEY]
    assert [(s.text, s._.actor.code) for s in spans] == [
        ("Pakistan", "PAK"), ("China", "CHN"), ("Foreign Minister Wang Yi", "CHNGOV"), ("Pakistan", "PAK"),
    ]  # fmt: skip
    assert spans[3].start_char == doc.text.rindex("Pakistan")
    assert {(e.source.code, e.cameo, e.target.code) for e in doc._.events if e.source and e.target} >= {
        ("CHNGOV", "051", "PAK")
    }


def test_per_document_date_overrides_the_configured_one(nlp: spacy.language.Language) -> None:
    doc = nlp.make_doc("Pakistan and China signed an agreement yesterday.")
    doc._.dyad_date = "2026-03-10"
    dates = {e.date for e in nlp(doc)._.events}
    assert dates == {dyad.code_text(doc.text, date="2026-03-10")[0].date}


def test_factory_is_found_through_the_entry_point_alone() -> None:
    points = importlib.metadata.entry_points(group="spacy_factories")
    assert any(p.name == "dyad" and p.value == "dyad.nlp.component:make_dyad" for p in points)
    code = (
        "import spacy; nlp = spacy.blank('en'); nlp.add_pipe('dyad');print(len(nlp('Kenya praised Uganda.')._.events))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "1"
