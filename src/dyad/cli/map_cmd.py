"""`dyad map`: a world map of the stored events, written as PNG, SVG or self-contained HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dyad.cli.analysis_cmd import CountOption, ParquetOption, _count, _source
from dyad.cli.common import DbOption, FromOption, ToOption, UserError, err, user_mistakes


def map_command(
    plot: Annotated[Path, typer.Option("--plot", help="Write the map to FILE.png, FILE.svg or FILE.html.")],
    dyad: Annotated[
        tuple[str, str] | None,
        typer.Option("--dyad", help="Only events between two actors (either direction): --dyad PAK CHN."),
    ] = None,
    shade: Annotated[str, typer.Option("--shade", help="Shade countries by events or by goldstein (mean).")] = "events",
    db: DbOption = "dyad.duckdb",
    parquet: ParquetOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    count: CountOption = "events",
) -> None:
    """A world map: countries shaded by their actors' events (or mean Goldstein), events as points at their places.

    The boundaries (Natural Earth 1:110m) ship with dyad: the map is drawn offline, and the .html file opens offline.

    Example:  dyad map --dyad PAK CHN --plot pak-chn-map.png
    """
    from dyad.analysis.charts import check_chart_path, save_chart
    from dyad.analysis.maps import SHADES, map_chart, map_data

    with user_mistakes(ValueError):
        check_chart_path(plot)
        if shade not in SHADES:
            raise UserError(f"--shade {shade!r}: use events or goldstein")
        pair = (dyad[0].upper(), dyad[1].upper()) if dyad else None
        data = map_data(_source(db, parquet), dyad=pair, start=from_, end=to, count=_count(count))
        title = f"{pair[0]} ⇄ {pair[1]}: events by country and place" if pair else ""
        with err.status(f"drawing {plot.name}"):
            save_chart(map_chart(data, shade=shade, title=title), plot)
    placed = sum(p["events"] for p in data["points"])
    err.print(f"map of {len(data['countries'])} countries and {placed} placed events written to "
              f"{escape(str(plot))}", highlight=False)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("map")(map_command)
