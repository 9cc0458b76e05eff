"""Issue 12, failure 6 (part): `dyad demo` codes the sample articles, not the samples
folder's README.md (before, the README was stored and coded as a news article)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from dyad.cli.main import app


@pytest.mark.slow
def test_demo_codes_the_articles_and_not_the_readme(tmp_path: Path) -> None:
    db = tmp_path / "demo.duckdb"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        origins = [r[0] for r in con.execute("SELECT origin FROM documents").fetchall()]
    finally:
        con.close()
    assert len(origins) > 10
    assert not [o for o in origins if o.endswith(".md")]
