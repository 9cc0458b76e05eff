"""The compiled-data cache: reused while its inputs are the same, rebuilt when one changes,
harmless when its folder cannot be written or holds a damaged file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dyad.cache import cache_dir, cached


def _counting() -> tuple[list[int], Callable[[], dict[str, int]]]:
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"built": len(calls)}

    return calls, build


def test_reused_then_rebuilt_when_a_user_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    user = tmp_path / "mine.yaml"
    user.write_text("people: []\n")
    calls, build = _counting()
    first = cached("test", ["actors"], ["actors"], [str(user)], build)
    again = cached("test", ["actors"], ["actors"], [str(user)], build)
    assert first == again == {"built": 1} and len(calls) == 1
    user.write_text("people: [] # changed\n")
    assert cached("test", ["actors"], ["actors"], [str(user)], build) == {"built": 2}


def test_unwritable_or_damaged_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DYAD_CACHE_DIR", str(blocker / "cache"))
    _calls, build = _counting()
    assert cached("test", [], [], [], build) == {"built": 1}
    folder = tmp_path / "cache"
    monkeypatch.setenv("DYAD_CACHE_DIR", str(folder))
    cached("test", [], [], [], build)
    for entry in folder.glob("test-*.pickle"):
        entry.write_bytes(b"\x80\x05 damaged")
    assert cached("test", [], [], [], build) == {"built": 3}


def test_a_missing_user_file_is_left_to_the_builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))

    def build() -> int:
        raise FileNotFoundError("the builder names the file")

    with pytest.raises(FileNotFoundError, match="names the file"):
        cached("test", [], [], [str(tmp_path / "absent.yaml")], build)


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DYAD_CACHE_DIR", "off")
    assert cache_dir() is None
    monkeypatch.delenv("DYAD_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "dyad"


def test_the_cached_dictionary_is_the_built_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.actors.dictionary import _build_dictionary, load_dictionary

    monkeypatch.setenv("DYAD_CACHE_DIR", str(tmp_path / "cache"))
    load_dictionary.cache_clear()
    try:
        load_dictionary(())
        load_dictionary.cache_clear()
        from_cache = load_dictionary(())
    finally:
        load_dictionary.cache_clear()
    built = _build_dictionary(())
    assert list(tmp_path.glob("cache/actors-*.pickle"))
    assert vars(from_cache).keys() == vars(built).keys()
    assert {k: len(v) if hasattr(v, "__len__") else v for k, v in vars(from_cache).items()} == {
        k: len(v) if hasattr(v, "__len__") else v for k, v in vars(built).items()
    }
