"""Being a good citizen: at most RATE requests per second and CONCURRENCY requests at once
to any one host, and robots.txt obeyed (its Crawl-delay too)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from urllib.robotparser import RobotFileParser

# Request starts are spaced a tenth more than 1/rate apart, so that a server measuring
# arrivals never sees more than `rate` in one second: connection set-up and scheduling
# shift arrivals by tens of milliseconds (measured up to 0.06 s on a loaded machine).
_SAFETY = 1.1


class HostLimiter:
    """Spaces request starts per host and caps the requests in flight per host."""

    def __init__(
        self,
        rate: float,
        concurrency: int,
        clock: Callable[[], float] = time.monotonic,
        next_start: dict[str, float] | None = None,
    ) -> None:
        self.rate = rate
        self.concurrency = concurrency
        self._clock = clock
        self._rates: dict[str, float] = {}
        # Shared by the passes of one `--every` run, so a pass starting right after the
        # previous one still keeps the spacing.
        self._next = next_start if next_start is not None else {}
        self._slots: dict[str, asyncio.Semaphore] = {}

    def set_rate(self, host: str, rate: float) -> None:
        """A lower rate for one host (a source's own `rate`, or robots.txt's Crawl-delay)."""
        current = self._rates.get(host, self.rate)
        self._rates[host] = min(current, rate)

    def interval(self, host: str) -> float:
        return _SAFETY / self._rates.get(host, self.rate)

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        """Held for the whole request: waits for a free slot, then for the host's turn."""
        semaphore = self._slots.setdefault(host, asyncio.Semaphore(self.concurrency))
        async with semaphore:
            # Reserve the next start time before sleeping (no await in between), so
            # concurrent waiters each get their own turn.
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval(host)
            if start > now:
                await asyncio.sleep(start - now)
            yield


class RobotsRules:
    """robots.txt of one host, as the standard library reads it."""

    def __init__(
        self, text: str | None, *, allow_all: bool = False, deny_all: bool = False, why: str = "robots.txt"
    ) -> None:
        self.why = why  # said of every page it refuses
        self._parser = RobotFileParser()
        if text is not None:
            self._parser.parse(text.splitlines())
        # Attributes the standard parser itself sets for a missing or forbidden robots.txt.
        setattr(self._parser, "allow_all", allow_all)  # noqa: B010 — not in typeshed
        setattr(self._parser, "disallow_all", deny_all)  # noqa: B010

    @classmethod
    def from_status(cls, status: int, text: str) -> RobotsRules:
        """As crawlers agree: a missing robots.txt allows everything; a site that refuses
        to show it (401/403) or is failing (5xx) is left alone for now."""
        if status == 200:
            return cls(text, why="disallowed by the site's robots.txt")
        if status in (401, 403) or status >= 500:
            return cls(None, deny_all=True, why=f"site left alone: its robots.txt answered HTTP {status}")
        return cls(None, allow_all=True)

    def allows(self, user_agent: str, url: str) -> bool:
        return self._parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        delay = self._parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None

    def sitemaps(self) -> list[str]:
        return list(self._parser.site_maps() or [])
