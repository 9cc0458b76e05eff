"""Charts of dyadic relations: one Altair (Vega-Lite) definition for every output.

`relations_chart` draws the rows of `relations()` as two panels sharing the period axis:
the cooperation–conflict index as a line (−1 … +1; periods without events are gaps), and
the events of each period as bars stacked by quad class. `chart_spec` is the same chart as
Vega-Lite JSON for pages that embed it. Events without a date are on no period: the chart's
subtitle says how many were left out, and with no dated event at all it is a sentence, not
an empty frame; `save_chart` writes PNG or SVG through
vl-convert (which bundles the Vega engine, so no browser or network is needed) or a
self-contained HTML page with the Vega JavaScript inlined (it opens offline).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import altair as alt

from dyad.analysis.relations import QUAD_LABELS

SUFFIXES = (".png", ".svg", ".html")
# Greens for cooperation, oranges/reds for conflict; verbal lighter than material.
QUAD_COLOURS = ("#a1d99b", "#31a354", "#fdae6b", "#e6550d")
WIDTH = 640


def _period(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _index_values(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"period": _period(r["period"]), "index": r["index"], "events": r["events"],
         "goldstein_mean": r["goldstein_mean"]}
        for r in rows
    ]  # fmt: skip


def _quad_values(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Long format (one row per period and quad class) is what a stacked bar needs.
    return [
        {"period": _period(r["period"]), "quad": QUAD_LABELS[q], "order": q, "count": r[f"q{q}"]}
        for r in rows
        for q in (1, 2, 3, 4)
    ]


def undated_text(undated: int) -> str:
    """ "3 undated events left out" (empty for none)."""
    if not undated:
        return ""
    return f"{undated} undated event{'s' if undated != 1 else ''} left out"


def _no_dated_events(a: str, b: str, arrow: str, undated: int) -> alt.VConcatChart:
    lines = [f"No dated events between {a} and {b}."]
    if undated:
        lines.append(undated_text(undated) + " (no date to place them on).")
    text = (
        alt.Chart(alt.InlineData(values=[{"line": line, "n": i} for i, line in enumerate(lines)]))
        .mark_text(fontSize=14, color="#555")
        .encode(y=alt.Y("n:O", axis=None), text="line:N")
        .properties(width=WIDTH, height=24 * len(lines), title=f"{a} {arrow} {b}")
    )
    chart: alt.VConcatChart = alt.vconcat(text).configure_view(strokeWidth=0)  # a sentence, no frame
    return chart


def relations_chart(rows: list[dict[str, Any]], a: str, b: str, undated: int = 0) -> alt.VConcatChart:
    """The cooperation–conflict index line over the stacked quad-class counts, per period;
    `undated`: how many of the dyad's events had no date (`relations.undated_events`)."""
    arrow = "⇄" if rows and "b_to_a" in rows[0] else "→"  # rows of both_directions=True
    if not rows:
        return _no_dated_events(a, b, arrow, undated)
    periods = [_period(r["period"]) for r in rows]
    angle = 0 if len(periods) <= 8 else -45  # level labels while they fit side by side
    x = alt.X("period:O", title="period", sort=periods,
              axis=alt.Axis(labelOverlap=True, labelAngle=angle))  # fmt: skip
    heading = f"{a} {arrow} {b}: cooperation–conflict index"
    title = alt.TitleParams(heading, subtitle=undated_text(undated)) if undated else alt.TitleParams(heading)
    index = (
        alt.Chart(alt.InlineData(values=_index_values(rows)))
        .mark_line(point=True, color="#3182bd")
        .encode(
            x=x,
            y=alt.Y("index:Q", title="cooperation − conflict", scale=alt.Scale(domain=[-1, 1])),
            tooltip=["period:O", "index:Q", "events:Q", "goldstein_mean:Q"],
        )
        .properties(width=WIDTH, height=160, title=title)
    )
    zero = alt.Chart(alt.InlineData(values=[{"y": 0}])).mark_rule(color="#999").encode(y="y:Q")
    bars = (
        alt.Chart(alt.InlineData(values=_quad_values(rows)))
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("count:Q", title="events", stack="zero"),
            color=alt.Color(
                "quad:N",
                title="quad class",
                sort=[QUAD_LABELS[q] for q in (1, 2, 3, 4)],
                scale=alt.Scale(domain=[QUAD_LABELS[q] for q in (1, 2, 3, 4)], range=QUAD_COLOURS),
            ),
            order=alt.Order("order:Q"),
            tooltip=["period:O", "quad:N", "count:Q"],
        )
        .properties(width=WIDTH, height=200, title="events by quad class")
    )
    return alt.vconcat(alt.layer(zero, index), bars)


def chart_spec(rows: list[dict[str, Any]], a: str, b: str, undated: int = 0) -> dict[str, Any]:
    """The relations chart as a Vega-Lite JSON specification (for vega-embed)."""
    return relations_chart(rows, a, b, undated).to_dict()


def check_chart_path(path: str | Path) -> Path:
    """The path if its suffix is one `save_chart` writes; ValueError otherwise."""
    p = Path(path)
    if p.suffix.lower() not in SUFFIXES:
        raise ValueError(f"cannot write a chart to {p.name!r}: use a .png, .svg or .html file")
    return p


def save_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write `chart` as PNG, SVG or self-contained HTML, chosen by the file's suffix."""
    p = check_chart_path(path)
    suffix = p.suffix.lower()
    if suffix == ".html":
        # inline=True embeds the Vega, Vega-Lite and vega-embed bundles: no CDN at view time.
        chart.save(str(p), format="html", inline=True)
    elif suffix == ".png":
        chart.save(str(p), format="png", scale_factor=2.0)
    else:
        chart.save(str(p), format="svg")
    return p
