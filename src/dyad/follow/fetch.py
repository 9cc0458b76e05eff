"""Fetching pages politely with httpx: robots.txt, per-host rate and concurrency,
conditional GET, retries with backoff (honouring Retry-After), timeouts, a size cap
and a redirect limit. Every failure becomes a `FetchFailure` with a status and a reason."""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import httpx

from dyad._version import __version__
from dyad.follow.politeness import HostLimiter, RobotsRules
from dyad.follow.urls import host_of, is_web_url

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchSettings:
    contact: str | None = None
    user_agent: str | None = None  # replaces the default name (the contact is still added)
    rate: float = 1.0  # requests per second per host
    concurrency: int = 2  # requests in flight per host
    timeout: float = 15.0  # seconds to connect, or between two reads
    total_timeout: float = 60.0  # seconds for a whole response, however slowly it trickles
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 3  # further tries after a 429, a 5xx or a dropped connection
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    max_retry_after: float = 120.0  # a longer Retry-After gives up on the page for this pass

    def agent(self) -> str:
        name = self.user_agent or f"dyad/{__version__} (news event coder; +https://github.com/dyad-events/dyad)"
        return f"{name} contact: {self.contact}" if self.contact else name


@dataclass
class Page:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 when unchanged since the validators given
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: float = field(default_factory=time.time)

    @property
    def unchanged(self) -> bool:
        return self.status == 304


class FetchFailure(Exception):
    def __init__(self, url: str, reason: str, status: int | None = None, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.url = url
        self.reason = reason
        self.status = status
        self.transient = transient  # worth trying again in a later pass


class Fetcher:
    """One polite HTTP client for a whole pass. Use as `async with Fetcher(settings) as f`."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        rates: dict[str, float] | None = None,
        next_start: dict[str, float] | None = None,
    ) -> None:
        self.settings = settings
        self.limiter = HostLimiter(settings.rate, settings.concurrency, next_start=next_start)
        for host, rate in (rates or {}).items():
            self.limiter.set_rate(host, rate)
        self.requests = 0
        self._robots: dict[str, RobotsRules | FetchFailure] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        s = self.settings
        self._client = httpx.AsyncClient(
            headers={"User-Agent": s.agent(), "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(s.timeout),
            follow_redirects=False,  # each hop is checked against robots.txt and the rate
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=16),
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The page at `url` (following redirects), or 304 when the validators still hold."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        for _ in range(self.settings.max_redirects + 1):
            await self._check_robots(current)
            status, response_headers, body = await self._with_retries(current, headers)
            location = response_headers.get("location")
            if status not in REDIRECT_STATUSES or not location:
                return self._page(url, current, status, response_headers, body)
            current = urljoin(current, location)
            if not is_web_url(current):
                raise FetchFailure(url, f"redirected to a non-web address {current!r}", status)
            if current in seen:
                raise FetchFailure(url, f"redirect loop ({' → '.join([*seen, current])})", status)
            seen.append(current)
        raise FetchFailure(url, f"more than {self.settings.max_redirects} redirects", status)

    def _page(self, url: str, final: str, status: int, headers: httpx.Headers, body: bytes) -> Page:
        if status not in (200, 304):
            transient = status in RETRY_STATUSES or status == 408
            raise FetchFailure(url, f"HTTP {status} {_phrase(status)}".strip(), status, transient=transient)
        return Page(
            url=url,
            final_url=final,
            status=status,
            body=body,
            content_type=headers.get("content-type", "").split(";")[0].strip().lower(),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )

    async def _with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        s = self.settings
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            try:
                status, response_headers, body = await self._once(url, headers)
            except FetchFailure as failure:
                if not failure.transient or last:
                    raise
                await asyncio.sleep(self._backoff(attempt))
                continue
            if status not in RETRY_STATUSES or last:
                return status, response_headers, body
            wait = _retry_after(response_headers.get("retry-after"))
            if wait is not None and wait > s.max_retry_after:
                raise FetchFailure(url, f"HTTP {status}, asked to come back after {wait:.0f} s", status, transient=True)
            await asyncio.sleep(wait if wait is not None else self._backoff(attempt))
        raise AssertionError("unreachable")  # pragma: no cover — the last attempt returns or raises

    def _backoff(self, attempt: int) -> float:
        # Jitter keeps many clients from retrying in step.
        return float(self.settings.backoff * 2**attempt * random.uniform(1.0, 1.25))

    async def _once(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        assert self._client is not None, "use Fetcher as an async context manager"
        async with self.limiter.slot(host_of(url)):
            self.requests += 1
            try:
                async with asyncio.timeout(self.settings.total_timeout):
                    return await self._read(url, headers)
            except TimeoutError:
                raise FetchFailure(
                    url, f"no complete response within {self.settings.total_timeout:g} s", transient=True
                ) from None
            except httpx.TimeoutException:
                raise FetchFailure(
                    url, f"timed out (no data for {self.settings.timeout:g} s)", transient=True
                ) from None
            except (httpx.RemoteProtocolError, httpx.DecodingError) as exc:
                raise FetchFailure(url, f"broken response ({_short(exc)})", transient=True) from None
            except httpx.TransportError as exc:
                raise FetchFailure(url, f"connection failed ({_short(exc)})", transient=True) from None

    async def _read(self, url: str, headers: dict[str, str]) -> tuple[int, httpx.Headers, bytes]:
        """The body, read in pieces and abandoned as soon as it passes the size cap."""
        assert self._client is not None
        cap = self.settings.max_bytes
        async with self._client.stream("GET", url, headers=headers) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchFailure(
                    url, f"page of {int(declared):,} bytes is over the {cap:,}-byte cap", response.status_code
                )
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > cap:
                    raise FetchFailure(
                        url, f"page is over the {cap:,}-byte cap (stopped reading)", response.status_code
                    )
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    # -- robots.txt -------------------------------------------------------------------------
    async def _check_robots(self, url: str) -> None:
        rules = await self.robots(url)
        if not rules.allows(self.settings.agent(), url):
            raise FetchFailure(url, rules.why)

    async def robots(self, url: str) -> RobotsRules:
        """The rules of `url`'s host, fetched once per pass (its Crawl-delay lowers the rate).
        A host that cannot be reached fails each of its pages, without asking again."""
        host = host_of(url)
        async with self._robots_locks.setdefault(host, asyncio.Lock()):
            if host not in self._robots:
                self._robots[host] = await self._fetch_robots(urljoin(url, "/robots.txt"))
                found = self._robots[host]
                delay = found.crawl_delay(self.settings.agent()) if isinstance(found, RobotsRules) else None
                if delay:
                    self.limiter.set_rate(host, 1.0 / delay)
        found = self._robots[host]
        if isinstance(found, FetchFailure):
            raise FetchFailure(url, f"site unreachable: {found.reason}", found.status, transient=True)
        return found

    async def _fetch_robots(self, robots_url: str) -> RobotsRules | FetchFailure:
        try:
            status, _headers, body = await self._with_retries(robots_url, {})
        except FetchFailure as failure:
            if failure.status is None and failure.transient:
                return failure
            # A robots.txt over the size cap, or one that keeps answering 5xx.
            allow = failure.status is not None and failure.status < 500
            return RobotsRules(
                None, allow_all=allow, deny_all=not allow, why=f"site left alone: robots.txt {failure.reason}"
            )
        return RobotsRules.from_status(status, body.decode("utf-8", "replace"))


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait, from a Retry-After of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _short(exc: Any) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
