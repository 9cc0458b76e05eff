"""The README's two commands, from a clean clone of the committed project."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _clone(tmp_path: Path) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True, timeout=300)
    return target


def test_make_demo_from_clean_clone(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    proc = subprocess.run(["make", "demo"], cwd=clone, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "documents read" in proc.stdout and "events coded" in proc.stdout
    assert (clone / "dyad.duckdb").exists()
    assert (clone / ".venv" / "bin" / "dyad").exists()


def test_make_test_target_installs_dev_extras_and_runs_pytest(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    proc = subprocess.run(["make", "-n", "test"], cwd=clone, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "python3 -m venv .venv" in proc.stdout
    assert "-e '.[dev" in proc.stdout
    assert "pytest" in proc.stdout


def test_ci_script_fails_when_no_tests_run(tmp_path: Path) -> None:
    text = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in text
    assert "set -" in text
