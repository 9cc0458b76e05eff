"""The world map in a real browser (Debian's Chromium via Playwright): drawn shapes and points on
the overview and the dyad page, no request leaving the machine. Screenshots go to test-output/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from test_analysis import build_store
from test_browser import browser, page, serving  # noqa: F401 — fixtures and the server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def map_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over a store with events in four countries and one placed in Beijing."""
    db = tmp_path_factory.mktemp("map-browser") / "map.duckdb"
    build_store(db)
    with serving(db) as base:
        yield base


def _drawn_map(pg: object, url: str, server: str, shot: Path) -> tuple[int, int, int]:
    """(country shapes, shaded shapes, points) drawn in #map after loading `url`."""
    requests: list[str] = []
    pg.on("request", lambda req: requests.append(req.url))  # type: ignore[attr-defined]
    pg.goto(url)  # type: ignore[attr-defined]
    pg.wait_for_function("document.getElementById('map').dataset.state === 'rendered'", timeout=60_000)  # type: ignore[attr-defined]
    shapes = pg.locator("#map svg g.mark-shape.role-mark path").count()  # type: ignore[attr-defined]
    shaded = pg.locator("#map svg g.mark-shape.role-mark").nth(1).locator("path").count()  # type: ignore[attr-defined]
    points = pg.locator("#map svg g.mark-symbol.role-mark path").count()  # type: ignore[attr-defined]
    pg.locator("#map").screenshot(path=str(shot))  # type: ignore[attr-defined]
    assert all(u.startswith(server) for u in requests), [u for u in requests if not u.startswith(server)]
    assert any(u.endswith("/geo/world-110m.json") for u in requests)
    return shapes, shaded, points


def test_overview_map(map_server: str, page: object, output_dir: Path) -> None:  # noqa: F811
    shapes, shaded, points = _drawn_map(page, map_server + "/", map_server, output_dir / "map-overview.png")
    assert shapes >= 177 + 4  # every country of the boundary file, and the four with events on top
    assert shaded == 4 and points == 1


def test_dyad_page_map(map_server: str, page: object, output_dir: Path) -> None:  # noqa: F811
    _, shaded, points = _drawn_map(page, map_server + "/dyad/PAK/CHN", map_server, output_dir / "map-dyad.png")
    assert shaded == 2 and points == 1  # Pakistan and China; the agreement signed in Beijing
