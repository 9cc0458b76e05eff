"""A news site on 127.0.0.1 for the `dyad follow` tests: a feed, a sitemap index with a
news sitemap, article pages whose texts are generated here, robots.txt, and pages that
misbehave (404, 429/503 with Retry-After, slow, broken, redirect loops, 20 MB, PDF).

Each server records when every request arrived and how many were in flight at once,
so politeness can be measured from the server's side."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTRIES = [
    ("Pakistan", "China"), ("India", "Nepal"), ("France", "Germany"), ("Japan", "South Korea"),
    ("Egypt", "Sudan"), ("Brazil", "Argentina"), ("Kenya", "Uganda"), ("Turkey", "Greece"),
    ("Iran", "Iraq"), ("Poland", "Ukraine"), ("Mexico", "Canada"), ("Vietnam", "Cambodia"),
]  # fmt: skip
ACTS = [
    "{a} and {b} signed an agreement on {topic} on Tuesday.",
    "The government of {a} accused {b} of violating the {topic} accord.",
    "{a} pledged to send aid to {b} after the {topic} talks.",
    "Officials from {a} met their counterparts from {b} to discuss {topic}.",
    "{a} condemned {b} over its handling of {topic}.",
    "{a} praised {b} for its cooperation on {topic}.",
]
TOPICS = [
    "water sharing", "border trade", "fisheries", "rail links", "energy supply", "grain exports",
    "visa rules", "air routes", "customs checks", "river dams", "power lines", "port fees",
]  # fmt: skip
FILLER = [
    "Analysts said the move reflected {n} months of quiet negotiation between the ministries.",
    "The statement followed a round of meetings held in the capital over {n} days.",
    "A spokesman declined to give further details about the {n} points under discussion.",
    "Local newspapers reported that {n} delegates attended the closing session.",
]
DATES = [f"2025-03-{d:02d}" for d in range(1, 29)]


def article_text(number: int) -> str:
    """A short news story, different enough from every other number's (no near duplicates)."""
    a, b = COUNTRIES[number % len(COUNTRIES)]
    topic = TOPICS[(number // len(COUNTRIES)) % len(TOPICS)]
    lead = ACTS[number % len(ACTS)].format(a=a, b=b, topic=topic)
    second = ACTS[(number + 3) % len(ACTS)].format(a=b, b=a, topic=TOPICS[(number * 7) % len(TOPICS)])
    words = [hashlib.sha256(f"{number}-{i}".encode()).hexdigest()[:8] for i in range(6)]
    filler = [FILLER[(number + i) % len(FILLER)].format(n=number * 3 + i + 2) for i in range(2)]
    closing = f"The reference numbers of the documents were {', '.join(words)}, the ministry said in story {number}."
    return "\n\n".join([lead, filler[0], second, filler[1], closing])


def article_page(number: int, *, dated: bool = True, text: str | None = None) -> str:
    title = f"Story {number}: {ACTS[number % len(ACTS)].split(' ')[0]} news"
    date = f'<meta property="article:published_time" content="{DATES[number % len(DATES)]}">' if dated else ""
    body = "".join(f"<p>{p}</p>" for p in (text or article_text(number)).split("\n\n"))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{date}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright the test site</footer></body></html>"
    )


def rss(base: str, numbers: list[int], extra_links: tuple[str, ...] = ()) -> str:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/articles/{n}.html?utm_source=rss&amp;utm_medium=feed</link>"
        f"<pubDate>{formatdate(1740787200 + n * 3600, usegmt=True)}</pubDate></item>"
        for n in numbers
    )
    items += "".join(f"<item><title>Extra</title><link>{base}{link}</link></item>" for link in extra_links)
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Test Wire</title>"
        f"<link>{base}/</link><description>test</description>{items}</channel></rss>"
    )


def news_sitemap(base: str, numbers: list[int]) -> str:
    urls = "".join(
        f"<url><loc>{base}/articles/{n}.html</loc><news:news><news:publication>"
        f"<news:name>Test Wire</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>{DATES[n % len(DATES)]}</news:publication_date>"
        f"<news:title>Story {n}</news:title></news:news></url>"
        for n in numbers
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'"
        f" xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>{urls}</urlset>"
    )


def sitemap_index(base: str, children: list[str]) -> str:
    maps = "".join(f"<sitemap><loc>{base}{c}</loc></sitemap>" for c in children)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>"
        f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{maps}</sitemapindex>"
    )


@dataclass
class Reply:
    status: int = 200
    body: bytes | Callable[[], Iterator[bytes]] = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    etag: bool = False  # answer 304 to a matching If-None-Match / If-Modified-Since
    broken: bool = False  # promise more bytes than sent, then hang up


Route = Reply | Callable[[int], Reply]  # a callable gets how many times the path was asked for


class Site:
    """A threaded HTTP server on 127.0.0.1 serving `routes` (path with query → Reply)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.arrivals: list[tuple[float, str]] = []
        self.counts: dict[str, int] = {}
        self.statuses: list[tuple[str, int]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"

    def add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def requests_to(self, prefix: str) -> int:
        return sum(1 for _, path in self.arrivals if path.startswith(prefix))

    @contextmanager
    def running(self) -> Iterator[Site]:
        thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._server.shutdown()
            self._server.server_close()
            thread.join(timeout=5)

    def arrived(self, path: str, agent: str) -> int:
        with self._lock:
            self.arrivals.append((time.monotonic(), path))
            self.counts[path] = self.counts.get(path, 0) + 1
            self.user_agents.add(agent)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.counts[path]

    def left(self, path: str, status: int) -> None:
        with self._lock:
            self.in_flight -= 1
            self.statuses.append((path, status))


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            count = site.arrived(self.path, self.headers.get("User-Agent", ""))
            status = 0
            try:
                status = self._answer(count)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (size cap, timeout): expected
            finally:
                site.left(self.path, status)

        def _answer(self, count: int) -> int:
            route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
            reply = route(count) if callable(route) else route or Reply(404, b"not found", "text/plain")
            if reply.delay:
                time.sleep(reply.delay)
            tag = '"' + hashlib.sha1(reply.body if isinstance(reply.body, bytes) else b"").hexdigest()[:12] + '"'
            modified = "Sat, 01 Mar 2025 00:00:00 GMT"
            if reply.etag and (
                self.headers.get("If-None-Match") == tag or self.headers.get("If-Modified-Since") == modified
            ):
                self._head(304, reply, {"ETag": tag, "Last-Modified": modified, "Content-Length": "0"})
                return 304
            extra = {"ETag": tag, "Last-Modified": modified} if reply.etag else {}
            if callable(reply.body):
                self._head(reply.status, reply, {**extra, "Transfer-Encoding": "chunked"})
                for chunk in reply.body():
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
                return reply.status
            length = len(reply.body) * (10 if reply.broken else 1)
            self._head(reply.status, reply, {**extra, "Content-Length": str(length)})
            self.wfile.write(reply.body)
            if reply.broken:
                self.wfile.flush()
                self.close_connection = True
            return reply.status

        def _head(self, status: int, reply: Reply, extra: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in {**reply.headers, **extra}.items():
                self.send_header(name, value)
            self.end_headers()

    return Handler
