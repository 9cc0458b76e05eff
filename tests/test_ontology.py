"""Tests for the CAMEO ontology table and its loader."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dyad.cameo.ontology import (
    CameoCode,
    Ontology,
    load_ontology,
    parent_code,
    penta_class,
    plover_for,
    quad_class,
)


def _reference_dir() -> Path:
    shared = os.environ.get("DYAD_SHARED")
    base = Path(shared) if shared else Path(__file__).resolve().parents[2] / "shared"
    return base / "reference"


REFERENCE = _reference_dir()


def _reference_file(name: str) -> Path:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference file not available: {path}")
    return path


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return load_ontology()


def test_loads_enough_codes(onto: Ontology) -> None:
    assert len(onto) >= 280
    assert all(isinstance(c, CameoCode) for c in onto)
    assert len({c.code for c in onto}) == len(onto)


def test_default_is_cached() -> None:
    assert load_ontology() is load_ontology()


def test_load_from_explicit_path(onto: Ontology) -> None:
    packaged = Path(__file__).resolve().parents[1] / "src" / "dyad" / "data" / "cameo.tsv"
    other = load_ontology(packaged)
    assert len(other) == len(onto)
    assert other.get("051") == onto.get("051")


def test_every_root_present(onto: Ontology) -> None:
    roots = [c.code for c in onto.roots()]
    assert roots == [f"{n:02d}" for n in range(1, 21)]


@pytest.mark.parametrize(
    ("code", "root", "quad", "penta"),
    [
        ("01", "01", 1, 0),
        ("0214", "02", 1, 0),
        ("036", "03", 1, 1),
        ("042", "04", 1, 1),
        ("057", "05", 1, 1),
        ("061", "06", 2, 2),
        ("0874", "08", 2, 2),
        ("094", "09", 2, 3),
        ("1056", "10", 3, 3),
        ("1125", "11", 3, 3),
        ("129", "12", 3, 3),
        ("1385", "13", 3, 3),
        ("1454", "14", 3, 4),
        ("154", "15", 4, 4),
        ("163", "16", 4, 3),
        ("1724", "17", 4, 4),
        ("1823", "18", 4, 4),
        ("195", "19", 4, 4),
        ("2042", "20", 4, 4),
    ],
)
def test_root_quad_penta(onto: Ontology, code: str, root: str, quad: int, penta: int) -> None:
    entry = onto.get(code)
    assert entry.root == root
    assert entry.quad_class == quad == quad_class(code)
    assert entry.penta_class == penta == penta_class(code)


def test_classes_consistent_for_every_code(onto: Ontology) -> None:
    for c in onto:
        assert c.root == c.code[:2]
        assert c.quad_class == onto.get(c.root).quad_class
        assert c.penta_class == onto.get(c.root).penta_class


def test_hierarchy(onto: Ontology) -> None:
    assert parent_code("0231") == "023"
    assert parent_code("023") == "02"
    assert parent_code("02") is None
    assert [c.code for c in onto.children("023")] == ["0231", "0232", "0233", "0234"]
    assert onto.children("0231") == []
    assert "042" in [c.code for c in onto.children("04")]
    for c in onto:
        parent = parent_code(c.code)
        if parent is not None:
            assert parent in onto, f"{c.code} has no parent row"


def test_unknown_code_raises(onto: Ontology) -> None:
    with pytest.raises(KeyError, match="unknown CAMEO event code"):
        onto.get("999")
    with pytest.raises(KeyError):
        onto.children("0999")
    assert "999" not in onto
    assert "051" in onto


def test_descriptions_and_examples(onto: Ontology) -> None:
    for c in onto:
        assert c.name, c.code
        assert c.description.strip(), c.code
        assert len(c.examples) >= 2, c.code
        assert all(e.strip() for e in c.examples), c.code


def test_plover_fallback(onto: Ontology) -> None:
    # 1823 has a PLOVER type of its own; roots 01 and 02 have none anywhere.
    assert onto.plover_for("1823") == "ASSAULT"
    assert onto.plover_for("0211") is None
    assert plover_for("051") == "SUPPORT"
    for c in onto:
        if len(c.code) >= 3 and c.root not in ("01", "02"):
            assert onto.plover_for(c.code) is not None, c.code


def test_plover_fallback_walks_up(tmp_path: Path) -> None:
    header = "code\tname\tgoldstein\tplover\tplover_mode\tplover_context\tdescription\texamples"
    rows = [
        "04\tConsult\t1.0\tCONSULT\t\t\tMeets.\ta | b",
        "042\tMake a visit\t1.9\t\t\t\tVisits.\ta | b",
        "0421\tInvented child\t1.9\t\t\t\tVisits.\ta | b",
    ]
    path = tmp_path / "mini.tsv"
    path.write_text("# comment\n" + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    mini = load_ontology(path)
    assert mini.get("0421").plover is None
    assert mini.plover_for("0421") == "CONSULT"


def test_goldstein_matches_reference(onto: Ontology) -> None:
    path = _reference_file("cameo_goldstein.tsv")
    weights: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            code, weight = line.split("\t")
            weights[code.strip()] = float(weight)
    assert set(weights) <= {c.code for c in onto}
    for c in onto:
        # A code missing from the reference takes its nearest parent's weight.
        key = next(k for k in (c.code, c.code[:3], c.code[:2]) if k in weights)
        assert c.goldstein == weights[key], c.code


def _reference_plover() -> dict[str, tuple[str, str, str]]:
    path = _reference_file("cameo2plover.txt")
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split("#", 1)[0].split(",")]
        parts += [""] * (3 - len(parts))
        table.setdefault(m.group(1), (parts[0], parts[1], parts[2]))  # first entry wins
    return table


def test_plover_matches_reference(onto: Ontology) -> None:
    table = _reference_plover()
    assert set(table) <= {c.code for c in onto}
    for c in onto:
        plover, mode, context = table.get(c.code, ("", "", ""))
        assert (c.plover or "") == plover, c.code
        assert (c.plover_mode or "") == mode, c.code
        assert (c.plover_context or "") == context, c.code
