"""docs/notebook.md runs: its `dyad` shell lines through the CLI, its Python blocks in one namespace."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyad.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```(python|bash)\n(.*?)^```", re.S | re.M)

pytestmark = pytest.mark.slow


def test_notebook_blocks_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    pytest.importorskip("polars")
    monkeypatch.chdir(tmp_path)
    blocks = BLOCK.findall((ROOT / "docs" / "notebook.md").read_text(encoding="utf-8"))
    assert sum(kind == "python" for kind, _ in blocks) >= 5
    namespace: dict[str, object] = {}
    for kind, code in blocks:
        if kind == "bash":
            for line in code.strip().splitlines():
                args = shlex.split(line)
                assert args[0] == "dyad", line
                result = CliRunner().invoke(app, args[1:])
                assert result.exit_code == 0, (line, result.output)
        else:
            exec(compile(code, "docs/notebook.md", "exec"), namespace)
    assert namespace["pledges"], "the samples hold Pakistan–China commitments"
