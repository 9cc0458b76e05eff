"""Compiled knowledge cached between runs: the actor dictionaries and the event lexicon.

Reading and checking the YAML data files is most of a short run's start-up. The built
objects are pickled under the user's cache directory (`$DYAD_CACHE_DIR`, else
`$XDG_CACHE_HOME/dyad`, else `~/.cache/dyad`), keyed by a hash of dyad's version, the
code that builds and reads them, the packaged data files and the user's own files — so
any change to one of those rebuilds the entry. A cache that cannot be read or written
(no home, a read-only disk, a damaged or foreign file) is ignored: the data is built as
it would be without one. `DYAD_CACHE_DIR=off` turns the cache off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from dyad._version import __version__

T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent


def cache_dir() -> Path | None:
    """Where compiled data is kept; None when the cache is off or there is no home."""
    chosen = os.environ.get("DYAD_CACHE_DIR")
    if chosen:
        return None if chosen.lower() in ("off", "0", "none") else Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "dyad"
    try:
        return Path.home() / ".cache" / "dyad"
    except RuntimeError:  # no home directory to be found
        return None


def cached(kind: str, data_folders: Iterable[str], code: Iterable[str], user_files: Iterable[str],
           build: Callable[[], T]) -> T:  # fmt: skip
    """`build()`, or the object a previous run built from the same inputs.

    `data_folders` are packaged data folders (`"actors"` under `dyad/data`), `code` the
    package subfolders whose modules define and build the object (`"actors"`), `user_files`
    the user's own files. A user file that cannot be read is left to `build` to report."""
    folder = cache_dir()
    key = _key(kind, data_folders, code, user_files) if folder is not None else None
    if folder is None or key is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with open(path, "rb") as handle, _no_gc():
            found: T = pickle.load(handle)
        return found
    except Exception:  # absent, unreadable, damaged or built by other code: build anew
        pass
    value = build()
    _store(folder, kind, path, value)
    return value


@contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling makes many objects at once, each batch of which would start a garbage
    collection over everything made so far; none of them can be garbage yet."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _key(kind: str, data_folders: Iterable[str], code: Iterable[str], user_files: Iterable[str]) -> str | None:
    digest = hashlib.sha256(f"{kind}\0{__version__}\0".encode())
    data = resources.files("dyad.data")
    try:
        for name in data_folders:
            _hash_files(digest, sorted((p.name, p.read_bytes()) for p in data.joinpath(name).iterdir() if p.is_file()))
        digest.update(_code_digest(tuple(code)))
        _hash_files(digest, [(str(Path(f).resolve()), Path(f).read_bytes()) for f in user_files])
    except OSError:
        return None  # a file that cannot be read: no cache, `build` says what is wrong
    return digest.hexdigest()[:32]


@cache
def _code_digest(code: tuple[str, ...]) -> bytes:
    """The package's code as this process first saw it: a process still running old code after
    an upgrade (or an edit) must not file what it builds under the new code's key."""
    digest = hashlib.sha256()
    for name in code:
        _hash_files(digest, sorted((p.name, p.read_bytes()) for p in (_PACKAGE / name).glob("**/*.py")))
    return digest.digest()


def _hash_files(digest: Any, files: Iterable[tuple[str, bytes]]) -> None:
    for name, content in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())


def _store(folder: Path, kind: str, path: Path, value: object) -> None:
    """Write atomically (a reader never sees half a file), then drop this kind's older entries."""
    temp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{kind}-", delete=False) as handle:
            temp = handle.name
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
        for old in folder.glob(f"{kind}-*.pickle"):
            if old != path and _older_than(old, path):
                old.unlink(missing_ok=True)
    except Exception:  # a cache that cannot be written only costs the next run its start-up
        if temp is not None:
            Path(temp).unlink(missing_ok=True)


def _older_than(old: Path, new: Path) -> bool:
    # Only entries clearly older go: a concurrent run with other user files keeps its own.
    return old.stat().st_mtime < new.stat().st_mtime - 3600
