"""The CAMEO event ontology: codes, names, Goldstein weights and PLOVER mappings.

The table lives in the packaged file ``dyad/data/cameo.tsv`` (one row per two-,
three- and four-digit CAMEO 1.1b3 code). :func:`load_ontology` reads it into an
:class:`Ontology`, which answers look-ups by code and walks the code hierarchy.

Codes are always strings with leading zeros (``"0231"``, never ``231``): the
first two digits are the root (cue category), a three-digit code's parent is
its root and a four-digit code's parent is its first three digits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "COLUMNS",
    "CameoCode",
    "Ontology",
    "load_ontology",
    "parent_code",
    "penta_class",
    "plover_for",
    "quad_class",
]

DATA_FILE = "cameo.tsv"
COLUMNS = (
    "code",
    "name",
    "goldstein",
    "plover",
    "plover_mode",
    "plover_context",
    "description",
    "examples",
)
EXAMPLE_SEPARATOR = " | "

# Quad class: 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict, 4 material conflict.
_QUAD_BY_ROOT: dict[int, int] = {
    **dict.fromkeys(range(1, 6), 1),
    **dict.fromkeys(range(6, 10), 2),
    **dict.fromkeys(range(10, 15), 3),
    **dict.fromkeys(range(15, 21), 4),
}
# Penta class: 0 statements/appeals, 1 verbal cooperation, 2 material cooperation,
# 3 verbal conflict (incl. 09 investigate and 16 reduce relations), 4 material conflict.
_PENTA_BY_ROOT: dict[int, int] = {
    **dict.fromkeys((1, 2), 0),
    **dict.fromkeys((3, 4, 5), 1),
    **dict.fromkeys((6, 7, 8), 2),
    **dict.fromkeys((9, 10, 11, 12, 13, 16), 3),
    **dict.fromkeys((14, 15, 17, 18, 19, 20), 4),
}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its weights, PLOVER mapping and descriptive text."""

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    penta_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None
    description: str
    examples: tuple[str, ...]

    @property
    def level(self) -> int:
        """Depth in the hierarchy: 2, 3 or 4 (the number of digits)."""
        return len(self.code)

    @property
    def parent(self) -> str | None:
        """The parent code, or None for a root."""
        return parent_code(self.code)


def _check_code(code: str) -> str:
    if not (isinstance(code, str) and code.isdigit() and 2 <= len(code) <= 4):
        raise ValueError(f"not a CAMEO event code: {code!r} (expected 2-4 digits as a string)")
    return code


def _root_number(code: str) -> int:
    root = int(_check_code(code)[:2])
    if root not in _QUAD_BY_ROOT:
        raise ValueError(f"not a CAMEO event code: {code!r} (root must be 01-20)")
    return root


def parent_code(code: str) -> str | None:
    """Return the parent of ``code`` (``"0231"`` -> ``"023"`` -> ``"02"`` -> None)."""
    _check_code(code)
    if len(code) == 2:
        return None
    return code[:3] if len(code) == 4 else code[:2]


def quad_class(code: str) -> int:
    """Quad class of a code, from its root (1-4; see the table above)."""
    return _QUAD_BY_ROOT[_root_number(code)]


def penta_class(code: str) -> int:
    """Penta class of a code, from its root (0-4)."""
    return _PENTA_BY_ROOT[_root_number(code)]


def _optional(value: str) -> str | None:
    value = value.strip()
    return value or None


def _parse_row(fields: list[str], where: str) -> CameoCode:
    if len(fields) != len(COLUMNS):
        raise ValueError(
            f"{where}: expected {len(COLUMNS)} tab-separated fields, got {len(fields)}"
        )
    code, name, goldstein, plover, mode, context, description, examples = (
        f.strip() for f in fields
    )
    _root_number(code)
    return CameoCode(
        code=code,
        name=name,
        root=code[:2],
        goldstein=float(goldstein),
        quad_class=quad_class(code),
        penta_class=penta_class(code),
        plover=_optional(plover),
        plover_mode=_optional(mode),
        plover_context=_optional(context),
        description=description,
        examples=tuple(e.strip() for e in examples.split(EXAMPLE_SEPARATOR) if e.strip()),
    )


def parse_table(text: str, source: str = DATA_FILE) -> list[CameoCode]:
    """Parse the TSV text of the code table (comment lines start with ``#``)."""
    lines = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    if not lines:
        raise ValueError(f"{source}: no header line")
    header = tuple(h.strip() for h in lines[0][1].split("\t"))
    if header != COLUMNS:
        raise ValueError(f"{source}: unexpected header {header!r}, expected {COLUMNS!r}")
    return [_parse_row(line.split("\t"), f"{source}:{n}") for n, line in lines[1:]]


class Ontology:
    """All CAMEO codes, looked up by code string, in table order."""

    def __init__(self, codes: list[CameoCode]) -> None:
        self._codes: dict[str, CameoCode] = {}
        for c in codes:
            if c.code in self._codes:
                raise ValueError(f"duplicate CAMEO code {c.code!r}")
            self._codes[c.code] = c
        self._children: dict[str, list[str]] = {code: [] for code in self._codes}
        for code in self._codes:
            parent = parent_code(code)
            if parent is not None and parent in self._children:
                self._children[parent].append(code)

    def get(self, code: str) -> CameoCode:
        """Return the entry for ``code``; raise KeyError if it is not a known CAMEO code."""
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO event code: {code!r}") from None

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)

    def codes(self) -> list[str]:
        """All code strings, in table order."""
        return list(self._codes)

    def roots(self) -> list[CameoCode]:
        """The two-digit root codes, 01-20."""
        return [c for c in self._codes.values() if len(c.code) == 2]

    def children(self, code: str) -> list[CameoCode]:
        """The direct children of ``code`` (empty for a four-digit code)."""
        self.get(code)
        return [self._codes[c] for c in self._children[code]]

    def plover_for(self, code: str) -> str | None:
        """PLOVER type of ``code``, falling back to its three-digit parent's, then its root's."""
        current: str | None = self.get(code).code
        while current is not None:
            entry = self._codes.get(current)
            if entry is not None and entry.plover is not None:
                return entry.plover
            current = parent_code(current)
        return None


def _read_default_text() -> str:
    try:
        return (resources.files("dyad.data") / DATA_FILE).read_text(encoding="utf-8")
    except (ModuleNotFoundError, TypeError, FileNotFoundError):
        # Source checkout without an importable ``dyad.data``: read it next to this package.
        return (Path(__file__).resolve().parents[1] / "data" / DATA_FILE).read_text(
            encoding="utf-8"
        )


@functools.lru_cache(maxsize=1)
def _default_ontology() -> Ontology:
    return Ontology(parse_table(_read_default_text()))


def load_ontology(path: Path | None = None) -> Ontology:
    """Load the code table from ``path``, or the packaged ``dyad/data/cameo.tsv`` (cached)."""
    if path is None:
        return _default_ontology()
    path = Path(path)
    return Ontology(parse_table(path.read_text(encoding="utf-8"), source=str(path)))


def plover_for(code: str, ontology: Ontology | None = None) -> str | None:
    """PLOVER type of ``code`` with parent fallback, using the packaged ontology by default."""
    if ontology is None:
        ontology = load_ontology()
    return ontology.plover_for(code)
