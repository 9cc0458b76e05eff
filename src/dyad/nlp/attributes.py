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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The token attributes a rule may test, in the column order of `Doc.to_array`.
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")
ANCHORED = ("eq", "in")  # tests that name the values they accept: indexed by value


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
        self.by_value: dict[tuple[int, int], list[tuple[Rule, tuple[Test, ...]]]] = {}
        self.unanchored: list[tuple[Rule, tuple[Test, ...]]] = []
        for rule in rules:
            first = rule.tokens[0]
            anchor = next((t for t in first if t.op in ANCHORED), None)
            if anchor is None:
                self.unanchored.append((rule, first))
                continue
            others = tuple(t for t in first if t is not anchor)
            for value in anchor.value if anchor.op == "in" else (anchor.value,):
                self.by_value.setdefault((anchor.column, value), []).append((rule, others))
        self.columns = sorted({column for column, _ in self.by_value})

    def match(self, doc: Any) -> list[Match]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        found: list[Match] = []
        by_value, columns = self.by_value, self.columns
        for start, row in enumerate(rows):
            for column in columns:
                for rule, others in by_value.get((column, row[column]), ()):
                    if self._fits(rule, others, rows, start):
                        found.append((rule.attr_id, rule.match_id, start, start + len(rule.tokens)))
            for rule, first in self.unanchored:
                if self._fits(rule, first, rows, start):
                    found.append((rule.attr_id, rule.match_id, start, start + len(rule.tokens)))
        return sorted(set(found))

    def _fits(self, rule: Rule, first: tuple[Test, ...], rows: list[list[int]], start: int) -> bool:
        """The rule matches at `start`; `first` are the tests of its first token still to pass."""
        if start + len(rule.tokens) > len(rows):
            return False
        if not all(t.passes(rows[start][t.column], self.strings) for t in first):
            return False
        for row, tests in zip(rows[start + 1 : start + len(rule.tokens)], rule.tokens[1:], strict=True):
            if not all(t.passes(row[t.column], self.strings) for t in tests):
                return False
        return True


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
