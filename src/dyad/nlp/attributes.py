"""The attribute ruler's matches, found by table look-up.

spaCy's attribute ruler (the model's tag map and lemma exceptions: 179 rules in
en_core_web_sm) runs a general token Matcher over every parsed sentence, which costs as
much as the tagger. Its rules are short patterns of plain tests on a token's tag, lower-case
form, dependency label and whitespace, so the same matches can be found from the token
arrays with a few dictionary look-ups per token. `install` gives the ruler that `match`
when every rule is of that kind (else the ruler is left as it is); the ruler still applies
the matches itself, in its own order, so the annotations are the ones spaCy would make.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# The token attributes a rule may test, in the column order of `Doc.to_array`.
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
ANCHORED = ("eq", "in")  # tests that name the values they accept: indexed by value
MAX_ROWS = 200_000  # distinct token rows whose opening rules are remembered


@dataclass(frozen=True)
class Test:
    column: int
    op: str  # eq, in, not_in, regex
    value: Any  # a string id, a frozenset of ids, or a compiled pattern

    def passes(self, value: int, strings: Any) -> bool:
        if self.op == "eq":
            return bool(value == self.value)
        if self.op == "in":
            return value in self.value
        if self.op == "not_in":
            return value not in self.value
        return bool(self.value.search(strings[value]))


@dataclass(frozen=True)
class Rule:
    attr_id: int
    match_id: int
    tokens: tuple[tuple[Test, ...], ...]


Match = tuple[int, int, int, int]  # as AttributeRuler.match gives them: (attr id, match id, start, end)


class LookupMatcher:
    """The ruler's rules, indexed by a value their first token must have."""

    def __init__(self, rules: list[Rule], strings: Any) -> None:
        self.strings = strings
        # (column, value) → the rules whose first token needs it, with that token's other tests
        self.by_value: dict[tuple[int, int], list[tuple[Rule, _Token]]] = {}
        self.unanchored: list[tuple[Rule, _Token]] = []
        for rule in rules:
            first = rule.tokens[0]
            anchor = next((t for t in first if t.op in ANCHORED), None)
            if anchor is None:
                self.unanchored.append((rule, _Token.of(first)))
                continue
            others = _Token.of(tuple(t for t in first if t is not anchor))
            for value in anchor.value if anchor.op == "in" else (anchor.value,):
                self.by_value.setdefault((anchor.column, value), []).append((rule, others))
        self.columns = sorted({column for column, _ in self.by_value})
        self.rest = {id(rule): [_Token.of(tests) for tests in rule.tokens[1:]] for rule in rules}
        # token row → the rules its token can open: a row's first-token tests always come out
        # the same, and a text has far fewer distinct rows than tokens
        self.opening: dict[tuple[int, ...], tuple[Rule, ...]] = {}

    def match(self, doc: Any) -> list[Match]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found: list[Match] = []
        opening, count = self.opening, len(rows)
        for start, row in enumerate(rows):
            key = tuple(row)
            rules = opening.get(key)
            if rules is None:
                rules = self._opening(key)
            for rule in rules:
                end = start + len(rule.tokens)
                if end <= count and (end == start + 1 or self._rest_fits(rule, rows, start)):
                    found.append((rule.attr_id, rule.match_id, start, end))
        return sorted(set(found))

    def _opening(self, row: tuple[int, ...]) -> tuple[Rule, ...]:
        candidates = [c for column in self.columns for c in self.by_value.get((column, row[column]), ())]
        rules = tuple(rule for rule, first in candidates + self.unanchored if first.fits(row, self.strings))
        if len(self.opening) >= MAX_ROWS:
            self.opening.clear()  # a bound on memory over a long run; the rows come back as met
        self.opening[row] = rules
        return rules

    def _rest_fits(self, rule: Rule, rows: list[list[int]], start: int) -> bool:
        return all(t.fits(rows[start + i], self.strings) for i, t in enumerate(self.rest[id(rule)], 1))


@dataclass(frozen=True)
class _Token:
    """One token's tests: plain equalities first (most tests), then the others."""

    equal: tuple[tuple[int, int], ...]
    other: tuple[Test, ...]

    @classmethod
    def of(cls, tests: tuple[Test, ...]) -> _Token:
        equal = tuple((t.column, t.value) for t in tests if t.op == "eq")
        return cls(equal, tuple(t for t in tests if t.op != "eq"))

    def fits(self, row: Sequence[int], strings: Any) -> bool:
        for column, value in self.equal:
            if row[column] != value:
                return False
        return all(t.passes(row[t.column], strings) for t in self.other) if self.other else True


def install(nlp: Any) -> bool:
    """Give the pipeline's attribute ruler the look-up `match`; False (nothing changed)
    when it has no ruler or a rule tests something else."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    rules = _rules(ruler, nlp.vocab.strings)
    if rules is None:
        return False
    matcher = LookupMatcher(rules, nlp.vocab.strings)
    ruler.match = matcher.match
    return True


def _rules(ruler: Any, strings: Any) -> list[Rule] | None:
    rules = []
    for attr_id, rule in enumerate(ruler.patterns):
        match_id = strings.add(str(attr_id))
        for pattern in rule["patterns"]:
            tokens = [_tests(token, strings) for token in pattern]
            if not tokens or any(t is None for t in tokens):
                return None
            rules.append(Rule(attr_id, match_id, tuple(t for t in tokens if t is not None)))
    return rules


def _tests(token: dict[str, Any], strings: Any) -> tuple[Test, ...] | None:
    tests = []
    for key, value in token.items():
        if key not in COLUMNS:
            return None  # an operator ("OP") or an attribute this does not read
        test = _test(COLUMNS.index(key), value, strings)
        if test is None:
            return None
        tests.append(test)
    return tuple(tests)


def _test(column: int, value: Any, strings: Any) -> Test | None:
    make: dict[str, Callable[[Any], Test]] = {
        "IN": lambda v: Test(column, "in", frozenset(strings.add(str(x)) for x in v)),
        "NOT_IN": lambda v: Test(column, "not_in", frozenset(strings.add(str(x)) for x in v)),
        "REGEX": lambda v: Test(column, "regex", re.compile(str(v))),
    }
    if isinstance(value, bool):
        return Test(column, "eq", int(value)) if COLUMNS[column] == "IS_SPACE" else None
    if isinstance(value, str):
        return Test(column, "eq", strings.add(value)) if COLUMNS[column] != "IS_SPACE" else None
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in make and (op == "REGEX") == isinstance(arg, str) and COLUMNS[column] != "IS_SPACE":
            return make[op](arg)
    return None
