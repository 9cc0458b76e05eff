"""The chart libraries, served from this machine: Vega, Vega-Lite and Vega-Embed.

The bundle comes from the `vl-convert-python` package (`vl_convert.javascript_bundle()`),
which carries the libraries inside its wheel: nothing is fetched from the network, at
install time or at run time. Building the bundle takes a few seconds, so it is made once
per process (the app warms it in a background thread at startup) and kept in memory.
"""

from __future__ import annotations

import hashlib
import threading

_lock = threading.Lock()
_bundle: bytes | None = None
_error: str | None = None

# Make the three libraries globals for the pages' own script (static/chart.js).
SNIPPET = "window.vegaEmbed = vegaEmbed;\nwindow.vega = vega;\nwindow.vegaLite = vegaLite;\n"
FALLBACK_JS = (
    "window.dyadChartError = {message};\n"
    "console.error('dyad: chart libraries unavailable: ' + window.dyadChartError);\n"
)


def versions() -> dict[str, str]:
    """Versions of the bundled libraries ({} when vl-convert-python is missing)."""
    try:
        import vl_convert as vlc
    except ImportError:
        return {}
    return {
        "vega": str(vlc.get_vega_version()),
        "vega-lite": str(vlc.get_vegalite_versions()[-1]),
        "vega-embed": str(vlc.get_vega_embed_version()),
    }


def vega_bundle() -> bytes:
    """The self-contained JS bundle defining window.vega, window.vegaLite, window.vegaEmbed.

    When the package is missing or fails, a tiny script that reports the problem (the
    pages then show their data tables without a chart).
    """
    global _bundle, _error
    with _lock:
        if _bundle is not None:
            return _bundle
        try:
            import vl_convert as vlc

            _bundle = str(vlc.javascript_bundle(SNIPPET)).encode("utf-8")
        except Exception as exc:  # missing package or a failed build: degrade, don't crash
            import json

            _error = f"{type(exc).__name__}: {exc}"
            return FALLBACK_JS.replace("{message}", json.dumps(_error)).encode("utf-8")
        return _bundle


def bundle_ready() -> bool:
    return _bundle is not None


def bundle_etag() -> str:
    return hashlib.sha256(vega_bundle()).hexdigest()[:16]
