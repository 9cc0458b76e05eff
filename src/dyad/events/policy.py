"""The coder's policy: CAMEO-root groups, default codes, confidence values and the rules'
word lists, loaded from `dyad/data/lexicon/policy.yaml` (documented in its header).

Every key is required and checked when the lexicon loads, so a typo stops loading with a
message naming the file and the key instead of silently changing how events are coded.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


class PolicyError(ValueError):
    """policy.yaml has a missing or malformed key; the message names the file and key."""


@dataclass(frozen=True)
class Confidence:
    verb_with_target: float
    verb_without_target: float
    nominal: float
    unattributed: float
    refusal: float
    threat: float
    intent: float
    statement: float
    demand: float
    unknown_actor: float


@dataclass(frozen=True)
class Words:
    giving_verbs: frozenset[str]
    intent_adjectives: frozenset[str]
    refusal_future: frozenset[str]
    pledge_modals: frozenset[str]
    between: frozenset[str]
    complement_preps: frozenset[str]
    particles: frozenset[str]
    quantity_heads: frozenset[str]
    vague_heads: frozenset[str]
    measure_heads: frozenset[str]
    group_heads: frozenset[str]
    call_verbs: frozenset[str]
    conversation_verbs: frozenset[str]
    phone_words: frozenset[str]
    call_blocking_preps: frozenset[str]
    empty_light_verbs: frozenset[str]
    accusing_verbs: frozenset[str]
    judging_verbs: frozenset[str]
    involving_verbs: frozenset[str]
    mediating_verbs: frozenset[str]
    purpose_verbs: frozenset[str]
    aerial_weapons: frozenset[str]
    option_verbs: frozenset[str]
    response_preps: frozenset[str]
    locating_preps: frozenset[str]
    finding_verbs: frozenset[str]
    evidence_nouns: frozenset[str]
    retaliation_verbs: frozenset[str]
    counterpart_nouns: frozenset[str]
    demanding_verbs: frozenset[str]
    official_protest_verbs: frozenset[str]
    occasion_marks: frozenset[str]
    open_waters: frozenset[str]
    blaming_verbs: frozenset[str]
    blame_words: frozenset[str]
    killing_verbs: frozenset[str]
    mass_numbers: frozenset[str]
    act_references: frozenset[str]
    labelling_verbs: frozenset[str]
    pejoratives: frozenset[str]
    claim_nouns: frozenset[str]
    topic_heads: frozenset[str]
    document_nouns: frozenset[str]
    unilateral_verbs: frozenset[str]
    police_sectors: frozenset[str]
    civil_sectors: frozenset[str]
    home_sectors: frozenset[str]
    ruling_out_nouns: frozenset[str]
    concerning_preps: frozenset[str]
    topic_preps: frozenset[str]
    venue_preps: frozenset[str]
    travel_verbs: frozenset[str]
    receiving_verbs: frozenset[str]
    occasion_of_harm: frozenset[str]
    home_target_sectors: frozenset[str]


@dataclass(frozen=True)
class Policy:
    unattributed_roots: frozenset[str]
    one_sided_nominal_roots: frozenset[str]
    addressed_nominal_roots: frozenset[str]
    government_addressed_roots: frozenset[str]
    adjunct_roots: frozenset[str]
    message_roots: frozenset[str]
    declared_refusal_roots: frozenset[str]
    not_threatened_roots: frozenset[str]
    threat_from: str
    joint_roots: frozenset[str]
    killing_roots: frozenset[str]
    repressive_roots: frozenset[str]
    complaint_roots: frozenset[str]
    warned_roots: frozenset[str]
    found_roots: frozenset[str]
    answering_roots: frozenset[str]
    domestic_roots: frozenset[str]
    appeal_roots: frozenset[str]
    rejecting_roots: frozenset[str]
    received_roots: frozenset[str]
    repressive_codes: frozenset[str]
    domestic_codes: frozenset[str]
    agreement_codes: frozenset[str]
    joint_codes: frozenset[str]
    joint_except: frozenset[str]
    named_target_codes: frozenset[str]
    threat_code: str
    statement_code: str
    demand_code: str
    mediation_code: str
    aerial_code: str
    option_code: str
    show_of_force_code: str
    accusation_code: str
    mass_killing_code: str
    criticism_code: str
    repression_code: str
    official_protest_code: str
    riot_code: str
    mass_killing_count: int
    confidence: Confidence
    words: Words

    def unattributed(self, code: str) -> bool:
        """Material conflict whose perpetrator may go unnamed."""
        return code[:2] in self.unattributed_roots

    def joint_action(self, code: str) -> bool:
        """Codes that, done together by coordinated actors with no one else named, are done with
        each other: intents to cooperate, consultations (not visits), material cooperation, and
        agreements ("the UK and the EU agreed a trade deal")."""
        joint_root = code[:2] in self.joint_roots and code[:3] not in self.joint_except
        return joint_root or code[:3] in self.joint_codes

    def keeps_unknown_target(self, code: str) -> bool:
        """Whatever force or coercion was used on is its target, even unnamed ("detained
        several suspects", "will release two homeguards")."""
        return self.unattributed(code) or code[:3] in self.named_target_codes


def load_policy(data: Any, origin: str = "policy.yaml") -> Policy:
    if not isinstance(data, dict):
        raise PolicyError(f"{origin}: expected a mapping with roots, codes, default_codes, confidence, words")
    roots = _section(data, "roots", origin)
    codes = _section(data, "codes", origin)
    defaults = _section(data, "default_codes", origin)
    # A field's name says where its value is: `x_roots` under roots (two digits), `x_codes` and
    # `joint_except` under codes (three), `x_code` under default_codes (one code of three).
    values: dict[str, Any] = {}
    for name in (f.name for f in fields(Policy)):
        if name.endswith("_roots"):
            values[name] = _codes(roots, name.removesuffix("_roots"), 2, f"{origin} roots")
        elif name.endswith("_codes") or name == "joint_except":
            values[name] = _codes(codes, name.removesuffix("_codes"), 3, f"{origin} codes")
        elif name.endswith("_code"):
            key = name.removesuffix("_code")
            values[name] = _code(defaults.get(key), 3, f"{origin} default_codes: `{key}`")
    return Policy(
        **values,
        threat_from=_code(roots.get("threat_from"), 2, f"{origin} roots: `threat_from`"),
        mass_killing_count=_count(data, "mass_killing_count", origin),
        confidence=Confidence(**_confidences(_section(data, "confidence", origin), origin)),
        words=_words(_section(data, "words", origin), origin),
    )


def _section(data: dict[str, Any], key: str, origin: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise PolicyError(f"{origin}: `{key}` must be a mapping")
    return value


def _count(data: dict[str, Any], key: str, origin: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PolicyError(f"{origin}: `{key}` must be a whole number above 0")
    return value


def _code(value: Any, digits: int, where: str) -> str:
    if not isinstance(value, str) or not value.isdigit() or len(value) != digits:
        raise PolicyError(f'{where} must be a quoted {digits}-digit CAMEO code, like "{"0" * (digits - 1)}1"')
    return value


def _codes(section: dict[str, Any], key: str, digits: int, where: str) -> frozenset[str]:
    value = section.get(key)
    if not isinstance(value, list):
        raise PolicyError(f"{where}: `{key}` must be a list of quoted codes")
    return frozenset(_code(v, digits, f"{where}: `{key}`") for v in value)


def _confidences(section: dict[str, Any], origin: str) -> dict[str, float]:
    _same_keys(section, Confidence, f"{origin} confidence")
    out: dict[str, float] = {}
    for key, value in section.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
            raise PolicyError(f"{origin} confidence: `{key}` must be a number above 0 and at most 1")
        out[key] = float(value)
    return out


def _words(section: dict[str, Any], origin: str) -> Words:
    _same_keys(section, Words, f"{origin} words")
    lists: dict[str, frozenset[str]] = {}
    for key, value in section.items():
        if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
            raise PolicyError(f"{origin} words: `{key}` must be a list of words (quote on/off/yes/no)")
        lists[key] = frozenset(w.lower() for w in value)
    return Words(**lists)


def _same_keys(section: dict[str, Any], kind: type, where: str) -> None:
    wanted = {f.name for f in fields(kind)}
    missing, unknown = wanted - set(section), set(section) - wanted
    if missing or unknown:
        parts = [f"missing {', '.join(sorted(missing))}"] if missing else []
        parts += [f"unknown {', '.join(sorted(unknown))}"] if unknown else []
        raise PolicyError(f"{where}: {'; '.join(parts)}")
