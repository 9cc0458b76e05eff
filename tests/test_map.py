"""The world map (issue 13 item 3): its data, the Altair spec on shipped boundaries, `dyad map`,
and the web routes that serve boundaries and map data (the browser test is test_map_browser.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dyad.analysis.maps import map_chart, map_data
from dyad.cli.main import app
from dyad.geo import country_codes, world_topology
from test_analysis import build_store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("map") / "map.duckdb"
    build_store(path)
    return path


def test_every_dyad_country_has_a_shape() -> None:
    shapes = {g.get("id") or g["properties"]["name"] for g in world_topology()["objects"]["countries"]["geometries"]}
    codes = country_codes()
    assert {codes[c].numeric for c in ("PAK", "CHN", "USA", "IRN", "DEU")} <= shapes
    assert codes["XKX"].map_name in shapes and codes["XSL"].map_name in shapes
    assert codes["CHN"].fips == "CH" and codes["DEU"].fips == "GM" and codes["GBR"].fips == "UK"


def test_map_data_counts_countries_and_places(db: Path) -> None:
    data = map_data(str(db))
    by_country = {c["iso3"]: c for c in data["countries"]}
    # PAK takes part in e01–e05, e07, e08, e17 (e06 is negated): 8 events
    assert by_country["PAK"]["events"] == 8 and by_country["PAK"]["key"] == "586"
    assert set(by_country) == {"PAK", "CHN", "USA", "IRN"}
    assert data["points"] == [{"place": "Beijing", "country": "CHN", "lat": 39.9, "lon": 116.4, "events": 1,
                               "example": data["points"][0]["example"]}]  # fmt: skip
    assert "Sign formal agreement" in data["points"][0]["example"]
    dyad = map_data(str(db), dyad=("USA", "IRN"))
    assert {c["iso3"] for c in dyad["countries"]} == {"USA", "IRN"} and dyad["points"] == []


def test_spec_inlines_boundaries_or_points_at_the_server(db: Path) -> None:
    data = map_data(str(db))
    inline = map_chart(data).to_dict()
    assert any(isinstance(v, dict) and v.get("type") == "Topology" for v in inline["datasets"].values())
    served = map_chart(data, shade="goldstein", topology_url="/geo/world-110m.json").to_dict()
    assert served["layer"][0]["data"]["url"] == "/geo/world-110m.json"
    assert "https://" not in json.dumps(served["layer"])
    with pytest.raises(ValueError, match="events or goldstein"):
        map_chart(data, shade="tone")


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_cli_map_writes_each_format(db: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"map{suffix}"
    result = CliRunner().invoke(app, ["map", "--db", str(db), "--dyad", "pak", "chn", "--plot", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert len(data) > 20_000  # the world's shapes are in the file
    if suffix == ".svg":
        assert data.count(b"<path") > 150
    if suffix == ".html":
        assert b'"type": "Topology"' in data or b'"type":"Topology"' in data


def test_cli_map_user_mistakes(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad_file = runner.invoke(app, ["map", "--db", str(db), "--plot", str(tmp_path / "map.pdf")])
    bad_shade = runner.invoke(app, ["map", "--db", str(db), "--shade", "tone", "--plot", str(tmp_path / "m.png")])
    no_store = runner.invoke(app, ["map", "--db", str(tmp_path / "none.duckdb"), "--plot", str(tmp_path / "m.png")])
    for result, words in (
        (bad_file, ".png, .svg or .html"),
        (bad_shade, "events or goldstein"),
        (no_store, "no store"),
    ):
        assert result.exit_code == 2 and words in result.output
        assert "Traceback" not in result.output


def test_web_serves_boundaries_and_map_data(db: Path) -> None:
    from dyad.web.app import create_app

    with TestClient(create_app(str(db))) as client:
        world = client.get("/geo/world-110m.json")
        assert world.status_code == 200 and world.json()["type"] == "Topology"
        found = client.get("/api/map", params={"a": "pak", "b": "chn"}).json()
        assert {c["iso3"] for c in found["countries"]} == {"PAK", "CHN"}
        assert found["spec"]["layer"][0]["data"]["url"] == "/geo/world-110m.json"
        assert client.get("/api/map", params={"shade": "tone"}).status_code == 400  # the app answers bad parameters 400
        page = client.get("/dyad/PAK/CHN")
        assert 'id="map-spec"' in page.text and 'id="map"' in page.text
        assert 'id="map-spec"' in client.get("/").text
