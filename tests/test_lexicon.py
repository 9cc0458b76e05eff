"""Every lexicon entry's `example` sentence, run through the full coder, yields the entry's code.

The examples in verbs.yaml and nouns.yaml document what each entry is for; this keeps them honest
(an entry whose example no longer codes is dead or shadowed). Future or intended examples may code as
the intent variant the modality table gives ("will withdraw" -> 0356).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from dyad.events.document import CodedDocument, Coder
from dyad.events.lexicon import load_lexicon
from dyad.models import Document

pytestmark = pytest.mark.slow

# (file, code, example) that fail for reasons only the coder can fix; one line of reason each.
ALLOWLIST: dict[tuple[str, str, str], str] = {
    (
        "verbs.yaml",
        "164",
        "The Ukrainian delegation walked out of the talks.",
    ): "walk-out particle 140 wins over the of-talks pobj",
    (
        "nouns.yaml",
        "138",
        "North Korea's threat of war against South Korea alarmed Japan.",
    ): "of-phrase noun not matched",
}


def _entries() -> list[tuple[str, str, str]]:
    root = resources.files("dyad.data").joinpath("lexicon")
    verbs: list[dict[str, Any]] = yaml.safe_load(root.joinpath("verbs.yaml").read_text(encoding="utf-8"))
    nouns: list[dict[str, Any]] = yaml.safe_load(root.joinpath("nouns.yaml").read_text(encoding="utf-8"))["nouns"]
    return [("verbs.yaml", str(e["code"]), str(e["example"])) for e in verbs] + [
        ("nouns.yaml", str(e["code"]), str(e["example"])) for e in nouns
    ]


ENTRIES = _entries()


@pytest.fixture(scope="module")
def coded() -> list[CodedDocument]:
    coder = Coder()
    docs = [Document(text=example, doc_id=f"lex-{i}") for i, (_, _, example) in enumerate(ENTRIES)]
    return list(coder.code_documents(docs))


def test_every_entry_has_an_example() -> None:
    missing = [(f, code) for f, code, example in ENTRIES if not example.strip()]
    assert not missing, missing


def test_allowlist_is_short_and_current() -> None:
    assert len(ALLOWLIST) <= 0.05 * len(ENTRIES)
    stale = [key for key in ALLOWLIST if key not in ENTRIES]
    assert not stale, f"allowlisted entries no longer in the lexicon: {stale}"


def test_every_example_codes_its_entry(coded: list[CodedDocument]) -> None:
    modality = load_lexicon().modality
    failures: list[str] = []
    passing_allowlisted: list[tuple[str, str, str]] = []
    for entry, doc in zip(ENTRIES, coded, strict=True):
        file, code, example = entry
        wanted = {code}
        intent = modality.intent_code(code)
        ok = any(e.cameo in wanted or (e.mode == "intended" and e.cameo == intent) for e in doc.events)
        if entry in ALLOWLIST:
            if ok:
                passing_allowlisted.append(entry)
            continue
        if not ok:
            got = sorted({f"{e.cameo}/{e.mode}" for e in doc.events}) or ["no events"]
            failures.append(f"{file} {code}: {example!r} -> {', '.join(got)}")
    assert not failures, f"{len(failures)} of {len(ENTRIES)} examples do not code their entry:\n" + "\n".join(failures)
    assert not passing_allowlisted, f"allowlisted but now coding correctly, drop them: {passing_allowlisted}"


def test_every_code_modality_maps_to_is_a_cameo_code() -> None:
    from dyad.cameo.ontology import load_ontology

    mod = load_lexicon().modality
    known = set(load_ontology().codes())
    maps = (mod.intent_code_by_code, mod.intent_code_by_root, mod.refusal_code_by_code, mod.threat_code_by_code,
            mod.threat_code_by_root, mod.appeal_code_by_intent)  # fmt: skip
    unknown = {code for m in maps for code in m.values() if code not in known}
    assert not unknown
    assert set(mod.appeal_code_by_intent.values()) <= {c for c in known if c.startswith("02")}
