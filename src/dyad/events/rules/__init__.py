"""The coder's rules, in the one order they run.

Each rule is a named function over a `SentenceContext`:
- `verb` rules are tried on each verb (and each adjective heading its sentence) in sentence
  order, in list order; the first that claims the verb ends its turn, so a refusal verb is
  never also a plain verb. A verb already consumed (the complement of a refusal or threat
  coded before it) gets no turn.
- `noun` rules are then tried on each noun no verb rule used as its object.
- `sentence` rules then run once each, in list order, over what the others found.

Every candidate a rule adds carries a `Provenance` naming the rule (`dyad explain` shows it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dyad.events.rules import (
    blame,
    calls,
    casualties,
    domestic,
    findings,
    intent,
    labels,
    nouns,
    protest,
    received,
    refusal,
    retaliation,
    shared,
    statements,
    verbs,
)


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # verb | noun | sentence
    # verb and noun rules: (context, token) -> True when the token is handled;
    # sentence rules: (context) -> None
    run: Callable[..., object]


RULES: tuple[Rule, ...] = (
    Rule("gerund-object", "verb", verbs.gerund_object),
    Rule("description", "verb", labels.described_act),
    Rule("refusal", "verb", refusal.code_refusal),
    Rule("threat", "verb", refusal.code_threat),
    Rule("demand-clause", "verb", statements.code_demanded_clause),
    Rule("reported-speech", "verb", statements.reported_speech),
    Rule("name-calling", "verb", labels.code_label),
    Rule("phone-call", "verb", calls.code_call),
    Rule("held-responsible", "verb", blame.code_held_responsible),
    Rule("received", "verb", received.code_received),
    Rule("verb-pattern", "verb", verbs.code_verb_pattern),
    Rule("ruled-out", "noun", refusal.code_ruled_out),
    Rule("nominal", "noun", nouns.code_nominal),
    Rule("intent", "sentence", intent.code_bare_intents),
    Rule("statements", "sentence", statements.code_statements),
    Rule("framing", "sentence", intent.drop_frames),
    Rule("topic", "sentence", intent.drop_topics),
    Rule("shared-target", "sentence", shared.share_targets),
    Rule("retaliation-target", "sentence", retaliation.aim_retaliations),
    Rule("protest-message", "sentence", protest.protest_messages),
    Rule("official-protest", "sentence", protest.official_protests),
    Rule("protest-target", "sentence", protest.implied_government),
    Rule("domestic-agent", "sentence", domestic.home_countries),
    Rule("repression", "sentence", protest.repression),
    Rule("mass-killing", "sentence", casualties.mass_killings),
    Rule("finding", "sentence", findings.accuse_by_finding),
    Rule("bare-statement", "sentence", statements.drop_bare_statements),
)
SCOPES = ("verb", "noun", "sentence")
