"""The coder's rule registry, sentence context, provenance and policy file.

Each rule of `dyad.events.rules.RULES` is shown to code its own kind of event (its id is in
the provenance), and to be the one that does: the same sentence coded without that rule
loses the event. Every sentence here was written for these tests.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest
import yaml

from dyad.events import syntax
from dyad.events.coder import SentenceCoder
from dyad.events.document import Coder
from dyad.events.lexicon import LexiconError, packaged_policy
from dyad.events.policy import PolicyError, load_policy
from dyad.events.rules import RULES, SCOPES
from dyad.models import Document, Provenance

pytestmark = pytest.mark.slow

Triple = tuple[str, str, str, str, str]  # source, code, target, mode, rule id


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


def coded(coder: Coder, text: str, without: str | None = None) -> set[Triple]:
    rules = tuple(r for r in RULES if r.name != without)
    coder.sentence_coder = SentenceCoder(coder.lexicon, rules)
    try:
        events = coder.code_document(Document(text=text, doc_id="t")).events
    finally:
        coder.sentence_coder = SentenceCoder(coder.lexicon)
    out = set()
    for e in events:
        assert e.provenance is not None and e.rule == e.provenance.label
        src, tgt = e.source.code if e.source else "-", e.target.code if e.target else "-"
        out.add((src, e.cameo, tgt, e.mode, e.provenance.rule))
    return out


# (rule left out, sentence, an event the full coder finds that names the rule)
CASES = [
    ("verb-pattern", "Japan condemned North Korea.", ("JPN", "111", "PRK", "asserted", "verb")),
    ("verb-pattern", "Two Kenyan soldiers were killed in Mombasa.", ("-", "190", "KENMIL", "asserted", "unattributed")),
    ("nominal", "The dialogue between India and Nepal continued.", ("IND", "040", "NPL", "asserted", "nominal")),
    ("refusal", "Syria refused to meet Turkey.", ("SYR", "125", "TUR", "asserted", "refusal")),
    ("threat", "Syria threatened to attack Turkey.", ("SYR", "1384", "TUR", "asserted", "threat")),
    ("demand-clause", "Chile demanded that Peru withdraw its patrol boats.",
     ("CHL", "100", "PER", "asserted", "demand-clause")),
    ("reported-speech", "The Japanese foreign minister said the weather was fine.",
     ("JPNGOV", "010", "-", "asserted", "statement")),
    ("statements", "Japan said Canada must pay the bill.", ("JPN", "100", "CAN", "asserted", "demand")),
    ("intent", "Japan agreed to build a bridge with Canada.", ("JPN", "030", "CAN", "intended", "intent")),
    ("name-calling", "Chile called the Peruvian government illegitimate.",
     ("CHL", "111", "PERGOV", "asserted", "name-calling")),
    ("held-responsible", "Hamas held Israel responsible for the blast.",
     ("PSEREB", "112", "ISR", "asserted", "held-responsible")),
    ("shared-target", "Ruto met Somalia's president, praising his reforms.",
     ("KENGOV", "051", "SOMGOV", "asserted", "verb")),
    ("official-protest", "Peru protested after Chilean troops crossed the border.",
     ("PER", "114", "CHLMIL", "asserted", "verb")),
    ("protest-target", "Thousands of Serbians marched in Belgrade.", ("SRBCVL", "141", "SRBGOV", "asserted", "verb")),
    ("repression", "Ugandan police fired on a crowd of protesters in Kampala.",
     ("UGACOP", "175", "UGACVL", "asserted", "verb")),
    ("retaliation-target", "After Ghana shelled Togolese posts, Togo retaliated with mortar fire.",
     ("TGO", "190", "GHA", "asserted", "verb")),
    ("finding", "Canada concluded that the Syrian army used chemical weapons.",
     ("CAN", "112", "SYRMIL", "asserted", "finding")),
    ("mass-killing", "Sudanese troops killed more than 300 civilians in Darfur.",
     ("SDNMIL", "202", "---CVL", "asserted", "verb")),
    ("received", "Zambia received the first batch of rice from China.", ("CHN", "073", "ZMB", "asserted", "received")),
    ("ruled-out", "Ghana said there would be no talks with Togo unless the border was reopened.",
     ("GHA", "125", "TGO", "asserted", "ruled-out")),
    ("domestic-agent", "Police detained the Ecuadorian opposition leader Rafael Correa on Monday.",
     ("ECUCOP", "173", "ECUELI", "asserted", "verb")),
]  # fmt: skip

# (rule left out, sentence, an event only the rule removes)
DROPS = [
    ("topic", "Chile voiced optimism about signing a trade deal with Peru.",
     ("CHL", "057", "PER", "asserted", "light-verb")),
    ("bare-statement", "Ghana rejected claims made by Togo, telling Togo that the border was closed.",
     ("GHA", "010", "TGO", "asserted", "statement")),
    ("description", "Activists condemned the raid as an attempt to intimidate the opposition.",
     ("---NGO", "130", "---OPP", "asserted", "verb")),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "text", "event"), DROPS, ids=[c[0] for c in DROPS])
def test_each_dropping_rule_removes_what_it_should(coder: Coder, rule: str, text: str, event: Triple) -> None:
    assert event not in coded(coder, text)
    assert event in coded(coder, text, without=rule)


@pytest.mark.parametrize(("rule", "text", "event"), CASES, ids=[f"{c[0]}:{c[2][4]}" for c in CASES])
def test_each_rule_codes_its_own_events(coder: Coder, rule: str, text: str, event: Triple) -> None:
    assert event in coded(coder, text)
    assert event not in coded(coder, text, without=rule)


def test_framing_rule_drops_the_framing_verbs_own_entry(coder: Coder) -> None:
    text = "Japan agreed with Canada to lift the sanctions on Iran."
    assert ("JPN", "019", "CAN", "asserted", "verb") in coded(coder, text, without="framing")
    assert coded(coder, text) == {("JPN", "0354", "IRN", "intended", "verb")}


def test_gerund_object_is_not_an_act_of_the_subject(coder: Coder) -> None:
    text = "Japan opposed building the dam in Laos."
    whys = [d.why for s in coder.code_document(Document(text=text, doc_id="g")).trace for d in s.decisions]
    assert "object of 'opposed'" in whys


def test_entry_rules_applied_after_the_entry_are_named(coder: Coder) -> None:
    refusal = coder.code_document(Document(text="Japan will not accept the Canadian proposal.", doc_id="r")).events
    threat = coder.code_document(Document(text="Japan said it would attack Canada if Canada refused.", doc_id="c"))
    assert [(e.cameo, e.provenance.then if e.provenance else "") for e in refusal] == [("120", "declared-refusal")]
    assert [(e.cameo, e.provenance.then if e.provenance else "") for e in threat.events] == [
        ("1384", "conditional-threat")
    ]


def test_modality_of_the_trigger(coder: Coder) -> None:
    assert ("JPN", "040", "CAN", "negated", "verb") in coded(coder, "Japan did not meet Canada.")
    assert ("JPN", "036", "CAN", "intended", "verb") in coded(coder, "Japan will meet Canada.")


def test_registry_is_one_ordered_list_of_named_rules() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
    assert all(r.scope in SCOPES for r in RULES)
    # Scopes run verb → noun → sentence; the list is written in that order.
    assert [SCOPES.index(r.scope) for r in RULES] == sorted(SCOPES.index(r.scope) for r in RULES)
    assert names.index("refusal") < names.index("verb-pattern")  # a refusal verb is never a plain verb


def test_one_coder_shared_by_threads_codes_as_it_does_alone(coder: Coder) -> None:
    texts = [c[1] for c in CASES] * 3 + ["Japan agreed with Canada to lift the sanctions on Iran."] * 3

    def run(text: str) -> list[dict[str, object]]:
        return [e.to_json() for e in coder.code_document(Document(text=text, doc_id="s")).events]

    alone = [run(t) for t in texts]
    before = set(vars(coder.sentence_coder))
    with ThreadPoolExecutor(4) as pool:
        shared = list(pool.map(run, texts))
    assert shared == alone
    assert set(vars(coder.sentence_coder)) == before  # nothing of a sentence is left on the coder


def test_provenance_label_is_the_stored_rule_text() -> None:
    entry = Provenance("verb", "accept", "120", "verb:accept +offer → 030", "verbs.yaml verb entry 9",
                       then="declared-refusal")  # fmt: skip
    assert entry.label == "verb:accept +offer → 030 [verbs.yaml verb entry 9] → will not: 120"
    assert entry.from_lexicon
    threat = Provenance("threat", "threaten", "130", act="strike")
    assert threat.label == "threat:threaten + strike → 130" and not threat.from_lexicon
    nominal = Provenance("nominal", "dialogue", "040", "noun:dialogue → 040", "nouns.yaml noun entry 2")
    assert nominal.label == "noun:dialogue → 040 [nouns.yaml noun entry 2] (nominal)"


def test_rules_read_parse_labels_only_through_the_syntax_adapter() -> None:
    events = Path(syntax.__file__).parent
    spelled = re.compile(r"""dep_\s*(==|!=|in)\s*[("{]?\s*["']""")
    offenders = [
        f"{p.name}:{i}"
        for p in [*events.glob("*.py"), *events.glob("rules/*.py")]
        if p.name != "syntax.py"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if spelled.search(line)
    ]
    assert offenders == []


def test_policy_file_is_checked_when_loaded() -> None:
    policy = packaged_policy()
    assert policy.threat_code == "130" and policy.statement_code == "010"
    assert policy.joint_action("057") and not policy.joint_action("042")
    assert "on" in policy.words.particles  # quoted: YAML would read a bare on as true
    data = yaml.safe_load(resources.files("dyad.data").joinpath("lexicon/policy.yaml").read_text(encoding="utf-8"))
    del data["confidence"]["threat"]
    with pytest.raises(PolicyError, match=r"policy.yaml confidence: missing threat"):
        load_policy(data)
    data["confidence"]["threat"] = 1.5
    with pytest.raises(PolicyError, match="`threat` must be a number"):
        load_policy(data)
    data["confidence"]["threat"] = 0.8
    data["words"]["particles"] = ["up", True]
    with pytest.raises(PolicyError, match="words: `particles`"):
        load_policy(data)
    data["words"]["particles"] = ["up"]
    data["roots"]["unattributed"] = [17]
    with pytest.raises(PolicyError, match="roots: `unattributed` must be a quoted 2-digit"):
        load_policy(data)
    assert issubclass(LexiconError, ValueError)


def test_explain_prints_the_provenance() -> None:
    from typer.testing import CliRunner

    from dyad.cli.main import app

    text = "Syria threatened to attack Turkey. Japan will not accept the Canadian proposal."
    shown = CliRunner().invoke(app, ["explain", text, "--date", "2026-01-05"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "rule threat on threaten → 1384" in shown.output and "act threatened  verb:attack" in shown.output
    assert "then   declared-refusal → 120" in shown.output and "(verbs.yaml verb entry" in shown.output
    as_json = CliRunner().invoke(app, ["explain", text, "--json"])
    events = json.loads(as_json.output)["events"]
    assert {e["provenance"]["rule"] for e in events} == {"threat", "verb"}
    assert all(e["rule"] for e in events)
