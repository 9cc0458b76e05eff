"""`dyad serve`: the web app over a store, on this machine only unless told otherwise."""

from __future__ import annotations

import ipaddress
import os
import secrets
import sys
from typing import Annotated

import typer

from dyad.cli.common import DbOption, UserError

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")
MIN_TOKEN = 16  # characters of a write token worth exposing beyond this machine


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> list[str] | None:
    """Host headers to accept: on a loopback bind only loopback names (so a web page on
    another site cannot reach the server through DNS rebinding); elsewhere any."""
    if not is_loopback(host):
        return None
    return sorted({*LOOPBACK_NAMES, host})


def serve(
    db: DbOption = "dyad.duckdb",
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes",
            help="Let requests carrying the token (env DYAD_TOKEN) save coded text to the store.",
        ),
    ] = False,
) -> None:
    """Browse the store in a web browser: overview, dyads over time, documents with their
    events highlighted, actors, a form to code text, and a JSON API (/docs).

    Read-only unless --allow-writes; then saving needs the token in DYAD_TOKEN (one is made
    up and printed when DYAD_TOKEN is not set).

    Example:  dyad serve --db dyad.duckdb --port 8000
    """
    import uvicorn

    from dyad.web.app import create_app

    token = os.environ.get("DYAD_TOKEN") or None
    if allow_writes and not token:
        token = secrets.token_urlsafe(24)
        print(f"dyad serve: writes allowed with the token {token} (set DYAD_TOKEN to choose one)",
              file=sys.stderr)  # fmt: skip
    if not is_loopback(host):
        print(f"dyad serve: listening on {host}: other machines can read this store",
              file=sys.stderr)  # fmt: skip
        if allow_writes and token and len(token) < MIN_TOKEN:
            print(f"dyad serve: warning: the token in DYAD_TOKEN has {len(token)} characters, easy to guess "
                  f"from another machine; use {MIN_TOKEN} or more, or unset it for a random one",
                  file=sys.stderr)  # fmt: skip
    _check_port_free(host, port)
    app = create_app(db, allow_writes=allow_writes, token=token, allowed_hosts=allowed_hosts(host))
    shown = f"[{host}]" if ":" in host else host
    print(f"dyad serve: http://{shown}:{port}/  (store {db}, "
          f"{'writes with token' if allow_writes else 'read-only'}; Ctrl-C stops)",
          file=sys.stderr)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _check_port_free(host: str, port: int) -> None:
    """A port already taken is the user's to fix: say so before uvicorn exits with status 3."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserError(f"port {port} is in use on {host}: stop the other server, or give --port N") from None
            raise UserError(f"cannot listen on {host}:{port} ({exc.strerror}): give another --host or --port") from None


def register(app: typer.Typer) -> None:
    """Add `dyad serve` to the CLI."""
    app.command("serve")(serve)
