"""One spelling per article URL: the same page linked from a feed, a sitemap and a
front page (each with its own tracking parameters) is fetched and stored once."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Parameters that say how a reader arrived, never which page they read.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl"
    r"|ref|ref_src|ref_url|referrer|cmpid|ocid|smid|smtyp|spm|sharetype|at_\w+"
    r"|__twitter_impression|_hsenc|_hsmi|mkt_tok|oly_\w+|vero_\w+|wt\.\w+|s_cid|ito|icid)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str, base: str | None = None) -> str:
    """`url` (resolved against `base`) with scheme and host lower-cased, the default port,
    fragment and tracking parameters dropped, and the remaining parameters sorted."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(sorted(query)), ""))


def host_of(url: str) -> str:
    """The politeness key: host and port (two servers on one machine are two hosts)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 — raises on a malformed port
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
