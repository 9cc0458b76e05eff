"""The README's two commands, from a clean clone of the committed project."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def _ci_copy(tmp_path: Path, test_file: str | None) -> tuple[Path, dict[str, str]]:
    """A stand-in project for `.ci/run`: its script, a Makefile whose `test` runs pytest (as the real
    one does) on a tests folder of one file or none, and a PATH without apt-get (no installs)."""
    project = tmp_path / "project"
    (project / ".ci").mkdir(parents=True)
    shutil.copy2(ROOT / ".ci" / "run", project / ".ci" / "run")
    (project / "tests").mkdir()
    if test_file is not None:
        (project / "tests" / "test_one.py").write_text(test_file, encoding="utf-8")
    (project / "Makefile").write_text(f"test:\n\t{sys.executable} -m pytest -q -p no:cacheprovider tests\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "make", "tee", "grep", "mktemp", "rm", "dirname", "cat"):
        found = shutil.which(tool)
        if found is None:
            pytest.skip(f"{tool} not found")
        (bin_dir / tool).symlink_to(found)
    return project, {"PATH": str(bin_dir), "HOME": str(tmp_path)}


@pytest.mark.parametrize(
    ("test_file", "ok"),
    [(None, False), ("def test_nothing_here():\n    pass\n", True), ("def test_fails():\n    assert 0\n", False)],
    ids=["empty suite", "passing suite", "failing suite"],
)
def test_ci_script_fails_on_no_tests_and_on_failures(tmp_path: Path, test_file: str | None, ok: bool) -> None:
    project, env = _ci_copy(tmp_path, test_file)
    proc = subprocess.run(
        [str(project / ".ci" / "run")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert (proc.returncode == 0) == ok, proc.stdout[-2000:] + proc.stderr[-2000:]
    if test_file is None:
        assert "collected no tests" in proc.stderr
