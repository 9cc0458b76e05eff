"""Command-line path arguments to the files they name."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from dyad.ingest.results import MISSING, PERMISSION, UNREADABLE, read_error
from dyad.models import ReadError

_GLOB_CHARS = frozenset("*?[")


def expand_argument(argument: str) -> Iterator[Path | ReadError]:
    """Files named by one argument: a file, a folder (recursively) or a glob pattern."""
    path = Path(argument)
    if path.exists() or not _GLOB_CHARS.intersection(argument):
        yield from _expand_existing(path, named=True)
        return
    matches = sorted(glob.glob(argument, recursive=True))
    if not matches:
        yield read_error(argument, "no files match this pattern", MISSING)
    for match in matches:
        yield from _expand_existing(Path(match), named=False)


def _expand_existing(path: Path, *, named: bool) -> Iterator[Path | ReadError]:
    if path.is_dir():
        yield from _walk_folder(path)
    elif path.exists():
        yield path
    elif named:
        yield read_error(str(path), "no such file or directory", MISSING)


def _walk_folder(folder: Path) -> Iterator[Path | ReadError]:
    """Files under a folder in sorted order, skipping hidden files and dot-folders."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except PermissionError:
        yield read_error(str(folder), "permission denied (cannot list folder)", PERMISSION)
        return
    except OSError as exc:
        yield read_error(str(folder), f"cannot list folder ({exc.strerror})", UNREADABLE)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        # Symlinked folders are not followed: a link back up the tree would loop.
        if entry.is_dir(follow_symlinks=False):
            yield from _walk_folder(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)
