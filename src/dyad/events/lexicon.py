"""The verb and noun lexicon: which words, with which objects and prepositions, are which
CAMEO events. Loaded from `dyad/data/lexicon/*.yaml`; a user file (`--lexicon FILE`) is one
YAML mapping with any of `verbs`, `nouns`, `light_verbs` in the same schema."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyad.errors import UserMistake
from dyad.events.policy import Policy, PolicyError, load_policy


class LexiconError(UserMistake, ValueError):
    """A lexicon file has a bad entry; the message names the file and entry."""


@dataclass(frozen=True)
class Pattern:
    code: str
    lemma: str  # verb or noun lemma
    kind: str  # verb | noun
    particle: str | None = None
    objects: frozenset[str] = frozenset()
    preps: tuple[str, ...] = ()
    target: str = "dobj"  # dobj | prep | none
    reciprocal: bool = False
    verbs: frozenset[str] = frozenset()  # nouns: the verbs they need (empty: any light verb)
    pobj: tuple[tuple[str, frozenset[str]], ...] = ()  # (preposition, head lemmas) the phrase must have
    origin: str = ""

    @property
    def specificity(self) -> int:
        return 4 * bool(self.particle) + 2 * bool(self.objects) + 3 * bool(self.pobj) + bool(self.preps)

    @property
    def entry(self) -> str:
        """The entry as `dyad explain` shows it: "verb:call off → 1245"."""
        parts = [self.lemma]
        if self.particle:
            parts.append(self.particle)
        if self.objects:
            parts.append("+" + "|".join(sorted(self.objects)))
        if self.preps:
            parts.append("(" + "|".join(self.preps) + ")")
        for prep, heads in self.pobj:
            parts.append(f"{prep} " + "|".join(sorted(heads)))
        return f"{self.kind}:{' '.join(parts)} → {self.code}"

    @property
    def rule(self) -> str:
        return f"{self.entry} [{self.origin}]"


@dataclass
class Modality:
    intent_verbs: frozenset[str] = frozenset()
    intent_adjectives: frozenset[str] = frozenset()
    intent_aux: frozenset[str] = frozenset()
    hypothetical_aux: frozenset[str] = frozenset()
    hypothetical_marks: frozenset[str] = frozenset()
    reporting_verbs: frozenset[str] = frozenset()
    hedging_adverbs: frozenset[str] = frozenset()
    refusal_verbs: dict[str, str | None] = field(default_factory=dict)
    refusal_nouns: dict[str, str] = field(default_factory=dict)
    intent_code_by_root: dict[str, str] = field(default_factory=dict)
    intent_code_by_code: dict[str, str] = field(default_factory=dict)
    refusal_code_by_code: dict[str, str] = field(default_factory=dict)
    threat_verbs: frozenset[str] = frozenset()
    stative_passives: frozenset[str] = frozenset()
    subject_control_verbs: frozenset[str] = frozenset()
    demand_aux: frozenset[str] = frozenset()
    demand_code: str = ""
    intent_default_verbs: frozenset[str] = frozenset()
    intent_default_code: str = ""
    threat_code_by_root: dict[str, str] = field(default_factory=dict)
    threat_code_by_code: dict[str, str] = field(default_factory=dict)
    appeal_code_by_intent: dict[str, str] = field(default_factory=dict)

    def appeal_code(self, asked: str) -> str | None:
        """What appealing for `asked` is: "urged … to withdraw" (087) 0256; None when the lexicon
        has no appeal for it (an appeal to attack stays a plain appeal)."""
        intent = self.intent_code(asked)
        return self.appeal_code_by_intent.get(intent) if intent else None

    def threat_code(self, code: str) -> str | None:
        for key in (code, code[:3]):
            if key in self.threat_code_by_code:
                return self.threat_code_by_code[key]
        return self.threat_code_by_root.get(code[:2])

    def refusal_code(self, code: str) -> str | None:
        """What refusing to do `code` is: "refused to meet" 125, "will not lift sanctions" 1244."""
        for key in (code, code[:3], code[:2]):
            if key in self.refusal_code_by_code:
                return self.refusal_code_by_code[key]
        return None

    def intent_code(self, code: str) -> str | None:
        if code.startswith("03"):
            return code  # already an intent
        if code in self.intent_code_by_code:
            return self.intent_code_by_code[code]
        if code[:3] in self.intent_code_by_code:
            return self.intent_code_by_code[code[:3]]
        return self.intent_code_by_root.get(code[:2])


def _default_policy() -> Policy:
    return packaged_policy()


@dataclass
class Lexicon:
    verbs: dict[str, list[Pattern]] = field(default_factory=dict)
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    light_verbs: set[str] = field(default_factory=set)
    modality: Modality = field(default_factory=Modality)
    policy: Policy = field(default_factory=lambda: _default_policy())

    def add(self, pattern: Pattern) -> None:
        table = self.verbs if pattern.kind == "verb" else self.nouns
        bucket = table.setdefault(pattern.lemma, [])
        # A user pattern with the same shape replaces the packaged one.
        bucket[:] = [p for p in bucket if _shape(p) != _shape(pattern)]
        bucket.append(pattern)

    def verb_patterns(self, lemma: str) -> list[Pattern]:
        return self.verbs.get(lemma, [])

    def noun_patterns(self, lemma: str) -> list[Pattern]:
        return self.nouns.get(lemma, [])

    def __len__(self) -> int:
        return sum(map(len, self.verbs.values())) + sum(map(len, self.nouns.values()))


def _shape(p: Pattern) -> tuple[Any, ...]:
    return (p.kind, p.lemma, p.particle, p.objects, p.preps, p.verbs, p.pobj)


def _words(value: Any, where: str, key: str) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value.strip().lower()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v.strip().lower() for v in value]
    raise LexiconError(f"{where}: `{key}` must be a word or a list of words")


def _code(value: Any, where: str) -> str:
    code = str(value or "").strip()
    if not code.isdigit() or not 2 <= len(code) <= 4:
        raise LexiconError(f'{where}: `code` must be a CAMEO code like "051" (quote it)')
    from dyad.cameo.ontology import load_ontology

    # Checked here, not mid-run: an unknown code would otherwise fail on the first event.
    if code not in load_ontology():
        raise LexiconError(f'{where}: "{code}" is not a CAMEO code: use one listed in dyad/data/cameo.tsv, e.g. "051"')
    return code


def _patterns(item: Any, kind: str, where: str) -> Iterable[Pattern]:
    if not isinstance(item, dict):
        raise LexiconError(f"{where}: expected a mapping")
    code = _code(item.get("code"), where)
    lemmas = _words(item.get(kind), where, kind)
    if not lemmas:
        raise LexiconError(f"{where}: missing `{kind}`")
    target = str(item.get("target") or ("prep" if item.get("prep") and kind == "noun" else "dobj"))
    if target not in ("dobj", "prep", "none"):
        raise LexiconError(f"{where}: `target` must be dobj, prep or none")
    particle = item.get("particle")
    pobj = _pobj(item.get("pobj"), where)
    for lemma in lemmas:
        yield Pattern(
            code=code,
            lemma=lemma,
            kind=kind,
            particle=str(particle).lower() if particle else None,
            objects=frozenset(_words(item.get("object"), where, "object")),
            preps=tuple(_words(item.get("prep"), where, "prep")),
            target=target,
            reciprocal=bool(item.get("reciprocal")),
            verbs=frozenset(_words(item.get("verbs"), where, "verbs")),
            pobj=pobj,
            origin=where,
        )


def _pobj(value: Any, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """`pobj: {for: [ceasefire, truce]}` — "called for a ceasefire"."""
    if value in (None, ""):
        return ()
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: `pobj` must map a preposition to head lemmas, e.g. {{for: [ceasefire]}}")
    return tuple(
        (str(prep).lower(), frozenset(_words(heads, where, "pobj"))) for prep, heads in sorted(value.items(), key=str)
    )


def _load_yaml(text: str, origin: str) -> Any:
    try:
        # The C loader when libyaml is there: the dictionaries load several times faster.
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise LexiconError(f"{origin}: not valid YAML ({exc})") from exc


def add_verbs(lex: Lexicon, items: Any, origin: str) -> None:
    for i, item in enumerate(items or []):
        for p in _patterns(item, "verb", f"{origin} verb entry {i + 1}"):
            lex.add(p)


def add_nouns(lex: Lexicon, items: Any, origin: str) -> None:
    for i, item in enumerate(items or []):
        for p in _patterns(item, "noun", f"{origin} noun entry {i + 1}"):
            lex.add(p)


def load_modality(data: dict[str, Any]) -> Modality:
    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])

    return Modality(
        intent_verbs=words("intent_verbs"),
        intent_adjectives=words("intent_adjectives"),
        intent_aux=words("intent_aux"),
        hypothetical_aux=words("hypothetical_aux"),
        hypothetical_marks=words("hypothetical_marks"),
        reporting_verbs=words("reporting_verbs"),
        hedging_adverbs=words("hedging_adverbs"),
        refusal_verbs={str(k): (str(v) if v else None) for k, v in (data.get("refusal_verbs") or {}).items()},
        refusal_nouns={str(k): str(v) for k, v in (data.get("refusal_nouns") or {}).items()},
        intent_code_by_root={str(k): str(v) for k, v in (data.get("intent_code_by_root") or {}).items()},
        intent_code_by_code={str(k): str(v) for k, v in (data.get("intent_code_by_code") or {}).items()},
        refusal_code_by_code={str(k): str(v) for k, v in (data.get("refusal_code_by_code") or {}).items()},
        threat_verbs=words("threat_verbs"),
        stative_passives=words("stative_passives"),
        subject_control_verbs=words("subject_control_verbs"),
        demand_aux=words("demand_aux"),
        demand_code=str(data.get("demand_code") or ""),
        intent_default_verbs=words("intent_default_verbs"),
        intent_default_code=str(data.get("intent_default_code") or ""),
        threat_code_by_root={str(k): str(v) for k, v in (data.get("threat_code_by_root") or {}).items()},
        threat_code_by_code={str(k): str(v) for k, v in (data.get("threat_code_by_code") or {}).items()},
        appeal_code_by_intent={str(k): str(v) for k, v in (data.get("appeal_code_by_intent") or {}).items()},
    )


def _packaged(name: str) -> str | None:
    try:
        return resources.files("dyad.data").joinpath("lexicon").joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


@lru_cache(maxsize=1)
def packaged_policy() -> Policy:
    text = _packaged("policy.yaml")
    if text is None:
        raise LexiconError("policy.yaml: missing from the package (dyad/data/lexicon)")
    try:
        return load_policy(_load_yaml(text, "policy.yaml"))
    except PolicyError as exc:
        raise LexiconError(str(exc)) from exc


def load_user_lexicon(lex: Lexicon, path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read ({exc})") from exc
    data = _load_yaml(text, str(path))
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping with `verbs`, `nouns` or `light_verbs`")
    add_verbs(lex, data.get("verbs"), str(path))
    add_nouns(lex, data.get("nouns"), str(path))
    lex.light_verbs |= set(_words(data.get("light_verbs"), str(path), "light_verbs"))


@lru_cache(maxsize=8)
def load_lexicon(user_files: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon plus any user files; built once and then read from the compiled
    cache (`dyad.cache`) until a file changes."""
    from dyad.cache import cached

    return cached("lexicon", ["lexicon"], ["events", "cameo"], user_files, lambda: _build_lexicon(user_files))


def _build_lexicon(user_files: tuple[str, ...]) -> Lexicon:
    lex = Lexicon()
    verbs = _packaged("verbs.yaml")
    if verbs:
        add_verbs(lex, _load_yaml(verbs, "verbs.yaml"), "verbs.yaml")
    nouns = _packaged("nouns.yaml")
    if nouns:
        data = _load_yaml(nouns, "nouns.yaml") or {}
        add_nouns(lex, data.get("nouns"), "nouns.yaml")
        lex.light_verbs |= set(_words(data.get("light_verbs"), "nouns.yaml", "light_verbs"))
    modality = _packaged("modality.yaml")
    if modality:
        lex.modality = load_modality(_load_yaml(modality, "modality.yaml") or {})
    lex.policy = packaged_policy()
    for path in user_files:
        load_user_lexicon(lex, Path(path))
    return lex
