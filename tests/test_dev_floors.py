"""The development figures (bench/events_eval.py, bench/modern_eval.py) stay above their floors.

Runs only where ../shared is present (CI, developers): a regression on real sentences then fails
the suite, not just a benchmark nobody reads. Each development set is coded once per session by
the benchmark's own scoring function; the floors are in tests/data/floors.toml ([development]).
Takes a few minutes: marked slow.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_regression import floors

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="session")
def dev_figures(request: pytest.FixtureRequest) -> Callable[[str], float]:
    """Figure name → value, each development set coded once and only when first asked for."""
    from conftest import shared_dir

    if shared_dir() is None:
        pytest.skip("../shared is not present (a user's clone has none)")
    sys.path.insert(0, str(BENCH))
    import events_eval
    import modern_eval
    from dyad.events.document import Coder

    coder = Coder()
    scored: list[object] = []

    def modern_dev() -> Any:
        if not scored:  # the modern dev set is coded once for its three figures
            scored.append(modern_eval.sentences(coder, 0))
        return scored[0]

    measures: dict[str, Callable[[], float]] = {
        "plover_type_accuracy": lambda: events_eval.plover_gold(coder, None),
        "penta_macro_f1": lambda: events_eval.penta(coder, None),
        "roles_token_f1": lambda: events_eval.roles(coder, None),
        "modern_dev_f1": lambda: modern_dev().f1,
        "modern_dev_dyad_recall": lambda: modern_dev().dyad_recall,
        "modern_dev_root_recall": lambda: modern_dev().root_recall,
        "articles_dev_f1": lambda: modern_eval.articles(coder, 0).f1,
    }
    cache: dict[str, float] = {}

    def figure(name: str) -> float:
        if name not in cache:
            with contextlib.redirect_stdout(io.StringIO()):  # the benchmarks' detailed reports
                cache[name] = measures[name]()
        return cache[name]

    return figure


@pytest.mark.parametrize("name", sorted(floors("development")))
def test_development_figure_above_floor(name: str, dev_figures: Callable[[str], float]) -> None:
    value, floor = dev_figures(name), floors("development")[name]
    print(f"\n{name}: {value:.3f} (floor {floor:.3f})")
    assert value >= floor, f"{name} fell to {value:.3f}, below its floor {floor:.3f} in tests/data/floors.toml"
