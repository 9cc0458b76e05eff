"""The wheel carries everything dyad needs (issue 13 item 7): build it, install it in a fresh venv
(no editable install, no source tree on the path) and run `dyad demo` there.

Slow: the fresh venv installs dyad's dependencies (pip's cache and the configured index are used).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

# Data files the package reads at run time: if one is missing from the wheel, a user's install breaks.
NEEDED = (
    "dyad/data/cameo.tsv", "dyad/data/geo/world-110m.json", "dyad/data/geo/country_codes.tsv",
    "dyad/data/actors/countries.yaml", "dyad/data/lexicon/verbs.yaml",
    "dyad/data/samples/01-pakistan-china-beijing-talks.txt", "dyad/web/templates/index.html",
    "dyad/web/static/chart.js", "dyad/py.typed",
)  # fmt: skip


def _run(args: list[str], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_wheel_installs_in_a_fresh_venv_and_runs_the_demo(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    # Build from a clean copy of the committed tree, so nothing uncommitted or generated slips in.
    source = tmp_path / "source"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(source)], check=True, timeout=300)
    dist = tmp_path / "dist"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(source)], tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(dist.glob("dyad-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert not [n for n in NEEDED if n not in names], "missing from the wheel"
    assert any(n.endswith("entry_points.txt") for n in names)

    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], tmp_path).returncode == 0
    python, dyad = venv / "bin" / "python", venv / "bin" / "dyad"
    installed = _run([str(python), "-m", "pip", "install", "-q", str(wheel)], tmp_path, timeout=1200)
    assert installed.returncode == 0, installed.stderr[-3000:]
    shutil.rmtree(source)  # no source tree left to fall back on

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    where = _run([str(python), "-c", "import dyad; print(dyad.__file__)"], run_dir)
    assert where.stdout.strip().startswith(str(venv)), where.stdout + where.stderr
    version = _run([str(dyad), "--version"], run_dir)
    assert version.returncode == 0 and version.stdout.startswith("dyad ")
    demo = _run([str(dyad), "demo", "--db", "demo.duckdb"], run_dir)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    assert "events coded" in demo.stdout and (run_dir / "demo.duckdb").exists()
    mapped = _run([str(dyad), "map", "--db", "demo.duckdb", "--plot", "map.svg"], run_dir)
    assert mapped.returncode == 0 and (run_dir / "map.svg").stat().st_size > 20_000, mapped.stderr[-2000:]
    dask = _run([str(dyad), "code", "x.txt", "--engine", "dask", "--db", "demo.duckdb"], run_dir)
    assert dask.returncode == 2 and "dyad[dask]" in dask.stderr  # not installed: the extra is named
