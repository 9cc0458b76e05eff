"""Issue 13 item 6: maintained libraries over hand-written code, Dask as an extra, `dyad --version`."""

from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import dyad
from dyad.cli.main import app
from dyad.ingest import detect_language

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_version_matches_the_package_metadata() -> None:
    result = runner.invoke(app, ["--version"])
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert result.exit_code == 0
    assert result.stdout.strip() == f"dyad {version}" == f"dyad {dyad.__version__}"


def test_dask_is_an_extra_and_unused_packages_are_gone() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    required = " ".join(project["dependencies"])
    assert "wordllama" not in required and "dask" not in required
    assert any(dep.startswith("dask[distributed]") for dep in project["optional-dependencies"]["dask"])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-e '.[dask]'" in makefile and "-e '.[dev,dask]'" in makefile


def test_dask_engine_without_dask_is_a_user_mistake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else real(name, *a))
    article = tmp_path / "a.txt"
    article.write_text("Kenya praised Uganda.", encoding="utf-8")
    result = runner.invoke(app, ["code", str(article), "--engine", "dask", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "pip install 'dyad[dask]'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Dışişleri Bakanı salı günü komşu ülkeyle sınır kapısının yeniden açılacağını duyurdu.", "tr"),
        ("Rząd ogłosił we wtorek, że ponownie otworzy przejście graniczne z sąsiednim krajem.", "pl"),
        ("Regeringen meddelade på tisdagen att gränsövergången öppnas igen efter samtalen.", "sv"),
        ("Pemerintah mengumumkan bahwa pos perbatasan akan dibuka kembali setelah perundingan.", "id"),
        ("Уряд оголосив, що пункт пропуску на кордоні знову відкриють після переговорів.", "uk"),
    ],
)
def test_languages_the_hand_written_detector_did_not_know(text: str, language: str) -> None:
    detected, probability = detect_language(text)
    assert detected == language
    assert 0.5 < probability <= 1.0
