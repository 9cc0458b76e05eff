"""Inputs named by URL (s3://bucket/news/*.jsonl, gcs://…, https://…) read through fsspec.

The readers work on local files, so each remote file is copied to a temporary folder
(one at a time, under its own name so its format is still told by its extension), read
there, and deleted; documents and read errors name the URL, not the temporary copy.
Reading S3 needs the `s3fs` package (Google Cloud: `gcsfs`), as with any fsspec use.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from dyad.models import Document, ReadError

LocalReader = Callable[[list[str], dict[str, str], int], Iterable[Document | ReadError]]
URL_MARK = "://"


def is_url(argument: str) -> bool:
    return URL_MARK in argument


def read_inputs(
    inputs: Sequence[str], fields: dict[str, str], max_bytes: int, local_reader: LocalReader | None = None
) -> Iterator[Document | ReadError]:
    """Documents and errors of every input in argument order: local ones through
    `local_reader` (the ingest pipeline unless given), URLs through fsspec."""
    local_reader = local_reader or read_local
    local: list[str] = []
    for argument in inputs:
        if not is_url(argument):
            local.append(argument)
            continue
        if local:
            yield from local_reader(local, fields, max_bytes)
            local = []
        yield from _read_url(argument, fields, max_bytes, local_reader)
    if local:
        yield from local_reader(local, fields, max_bytes)


def read_local(paths: list[str], fields: dict[str, str], max_bytes: int) -> Iterator[Document | ReadError]:
    from dyad.ingest import iter_prepared

    yield from iter_prepared(paths, field_map=fields, max_bytes=max_bytes)


def _read_url(
    url: str, fields: dict[str, str], max_bytes: int, local_reader: LocalReader
) -> Iterator[Document | ReadError]:
    try:
        fs, files = _expand(url)
    except Exception as exc:  # no such bucket, no fsspec backend, no network: an input error
        yield ReadError(origin=url, message=f"cannot list {url}: {exc}", kind="unreadable")
        return
    if not files:
        yield ReadError(origin=url, message="no such file", kind="missing")
        return
    for path in files:
        yield from _read_remote_file(fs, path, fields, max_bytes, local_reader)


def _expand(url: str) -> tuple[Any, list[str]]:
    """The filesystem and the files a URL names: itself, the files under it, or a glob's matches."""
    fsspec_core: Any = importlib.import_module("fsspec.core")  # untyped: kept as Any
    fs, root = fsspec_core.url_to_fs(url)
    if any(c in root for c in "*?["):
        paths = fs.glob(root)
    elif fs.isdir(root):
        paths = fs.find(root)
    else:
        paths = [root] if fs.exists(root) else []
    return fs, sorted(p for p in paths if not p.rpartition("/")[2].startswith("."))


def _read_remote_file(
    fs: Any, path: str, fields: dict[str, str], max_bytes: int, local_reader: LocalReader
) -> Iterator[Document | ReadError]:
    url = fs.unstrip_protocol(path)
    with tempfile.TemporaryDirectory(prefix="dyad-remote-") as tmp:
        local = Path(tmp) / path.rpartition("/")[2]
        try:
            if fs.size(path) > max_bytes:
                yield ReadError(origin=url, message=f"larger than --max-bytes {max_bytes}", kind="too_large")
                return
            fs.get(path, str(local))
        except Exception as exc:  # the remote store refused or went away: an input error
            yield ReadError(origin=url, message=f"cannot fetch: {exc}", kind="unreadable")
            return
        for item in local_reader([str(local)], fields, max_bytes):
            item.origin = item.origin.replace(str(local), url, 1)
            yield item
